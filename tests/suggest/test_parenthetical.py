"""A cue set inside the clause it reports ("Many of the closures, he said, have ...")."""

from __future__ import annotations

from annotator.suggest.engine import Engine


def test_clause_around_a_parenthetical_cue_is_reported_speech(engine: Engine) -> None:
    text = (
        "Dana Ortiz runs the golf association.\n\n"
        "Many of the closures, Ortiz said, have involved public courses in small towns."
    )
    result = engine.suggest(text)
    spans = {(s.span.label, text[s.span.start : s.span.end]) for s in result.suggestions}
    assert ("QUOTE", "have involved public courses in small towns") in spans
    assert ("QUOTE", "Many of the closures") in spans
    relations = {
        (
            r.relation.label,
            text[r.relation.head.start : r.relation.head.end],
            text[r.relation.child.start : r.relation.child.end],
        )
        for r in result.relations
    }
    assert ("CUE_OF", "said", "have involved public courses in small towns") in relations
    assert ("SPEAKER", "have involved public courses in small towns", "Ortiz") in relations


def _spans(engine: Engine, text: str) -> set[tuple[str, str]]:
    return {(s.span.label, text[s.span.start : s.span.end]) for s in engine.suggest(text).suggestions}


def test_what_leads_into_a_parenthetical_cue_is_said_too(engine: Engine) -> None:
    # PolNeAR train: "In his state, Christie said, ..." is one content in two pieces.
    text = "In his state, Christie said, nonviolent first-time offenders are sent to treatment."
    spans = _spans(engine, text)
    assert ("QUOTE", "In his state") in spans
    assert ("QUOTE", "nonviolent first-time offenders are sent to treatment") in spans
    text = "But, Christie said, nonviolent first-time offenders are sent to treatment."
    assert not any(label == "QUOTE" and words.startswith("But") for label, words in _spans(engine, text))


def test_the_opening_words_of_a_split_quotation_are_a_quote(engine: Engine) -> None:
    text = "Mayor Ann Hale spoke on Monday. “So far,” she said, “the plan has worked.”"
    spans = _spans(engine, text)
    assert ("QUOTE", "So far,") in spans
    assert ("QUOTE", "the plan has worked.") in spans
    # Short pieces with no cue between them stay scare quotes.
    text = "The plan’s “success” was short-lived, and the town was “flooded” again by May."
    assert not [label for label, _ in _spans(engine, text) if label == "QUOTE"]


def test_a_short_quotation_that_is_a_whole_sentence_is_a_quote(engine: Engine) -> None:
    text = "“Most of them will settle,” said Mayor Ann Hale. “They sue.”"
    assert ("QUOTE", "They sue.") in _spans(engine, text)
