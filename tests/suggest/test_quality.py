"""The engine's quality on the 8-article gold (quality.md targets), against raw spaCy
NER and textacy's direct_quotations scored the same way."""

from __future__ import annotations

import pytest

from annotator.suggest.engine import Engine
from tests.benchmarks.eval_suggest import Comparison, compare

TARGETS = {
    "PERSON": 0.95,
    "ROLE": 0.85,
    "QUOTE/direct": 0.95,
    "QUOTE/indirect": 0.75,
    "DENIAL": 0.75,
    "CUE": 0.90,
    "ORG": 0.80,
}


@pytest.fixture(scope="module")
def comparison(engine: Engine) -> Comparison:
    return compare(engine)


@pytest.mark.parametrize(("label", "target"), TARGETS.items())
def test_overlap_f1_meets_target(comparison: Comparison, label: str, target: float) -> None:
    assert comparison.ours.f1(label) >= target


def test_speaker_accuracy_meets_target(comparison: Comparison) -> None:
    assert comparison.ours.speaker_accuracy >= 0.92


def test_beats_raw_spacy_on_people(comparison: Comparison) -> None:
    ours, theirs = comparison.ours.spans["overlap"]["PERSON"], comparison.spacy.spans["overlap"]["PERSON"]
    assert ours.precision > theirs.precision and ours.recall > theirs.recall and ours.f1 > theirs.f1


def test_beats_textacy_on_direct_quotes_and_speakers(comparison: Comparison) -> None:
    ours, theirs = comparison.ours_direct, comparison.textacy
    o, t = ours.spans["overlap"]["QUOTE/direct"], theirs.spans["overlap"]["QUOTE/direct"]
    assert o.precision > t.precision and o.recall > t.recall and o.f1 > t.f1
    for share in ("30%", "80%"):
        assert ours.coverage[share].f1 > theirs.coverage[share].f1
    assert ours.speaker_accuracy > theirs.speaker_accuracy
