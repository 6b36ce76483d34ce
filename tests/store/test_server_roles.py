"""A team project on PostgreSQL: roles and row-level security, tried in plain SQL as annotator B.

Every attempt of B on A's rows must fail: reads return nothing, updates and
deletes touch nothing, inserts in A's name and changes to shared tables are
refused by the server; A's work is intact afterwards, as the lead sees it.
"""

from __future__ import annotations

import os

import psycopg
import pytest
from postgres_server import Server
from server_team import TEXT, Team, connect, runner
from sqlalchemy.engine import make_url

from annotator.cli import app
from annotator.core.model import (
    ArticleInput,
    ArticleRecord,
    ArticleStatus,
)
from annotator.store import ProjectError
from annotator.store.migrate import head_revision
from annotator.usecases.annotating import AnnotationSession
from annotator.usecases.projects import open_existing
from annotator.usecases.server import init_server


def _a_id(team: Team) -> int:
    with connect(team.lead) as conn:
        row = conn.execute("SELECT id FROM annotators WHERE name = %s", (team.names[1],)).fetchone()
    assert row is not None
    return int(row[0])


def _rows_of(team: Team, annotator_id: int) -> dict[str, list[tuple[object, ...]]]:
    with connect(team.lead) as conn:
        return {
            table: conn.execute(
                f"SELECT * FROM {table} WHERE annotator_id = %s ORDER BY 1, 2", (annotator_id,)
            ).fetchall()
            for table in ("annotations", "relations", "article_status")
        }


def test_annotator_b_can_neither_read_nor_change_a_s_rows(team: Team) -> None:
    a_id = _a_id(team)
    before = _rows_of(team, a_id)
    assert len(before["annotations"]) == 3 and len(before["relations"]) == 1
    assert before["article_status"][0][2] == "done"
    a_span = before["annotations"][0][0]
    attempts: list[str] = []
    with connect(team.b) as conn:
        # Reads: A's rows are invisible (row-level security filters them out).
        for table in ("annotations", "relations", "article_status"):
            assert conn.execute(f"SELECT * FROM {table}").fetchall() == [], table
            assert conn.execute(
                f"SELECT count(*) FROM {table} WHERE annotator_id = %s", (a_id,)
            ).fetchone() == (0,)
            attempts.append(f"read {table}: 0 rows")
        assert [r[0] for r in conn.execute("SELECT name FROM annotators").fetchall()] == [team.names[2]]
        # Updates and deletes: nothing to touch.
        for table in ("annotations", "relations", "article_status"):
            cur = conn.execute(
                f"UPDATE {table} SET annotator_id = annotator_id WHERE annotator_id = %s", (a_id,)
            )
            assert cur.rowcount == 0, table
            cur = conn.execute(f"DELETE FROM {table} WHERE annotator_id = %s", (a_id,))
            assert cur.rowcount == 0, table
            attempts.append(f"update/delete {table}: 0 rows")
        # Writes in A's name, or to what only the lead changes: refused by the server.
        refused = [
            (
                'INSERT INTO annotations (article_id, annotator_id, label, start, "end", attrs, status, '
                "created_at, updated_at) "
                "SELECT id, %s, 'PERSON', 0, 7, '{}', 'accepted', now(), now() FROM articles",
                (a_id,),
            ),
            (
                "INSERT INTO article_status (article_id, annotator_id, status, updated_at) "
                "SELECT id, %s, 'todo', now() FROM articles",
                (a_id,),
            ),
            ("INSERT INTO annotators (name, uid, created_at) VALUES ('gold', 'x', now())", ()),
            ("DELETE FROM annotators", ()),
            ("UPDATE articles SET text = 'changed'", ()),
            ("DELETE FROM articles", ()),
            ("UPDATE settings SET value = '{}'", ()),
            ("DELETE FROM suggestions", ()),
            ("TRUNCATE annotations", ()),
            ("ALTER TABLE annotations DISABLE ROW LEVEL SECURITY", ()),
            ("DROP POLICY own_rows ON annotations", ()),
            (f'SET ROLE "{team.names[0]}"', ()),
        ]
        for sql, params in refused:
            with pytest.raises(psycopg.Error) as caught:
                conn.execute(sql, params)  # type: ignore[arg-type]
            attempts.append(f"{sql.split(' (')[0][:60]}: {type(caught.value).__name__}")
        # B's own span, then pointed at A's span or moved to A: refused.
        conn.execute(
            "INSERT INTO annotators (name, uid, created_at) SELECT current_user, 'uid-b', now() "
            "WHERE NOT EXISTS (SELECT 1 FROM annotators)"
        )
        (b_id,) = conn.execute("SELECT id FROM annotators").fetchone()  # type: ignore[misc]
        (b_span,) = conn.execute(
            'INSERT INTO annotations (article_id, annotator_id, label, start, "end", attrs, status, '
            "created_at, updated_at) SELECT id, %s, 'PERSON', 8, 18, '{}', 'accepted', now(), now() "
            "FROM articles RETURNING id",
            (b_id,),
        ).fetchone()  # type: ignore[misc]
        for sql, params in (
            (
                "INSERT INTO relations (article_id, annotator_id, label, head_id, child_id, created_at) "
                "SELECT id, %s, 'ROLE_OF', %s, %s, now() FROM articles",
                (b_id, a_span, b_span),
            ),
            ("UPDATE annotations SET annotator_id = %s WHERE id = %s", (a_id, b_span)),
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql, params)
            attempts.append(f"{sql[:40]}: refused")
    print("\n".join(attempts))
    assert _rows_of(team, a_id) == before  # nothing of A's changed
    with connect(team.lead) as conn:
        assert conn.execute("SELECT text FROM articles").fetchall() == [(TEXT,)]
        assert conn.execute("SELECT count(*) FROM annotations").fetchone() == (4,)  # A's 3 and B's 1


def test_each_role_through_the_app(team: Team) -> None:
    """The app itself, as B, sees its own (empty) work; as the lead, everybody's."""
    a_name, b_name = team.names[1], team.names[2]
    with open_existing(team.b) as project:
        [article] = project.list_articles()
        assert article.statuses == {b_name: ArticleStatus.TODO}  # A and A's "done" are not B's business
        assert project.annotation_set(article.id, b_name).spans == ()
        theirs = project.annotation_set(article.id, a_name)  # read through B's eyes: nothing
        assert (theirs.spans, theirs.relations, theirs.done) == ((), (), False)
        assert len(project.suggestion_sets(article.id)[0].suggestions) == 2
        with pytest.raises(ProjectError, match="permission denied for table articles"):
            project.save_articles([ArticleRecord(ArticleInput("A text B may not add."))])
        session = AnnotationSession(project, b_name)
        session.open(article.id)
        session.mark_done()
    with open_existing(team.lead) as project:
        [article] = project.list_articles()
        assert article.statuses == {a_name: ArticleStatus.DONE, b_name: ArticleStatus.DONE}


def test_wrong_password_server_down_and_bad_names_are_one_line(team: Team, tmp_path) -> None:  # type: ignore[no-untyped-def]
    wrong = make_url(team.b).set(password="not-the-password").render_as_string(hide_password=False)
    result = runner.invoke(app, ["info", wrong])
    assert result.exit_code == 1
    assert "password authentication failed" in result.stderr and "not-the-password" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    down = make_url(team.b).set(port=1).render_as_string(hide_password=False)
    result = runner.invoke(app, ["articles", down])
    assert result.exit_code == 1 and "Connection refused" in result.stderr
    assert make_url(team.b).password not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    result = runner.invoke(app, ["server", "add-annotator", team.admin, "Robert'); DROP TABLE articles;--"])
    assert result.exit_code == 1 and "not a valid name" in result.stderr
    result = runner.invoke(app, ["server", "add-annotator", team.admin, team.names[1]])
    assert result.exit_code == 1 and "already exists" in result.stderr
    result = runner.invoke(app, ["server", "add-annotator", team.b, "eve_x"])  # B is no administrator
    assert result.exit_code == 1 and "permission denied" in result.stderr
    result = runner.invoke(app, ["new", team.admin])
    assert result.exit_code == 1 and "already holds a project" in result.stderr


def test_init_creates_the_database_and_runs_again_after_an_upgrade(postgresql_server: Server) -> None:
    name = f"fresh_{os.getpid()}"
    admin = postgresql_server.url(name)
    try:
        lead = init_server(admin, f"lead_{name}")
        assert lead.url is not None
        with open_existing(lead.url) as project:
            assert project.counts().articles == 0 and project.schema_revision == head_revision()
        # Again (as after an upgrade): grants refreshed, the lead keeps their password.
        assert init_server(admin, f"lead_{name}").url is None
        with connect(lead.url) as conn:
            assert conn.execute("SELECT count(*) FROM annotators").fetchone() == (0,)
    finally:
        with postgresql_server.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            for role in (f"lead_{name}", f"{name}_lead", f"{name}_annotator"):
                conn.execute(f'DROP ROLE IF EXISTS "{role}"')


def test_an_annotator_exports_their_own_work_and_nobody_else_s(team: Team, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "mine.jsonl"
    a, b = team.names[1], team.names[2]
    result = runner.invoke(app, ["export", team.a, "--annotator", a, "-f", "jsonl", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    [line] = out.read_text(encoding="utf-8").splitlines()
    assert '"PERSON"' in line and '"CUE"' in line
    result = runner.invoke(app, ["export", team.b, "--annotator", a, "-f", "jsonl", "-o", str(out)])
    assert result.exit_code == 1 and f"no annotator named {a!r}" in result.stderr
    assert b in result.stderr  # B's project knows B alone
