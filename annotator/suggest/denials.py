"""DENIAL: statements whose cue is a denial verb, whose content dismisses a claim
("ridiculous", "baseless") or whose opening clause negates a fact ("she was never
forced"); CLAIM and DENIES where the article states what is denied."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from annotator.suggest.cues import is_cue
from annotator.suggest.lexicon import DENIAL_CONTENT, DENIAL_VERBS, words
from annotator.suggest.mentions import Analysis, Mention, Statement
from annotator.suggest.speakers import speak_for, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Token

CLAIM_NOUNS = words(
    """
    report reports allegation allegations claim claims accusation accusations rumour rumours
    rumor rumors suggestion suggestions charge charges speculation story stories
    """
)
OBJECT_SCORE = 0.7
_FIRST_SENTENCE = re.compile(r".+?(?:[.!?](?=\s)|$)", re.S)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
_STOP = words(
    """
    the a an of to in on at for and or but that this these those is are was were be been has
    have had will would it its he she they his her their with by from as not no
    """
)


def _refuses_to_confirm(statement: Statement) -> bool:
    verb = statement.verb
    if verb is None or verb.lemma_.lower() != "confirm":
        return False
    negated = any(c.dep_ == "neg" for c in verb.children)
    return negated or verb.head.lemma_.lower() in ("refuse", "decline")


def is_denial(analysis: Analysis, statement: Statement) -> bool:
    """A denial verb (or a statement it leads: "rejected the claims, saying ..."), a
    refusal to confirm, a claim called baseless ("described the report as baseless"),
    or content that negates a claim."""
    verb = statement.verb
    if verb is not None and verb.lemma_.lower() in DENIAL_VERBS:
        return True
    if _refuses_to_confirm(statement) or (verb is not None and _under_denial_verb(verb)):
        return True
    if verb is not None and _dismissive_complement(analysis, verb, statement.mention):
        return True
    m = statement.mention
    # Only the opening sentence: a denial says so first, a long quotation that
    # merely uses "absurd" somewhere later is not one.
    opening = _FIRST_SENTENCE.match(analysis.text[m.start : m.end])
    if opening is not None and DENIAL_CONTENT.search(opening.group(0)) is not None:
        return True
    return analysis.parsed and _negated_opening(analysis, statement)


# What "reject", "dismiss", "dispute" deny when it is a claim, not a proposal or a bill.
DENIED_NOUNS = CLAIM_NOUNS | words(
    """
    idea ideas notion notions assertion assertions characterisation characterization criticism
    criticisms figure figures finding findings account accounts version premise conclusion
    conclusions interpretation theory theories assessment assessments description comparison
    comparisons link links involvement wrongdoing responsibility knowledge
    """
)


def _denied_object(verb: Token) -> Token | None:
    """The claim a denial verb's object names: "denied wrongdoing", "rejected the
    allegations"; not "rejected the proposal" (a vote) nor "denied them entry" (a refusal)."""
    objects = [c for c in verb.rights if c.dep_ in ("dobj", "dative") and c.pos_ in ("NOUN", "PROPN", "PRON")]
    if len(objects) != 1 or objects[0].dep_ != "dobj" or objects[0].pos_ == "PRON":
        return None
    obj = objects[0]
    if verb.lemma_.lower() == "deny" or obj.lower_ in DENIED_NOUNS:
        return obj
    return None


def _under_denial_verb(verb: Token) -> bool:
    """ "The company rejected the allegations, saying it had followed the law": what
    the participle says is the grounds of the denial, and denies too."""
    head = verb.head
    return (
        verb.tag_ == "VBG"
        and verb.dep_ in ("advcl", "xcomp", "conj")
        and head.i < verb.i
        and head.lemma_.lower() in DENIAL_VERBS
        and (_denied_object(head) is not None or any(c.dep_ == "ccomp" for c in head.children))
    )


def _dismissive_complement(analysis: Analysis, verb: Token, mention: Mention) -> bool:
    """ "described the accusations as baseless", "called the claims ridiculous": the
    cue's complement (outside the content) calls the claim empty."""
    for child in verb.rights:
        if child.dep_ in ("oprd", "acomp", "xcomp") or (
            child.dep_ in ("prep", "advcl") and child.left_edge.lower_ == "as"
        ):
            first, last = child.left_edge, child.right_edge
            outside = first.i > mention.last or last.i < mention.first
            if outside and DENIAL_CONTENT.search(analysis.text[first.idx : last.idx + len(last)]):
                return True
    return False


def _negated_opening(analysis: Analysis, statement: Statement) -> bool:
    """ "she was never forced", "it wasn't particularly sensitive": the opening clause's
    main verb is negated and says how things are or were, not what someone will do
    ("he would not return" announces, it does not deny)."""
    doc = analysis.doc
    m = statement.mention
    first_sent = doc[m.first].sent
    last = min(m.last, first_sent.end - 1)
    if last < m.first:
        return False
    root = doc[m.first : last + 1].root
    if any(c.tag_ == "MD" for c in root.children):
        return False
    if any(c.dep_ == "neg" for c in root.children):
        return True
    # "We reject that characterisation", "we strongly deny": the content is itself a denial.
    if root.lemma_.lower() in DENIAL_VERBS and any(c.dep_ == "nsubj" for c in root.children):
        return True
    # "no payment was ever made", "no decision has been taken": a subject denied outright.
    return any(
        c.dep_ in ("nsubj", "nsubjpass") and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
        for c in root.children
    )


def _denied_objects(analysis: Analysis) -> None:
    """ "denied the allegations", "dismissed the report as speculation": a denial verb's
    object is what it denies, however short (other cues need a clause); a DENIAL with
    the verb's cue and speaker."""
    doc = analysis.doc
    statements = analysis.statements
    used = {s.verb.i for s in statements if s.verb is not None}
    added = []
    for token in doc:
        if (
            token.lemma_.lower() not in DENIAL_VERBS
            or token.i in used
            or not is_cue(token, analysis)
            or subject_of(token) is None
        ):
            continue
        obj = _denied_object(token)
        if obj is None or any(s.mention.first <= token.i <= s.mention.last for s in statements):
            continue
        first, last = obj.left_edge.i, obj.right_edge.i
        if any(analysis.in_quote[k] for k in range(first, last + 1)):
            continue
        mention = analysis.mention("DENIAL", first, last, OBJECT_SCORE, type="indirect")
        statement = Statement(mention, verb=token)
        earlier = [s for s in statements if s.mention.start < mention.start]
        speak_for(analysis, statement, earlier)
        added.append(statement)
    if added:
        statements.extend(added)
        statements.sort(key=lambda s: (s.mention.start, s.mention.end))


def find_denials(analysis: Analysis) -> None:
    """Relabel denying statements, then find the claims they answer."""
    if analysis.parsed:
        _denied_objects(analysis)
    for statement in analysis.statements:
        if is_denial(analysis, statement):
            statement.mention.label = "DENIAL"
    # Words quoted inside a denial are part of it ('... what he termed an "unjust" campaign').
    denials = [s.mention for s in analysis.statements if s.mention.label == "DENIAL"]
    for statement in analysis.statements:
        m = statement.mention
        if m.label == "QUOTE" and any(d.start <= m.start and m.end <= d.end for d in denials if d is not m):
            m.label = "DENIAL"
    candidates = _claim_clauses(analysis)
    for statement in analysis.statements:
        if statement.mention.label != "DENIAL":
            continue
        claim = (
            _claim_in_object(analysis, statement)
            or _similar_claim(analysis, statement, candidates)
            or _claim_referred_to(analysis, statement)
        )
        if claim is not None:
            claim = _add_claim(analysis, claim)
            analysis.denies.append((statement.mention, claim, claim.score))


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


def _claim_referred_to(analysis: Analysis, statement: Statement) -> Mention | None:
    """ "the claim was untrue", "he denied the report": a denial that names what it
    answers by a claim noun answers the latest statement before it by another source."""
    doc = analysis.doc
    m = statement.mention
    opening = doc[m.first : min(m.last, doc[m.first].sent.end - 1) + 1]
    roles = ("nsubj", "nsubjpass", "dobj")
    refers = any(t.lemma_.lower() in CLAIM_NOUNS and t.dep_ in roles for t in opening)
    verb = statement.verb
    if verb is not None and verb.lemma_.lower() in DENIAL_VERBS:
        refers = refers or any(c.dep_ == "dobj" and c.lower_ in CLAIM_NOUNS for c in verb.children)
    if not refers:
        return None
    for other in reversed(analysis.statements):
        o = other.mention
        if o.end > m.start or o.label != "QUOTE":
            continue
        if other.speaker is not None and statement.speaker is not None and _same_source(other, statement):
            continue
        return Mention("CLAIM", o.start, o.end, 0.45, o.first, o.last)
    return None


def _same_source(a: Statement, b: Statement) -> bool:
    x, y = a.speaker, b.speaker
    assert x is not None and y is not None
    return x is y or (bool(x.key) and x.key == y.key)


def _claim_clauses(analysis: Analysis) -> list[Mention]:
    """Claims the article states: "reports that X", "a plan to X" it says is under way,
    and statements by other sources."""
    found = []
    for token in analysis.doc:
        if token.lower_ in CLAIM_NOUNS and token.pos_ == "NOUN":
            for clause in token.children:
                if clause.dep_ in ("acl", "ccomp") and not analysis.in_quote[clause.i]:
                    tokens = list(clause.subtree)
                    first = tokens[0].i + (1 if tokens[0].lower_ == "that" else 0)
                    if first <= tokens[-1].i:
                        found.append(analysis.mention("CLAIM", first, tokens[-1].i, 0.5))
    for statement in analysis.statements:
        if statement.mention.label == "QUOTE":
            m = statement.mention
            found.append(Mention("CLAIM", m.start, m.end, 0.4, m.first, m.last))
    return found


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)} - _STOP


def _similar_claim(analysis: Analysis, statement: Statement, candidates: list[Mention]) -> Mention | None:
    """The earlier claim that shares most content words with the denial, from another source."""
    m = statement.mention
    # The opening sentence says what is denied; what follows argues (and shares words
    # with everything around it).
    opening = _FIRST_SENTENCE.match(analysis.text[m.start : m.end])
    denial_words = _words(opening.group(0) if opening else analysis.text[m.start : m.end])
    best, best_score = None, 1
    for claim in candidates:
        if claim.start >= m.start:
            continue
        shared = len(denial_words & _words(analysis.text[claim.start : claim.end]))
        if shared > best_score:
            best, best_score = claim, shared
    return best


def _add_claim(analysis: Analysis, claim: Mention) -> Mention:
    for other in analysis.claims:
        if (other.start, other.end) == (claim.start, claim.end):
            return other
    analysis.claims.append(claim)
    return claim
