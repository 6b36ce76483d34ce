"""Statements a colon attributes with no verb.

A headline or a paragraph that opens with its source ("Graham: Trump's rhetoric
is destroying the party's chances"): the name before the colon is the source,
what follows it the content. The scheme's CUE is a speech verb or "according to",
so the colon is no CUE (PolNeAR marks it as one; the 8-article gold does not).
PolNeAR train attributes 163 of the 394 paragraphs that open with a short
capitalised phrase and a colon;
the others are labels ("Editor's note:", "The Latest:", "Q:"), tallies
("Clinton: 547.") and lists ("Iowa: Tim Albrecht, ..."), which the checks below
leave out: the phrase must name a person, an organisation or a role, and what
follows must be a clause.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.suggest.lexicon import ORG_NOUNS, ROLE_WORDS, SOURCE_PEOPLE
from annotator.suggest.mentions import Analysis, Statement

if TYPE_CHECKING:
    from spacy.tokens import Token

HEADLINE_SCORE = 0.7
SOURCE_WORDS = 6  # most words of the name before the colon
CONTENT_TOKENS = 3
# Labels that open a paragraph with a colon and name no source.
LABELS = frozenset(
    {
        "editor's note",
        "editor’s note",
        "note",
        "update",
        "correction",
        "clarification",
        "the latest",
        "latest",
        "exclusive",
        "breaking",
        "watch",
        "related",
        "read more",
        "photos",
        "video",
        "email",
        "source",
        "sources",
        "q",
        "a",
    }
)
_SOURCE_ENTS = {"PERSON", "ORG", "NORP", "GPE"}
# What a name before the colon is made of ("Dr. Ben Carson", "Clinton camp", "NY Daily News").
_NAME_POS = {"PROPN", "NOUN", "ADJ", "DET", "PART", "CCONJ", "PUNCT"}


def _paragraph_start(analysis: Analysis, colon: int) -> int:
    doc = analysis.doc
    k = colon
    while k > 0 and "\n" not in doc[k - 1].text:
        k -= 1
    return k


def _paragraph_end(analysis: Analysis, start: int) -> int:
    doc = analysis.doc
    k = start
    while k < len(doc) and "\n" not in doc[k].text:
        k += 1
    return k - 1


def _names_source(analysis: Analysis, tokens: list[Token]) -> bool:
    """The words before the colon name who speaks: a person, an organisation, a role."""
    words = [t for t in tokens if not t.is_punct]
    if not words or len(words) > SOURCE_WORDS or not words[0].text[:1].isupper():
        return False
    if any(t.pos_ not in _NAME_POS or any(ch.isdigit() for ch in t.text) for t in words):
        return False  # a clause ("Here's a hunch:") or a time, not a name
    if " ".join(t.lower_ for t in words).replace(" ’s", "’s").replace(" 's", "'s") in LABELS:
        return False
    if any(analysis.in_quote[t.i] for t in tokens):
        return False
    head = words[-1].lower_
    return (
        any(t.i in analysis.person_at or t.ent_type_ in _SOURCE_ENTS for t in words)
        or head in ROLE_WORDS
        or head in ORG_NOUNS
        or head in SOURCE_PEOPLE
    )


def headline_statement(analysis: Analysis, colon: Token) -> Statement | None:
    """ "Graham: Trump's rhetoric is destroying the party's chances" as a statement
    with no cue (the speaker is found from the name before the colon)."""
    doc = analysis.doc
    if colon.text != ":" or analysis.in_quote[colon.i]:
        return None
    start = _paragraph_start(analysis, colon.i)
    if start >= colon.i or not _names_source(analysis, list(doc[start : colon.i])):
        return None
    first, last = colon.i + 1, _paragraph_end(analysis, colon.i + 1)
    while first <= last and (doc[first].is_punct or doc[first].is_space) and not analysis.in_quote[first]:
        first += 1
    while last >= first and (doc[last].is_punct or doc[last].is_space) and not analysis.in_quote[last]:
        last -= 1
    if last - first + 1 < CONTENT_TOKENS:
        return None
    content = doc[first : last + 1]
    if not any(t.pos_ in ("VERB", "AUX") or t.tag_ in ("VBZ", "VBD", "VBG", "VBP") for t in content):
        return None  # a tally or a list ("Iowa: Tim Albrecht, ..."), not a statement
    if all(analysis.in_quote[t.i] or t.is_punct for t in content):
        return None  # a direct quote: it is found from its marks
    return Statement(analysis.mention("QUOTE", first, last, HEADLINE_SCORE, type="indirect"))
