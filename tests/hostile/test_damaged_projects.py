"""A damaged project is reported as damaged by every command and never written to;
a foreign SQLite look-alike is refused without being modified (issue 17: 1, 10)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.hostile.cli_helpers import digest, one_line_error, run


def _project(tmp_path: Path, corpus: Path, name: str = "p.annotator") -> Path:
    path = tmp_path / name
    assert run("new", path)[0] == 0
    assert run("import", path, corpus)[0] == 0
    return path


def _corrupt_overflow_page(path: Path) -> None:
    """Point an article text's overflow chain at a page that does not exist: a page that
    listing articles, counting or agreement never reads."""
    with closing(sqlite3.connect(f"{path.as_uri()}?immutable=1", uri=True)) as conn:
        try:
            pages = conn.execute(
                "SELECT pageno FROM dbstat WHERE name = 'articles' AND pagetype = 'overflow'"
            ).fetchall()
        except sqlite3.OperationalError:
            pytest.skip("this SQLite has no dbstat table to find a page with")
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    assert pages
    with path.open("r+b") as out:
        out.seek((pages[0][0] - 1) * size)
        out.write((0x7FFFFFF0).to_bytes(4, "big"))  # the next-page pointer of the overflow chain


@pytest.fixture
def damaged(tmp_path: Path, corpus: Path) -> Path:
    path = _project(tmp_path, corpus)
    assert not Path(f"{path}-wal").exists()
    _corrupt_overflow_page(path)
    with closing(sqlite3.connect(f"{path.as_uri()}?immutable=1", uri=True)) as conn:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] != "ok"
    return path


COMMANDS = [
    ["info"],
    ["info", "--json"],
    ["articles"],
    ["articles", "--json"],
    ["agreement"],
    ["suggest", "--model", "none"],
    ["adjudicate", "--auto"],
    ["export", "-f", "jsonl", "-o", "{tmp}/out.jsonl", "--suggestions"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_every_command_says_damaged_and_writes_nothing(
    damaged: Path, tmp_path: Path, command: list[str]
) -> None:
    before = digest(damaged)
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    code, _, err = run(args[0], damaged, *args[1:])
    line = one_line_error(err)
    assert code == 1 and "the project file is damaged" in line and ".recover" in line and str(damaged) in line
    assert digest(damaged) == before
    assert not Path(f"{damaged}-wal").exists() and not (tmp_path / "out.jsonl").exists()


def test_import_into_a_damaged_project_is_refused(damaged: Path, tmp_path: Path, seed: Path) -> None:
    before = digest(damaged)
    other = tmp_path / "new.txt"
    other.write_text("A new article that was never imported.\n", encoding="utf-8")
    code, _, err = run("import", damaged, other)
    assert code == 1 and "the project file is damaged" in one_line_error(err)
    assert digest(damaged) == before


def test_merge_from_or_into_a_damaged_project(damaged: Path, tmp_path: Path, corpus: Path) -> None:
    healthy = _project(tmp_path, corpus / "dev", "healthy.annotator")
    before = digest(damaged), digest(healthy)
    for target, source in ((healthy, damaged), (damaged, healthy)):
        code, _, err = run("merge", target, source)
        assert code == 1 and f"{damaged}: the project file is damaged" in err, err
    assert (digest(damaged), digest(healthy)) == before


def test_foreign_look_alike_is_not_modified(tmp_path: Path) -> None:
    """Tables named like ours, no scheme: refused, and left exactly as it was (no WAL switch)."""
    fake = tmp_path / "other.db"
    with closing(sqlite3.connect(fake)) as conn:
        for table in ("alembic_version", "articles", "annotators", "settings"):
            conn.execute(f"CREATE TABLE {table} (version_num TEXT, key TEXT, value TEXT)")
        conn.execute("INSERT INTO alembic_version (version_num) VALUES ('0003')")
        conn.commit()
    before = digest(fake)
    for command in (["info"], ["articles"], ["import", str(tmp_path)], ["suggest"], ["agreement"]):
        code, _, err = run(command[0], fake, *command[1:])
        assert code == 1 and "not an annotator project (it has no scheme)" in one_line_error(err)
    assert digest(fake) == before
    with closing(sqlite3.connect(f"{fake.as_uri()}?mode=ro", uri=True)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


def test_foreign_sqlite_url_is_checked_like_a_path(tmp_path: Path) -> None:
    fake = tmp_path / "other.db"
    with closing(sqlite3.connect(fake)) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
    before = digest(fake)
    code, _, err = run("info", f"sqlite:///{fake}")
    assert code == 1 and "not an annotator project" in one_line_error(err)
    assert digest(fake) == before and not Path(f"{fake}-wal").exists()


def test_a_healthy_project_still_opens(tmp_path: Path, corpus: Path) -> None:
    path = _project(tmp_path, corpus)
    code, out, _ = run("info", path)
    assert code == 0 and "articles:    8" in out
