"""Statements: cues, direct and indirect quotes, and who said them.

A cue is a speech verb (with its auxiliaries and particle) or "according to",
never inside quotation marks. An indirect quote is the clausal complement of a
cue with a subject; a direct quote is linked to the cue of its sentence, or,
failing that, takes the speaker of the quote next to it at a lower score.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.suggest.lexicon import (
    DENIAL_VERBS,
    GROUP_PRONOUNS,
    PERSON_PRONOUNS,
    SPEECH_VERBS,
    THING_PRONOUNS,
    WEAK_SPEECH_VERBS,
)
from annotator.suggest.mentions import Analysis, Mention, Statement
from annotator.suggest.roles import is_role_word, role_phrase

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

    from annotator.suggest.quotes import QuotePiece

DIRECT_CUED = 0.95
DIRECT_ADJACENT = 0.6
INDIRECT = 0.75
SPEAKER_SUBJECT = 0.9
SPEAKER_PRONOUN = 0.75
SPEAKER_ADJACENT = 0.55
SHORT_QUOTE_WORDS = 4
_REQUEST_VERBS = {"ask", "urge", "advise", "call", "tell", "warn"}
_ORG_TYPES = {"ORG", "GPE", "NORP", "FAC"}


def is_cue(token: Token, analysis: Analysis) -> bool:
    """A speech verb outside quotation marks."""
    return (
        token.pos_ == "VERB"
        and token.lemma_.lower() in SPEECH_VERBS
        and not analysis.in_quote[token.i]
        and token.dep_ not in ("amod", "compound")
    )


def cue_span(analysis: Analysis, verb: Token) -> Mention:
    """The cue with its auxiliaries ("has previously reported") and particle ("pointed out")."""
    doc = analysis.doc
    if verb.lower_ == "according":
        return analysis.mention("CUE", verb.i, verb.i + 1, 0.9)
    first = verb.i
    for child in reversed(list(verb.lefts)):
        between = range(child.i + 1, first)
        if child.dep_ in ("aux", "auxpass") and all(
            doc[k].dep_ in ("aux", "auxpass", "advmod") for k in between
        ):
            first = child.i
    while first < verb.i and doc[first].dep_ == "advmod":
        first += 1
    last = verb.i
    for child in verb.rights:
        if child.dep_ == "prt" and child.i == last + 1:
            last = child.i
    return analysis.mention("CUE", first, last, 0.9)


def _subject(verb: Token) -> Token | None:
    """The subject of a cue, inherited from the verb it hangs on ("..., adding that")."""
    current: Token | None = verb
    for _ in range(4):
        if current is None:
            return None
        for child in current.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        for child in current.children:  # "was told by X"
            if child.dep_ == "agent":
                return next((c for c in child.children if c.dep_ == "pobj"), None)
        if current.dep_ in ("advcl", "conj", "xcomp", "ccomp") and current.head is not current:
            current = current.head
        else:
            return None
    return None


def _trim(analysis: Analysis, first: int, last: int) -> tuple[int, int] | None:
    doc = analysis.doc
    while first <= last and (
        doc[first].is_punct
        or doc[first].is_space
        or (doc[first].dep_ == "mark" and doc[first].lower_ == "that")
    ):
        first += 1
    while first <= last and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    return (first, last) if first <= last else None


def _content(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "ccomp":
            return child
    lemma = verb.lemma_.lower()
    if lemma in DENIAL_VERBS:
        for child in verb.children:
            if child.dep_ in ("dobj", "xcomp") and child.pos_ in ("NOUN", "VERB", "PROPN"):
                return child
    return None


def _request(verb: Token) -> tuple[int, int] | None:
    """ "asked the council to help the girls": the object and what it is asked to do."""
    if verb.lemma_.lower() not in _REQUEST_VERBS:
        return None
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)
    action = next((c for c in verb.children if c.dep_ == "xcomp"), None)
    if obj is None or action is None or obj.i > action.i:
        return None
    return min(t.i for t in obj.subtree), max(t.i for t in action.subtree)


def _indirect(analysis: Analysis, verb: Token) -> Statement | None:
    """The reported clause of a cue, when it is not simply a direct quote."""
    doc = analysis.doc
    content = _content(verb)
    bounds: tuple[int, int] | None
    if content is not None:
        tokens = list(content.subtree)
        bounds = (tokens[0].i, tokens[-1].i)
    else:
        bounds = _request(verb)
    if bounds is None or bounds[0] <= verb.i <= bounds[1]:
        return None
    bounds = _trim(analysis, *bounds)
    if bounds is None or bounds[1] - bounds[0] < 2:
        return None
    first, last = bounds
    outside = [k for k in range(first, last + 1) if not analysis.in_quote[k] and not doc[k].is_punct]
    if not outside:
        return None  # entirely a direct quote
    if content is not None:
        subject = {t.i for c in content.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
        if all(k in subject for k in outside) and any(analysis.in_quote[k] for k in range(first, last + 1)):
            return None  # 'Tillerson "continues to lead"': the quote says it all
    mention = analysis.mention("QUOTE", first, last, INDIRECT, type="indirect")
    return Statement(mention, verb=verb)


def _according_to(analysis: Analysis, token: Token) -> tuple[Statement | None, Token | None]:
    """ "..., according to the official": the clause it qualifies and the source."""
    doc = analysis.doc
    to = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if to is None or to.lower_ != "to":
        return None, None
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    head = token.head if token.head is not token else None
    if head is None or head.i == token.i:
        return None, source
    phrase = (
        {t.i for t in token.subtree}
        | {to.i}
        | ({t.i for t in source.subtree} if source is not None else set())
    )
    clause = [t.i for t in head.subtree if t.i not in phrase]
    sent = token.sent
    clause = [k for k in clause if sent.start <= k < sent.end]
    if not clause:
        return None, source
    bounds = _trim(analysis, min(clause), max(clause))
    if bounds is None or bounds[1] - bounds[0] < 2:
        return None, source
    first, last = bounds
    if first <= token.i <= last:
        # "according to" sits inside the clause: keep the longer side.
        before, after = (first, token.i - 1), (max(phrase) + 1, last)
        first, last = before if before[1] - before[0] >= after[1] - after[0] else after
        trimmed = _trim(analysis, first, last)
        if trimmed is None:
            return None, source
        first, last = trimmed
    if all(analysis.in_quote[k] or doc[k].is_punct for k in range(first, last + 1)):
        return None, source
    mention = analysis.mention("QUOTE", first, last, INDIRECT, type="indirect")
    return Statement(mention, verb=token), source


def find_statements(analysis: Analysis) -> None:
    """Fill ``analysis.statements`` (with cues and speakers), ROLE and ORG speakers."""
    doc = analysis.doc
    cues: list[Token] = []
    sources: dict[int, Token | None] = {}
    statements: list[Statement] = []
    for token in doc:
        if token.lower_ == "according" and not analysis.in_quote[token.i]:
            statement, source = _according_to(analysis, token)
            cues.append(token)
            sources[token.i] = source
            if statement is not None:
                statements.append(statement)
        elif is_cue(token, analysis):
            statement = _indirect(analysis, token)
            if statement is not None:
                statements.append(statement)
                cues.append(token)
            elif token.lemma_.lower() not in WEAK_SPEECH_VERBS or _near_quote(analysis, token):
                cues.append(token)
    for piece in analysis.quotes:
        statement = _direct(analysis, piece, cues)
        if statement is not None:
            statements.append(statement)
    statements.sort(key=lambda s: (s.mention.start, s.mention.end))
    _resolve_speakers(analysis, statements, sources)
    analysis.statements = statements


def _near_quote(analysis: Analysis, verb: Token) -> bool:
    sent = verb.sent
    return any(analysis.in_quote[k] for k in range(sent.start, sent.end))


def _piece_tokens(analysis: Analysis, piece: QuotePiece) -> SpacySpan | None:
    return analysis.doc.char_span(piece.start, piece.end, alignment_mode="expand")


def _direct(analysis: Analysis, piece: QuotePiece, cues: list[Token]) -> Statement | None:
    span = _piece_tokens(analysis, piece)
    if span is None or len(span) == 0:
        return None
    words = sum(1 for t in span if not t.is_punct)
    verb = _cue_for(analysis, span, cues, structural_only=words < SHORT_QUOTE_WORDS)
    if verb is None and (words < SHORT_QUOTE_WORDS or _title_like(span)):
        return None  # a scare quote, a name or a title, not someone's words
    mention = Mention(
        "QUOTE",
        piece.start,
        piece.end,
        DIRECT_CUED if verb is not None else DIRECT_ADJACENT,
        span.start,
        span.end - 1,
        {"type": "direct"},
    )
    return Statement(mention, group=piece.group, verb=verb)


def _title_like(span: SpacySpan) -> bool:
    words = [t for t in span if t.is_alpha and not t.is_stop]
    return bool(words) and all(t.is_title for t in words) and len(span) <= 8


def _cue_for(analysis: Analysis, span: SpacySpan, cues: list[Token], structural_only: bool) -> Token | None:
    """The cue of a direct quote: one governing it, else the nearest in its sentences."""
    doc = analysis.doc
    root = span.root
    ancestors = {t.i for t in root.ancestors}
    structural = [
        c
        for c in cues
        if c.i in ancestors
        or (c.lower_ == "according" and c.head.i in ancestors | {root.i})
        or any(a.i == root.i for a in c.ancestors)
    ]
    first_sent, last_sent = doc[span.start].sent, doc[span.end - 1].sent
    window_start = first_sent.start
    window_end = last_sent.end
    # Attribution after the closing mark may be split into a sentence of its own.
    if window_end < len(doc) and doc[window_end - 1].i <= span.end:
        window_end = doc[window_end].sent.end
    nearby = [c for c in cues if window_start <= c.i < window_end and _same_paragraph(analysis, c, span)]
    candidates = [c for c in structural if c in nearby] or ([] if structural_only else nearby)
    if not candidates:
        return None
    return min(candidates, key=lambda c: min(abs(c.i - span.start), abs(c.i - span.end)))


def _same_paragraph(analysis: Analysis, token: Token, span: SpacySpan) -> bool:
    text = analysis.text
    lo, hi = sorted((token.idx, span.start_char))
    return "\n" not in text[lo:hi]


def _resolve_speakers(
    analysis: Analysis, statements: list[Statement], sources: dict[int, Token | None]
) -> None:
    last_person: Mention | None = None
    last_group: Mention | None = None
    for number, statement in enumerate(statements):
        verb = statement.verb
        if verb is not None:
            statement.cue = cue_span(analysis, verb)
            subject = sources.get(verb.i) if verb.lower_ == "according" else _subject(verb)
            if subject is not None:
                speaker, score = _speaker(analysis, subject, last_person, last_group)
                statement.speaker, statement.speaker_score = speaker, score
        if statement.speaker is None:
            _borrow_speaker(statements, number)
        if statement.speaker is not None:
            if statement.speaker.label == "PERSON":
                last_person = statement.speaker
            else:
                last_group = statement.speaker


def _borrow_speaker(statements: list[Statement], number: int) -> None:
    """A quote with no cue of its own: the speaker of the same quotation, else of the quote next to it."""
    current = statements[number]
    same_group = [s for s in statements if s.group is not None and s.group == current.group and s.speaker]
    neighbours = [s for s in statements[max(0, number - 1) : number + 2] if s is not current and s.speaker]
    donors = same_group or neighbours
    donor = donors[0] if donors else None
    if donor is not None and donor.speaker is not None:
        current.speaker = donor.speaker
        current.speaker_score = SPEAKER_ADJACENT
        if donor.cue is not None and current.group is not None and donor.group == current.group:
            current.cue = donor.cue


def _speaker(
    analysis: Analysis, subject: Token, last_person: Mention | None, last_group: Mention | None
) -> tuple[Mention | None, float]:
    """The mention that names who spoke, from the cue's subject."""
    if subject.i in analysis.person_at:
        return analysis.person_at[subject.i], SPEAKER_SUBJECT
    # "the spokesman, Bryan Whitman, said": the name in apposition.
    for child in subject.children:
        if child.dep_ in ("appos", "compound", "flat") and child.i in analysis.person_at:
            return analysis.person_at[child.i], SPEAKER_SUBJECT
    lower = subject.lower_
    if lower in PERSON_PRONOUNS:
        person = _closest_mention(analysis, last_person, subject.i)
        return (person, SPEAKER_PRONOUN) if person else (None, 0.0)
    if lower in GROUP_PRONOUNS or lower in THING_PRONOUNS:
        return (last_group, SPEAKER_PRONOUN) if last_group else (None, 0.0)
    if subject.pos_ == "PRON":
        return None, 0.0
    if is_role_word(subject):
        phrase = role_phrase(analysis, subject)
        if phrase is None:
            phrase = (subject.i, subject.i)
        return analysis.add_role(analysis.mention("ROLE", *phrase, 0.8)), SPEAKER_SUBJECT
    if subject.ent_type_ in _ORG_TYPES or subject.pos_ == "PROPN":
        first, last = _entity_bounds(analysis, subject)
        return analysis.add_org(analysis.mention("ORG", first, last, 0.75)), SPEAKER_SUBJECT
    if subject.pos_ == "NOUN":
        first = min((c.i for c in subject.lefts if c.dep_ in ("det", "compound", "amod")), default=subject.i)
        return analysis.add_org(analysis.mention("ORG", first, subject.i, 0.5)), 0.6
    return None, 0.0


def _entity_bounds(analysis: Analysis, token: Token) -> tuple[int, int]:
    doc = analysis.doc
    if token.ent_type_:
        first = last = token.i
        while (first > 0 and doc[first - 1].ent_iob_ == "I") or (doc[first].ent_iob_ == "I" and first > 0):
            if doc[first].ent_iob_ == "B":
                break
            first -= 1
        while last + 1 < len(doc) and doc[last + 1].ent_iob_ == "I":
            last += 1
        return first, last
    first = min((c.i for c in token.lefts if c.dep_ in ("compound", "det")), default=token.i)
    return first, token.i


def _closest_mention(analysis: Analysis, person: Mention | None, before: int) -> Mention | None:
    """The mention of ``person`` nearest before a token (a pronoun points at the closest naming)."""
    candidates = [m for m in analysis.people if m.last < before]
    if person is not None:
        same = [m for m in candidates if m.key == person.key]
        if same:
            return same[-1]
    subjects = [m for m in candidates if analysis.doc[m.last].dep_ in ("nsubj", "nsubjpass")]
    chosen = subjects or candidates
    return chosen[-1] if chosen else None
