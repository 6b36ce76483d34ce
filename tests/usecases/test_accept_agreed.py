"""Accepting what annotators agree on is an adjudicating action like the others: it
returns a GoldOutcome (what it counted, the article afresh and its queue line) and is
one named step on the shared undo stack, undone and redone whole."""

from __future__ import annotations

from pathlib import Path

from annotator.usecases.adjudicating import Adjudication, AgreedCounts, GoldOutcome, queue_entry
from annotator.usecases.projects import open_existing
from annotator.usecases.undo import UndoStack
from tests.gui.test_gold_defaults import build


def gold_labels(path: Path, article: int) -> set[str]:
    with open_existing(path) as project:
        return {s.label for s in project.annotation_set(article, "gold").spans}


def test_accept_agreed_on_one_article_is_a_named_step_with_its_outcome(tmp_path: Path) -> None:
    path = tmp_path / "two.annotator"
    build(path)  # ann and bob agree on a PERSON, a QUOTE and its SPEAKER; only ann gives the ROLE
    stack = UndoStack()
    with open_existing(path) as project:
        adjudication = Adjudication(project, undo=stack)
        first, second = adjudication.article_ids
        outcome = adjudication.accept_agreed([first])
        assert isinstance(outcome, GoldOutcome)
        assert outcome.name == "gold: accept 3 agreed items" and outcome.article_ids == (first,)
        assert outcome.agreed == AgreedCounts(articles=1, spans=2, relations=1)
        assert outcome.refused is None and outcome.ref is None
        assert outcome.aligned is not None and outcome.aligned.article_id == first
        assert {i.gold.label for i in outcome.aligned.alignment.spans if i.gold is not None} == {
            "PERSON",
            "QUOTE",
        }
        assert outcome.entry == queue_entry(adjudication.aligned(first))  # the queue's own line
        assert outcome.entry == next(e for e in adjudication.queue() if e.article_id == first)
        assert stack.status().undo == "gold: accept 3 agreed items" and stack.status().redo is None
        assert gold_labels(path, first) == {"PERSON", "QUOTE"} and gold_labels(path, second) == set()

        # Nothing left to accept there: no step, the counts say none.
        again = adjudication.accept_agreed([first])
        assert again.agreed == AgreedCounts() and again.article_ids == () and again.aligned is None
        assert stack.status().undo == "gold: accept 3 agreed items"

        undone = adjudication.undo()
        assert isinstance(undone, GoldOutcome) and undone.verb == "undone" and undone.refused is None
        assert undone.name == outcome.name and undone.article_ids == (first,)
        assert undone.aligned is not None and all(i.gold is None for i in undone.aligned.alignment.spans)
        assert gold_labels(path, first) == set()
        assert stack.status().undo is None and stack.status().redo == "gold: accept 3 agreed items"
        redone = adjudication.redo()
        assert isinstance(redone, GoldOutcome) and redone.verb == "redone"
        assert gold_labels(path, first) == {"PERSON", "QUOTE"}


def test_accept_agreed_on_every_article_counts_all_and_undoes_all(tmp_path: Path) -> None:
    path = tmp_path / "two.annotator"
    build(path)
    with open_existing(path) as project:
        adjudication = Adjudication(project)
        first, second = adjudication.article_ids
        outcome = adjudication.accept_agreed(majority=True, finish=True)
        # Two annotators: the ROLE only ann gave has no majority, so nothing is done.
        assert outcome.agreed == AgreedCounts(articles=2, spans=4, relations=2)
        assert outcome.name == "gold: accept 6 agreed items" and outcome.article_ids == (first, second)
        assert outcome.aligned is None and outcome.entry is None  # several articles: the caller reads
        assert gold_labels(path, first) == gold_labels(path, second) == {"PERSON", "QUOTE"}
        assert adjudication.undo_stack.status().undo == outcome.name
        undone = adjudication.undo()
        assert isinstance(undone, GoldOutcome) and undone.article_ids == (first, second)
        assert gold_labels(path, first) == gold_labels(path, second) == set()
        assert not adjudication.can_undo and adjudication.can_redo
