"""Two adjudication screens on one project: an undo in one never removes gold work the other
wrote after the step (it is refused), and each undoes its own last step when nobody
wrote after it."""

from __future__ import annotations

from pathlib import Path

from annotator.usecases.adjudicating import SPAN, Adjudication
from annotator.usecases.projects import open_existing
from tests.gui.test_gold_defaults import build


def gold_labels(path: Path, article: int) -> set[str]:
    with open_existing(path) as project:
        return {s.label for s in project.annotation_set(article, "gold").spans}


def test_gold_undo_refuses_over_another_screens_later_decision(tmp_path: Path) -> None:
    path = tmp_path / "two.annotator"
    build(path)
    with open_existing(path) as one_project, open_existing(path) as other_project:
        one, other = Adjudication(one_project), Adjudication(other_project)
        article = one.article_ids[0]
        on_show = one.aligned(article)
        role = next(i for i in on_show.alignment.spans if i.anchor.label == "ROLE")
        person = next(i for i in on_show.alignment.spans if i.anchor.label == "PERSON")
        one.take(article, (SPAN, role.index), "ann")  # screen 1: gold takes ann's ROLE
        other.take(article, (SPAN, person.index), "bob")  # screen 2, later: the PERSON
        assert gold_labels(path, article) == {"ROLE", "PERSON"}
        refused = one.undo()
        assert "changed in another window or process" in (refused.refused or "")  # type: ignore[union-attr]
        assert gold_labels(path, article) == {"ROLE", "PERSON"}  # nothing removed
        assert not one.can_undo
        undone = other.undo()  # screen 2's own last step: nobody wrote after it
        assert undone.article_ids == (article,) and undone.refused is None  # type: ignore[union-attr]
        assert gold_labels(path, article) == {"ROLE"}
        assert other.redo().article_ids == (article,)  # type: ignore[union-attr]
        assert gold_labels(path, article) == {"ROLE", "PERSON"}
