"""DENIAL: statements whose cue is a denial verb, whose content dismisses a claim
("ridiculous", "baseless") or whose opening clause negates a fact ("she was never
forced"); then the claims they answer (:mod:`annotator.suggest.claims`)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from annotator.suggest.claims import CLAIM_NOUNS, find_claims
from annotator.suggest.cues import is_cue
from annotator.suggest.lexicon import DENIAL_CONTENT, DENIAL_VERBS, words
from annotator.suggest.mentions import Analysis, Mention, Statement
from annotator.suggest.speakers import speak_for, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Token

OBJECT_SCORE = 0.7
_FIRST_SENTENCE = re.compile(r".+?(?:[.!?](?=\s)|$)", re.S)


def _refuses_to_confirm(statement: Statement) -> bool:
    """ "did not confirm", "declined to confirm", and "refused to confirm the report"
    when the refusal is the cue and "to confirm ..." its content (scheme.md: a
    refusal to confirm is a denial; declining to comment is not)."""
    verb = statement.verb
    if verb is None:
        return False
    if verb.lemma_.lower() in ("refuse", "decline"):
        return any(c.dep_ == "xcomp" and c.lemma_.lower() == "confirm" for c in verb.children)
    if verb.lemma_.lower() != "confirm":
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
    if verb is not None and (
        _dismissive_complement(analysis, verb, statement.mention) or _dismissing_aside(analysis, verb)
    ):
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


# Subjects a denial speaks of: the speaker, the person defended, the claim, "there".
_ANSWERING = words("i we it this that these those there he she they")
# Negated verbs of thinking, wanting and feeling: opinions, not denials of a fact.
_NOT_FACTS = words(
    "think know want expect believe need like care understand see remember wish hope plan intend mean feel"
)


_CALLING = words("call describe brand label term dismiss")


def _dismissing_aside(analysis: Analysis, verb: Token) -> bool:
    """ "Dismissing the claims, the minister said ...", "A spokesman, calling the
    claims ridiculous, said ...": a participle beside the cue or its subject that
    rejects, or calls something baseless."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    asides = [c for c in verb.children if c.dep_ == "advcl"]
    asides += [c for c in subject.children if c.dep_ == "acl"] if subject is not None else []
    for aside in asides:
        if aside.tag_ != "VBG":
            continue
        lemma = aside.lemma_.lower()
        if lemma in DENIAL_VERBS and _denied_object(aside) is not None:
            return True
        first, last = aside.left_edge, aside.right_edge
        if lemma in _CALLING and DENIAL_CONTENT.search(analysis.text[first.idx : last.idx + len(last)]):
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
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass", "expl") and c.i >= m.first]
    # A denial answers for the speaker or the claim ("I never said", "she was never
    # forced", "it wasn't sensitive", "there is no truth"); a negated sentence about a
    # third party by name criticises ("Bush is not a smart man"), one with no subject
    # tells ("don't train your girls"), and a negated thought or wish is an opinion
    # ("I don't think", "they don't want to go"): PolNeAR train's negated statements.
    pronoun = any(c.lower_ in _ANSWERING for c in subjects)
    if pronoun and root.lemma_.lower() not in _NOT_FACTS and any(c.dep_ == "neg" for c in root.children):
        return True
    # "We reject that characterisation", "we strongly deny": the content is itself a denial.
    if root.lemma_.lower() in DENIAL_VERBS and any(c.lower_ in ("i", "we") for c in subjects):
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
        nested = any(s.mention.first <= token.i <= s.mention.last for s in statements)
        if obj is None or nested or _headline(analysis, token.idx):
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


def _headline(analysis: Analysis, at: int) -> bool:
    """Whether a character is in a paragraph with no closing punctuation (a headline:
    "Council denies bridge closure plan" says what the article reports)."""
    text = analysis.text
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    paragraph = text[start : end if end >= 0 else len(text)].rstrip()
    return not paragraph.endswith((".", "!", "?", "”", '"', "’", "'", ")", ":"))


def find_denials(analysis: Analysis) -> None:
    """Relabel denying statements, then find the claims they answer."""
    if analysis.parsed:
        # "denying them entry", "denied him bail": a refusal, not a statement.
        analysis.statements = [
            s
            for s in analysis.statements
            if s.verb is None
            or s.verb.lemma_.lower() not in DENIAL_VERBS
            or not any(c.dep_ == "dative" for c in s.verb.children)
        ]
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
    find_claims(analysis)
