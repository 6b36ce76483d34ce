"""CLAIM and DENIES: what each DENIAL answers, where the article states it.

In order, the first that gives one wins:

1. the clause of the denied noun ("denied reports he is unwell");
2. an earlier claim sharing at least two content words with the denial's opening;
3. a denial inside another (a quoted word of it) answers what that one answers;
4. a denial that names what it answers by a claim noun ("the allegations",
   "lies", "in response to the reports") answers the claims the article states
   with such a noun before it ("allegations he ordered ...", "a plan to replace
   ..."), else the latest statement before it by another source;
5. else the statement just before it (same or previous paragraph) by another
   source, with a low score: news puts a rebuttal right after the charge.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from annotator.suggest.lexicon import DENIAL_VERBS, words
from annotator.suggest.mentions import Analysis, Mention, Statement

if TYPE_CHECKING:
    from spacy.tokens import Token

# Nouns whose clause states a claim ("reports that ...", "allegations he ...").
CLAIM_NOUNS = words(
    """
    report reports allegation allegations claim claims accusation accusations rumour rumours
    rumor rumors suggestion suggestions charge charges speculation story stories
    """
)
# Nouns by which a denial names what it answers ("lies and distortions").
_ANSWERED_NOUNS = CLAIM_NOUNS | words("lie lies distortion distortions smear smears assertion assertions")
# Nouns whose clause is a claim only once a denial answers it ("a plan to replace ...").
_PLANS = words("plan plans idea notion")
_STATED_NOUNS = CLAIM_NOUNS | _PLANS
MAX_STATED = 2
_BREAK = re.compile(r"\n+")
_FIRST_SENTENCE = re.compile(r".+?(?:[.!?](?=\s)|$)", re.S)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
_STOP = words(
    """
    the a an of to in on at for and or but that this these those is are was were be been has
    have had will would it its he she they his her their with by from as not no
    """
)


def find_claims(analysis: Analysis) -> None:
    """CLAIM mentions and DENIES for every DENIAL statement (see the module's rules)."""
    stated = _stated_claims(analysis)
    answered: list[tuple[Mention, list[Mention]]] = []
    for statement in analysis.statements:
        m = statement.mention
        if m.label != "DENIAL":
            continue
        single = _claim_in_object(analysis, statement) or _similar_claim(analysis, statement, stated)
        claims = [single] if single is not None else []
        if not claims:
            claims = next(
                (found for outer, found in answered if outer.start <= m.start and m.end <= outer.end), []
            )
        if not claims:
            claims = _claims_referred_to(analysis, statement, stated)
        if not claims:
            near = _claim_next_door(analysis, statement)
            claims = [near] if near is not None else []
        claims = [_add_claim(analysis, c) for c in claims]
        answered.append((m, claims))
        for claim in claims:
            analysis.denies.append((m, claim, claim.score))


def _claim_in_object(analysis: Analysis, statement: Statement) -> Mention | None:
    """ "denied reports he is unwell": the clause attached to the denied noun."""
    verb = statement.verb
    if verb is None or verb.lemma_.lower() not in DENIAL_VERBS:
        return None
    for obj in verb.children:
        if obj.dep_ == "dobj" and obj.lower_ in CLAIM_NOUNS:
            for clause in obj.children:
                if clause.dep_ in ("acl", "ccomp", "relcl") or (
                    clause.dep_ == "prep" and clause.lower_ == "of"
                ):
                    tokens = list(clause.subtree)
                    first, last = tokens[0].i, tokens[-1].i
                    if analysis.doc[first].lower_ in ("that", "of"):
                        first += 1
                    if first <= last:
                        return analysis.mention("CLAIM", first, last, 0.7)
    return None


def _refers(analysis: Analysis, statement: Statement) -> bool:
    """Whether a denial names what it answers by a claim noun: in its opening ("the
    claim was untrue", "lies and distortions"), as the denial verb's object ("denied
    the report") or in its sentence outside it ("In response to the reports, X said")."""
    doc = analysis.doc
    m = statement.mention
    sent = doc[m.first].sent
    opening = doc[m.first : min(m.last, sent.end - 1) + 1]
    if any(t.lemma_.lower() in _ANSWERED_NOUNS or t.lower_ in _ANSWERED_NOUNS for t in opening):
        return True
    verb = statement.verb
    if verb is None:
        return False
    if verb.lemma_.lower() in DENIAL_VERBS and any(
        c.dep_ == "dobj" and c.lower_ in CLAIM_NOUNS for c in verb.children
    ):
        return True
    return any(
        t.lower_ in CLAIM_NOUNS
        and t.dep_ == "pobj"
        and not analysis.in_quote[t.i]
        and not m.first <= t.i <= m.last
        for t in verb.sent
    )


def _claims_referred_to(analysis: Analysis, statement: Statement, stated: list[Mention]) -> list[Mention]:
    """A denial naming what it answers: the claims stated before it with a claim
    noun (the first two), else the latest statement before it by another source."""
    if not _refers(analysis, statement):
        return []
    m = statement.mention
    before = [c for c in stated if c.end <= m.start]
    if before:
        return before[:MAX_STATED]
    for other in reversed(analysis.statements):
        o = other.mention
        if o.end > m.start or o.label != "QUOTE" or _same_source(analysis, other, statement):
            continue
        return [Mention("CLAIM", o.start, o.end, 0.45, o.first, o.last)]
    return []


def _claim_next_door(analysis: Analysis, statement: Statement) -> Mention | None:
    """The statement right before a denial, in its paragraph or the one before, by
    another named source: the charge a rebuttal follows."""
    m = statement.mention
    earlier = [s for s in analysis.statements if s.mention.end <= m.start]
    if not earlier or statement.speaker is None:
        return None
    other = earlier[-1]
    o = other.mention
    if o.label != "QUOTE" or other.speaker is None or _same_source(analysis, other, statement):
        return None
    if len(_BREAK.findall(analysis.text, o.end, m.start)) > 1:
        return None  # more than one paragraph break between them
    return Mention("CLAIM", o.start, o.end, 0.3, o.first, o.last)


def _same_source(analysis: Analysis, a: Statement, b: Statement) -> bool:
    """One speaker: one mention, one person (name linking) or the same words ("the chief executive")."""
    x, y = a.speaker, b.speaker
    if x is None or y is None:
        return False
    text = analysis.text
    return (
        x is y
        or (bool(x.key) and x.key == y.key)
        or text[x.start : x.end].lower().removeprefix("the ")
        == text[y.start : y.end].lower().removeprefix("the ")
    )


def _stated_claims(analysis: Analysis) -> list[Mention]:
    """Claims the article states with a claim noun, outside quotations: "reports that
    X", "allegations he ...", "a plan to X"."""
    doc = analysis.doc
    found = []
    for token in doc:
        if token.lower_ not in _STATED_NOUNS or token.pos_ != "NOUN" or analysis.in_quote[token.i]:
            continue
        for clause in token.children:
            if clause.dep_ in ("acl", "ccomp") and not analysis.in_quote[clause.i] and _states(token, clause):
                tokens = list(clause.subtree)
                first = tokens[0].i + (1 if tokens[0].lower_ == "that" else 0)
                if first <= tokens[-1].i:
                    found.append(analysis.mention("CLAIM", first, tokens[-1].i, 0.5))
                break
        else:
            # "allegations he ordered his forces to ...", parsed as two clauses: the
            # subject right after the noun opens the claim.
            nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
            verb = nxt.head if nxt is not None else None
            if (
                nxt is not None
                and verb is not None
                and nxt.dep_ in ("nsubj", "nsubjpass")
                and verb.pos_ in ("VERB", "AUX")
                and verb.i > nxt.i
                and nxt.left_edge.i == nxt.i
            ):
                last = min(verb.right_edge.i, verb.sent.end - 1)
                while last > nxt.i and doc[last].is_punct:
                    last -= 1
                found.append(analysis.mention("CLAIM", nxt.i, last, 0.45))
    return found


def _states(noun: Token, clause: Token) -> bool:
    """Whether a noun's clause says what is claimed: "reports that X", "allegations he
    ordered", "a plan to replace X"; not "the report published Tuesday" nor "the story
    that will be talked about" (what the noun is, not what it claims)."""
    children = list(clause.children)
    if any(c.dep_ == "mark" and c.lower_ == "that" for c in children):
        return True
    if noun.lower_ in _PLANS:
        return any(c.dep_ == "aux" and c.lower_ == "to" for c in children)
    return clause.tag_ not in ("VBG", "VBN") and any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in ("that", "which", "who") for c in children
    )


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)} - _STOP


def _similar_claim(analysis: Analysis, statement: Statement, stated: list[Mention]) -> Mention | None:
    """The earlier claim that shares most content words with the denial: one the
    article states (two words), or a statement by another source (three: two are
    too often the story's topic, PolNeAR train shows)."""
    m = statement.mention
    # The opening sentence says what is denied; what follows argues (and shares words
    # with everything around it).
    opening = _FIRST_SENTENCE.match(analysis.text[m.start : m.end])
    denial_words = _words(opening.group(0) if opening else analysis.text[m.start : m.end])
    candidates = [(c, 2) for c in stated] + [
        (Mention("CLAIM", o.mention.start, o.mention.end, 0.4, o.mention.first, o.mention.last), 3)
        for o in analysis.statements
        if o.mention.label == "QUOTE" and o.speaker is not None and not _same_source(analysis, o, statement)
    ]
    best, best_score = None, 0
    for claim, least in candidates:
        if claim.start >= m.start:
            continue
        shared = len(denial_words & _words(analysis.text[claim.start : claim.end]))
        if shared >= least and shared > best_score:
            best, best_score = claim, shared
    return best


def _add_claim(analysis: Analysis, claim: Mention) -> Mention:
    for other in analysis.claims:
        if (other.start, other.end) == (claim.start, claim.end):
            return other
    analysis.claims.append(claim)
    return claim
