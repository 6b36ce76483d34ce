"""Saved token splits: kept per tokenizer, saved once, read back as saved."""

from __future__ import annotations

from annotator.store import Project, token_splits


def test_splits_round_trip_and_belong_to_their_tokenizer(project: Project) -> None:
    splits = [(0, "said.", "0,4;4,1"), (0, "Smith", "="), (1, " \n", "1,1"), (2, "  ", "=")]
    token_splits.save(project, "spacy 1 en", splits)
    token_splits.save(project, "spacy 1 en", [*splits[:2], (0, "new", "=")])  # saved ones stay, once
    assert sorted(token_splits.load(project, "spacy 1 en")) == sorted([*splits, (0, "new", "=")])
    assert token_splits.load(project, "spacy 2 en") == []  # another tokenizer's splits are not used
    token_splits.save(project, "spacy 2 en", [(0, "word", "=")])  # and are dropped for the new one's
    assert token_splits.load(project, "spacy 2 en") == [(0, "word", "=")]
    assert token_splits.load(project, "spacy 1 en") == []


def test_many_splits_at_once(project: Project) -> None:
    splits = [(0, f"w{k}", "=") for k in range(2_345)]
    token_splits.save(project, "t", splits[:1000])
    token_splits.save(project, "t", splits)
    assert len(token_splits.load(project, "t")) == 2_345
