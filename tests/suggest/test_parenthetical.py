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
