"""Gold's rejected relations: a table of their own (revision 0004), migrated from the
settings rows that held them before, and carried by merge to the right article."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select, text

from annotator.core.alignment import GoldChange, span_id
from annotator.core.model import GOLD, ArticleInput, ArticleRecord, Span
from annotator.resources import default_scheme
from annotator.store import Project, open_project
from annotator.store.engine import make_engine
from annotator.store.gold import apply, read_states
from annotator.store.merging import merge_into
from annotator.store.migrate import head_revision, upgrade
from annotator.store.tables import RejectedRelationRow, Setting

NewTarget = Callable[[str], str | Path]
TEXT = "Ana Lopez said the plan was dead."
SPEAKER = ("SPEAKER", span_id(Span(0, 9, "PERSON")), span_id(Span(15, 32, "QUOTE")))
CUE = ("CUE_OF", span_id(Span(10, 14, "CUE")), span_id(Span(15, 32, "QUOTE", {"type": "indirect"})))


def _article(project: Project, text: str = TEXT) -> int:
    outcome = project.save_articles([ArticleRecord(ArticleInput(text, title="t"))])[0]
    assert outcome.article_id is not None
    return outcome.article_id


def test_rejections_are_saved_read_and_unrejected(project: Project) -> None:
    article = _article(project)
    apply(project, GOLD, [(article, GoldChange(reject_relations=(SPEAKER, CUE)))])
    state = read_states(project, GOLD, [article])[article]
    assert set(state.rejected_relations) == {SPEAKER, CUE}
    apply(project, GOLD, [(article, GoldChange(reject_relations=(CUE,)))])  # again: still one row
    apply(project, GOLD, [(article, GoldChange(unreject_relations=(SPEAKER,)))])
    assert read_states(project, GOLD, [article])[article].rejected_relations == (CUE,)
    with project.engine.connect() as conn:
        assert conn.scalar(select(RejectedRelationRow.label)) == "CUE_OF"
        assert conn.execute(select(Setting.key).where(Setting.key.like("adjudication/%"))).all() == []


def test_settings_rows_of_revision_0003_move_into_the_table(new_target: NewTarget) -> None:
    path = new_target("old.annotator")
    engine = make_engine(path)
    upgrade(engine, "0003")
    stored = [[label, list(head), list(child)] for label, head, child in (SPEAKER, CUE)]
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO settings (key, value) VALUES ('scheme', :v)"),
            {"v": json.dumps(default_scheme().to_dict())},
        )
        conn.exec_driver_sql(
            "INSERT INTO articles (content_hash, text, title, source, url, external_id, meta, created_at) "
            "VALUES ('h', 'Ana Lopez said the plan was dead.', 't', '', '', '', '{}', '2020-01-01 00:00:00')"
        )
        conn.exec_driver_sql(
            "INSERT INTO annotators (name, uid, created_at) VALUES ('gold', 'u-gold', '2020-01-01 00:00:00')"
        )
        article = conn.exec_driver_sql("SELECT id FROM articles").scalar()
        for key, value in (
            (f"adjudication/{article}", {"rejected_relations": stored}),
            ("adjudication/999", {"rejected_relations": stored}),  # an article that is gone
        ):
            conn.execute(
                text("INSERT INTO settings (key, value) VALUES (:k, :v)"), {"k": key, "v": json.dumps(value)}
            )
    engine.dispose()
    with open_project(path) as project:
        assert project.schema_revision == head_revision()
        assert set(read_states(project, GOLD, [article])[article].rejected_relations) == {SPEAKER, CUE}
        with project.engine.connect() as conn:
            assert conn.execute(select(Setting.key).where(Setting.key.like("adjudication/%"))).all() == []
            assert conn.scalar(text("SELECT count(*) FROM rejected_relations")) == 2


def test_merge_carries_rejections_to_the_article_of_the_same_text(project: Project, tmp_path: Path) -> None:
    from annotator.usecases.projects import new_project

    with new_project(tmp_path / "lead.annotator") as source:
        article = _article(source)
        apply(source, GOLD, [(article, GoldChange(reject_relations=(SPEAKER,)))])
        _article(project, "Another text first, so that the ids differ.")
        report = merge_into(project, source, "lead")
        assert report.added >= 1
        target_id = project.find_article(TEXT)
        assert target_id is not None and target_id != article
        assert read_states(project, GOLD, [target_id])[target_id].rejected_relations == (SPEAKER,)
        again = merge_into(project, source, "lead")  # nothing changed: found equal
        assert again.added == 0 and again.replaced == 0
        with project.engine.connect() as conn:
            assert conn.scalar(text("SELECT count(*) FROM rejected_relations")) == 1


def test_every_gold_change_marks_gold_s_work_changed(project: Project) -> None:
    """A removal leaves no row behind: gold's status row's time says that it changed."""
    from annotator.store.tables import ArticleStatusRow

    article = _article(project)
    person = Span(0, 9, "PERSON")
    apply(project, GOLD, [(article, GoldChange(add_spans=(person,), status=(None, "in_progress")))])

    def stamp() -> object:
        with project.engine.connect() as conn:
            return conn.scalar(
                select(ArticleStatusRow.updated_at).where(ArticleStatusRow.article_id == article)
            )

    first = stamp()
    apply(project, GOLD, [(article, GoldChange(remove_spans=(person,)))])
    assert read_states(project, GOLD, [article])[article].accepted.spans == ()
    assert stamp() > first  # type: ignore[operator]
