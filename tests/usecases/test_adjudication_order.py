"""The adjudication screen's order and j/k come from the use case: items in reading order
(spans by where they are, then relations), and the open ones are those the queue counts."""

from __future__ import annotations

from pathlib import Path

from annotator.usecases.adjudicating import (
    RELATION,
    SPAN,
    Adjudication,
    next_open,
    open_refs,
    reading_order,
)
from annotator.usecases.projects import open_existing
from tests.gui.test_gold_defaults import build


def test_reading_order_and_the_next_open_item(tmp_path: Path) -> None:
    path = tmp_path / "two.annotator"
    build(path)  # only ann gives the ROLE; both give the PERSON, the QUOTE and its SPEAKER
    with open_existing(path) as project:
        adjudication = Adjudication(project)
        article = adjudication.article_ids[0]
        aligned = adjudication.aligned(article)
        refs = reading_order(aligned)
        labels = [aligned.item(r).anchor.label for r in refs if r.kind == SPAN]  # type: ignore[union-attr]
        assert labels == ["ROLE", "PERSON", "QUOTE"]
        assert [r.kind for r in refs] == [SPAN, SPAN, SPAN, RELATION]
        role, person, quote, speaker = refs
        assert open_refs(aligned) == [role]
        assert next(e for e in adjudication.queue() if e.article_id == article).open == 1
        assert next_open(aligned, None) == role
        assert next_open(aligned, role) is None and next_open(aligned, person) is None
        assert (
            next_open(aligned, speaker, backwards=True) == next_open(aligned, quote, backwards=True) == role
        )
        assert next_open(aligned, role, backwards=True) is None
        assert next_open(aligned, None, backwards=True) is None
        assert adjudication.first_open(article) == (1, role)

        decided = adjudication.reject(article, role)
        assert decided.aligned is not None and open_refs(decided.aligned) == []
        assert next_open(decided.aligned, None) is None
        assert adjudication.first_open(article) == (0, None)
