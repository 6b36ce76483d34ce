"""Whom adjudication compares by default: everyone but gold who marked some article done,
so the one who just opened the project (a lead with no work of their own) does not leave
it with no article to compare."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.model import AnnotationSet, ArticleInput, ArticleRecord, Span
from annotator.usecases.adjudicating import Adjudication
from annotator.usecases.annotating import AnnotationSession
from annotator.usecases.errors import TooFewAnnotators
from annotator.usecases.projects import new_project, open_existing
from tests.gui.test_gold_defaults import build


def test_annotators_with_nothing_done_are_not_compared_unless_named(tmp_path: Path) -> None:
    path = tmp_path / "two.annotator"
    build(path)  # ann and bob marked both articles done
    with open_existing(path) as project:
        AnnotationSession(project, "lead")  # opened the project: an annotator with nothing done
        assert "lead" in project.annotators()
        default = Adjudication(project)
        assert default.annotators == ("ann", "bob") and len(default.article_ids) == 2
        named = Adjudication(project, ["lead", "ann", "bob"])  # named: compared, so nothing is
        assert named.annotators == ("lead", "ann", "bob") and named.article_ids == []


def test_fewer_than_two_with_work_is_too_few(tmp_path: Path) -> None:
    text = "Mayor Ingrid Solberg said the bridge stays open."
    with new_project(tmp_path / "one.annotator") as project:
        done = AnnotationSet("ann", (Span(6, 20, "PERSON"),), (), True)
        project.save_articles([ArticleRecord(ArticleInput(text), done)])
        AnnotationSession(project, "lead")  # two annotators, one with work
        with pytest.raises(TooFewAnnotators, match=r"found: ann\)"):
            Adjudication(project)
