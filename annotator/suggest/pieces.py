"""Parsing long texts in pieces: spaCy refuses texts over ``nlp.max_length``
(E088, 1,000,000 characters) and its parser needs about a gigabyte per 100,000
characters, so a long article is cut at paragraph breaks (else at a space)
into pieces of at most :data:`PIECE` characters, and the suggestions of its
pieces are shifted back into one set."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.core.model import Origin, Relation, Span, SuggestedRelation, Suggestion, SuggestionSet

PIECE = 100_000


def split_text(text: str, limit: int = PIECE) -> list[tuple[int, str]]:
    """``text`` as (offset, piece) pairs, each piece at most ``limit`` characters,
    cut after a blank line when there is one in reach, else after a line break,
    else after a space, else anywhere."""
    if len(text) <= limit:
        return [(0, text)]
    pieces = []
    at = 0
    while len(text) - at > limit:
        window = text[at : at + limit]
        cut = -1
        for mark in ("\n\n", "\n", " "):
            found = window.rfind(mark, limit // 4)
            if found != -1:
                cut = found + len(mark)
                break
        if cut <= 0:
            cut = limit
        pieces.append((at, text[at : at + cut]))
        at += cut
    pieces.append((at, text[at:]))
    return pieces


def joined(origin: Origin, parts: Sequence[tuple[int, SuggestionSet]]) -> SuggestionSet:
    """One set from the sets of a text's pieces, with each piece's offset added."""
    if len(parts) == 1 and parts[0][0] == 0:
        return parts[0][1]
    suggestions: list[Suggestion] = []
    relations: list[SuggestedRelation] = []
    for offset, part in parts:

        def moved(span: Span, offset: int = offset) -> Span:
            return Span(span.start + offset, span.end + offset, span.label, span.attrs)

        suggestions += [Suggestion(moved(s.span), s.score, s.origin) for s in part.suggestions]
        relations += [
            SuggestedRelation(
                Relation(r.relation.label, moved(r.relation.head), moved(r.relation.child)), r.score
            )
            for r in part.relations
        ]
    return SuggestionSet(origin, tuple(suggestions), tuple(relations))
