import hashlib
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from typer.testing import CliRunner

from annotator.cli import app
from annotator.core.model import ArticleInput, ArticleRecord
from annotator.resources import default_scheme
from annotator.store import NewerProjectError, ProjectError, open_project
from annotator.store.engine import make_engine
from annotator.store.migrate import alembic_config, current_revision, head_revision, upgrade
from annotator.store.tables import Base
from annotator.usecases.projects import new_project

SCHEME = default_scheme().to_dict()
NewTarget = Callable[[str], str | Path]
runner = CliRunner()


def first_revision() -> str:
    script = ScriptDirectory.from_config(alembic_config())
    return list(script.walk_revisions())[-1].revision


def test_upgrade_from_first_revision_to_head_keeps_data_and_matches_models(new_target: NewTarget) -> None:
    path = new_target("old.annotator")
    engine = make_engine(path)
    upgrade(engine, first_revision())
    assert current_revision(engine) == first_revision()
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO articles (content_hash, text, title, source, url, external_id, meta, created_at) "
            "VALUES ('h', 'Old text', 't', '', '', '', '{}', '2020-01-01 00:00:00')"
        )
    upgrade(engine, "head")
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT text FROM articles").scalar() == "Old text"
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == [], f"migrations and models disagree: {diff}"


def test_opening_an_older_project_migrates_it(new_target: NewTarget) -> None:
    path = new_target("older.annotator")
    engine = make_engine(path)
    upgrade(engine, first_revision())
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO settings (key, value) VALUES ('scheme', :v)"), {"v": json.dumps(SCHEME)}
        )
    engine.dispose()
    with open_project(path) as project:
        assert project.schema_revision == head_revision()
        assert project.scheme.name == "news-claims"


def test_failed_migration_leaves_the_project_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "odd.annotator"
    with new_project(path):
        pass
    # Claims to be at the first revision but already has later tables: upgrading fails.
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (first_revision(),))
    conn.close()
    with pytest.raises(ProjectError, match="cannot open project"):
        open_project(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (first_revision(),)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


def test_newer_project_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.annotator"
    with new_project(path):
        pass
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.close()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    files = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(NewerProjectError, match="newer version of annotator"):
        open_project(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == files


def test_newer_server_project_refused_and_left_untouched(new_database: Callable[[], str]) -> None:
    url = new_database()
    with new_project(url) as project:
        project.save_articles([ArticleRecord(ArticleInput("One text."))])
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    result = runner.invoke(app, ["info", url])
    assert result.exit_code == 1 and "newer version of annotator" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    with engine.connect() as conn:
        assert (
            conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "9999_from_the_future"
        )
        assert conn.execute(text("SELECT count(*) FROM articles")).scalar() == 1
    engine.dispose()


def test_head_constant_matches_the_migration_scripts() -> None:
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == head_revision()
