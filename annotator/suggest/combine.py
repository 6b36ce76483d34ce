"""Rules and a trained span model together: the policy of ``suggest --model``.

1. Every rule suggestion and rule relation is kept as it is: on the reviewed
   gold the rules are precise, and only they find relations from the parse.
2. A model span is added only where the rules have no span of its family that
   overlaps it (QUOTE and DENIAL are one family, since a statement is one or the
   other; every other label is its own family). Overlapping model spans of one
   family: the highest score wins. The model's score is the suggestion's score.
3. An added QUOTE or DENIAL is ``direct`` when quotation marks enclose it, else
   ``indirect``; it gets a CUE_OF from the nearest CUE in its sentence and a
   SPEAKER: the PERSON (else ROLE, else ORG) inside the subject of that cue's
   verb, else the nearest one of its sentence outside it (PERSON first); both
   at half the model's score, since these links are guesses.
4. Labels the model was not trained on (PERSON by default) stay with the rules.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from annotator.core.model import Relation, Span, SuggestedRelation, Suggestion, SuggestionSet
from annotator.suggest.trained import HEADS, META_KEY

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

STATEMENTS = ("QUOTE", "DENIAL")
SOURCES = ("PERSON", "ROLE", "ORG")  # in the scheme's order of preference for SPEAKER
OPENING = set('“"«„')
CLOSING = set('”"»“')
LINK_DISCOUNT = 0.5


def fingerprint(nlp: Language) -> str | None:
    """A short id of the trained model in this pipeline; None when it has none."""
    if not any(head.name in nlp.pipe_names for head in HEADS):
        return None
    about = nlp.meta.get(META_KEY)
    given = about.get("fingerprint") if isinstance(about, dict) else None
    if isinstance(given, str) and 0 < len(given) <= 32 and given.isalnum():
        return given
    # A folder trained elsewhere: identify it by its meta.
    return hashlib.sha1(json.dumps(nlp.meta, sort_keys=True, default=str).encode()).hexdigest()[:12]


def family(label: str) -> str:
    return "STATEMENT" if label in STATEMENTS else label


def with_model(result: SuggestionSet, doc: Doc) -> SuggestionSet:
    """``result`` (the rules') with the model's spans in ``doc`` added by the policy above."""
    candidates = []
    for head in HEADS:
        group = doc.spans.get(head.spans_key)
        if not group:
            continue
        scores = group.attrs.get("scores")
        for k, span in enumerate(group):
            score = float(scores[k].max()) if scores is not None and len(scores) > k else 1.0
            candidates.append((score, span))
    if not candidates:
        return result
    kept = [s.span for s in result.suggestions]
    added: list[tuple[Span, float]] = []
    for score, span in sorted(candidates, key=lambda c: -c[0]):
        label = span.label_
        ours = Span(
            span.start_char, span.end_char, label, _attrs(doc.text, span.start_char, span.end_char, label)
        )
        taken = kept + [a[0] for a in added]
        if any(family(o.label) == family(label) and o.overlaps(ours) for o in taken):
            continue
        added.append((ours, score))
    if not added:
        return result
    origin = result.origin
    suggestions = list(result.suggestions) + [Suggestion(s, round(score, 3), origin) for s, score in added]
    relations = list(result.relations)
    every = [s.span for s in suggestions]
    for span, score in added:
        if span.label not in STATEMENTS:
            continue
        sentence = _sentence(doc, span)
        nearby = [
            o for o in every if sentence[0] <= o.start and o.end <= sentence[1] and not o.overlaps(span)
        ]
        link = round(score * LINK_DISCOUNT, 3)
        cue = _nearest(span, [o for o in nearby if o.label == "CUE"])
        if cue is not None:
            relations.append(SuggestedRelation(Relation("CUE_OF", cue, span), link))
        sources = [o for o in nearby if o.label in SOURCES]
        speaker = _subject_of(doc, cue, sources) if cue is not None else None
        for label in SOURCES:
            speaker = speaker or _nearest(cue or span, [o for o in sources if o.label == label])
        if speaker is not None:
            relations.append(SuggestedRelation(Relation("SPEAKER", span, speaker), link))
    ordered = tuple(sorted(suggestions, key=lambda s: s.span.key))
    return SuggestionSet(origin, ordered, tuple(relations))


def _attrs(text: str, start: int, end: int, label: str) -> dict[str, str]:
    if label not in STATEMENTS:
        return {}
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    quoted = before in OPENING and (after in CLOSING or text[end - 1 : end] in CLOSING or after in ",.")
    return {"type": "direct" if quoted else "indirect"}


def _sentence(doc: Doc, span: Span) -> tuple[int, int]:
    """Character bounds of the sentence(s) the span lies in (the whole text without sentences)."""
    if not doc.has_annotation("SENT_START"):
        return 0, len(doc.text)
    got = doc.char_span(span.start, span.end, alignment_mode="expand")
    if got is None:
        return 0, len(doc.text)
    first, last = doc[got.start].sent, doc[got.end - 1].sent
    return first.start_char, last.end_char


def _subject_of(doc: Doc, cue: Span, sources: list[Span]) -> Span | None:
    """The source inside the grammatical subject of the cue's verb (PERSON first), if any."""
    if not doc.has_annotation("DEP"):
        return None
    verb = doc.char_span(cue.start, cue.end, alignment_mode="expand")
    if verb is None:
        return None
    for token in verb:
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                first, last = child.left_edge, child.right_edge
                inside = Span(first.idx, last.idx + len(last), "SUBJECT")
                found = [o for o in sources if o.overlaps(inside)]
                for label in SOURCES:
                    for o in found:
                        if o.label == label:
                            return o
    return None


def _nearest(anchor: Span, spans: list[Span]) -> Span | None:
    def distance(other: Span) -> int:
        return other.start - anchor.end if other.start >= anchor.end else anchor.start - other.end

    return min(spans, key=lambda o: (distance(o), o.key), default=None)
