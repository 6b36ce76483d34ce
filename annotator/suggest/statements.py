"""Statements: direct and indirect quotes and the cues that introduce them.

An indirect quote is the clausal complement of a cue that has a subject (or the
clause qualified by "according to"); a direct quote is linked to the cue that
governs it, else to the nearest cue in its sentences or in the attribution just
before it ("X said:"); a quote with no cue borrows the speaker next to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.suggest.colons import headline_statement
from annotator.suggest.cues import framed_content, is_cue, is_weak, passive_topic
from annotator.suggest.lexicon import DENIAL_VERBS, ORG_NOUNS, QUESTION_MARKS, STATEMENT_NOUNS
from annotator.suggest.mentions import Analysis, Mention, Statement
from annotator.suggest.roles import is_role_word, role_phrase
from annotator.suggest.speakers import resolve_speakers, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

    from annotator.suggest.quotes import QuotePiece

DIRECT_CUED = 0.95
DIRECT_UNCUED = 0.6
INDIRECT = 0.75
SHORT_QUOTE_WORDS = 4
SPLIT_GAP = 40  # most characters of the attribution between two pieces of one quotation
# Fewest tokens of an indirect content: a clause, or an object ("criticized Trump").
CLAUSE_TOKENS = 3
FRAMED_TOKENS = 1
# Cues whose content is a question ("asked whether the plan would pass").
_ASKING_VERBS = {"ask", "wonder", "question"}
# Cues that state something with a how-clause ("explained how the plan would work"),
# unlike "would not say when" (PolNeAR train: explain, describe and tell head most).
_TELLING_VERBS = {"explain", "describe", "detail", "outline", "recount", "recall", "tell", "reveal", "show"}
_HOW_WORDS = {"how", "why"}
# Prepositions whose gerund is something the subject did ("by calling him a liar",
# "with the mayor praising the plan"), unlike "without naming her", "about attacking".
_GERUND_PREPS = {"by", "with", "in", "after", "while", "when", "before", "for"}
# Verbs whose infinitive happened ("continued to attack him"), unlike "wants to", "plans to"
# (PolNeAR train: the cue rate of a framed cue verb's infinitive by its head verb).
_GOING_ON = {"continue", "begin", "start", "use", "spend", "proceed"}
_REQUEST_VERBS = {"ask", "urge", "advise", "call", "tell", "warn"}


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


def _without_according(analysis: Analysis, first: int, last: int) -> tuple[int, int]:
    """Cut a trailing ", according to X" off a clause (it names the source, not content)."""
    doc = analysis.doc
    for k in range(first, last + 1):
        if doc[k].lower_ == "according" and k + 1 <= last and doc[k + 1].lower_ == "to" and k > first:
            return first, k - 1
    return first, last


def _within_paragraph(analysis: Analysis, first: int, last: int, anchor: int) -> tuple[int, int] | None:
    """Keep a clause inside the paragraph of its cue (a headline without a full stop
    parses as one sentence with the lead), and drop a leading dateline ("PORT ELLING —")."""
    doc = analysis.doc
    for k in range(anchor - 1, first - 1, -1):
        if "\n" in doc[k].text:
            first = k + 1
            break
    for k in range(anchor + 1, last + 1):
        if "\n" in doc[k].text:
            last = k - 1
            break
    for k in range(first, min(first + 6, last)):
        if doc[k].text in ("—", "–", "--") and all(t.is_upper or not t.is_alpha for t in doc[first:k]):
            first = k + 1
            break
    return (first, last) if first <= last else None


def _content(verb: Token) -> Token | None:
    """The cue's clause: of several, one in the cue's paragraph, the nearest (a
    headline or a quotation without a full stop parses into the next paragraph's
    sentence, "...," with its clause hanging on that sentence's verb)."""
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if len(clauses) > 1:
        text = verb.doc.text
        same = [c for c in clauses if "\n" not in text[min(c.idx, verb.idx) : max(c.idx, verb.idx)]]
        clauses = sorted(same or clauses, key=lambda c: abs(c.i - verb.i))
    if clauses:
        return clauses[0]
    hung = _clause_on_venue(verb)
    if hung is not None:
        return hung
    gerund = next((c for c in verb.children if c.dep_ == "xcomp" and c.tag_ == "VBG" and c.i > verb.i), None)
    if gerund is not None and any(c.dep_ == "ccomp" and _finite(c) for c in gerund.children):
        return gerund  # "said legalizing it could put thousands to work": a misparsed clause
    if verb.lemma_.lower() in DENIAL_VERBS:
        for child in verb.children:
            if child.dep_ in ("dobj", "xcomp") and child.pos_ in ("NOUN", "VERB", "PROPN"):
                return child
    return None


def _finite(verb: Token) -> bool:
    """A verb with a subject and a tense or a modal of its own ("it could put")."""
    return _has_subject(verb) and (
        verb.tag_ in ("VBD", "VBZ", "VBP") or any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children)
    )


def _clause_on_venue(verb: Token) -> Token | None:
    """ "said in a statement that the race is over": the that-clause parsed as hanging
    on the noun of the preposition after the cue."""
    for prep in verb.rights:
        if prep.dep_ != "prep":
            continue
        for noun in prep.children:
            if noun.dep_ != "pobj":
                continue
            for clause in noun.rights:
                first = clause.left_edge
                if clause.dep_ in ("acl", "ccomp") and first.dep_ == "mark" and first.lower_ == "that":
                    return clause
    return None


def _document_gerund(verb: Token) -> bool:
    """ "a statement describing the plan as ...", "an ad questioning his record": a
    gerund on a statement or an organisation says what it states."""
    head = verb.head.lemma_.lower()
    return verb.dep_ == "acl" and verb.tag_ == "VBG" and (head in STATEMENT_NOUNS or head in ORG_NOUNS)


def _framed_speaker(verb: Token) -> bool:
    """Whether a cue with an object for content can be someone saying it ("Trump
    cited the poll", "Citing the poll, officials ..."), not a participle hanging on
    a noun ("rounds aimed at") or a preposition ("with attacking style")."""
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.lower_ in _GERUND_PREPS:
        # "tripped him up by calling him a liar": he did call him one; after "with"
        # only with a subject of its own ("with the mayor calling", not "with attacking style").
        if verb.head.lower_ == "with" and not any(c.dep_ == "nsubj" for c in verb.children):
            return False
    elif _document_gerund(verb):
        pass  # "issued a statement describing the plan as a step forward"
    elif verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _GOING_ON:
        pass  # "continued to praise the plan", "used the speech to attack him": it was said
    elif verb.dep_ in ("acl", "amod", "pcomp", "compound", "prep", "pobj", "xcomp"):
        return False
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.i < verb.head.i:
        return False  # "Citing privacy rules, officials ...": the grounds of an act, not a claim
    # "defended the plan, saying ...": what follows is the statement, the object its
    # topic; "praised the plan and said ..." are two statements (PolNeAR train).
    return not any(c.dep_ in ("advcl", "xcomp") and is_cue_lemma(c) for c in verb.rights)


def is_cue_lemma(token: Token) -> bool:
    return token.pos_ == "VERB" and token.lemma_.lower() in ("say", "add", "tell", "write", "explain")


def _request(verb: Token) -> tuple[int, int] | None:
    """ "asked the council to help the girls": who is asked and what to do."""
    if verb.lemma_.lower() not in _REQUEST_VERBS:
        return None
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)
    action = next((c for c in verb.children if c.dep_ == "xcomp"), None)
    if obj is None or action is None or obj.i > action.i:
        return None
    return min(t.i for t in obj.subtree), max(t.i for t in action.subtree)


def _indirect(analysis: Analysis, verb: Token) -> Statement | None:
    """The reported clause of a cue, when the cue has a subject and the clause states something."""
    doc = analysis.doc
    if subject_of(verb) is None and (is_weak(verb) or not _shares_subject(verb)):
        return None
    content = _content(verb)
    bounds: tuple[int, int] | None
    shortest = CLAUSE_TOKENS
    if content is not None:
        tokens = list(content.subtree)
        if (
            tokens[0].lower_ in QUESTION_MARKS
            and tokens[0].dep_ in ("mark", "advmod", "nsubj", "dobj")
            and tokens[0].head.i == content.i
            and verb.lemma_.lower() not in _ASKING_VERBS
            and not (tokens[0].lower_ in _HOW_WORDS and verb.lemma_.lower() in _TELLING_VERBS)
        ):
            return None  # "did not answer whether ...": a question, not a statement
        bounds = (tokens[0].i, tokens[-1].i)
    else:
        bounds = _request(verb)
        if bounds is None:
            bounds = passive_topic(verb)
            shortest = FRAMED_TOKENS
        if bounds is None and _framed_speaker(verb):
            bounds = framed_content(verb)
            shortest = FRAMED_TOKENS
    if bounds is None or bounds[0] <= verb.i <= bounds[1]:
        return None
    bounds = _within_paragraph(analysis, *_without_according(analysis, *bounds), anchor=verb.i)
    bounds = _trim(analysis, *bounds) if bounds is not None else None
    if bounds is None or bounds[1] - bounds[0] + 1 < shortest:
        return None
    first, last = bounds
    outside = [k for k in range(first, last + 1) if not analysis.in_quote[k] and not doc[k].is_punct]
    if not outside:
        return None  # entirely a direct quote
    quoted = any(analysis.in_quote[k] for k in range(first, last + 1))
    if shortest == FRAMED_TOKENS and len(outside) <= 2 and quoted:
        return None  # 'called it "a textbook case"': the quotation is the content
    if content is not None:
        subject = {t.i for c in content.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
        if all(k in subject for k in outside) and any(analysis.in_quote[k] for k in range(first, last + 1)):
            return None  # 'Tillerson "continues to lead"': the quotation says it all
    return Statement(analysis.mention("QUOTE", first, last, INDIRECT, type="indirect"), verb=verb)


def _shares_subject(verb: Token) -> bool:
    """A speaker the parse does not make the subject: "He survived five years in prison
    and says such methods are cruel" (a verb joined to an earlier one shares its
    subject), "Voters are more likely to say that ..." (the infinitive of an adjective),
    "About 4 in 10 say ..." (a number parsed as the verb's modifier)."""
    head = verb.head
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children):
        return False
    if _document_gerund(verb):
        return True
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ == "acomp":
        head = head.head
    elif any(c.dep_ == "nummod" and c.pos_ == "NUM" and c.i < verb.i for c in verb.children):
        return True
    elif verb.dep_ != "conj":
        return False
    # "They reversed themselves, rushed everyone inside and said ...": up the chain
    # of joined verbs to the one with the subject.
    while head.dep_ == "conj" and head.head.i < head.i and not _has_subject(head):
        head = head.head
    return head.i < verb.i and head.pos_ in ("VERB", "AUX") and _has_subject(head)


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def _as_aside(verb: Token) -> bool:
    """ "As the Post observed, Republicans control ...": a cue in an as-clause says
    the clause it hangs on (no clause of its own)."""
    return (
        verb.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
        and any(c.dep_ == "nsubj" for c in verb.children)  # not "as recorded in the minutes"
        and not any(_complement(c) for c in verb.children)
    )


def _complement(child: Token) -> bool:
    """What makes "as he talks about the plan, saying ..." a time, not an aside: an
    object, a clause, a topic (an aside has none, but "it" or "in a statement")."""
    if child.dep_ in ("ccomp", "xcomp", "advcl", "dative", "conj"):
        return True
    if child.dep_ == "dobj":
        return child.lower_ not in ("it", "so")
    return child.dep_ == "prep" and child.lower_ not in ("in", "on", "at")


def _parenthetical(analysis: Analysis, verb: Token) -> list[Statement]:
    """ "Many of the closures, he said, have involved ...": a cue set in the clause it
    reports; the clause around it, one statement per side (minus a leading "but")."""
    doc = analysis.doc
    head = verb.head
    if subject_of(verb) is None or head.i == verb.i or head.pos_ not in ("VERB", "AUX"):
        return []
    sent = verb.sent
    inner = {t.i for t in verb.subtree}
    clause = sorted(t.i for t in head.subtree if t.i not in inner and sent.start <= t.i < sent.end)
    # "But", "Well" before the cue are no part of what was said; "In his state,
    # Christie said, ..." is (PolNeAR train: its Content has a piece on each side).
    lead = {
        t.i
        for child in head.children
        if child.i < verb.i and child.dep_ in ("cc", "intj")
        for t in child.subtree
    }
    found = []
    for side in (
        [k for k in clause if k < min(inner) and k not in lead],
        [k for k in clause if k > max(inner)],
    ):
        if not side:
            continue
        bounds = _trim(analysis, side[0], side[-1])
        if bounds is None or sum(1 for t in doc[bounds[0] : bounds[1] + 1] if not t.is_punct) < 2:
            continue
        first, last = bounds
        if all(analysis.in_quote[k] or doc[k].is_punct for k in range(first, last + 1)):
            continue
        found.append(Statement(analysis.mention("QUOTE", first, last, INDIRECT, type="indirect"), verb=verb))
    return found


def _according_to(analysis: Analysis, token: Token) -> Statement | None:
    """ "..., according to the official": the clause it qualifies."""
    doc = analysis.doc
    to = doc[token.i + 1] if token.i + 1 < len(doc) else None
    source = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    head = token.head
    if to is None or to.lower_ != "to" or head.i == token.i:
        return None
    phrase = (
        {t.i for t in token.subtree}
        | {to.i}
        | ({t.i for t in source.subtree} if source is not None else set())
    )
    sent = token.sent
    clause = [t.i for t in head.subtree if t.i not in phrase and sent.start <= t.i < sent.end]
    if not clause:
        return None
    first, last = min(clause), max(clause)
    if first <= token.i <= last:
        # "according to" inside the clause: keep the longer side.
        before, after = (first, token.i - 1), (max(phrase) + 1, last)
        first, last = before if before[1] - before[0] >= after[1] - after[0] else after
    bounds = _trim(analysis, first, last)
    if bounds is None or bounds[1] - bounds[0] < 2:
        return None
    first, last = bounds
    if all(analysis.in_quote[k] or doc[k].is_punct for k in range(first, last + 1)):
        return None
    return Statement(analysis.mention("QUOTE", first, last, INDIRECT, type="indirect"), verb=token)


def _is_according(analysis: Analysis, token: Token) -> bool:
    doc = analysis.doc
    return (
        token.lower_ == "according"
        and token.i + 1 < len(doc)
        and doc[token.i + 1].lower_ == "to"
        and not analysis.in_quote[token.i]
    )


def find_statements(analysis: Analysis) -> None:
    """Fill ``analysis.statements`` with cues and speakers (adding ROLE and ORG speakers)."""
    doc = analysis.doc
    cues: list[Token] = []
    indirect: list[Statement] = []
    for token in doc:
        if token.text == ":" and analysis.parsed:
            found = headline_statement(analysis, token)
        elif _is_according(analysis, token):
            cues.append(token)
            found = _according_to(analysis, token)
        elif is_cue(token, analysis):
            if not analysis.parsed:
                cues.append(token)
                continue
            _unnamed_source(analysis, token)
            found = _indirect(analysis, token)
            if found is None and (token.dep_ == "parataxis" or _as_aside(token)):
                pieces = _parenthetical(analysis, token)
                indirect.extend(pieces[1:])
                found = pieces[0] if pieces else None
            if found is not None or not is_weak(token) or _near_quote(analysis, token):
                cues.append(token)
        else:
            continue
        if found is not None:
            indirect.append(found)
    # What someone says that someone else said is part of the outer statement.
    outer = [s.mention for s in indirect]
    nested = {
        id(s)
        for s in indirect
        if s.verb is not None and any(m is not s.mention and m.first <= s.verb.i <= m.last for m in outer)
    }
    statements = [s for s in indirect if id(s) not in nested]
    for piece in analysis.quotes:
        direct = _direct(analysis, piece, cues)
        if direct is not None:
            statements.append(direct)
    statements.sort(key=lambda s: (s.mention.start, s.mention.end))
    resolve_speakers(analysis, statements)
    analysis.statements = statements


def _unnamed_source(analysis: Analysis, verb: Token) -> None:
    """ "an administration official confirmed": a role that speaks is a ROLE, whatever it says."""
    subject = subject_of(verb)
    if subject is not None and subject.i not in analysis.person_at and is_role_word(subject):
        phrase = role_phrase(analysis, subject)
        if phrase is not None:
            analysis.add_role(analysis.mention("ROLE", *phrase, 0.8))


def _near_quote(analysis: Analysis, verb: Token) -> bool:
    sent = verb.sent
    return any(analysis.in_quote[k] for k in range(sent.start, sent.end))


def _direct(analysis: Analysis, piece: QuotePiece, cues: list[Token]) -> Statement | None:
    span = analysis.doc.char_span(piece.start, piece.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    words = sum(1 for t in span if not t.is_punct)
    if words <= 6 and _title_like(span):
        return None  # a name or a title in quotation marks, not someone's words
    short = words < SHORT_QUOTE_WORDS and not _whole_sentence(analysis, piece)
    verb = _cue_for(analysis, span, cues, structural_only=short)
    if verb is None and short:
        verb = _split_by_cue(analysis, piece, cues)
        if verb is None:
            return None  # a scare quote
    score = DIRECT_CUED if verb is not None else DIRECT_UNCUED
    mention = Mention("QUOTE", piece.start, piece.end, score, span.start, span.end - 1, {"type": "direct"})
    return Statement(mention, group=piece.group, verb=verb)


def _whole_sentence(analysis: Analysis, piece: QuotePiece) -> bool:
    """A quotation that is a sentence of its own ('"They sue." ', '"Why not?"'):
    someone's words however short, not a scare quote."""
    words = analysis.text[piece.start : piece.end].strip()
    return len(words) > 1 and words[0].isupper() and words.rstrip("'’\"”")[-1:] in ".?!"


def _split_by_cue(analysis: Analysis, piece: QuotePiece, cues: list[Token]) -> Token | None:
    """The cue between the opening words of a quotation and the rest of it ('"So far,"
    she said, "the plan has worked."'): the short first piece is the speaker's too."""
    if piece.close_mark is None:
        return None
    after = next((q for q in analysis.quotes if q.open_mark > piece.close_mark), None)
    if after is None or after.open_mark - piece.close_mark > SPLIT_GAP:
        return None
    between = analysis.text[piece.close_mark + 1 : after.open_mark]
    if "\n" in between or not between.rstrip().endswith((",", ":")):
        return None
    return next((c for c in cues if piece.close_mark < c.idx < after.open_mark), None)


def _title_like(span: SpacySpan) -> bool:
    words = [t for t in span if t.is_alpha and not t.is_stop]
    return bool(words) and all(t.is_title or t.is_upper for t in words)


def _cue_for(analysis: Analysis, span: SpacySpan, cues: list[Token], structural_only: bool) -> Token | None:
    """The cue of a direct quote: the nearest one governing it, else the nearest in
    its sentences, else a cue ending the paragraph's attribution before it."""
    doc = analysis.doc
    if not analysis.parsed:
        near = [c for c in cues if span.sent.start <= c.i < span.sent.end or abs(c.i - span.end) <= 3]
        return min(near, key=lambda c: min(abs(c.i - span.start), abs(c.i - span.end))) if near else None
    chain = [span.root.i] + [t.i for t in span.root.ancestors]
    depth = {i: n for n, i in enumerate(chain)}

    def rank(cue: Token) -> int | None:
        if cue.lower_ == "according":
            return depth.get(cue.head.i)
        if cue.i in depth:
            return depth[cue.i]
        if any(a.i == span.root.i for a in cue.ancestors):
            return 0  # the cue hangs on the quotation ("...," she said)
        return None

    first_sent, last_sent = doc[span.start].sent, doc[span.end - 1].sent
    window_end = last_sent.end
    if window_end < len(doc) and last_sent.end - 1 <= span.end:
        window_end = doc[window_end].sent.end  # attribution split into a sentence of its own
    nearby = [
        c
        for c in cues
        if first_sent.start <= c.i < window_end and _same_paragraph(analysis, c.idx, span.start_char)
    ]
    structural = sorted((r, c.i) for c in nearby if (r := rank(c)) is not None)
    if structural:
        return doc[structural[0][1]]
    if structural_only:
        return None
    if nearby:
        return min(nearby, key=lambda c: min(abs(c.i - span.start), abs(c.i - span.end)))
    return _attribution_before(analysis, span, cues)


def _attribution_before(analysis: Analysis, span: SpacySpan, cues: list[Token]) -> Token | None:
    """ "Obama tweeted on Thursday:" / "He said:" right before a quotation: a cue at
    the end of the sentence before it, or one that ends with a colon."""
    doc = analysis.doc
    start = span.start - 1
    while start >= 0 and (doc[start].is_punct or doc[start].is_space) and doc[start].text != ":":
        start -= 1
    if start < 0:
        return None
    previous = doc[start].sent
    colon = doc[start].text == ":"
    candidates = [c for c in cues if previous.start <= c.i <= start and (colon or _says_nothing_else(c))]
    return candidates[-1] if candidates else None


def _says_nothing_else(cue: Token) -> bool:
    """A cue whose sentence reports no other content: no clause, and no object but a
    statement ("issued a statement", "tweeted on Thursday"), unlike "announces new homes"."""
    for child in cue.children:
        if child.dep_ in ("ccomp", "xcomp"):
            return False
        if child.dep_ == "dobj" and child.lemma_.lower() not in STATEMENT_NOUNS:
            return False
    return True


def _same_paragraph(analysis: Analysis, a: int, b: int) -> bool:
    lo, hi = sorted((a, b))
    return "\n" not in analysis.text[lo:hi]
