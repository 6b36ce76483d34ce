import datetime as dt
import sqlite3
import threading
from pathlib import Path

import pytest

from annotator.core.model import (
    AnnotationSet,
    ArticleInput,
    ArticleRecord,
    ArticleStatus,
    Relation,
    Span,
)
from annotator.store import (
    NotAProjectError,
    Project,
    ProjectError,
    SaveResult,
    open_project,
)
from annotator.store.engine import BUSY_TIMEOUT_MS, EAGER_WAIT_S
from annotator.usecases.projects import new_project

TEXT = "Press Secretary Sarah Sanders said “no.”"
PERSON = Span(16, 29, "PERSON")
ROLE = Span(0, 15, "ROLE")
QUOTE = Span(36, 39, "DENIAL", {"type": "direct"})


def gold(done: bool = True) -> AnnotationSet:
    return AnnotationSet(
        "gold",
        (ROLE, PERSON, QUOTE),  # in text order, as the store returns them
        (Relation("ROLE_OF", ROLE, PERSON), Relation("SPEAKER", QUOTE, PERSON)),
        done,
    )


def test_article_and_annotations_read_back(project: Project) -> None:
    date = dt.date(2017, 11, 30)
    [outcome] = project.save_articles(
        [ArticleRecord(ArticleInput(TEXT, title="T", date=date, meta={"k": [1]}), gold())]
    )
    assert outcome.result is SaveResult.NEW and outcome.annotations_added == 3
    article = project.article(outcome.article_id)
    assert (article.text, article.date, article.meta) == (TEXT, date, {"k": [1]})
    back = project.annotation_set(outcome.article_id, "gold")
    assert back == gold()
    assert TEXT[QUOTE.start : QUOTE.end] == "no."


def test_same_text_is_one_article(project: Project) -> None:
    outcomes = project.save_articles([ArticleRecord(ArticleInput(TEXT)), ArticleRecord(ArticleInput(TEXT))])
    assert [o.result for o in outcomes] == [SaveResult.NEW, SaveResult.DUPLICATE]
    again = project.save_articles([ArticleRecord(ArticleInput(TEXT), gold())])
    assert again[0].result is SaveResult.DUPLICATE and again[0].annotations_added == 3
    assert project.counts().articles == 1


def test_existing_annotations_are_never_overwritten(project: Project) -> None:
    project.save_articles([ArticleRecord(ArticleInput(TEXT), gold())])
    other = AnnotationSet("gold", (Span(0, 5, "PERSON"),), (), False)
    [outcome] = project.save_articles([ArticleRecord(ArticleInput(TEXT), other)])
    assert outcome.annotations_kept and outcome.annotations_added == 0
    assert project.annotation_set(outcome.article_id, "gold") == gold()


def test_status_per_annotator(project: Project) -> None:
    [outcome] = project.save_articles([ArticleRecord(ArticleInput(TEXT), gold(done=False))])
    project.ensure_annotator("bob")
    project.set_status(outcome.article_id, "bob", ArticleStatus.DONE)
    [row] = project.list_articles()
    assert row.statuses == {"bob": ArticleStatus.DONE, "gold": ArticleStatus.IN_PROGRESS}
    assert row.annotations == 3
    assert project.counts().status == {"bob": {"done": 1}, "gold": {"in_progress": 1}}


def test_sqlite_settings_on_every_connection(sqlite_project: Project) -> None:
    with sqlite_project.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


def test_foreign_keys_enforced(project: Project) -> None:
    with project.engine.connect() as conn, pytest.raises(Exception, match=r"(?i)FOREIGN KEY"):
        conn.exec_driver_sql(
            'INSERT INTO annotations (article_id, annotator_id, label, start, "end", attrs, status, '
            "created_at, updated_at) "
            "VALUES (999, 999, 'PERSON', 0, 1, '{}', 'accepted', '2020-01-01', '2020-01-01')"
        )


def test_timestamps_are_timezone_aware(project: Project) -> None:
    project.save_articles([ArticleRecord(ArticleInput(TEXT))])
    created = dt.datetime.fromisoformat(project.created["at"])
    assert created.tzinfo is not None
    from sqlalchemy import select  # the store's own types, read through its models

    from annotator.store.tables import ArticleRow

    with project.engine.connect() as conn:
        stamp = conn.scalar(select(ArticleRow.created_at))
    assert stamp is not None and stamp.utcoffset() == dt.timedelta(0)


@pytest.mark.parametrize("hold", [0.3, EAGER_WAIT_S + 0.5], ids=["asking-every-ms", "then-sqlite-waits"])
def test_second_writer_waits_instead_of_failing(project_path: Path, hold: float) -> None:
    """Two connections writing at once: the second waits (BEGIN IMMEDIATE asked every
    millisecond, then SQLite's busy timeout) and keeps its busy timeout afterwards."""
    first = new_project(project_path)
    second = open_project(project_path)
    try:
        holding, release = threading.Event(), threading.Event()

        def hold_write() -> None:
            with first.writing() as conn:
                conn.exec_driver_sql("INSERT INTO settings (key, value) VALUES ('lock', '{}')")
                holding.set()
                release.wait(10)

        holder = threading.Thread(target=hold_write)
        holder.start()
        assert holding.wait(10)
        result: list[object] = []
        writer = threading.Thread(
            target=lambda: result.append(second.save_articles([ArticleRecord(ArticleInput(TEXT))]))
        )
        writer.start()
        writer.join(hold)
        assert writer.is_alive(), "the second writer should be waiting for the first"
        release.set()
        holder.join(10)
        writer.join(10)
        assert result and first.counts().articles == 1
        with second.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS
    finally:
        first.close()
        second.close()


def test_create_refuses_existing_path(project_path: Path) -> None:
    new_project(project_path).close()
    with pytest.raises(ProjectError, match="already exists"):
        new_project(project_path)


def test_open_missing_project_says_how_to_create(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="annotator new"):
        open_project(tmp_path / "nope.annotator")


def test_open_refuses_files_that_are_not_projects(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello, not a database " * 100)
    with pytest.raises(NotAProjectError, match="not an annotator project"):
        open_project(text)
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    before = other.read_bytes()
    with pytest.raises(NotAProjectError, match="not an annotator project"):
        open_project(other)
    assert other.read_bytes() == before


def test_sqlalchemy_url_accepted(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'by-url.annotator'}"
    with new_project(url) as created:
        created.save_articles([ArticleRecord(ArticleInput(TEXT))])
    with open_project(url) as opened:
        assert opened.counts().articles == 1
