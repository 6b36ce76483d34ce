"""Who said it: the subject of the cue as the mention that names the source (a
PERSON where the sentence names one, else the ROLE, else the ORG); pronouns
resolved to the person last in focus; quotes without a cue borrow a neighbour's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.suggest.cues import cue_span
from annotator.suggest.lexicon import (
    GROUP_PRONOUNS,
    ORG_NOUNS,
    PERSON_PRONOUNS,
    SOURCE_PEOPLE,
    SPEECH_VERBS,
    STATEMENT_NOUNS,
    THING_PRONOUNS,
)
from annotator.suggest.mentions import Analysis, Mention, Statement
from annotator.suggest.people import NOT_NAME_WORDS, add_person
from annotator.suggest.pronouns import person_in_focus
from annotator.suggest.roles import is_role_word, role_phrase

if TYPE_CHECKING:
    from spacy.tokens import Token

SUBJECT = 0.9
PRONOUN = 0.75
COLON = 0.65
BORROWED = 0.55
_ORG_TYPES = {"ORG", "GPE", "NORP", "FAC"}
_RELATIVES = frozenset(("which", "that", "who"))
_RELAYING = frozenset(("quote", "cite"))
# Documents whose author, when named, is the source ("the government's own figures
# show", "research by the charity Shelter suggests"); else the document itself is.
DOCUMENT_NOUNS = frozenset(
    """
    study survey poll research analysis review audit data datum figure statistic ruling
    judgment verdict document record finding paper dossier memo memorandum transcript
    """.split()
)


def subject_of(verb: Token) -> Token | None:
    """Who does the saying: the subject (inherited along "..., adding that"), the agent
    of a passive, the source of "according to", a name right after the verb ("said
    Sanders"), or a name the parse left hanging before it ("Ramos, 58, told AFP")."""
    found = _grammatical_subject(verb)
    if found is None and verb.tag_ in ("VBD", "VBZ", "VBP") and verb.lower_ != "according":
        return _name_before(verb)
    return found


def _name_before(verb: Token) -> Token | None:
    """ "Trump, in Kentucky, said Tuesday", '"...," Ramos, 58, told AFP': a finite cue
    without a subject, after a name the parse hung elsewhere (an apposition, an
    adverbial); not across a quotation mark or a clause."""
    doc = verb.doc
    start = verb.sent.start
    for k in range(verb.i - 1, max(start, verb.i - 9) - 1, -1):
        token = doc[k]
        if token.is_quote or token.pos_ in ("VERB", "AUX", "SCONJ") or "\n" in token.text:
            return None
        if token.pos_ == "PROPN" and token.dep_ in ("npadvmod", "appos", "dep", "nsubj"):
            return token
    return None


def _relayed(verb: Token) -> Token | None:
    """Who a relaying source quotes: "The Times quoted a senior official as saying"
    (the official), "According to Yonhap, quoting the KCNA agency" (the KCNA)."""
    if verb.lower_ == "according":
        quoting = [
            c
            for c in verb.head.children
            if c.dep_ == "advcl" and c.tag_ == "VBG" and c.lemma_.lower() in _RELAYING and c.i > verb.i
        ]
        host = quoting[0] if quoting else None
    elif verb.dep_ == "pcomp" and verb.head.lower_ == "as" and verb.head.head.lemma_.lower() in _RELAYING:
        host = verb.head.head
    else:
        return None
    return next((c for c in host.children if c.dep_ == "dobj"), None) if host is not None else None


def _grammatical_subject(verb: Token) -> Token | None:
    relayed = _relayed(verb)
    if relayed is not None:
        return relayed
    if verb.lower_ == "according":
        to = next((c for c in verb.children if c.lower_ == "to"), None)
        if to is None and verb.i + 1 < len(verb.doc):
            to = verb.doc[verb.i + 1]
        return next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    current = verb
    for _ in range(4):
        passive = any(c.dep_ == "auxpass" for c in current.children)
        subjects = [
            c for c in current.children if c.dep_ == "nsubj" or (c.dep_ == "nsubjpass" and not passive)
        ]
        subjects = [c for c in subjects if not _dateline(c)]
        if subjects:
            # A misparse can give two subjects ("Facebook co-founder Mark Zuckerberg",
            # "Washington (AFP) - Hillary Clinton has ..."): take the person's name.
            return min(subjects, key=_subject_rank)
        agent = next((c for c in current.children if c.dep_ == "agent"), None)
        if agent is not None:
            return next((c for c in agent.children if c.dep_ == "pobj"), None)
        if passive:
            return None
        after = current.doc[current.i + 1] if current.i + 1 < len(current.doc) else None
        if (
            after is not None
            and after.head.i == current.i
            and after.pos_ == "PROPN"
            and after.dep_ in ("dobj", "attr", "npadvmod")
            and after.ent_type_ not in _NOT_SOURCES
            and current.tag_ != "VBG"
            and current.lemma_.lower() not in _ADDRESSING
        ):
            return after  # '"...," added KCNA.' (not "said Tuesday", "told Reuters")
        head = current.head
        if current.dep_ == "conj" and head.lemma_.lower() not in SPEECH_VERBS:
            # "X announced A, and said B" parsed with "said" on the wrong verb:
            # the speech verb before it in the sentence is the one it continues.
            earlier = [
                t
                for t in current.doc[current.sent.start : current.i]
                if t.pos_ == "VERB" and t.lemma_.lower() in SPEECH_VERBS
            ]
            head = earlier[-1] if earlier else head
            if not earlier:
                return None
        if current.dep_ in ("advcl", "xcomp", "conj") and head.i != current.i:
            # "..., adding that": the participle says what its head's subject said.
            current = head
        elif current.tag_ in ("VBG", "VB", "VBN") and head.i != current.i:
            # "Tillerson threatened ..., venting ... by calling him a moron": a
            # participle's speaker is the subject of the clause it belongs to.
            return _controller(current)
        else:
            return None
    return None


# Verbs whose object is who is spoken to ("told Reuters"), never the speaker.
_ADDRESSING = frozenset("tell inform brief assure warn remind ask urge advise notify email text call".split())
# Entity types that never speak ("said Tuesday").
_NOT_SOURCES = frozenset("DATE TIME CARDINAL ORDINAL PERCENT MONEY QUANTITY".split())


def _dateline(token: Token) -> bool:
    """ "WASHINGTON (AP) -", "LONDON -": a place in capitals opening a paragraph."""
    doc = token.doc
    nxt = doc[token.i + 1].text if token.i + 1 < len(doc) else ""
    return token.is_upper and token.ent_type_ in ("GPE", "LOC") and nxt in ("(", "—", "–", "-", "--", ",")


def _subject_rank(token: Token) -> tuple[int, int]:
    """Of two subjects, a person's name first, then another name, then the nearer."""
    if token.ent_type_ == "PERSON":
        kind = 0
    elif token.pos_ == "PROPN" and token.ent_type_ not in ("GPE", "LOC"):
        kind = 1
    elif token.pos_ == "PROPN":
        kind = 2
    else:
        kind = 3
    return kind, abs(token.head.i - token.i)


def _controller(verb: Token) -> Token | None:
    """The subject of the nearest clause above a non-finite verb."""
    current = verb.head
    for _ in range(6):
        if current.pos_ in ("VERB", "AUX"):
            subject = next((c for c in current.children if c.dep_ == "nsubj"), None)
            if subject is not None:
                return subject
        if current.head.i == current.i:
            return None
        current = current.head
    return None


def speak_for(analysis: Analysis, statement: Statement, earlier: list[Statement]) -> None:
    """A cued statement's cue span and speaker (the statements before it resolve pronouns)."""
    verb = statement.verb
    if verb is not None:
        statement.cue = cue_span(analysis, verb)
        subject = subject_of(verb)
        if subject is not None:
            statement.speaker, statement.speaker_score = _speaker(analysis, subject, earlier)
            if statement.speaker is not None and statement.speaker.label == "ORG":
                _joint_sources(analysis, subject)


def _joint_sources(analysis: Analysis, subject: Token) -> None:
    """ "Both the school district and the police department said": the other
    organisations of the subject are sources too (an ORG each; SPEAKER goes to the first)."""
    for other in subject.conjuncts:
        if other.i in analysis.person_at or other.i < subject.i:
            continue
        if other.ent_type_ in _ORG_TYPES or other.pos_ == "PROPN":
            analysis.add_org(analysis.mention("ORG", *_entity_bounds(analysis, other), 0.6))
        elif other.pos_ == "NOUN" and other.lemma_.lower() in ORG_NOUNS:
            first = min((c.i for c in other.lefts if c.dep_ in ("det", "compound", "amod")), default=other.i)
            analysis.add_org(analysis.mention("ORG", first, other.i, 0.5))


def resolve_speakers(analysis: Analysis, statements: list[Statement]) -> None:
    """Give each statement its cue span and speaker, in document order."""
    for number, statement in enumerate(statements):
        speak_for(analysis, statement, statements[:number])
        if statement.speaker is None and statement.verb is None:
            statement.speaker = _before_colon(analysis, statement)
            statement.speaker_score = COLON if statement.speaker else 0.0
    # Then the quotes with no speaker of their own borrow one, once every statement
    # with a cue has its speaker (the next quote's too).
    for number, statement in enumerate(statements):
        if statement.speaker is None:
            _borrow(analysis, statements, number)


def _before_colon(analysis: Analysis, statement: Statement) -> Mention | None:
    """'An email from Bill Bodie: "..."': the last name before a colon that opens the quote."""
    doc = analysis.doc
    k = statement.mention.first - 1
    while k >= 0 and doc[k].is_punct and doc[k].text != ":":
        k -= 1
    if k < 0 or doc[k].text != ":":
        return None
    sent_start = doc[k].sent.start
    for j in range(k - 1, sent_start - 1, -1):
        if j in analysis.person_at:
            return analysis.person_at[j]
    return None


def _borrow(analysis: Analysis, statements: list[Statement], number: int) -> None:
    """No cue of its own: the speaker of the same quotation, else of the quote before
    it, else of the one after it in the same paragraph."""
    current = statements[number]
    same = [
        s
        for s in statements
        if s is not current and s.group is not None and s.group == current.group and s.speaker
    ]
    before = statements[number - 1] if number > 0 else None
    after = statements[number + 1] if number + 1 < len(statements) else None
    near = [s for s in (before,) if s is not None and s.speaker]
    if (
        after is not None
        and after.speaker
        and "\n" not in analysis.text[current.mention.end : after.mention.start]
    ):
        near.append(after)
    donors = same or near
    if donors and donors[0].speaker is not None:
        current.speaker, current.speaker_score = donors[0].speaker, BORROWED
        if current.cue is None and donors[0].cue is not None and donors[0].group == current.group:
            current.cue = donors[0].cue


def _speaker(analysis: Analysis, subject: Token, earlier: list[Statement]) -> tuple[Mention | None, float]:
    """The mention naming the source, from the cue's subject."""
    if subject.i in analysis.person_at:
        return analysis.person_at[subject.i], SUBJECT
    if subject.ent_type_ in _NOT_SOURCES or _dateline(subject):
        return None, 0.0  # "Tuesday", "WASHINGTON (AP) -": a misparse, never a source
    body = _body_of_name(analysis, subject)
    if body is not None:
        return body, SUBJECT
    named = _named_in_subject(analysis, subject)
    if named is not None:
        return named, SUBJECT
    lower = subject.lower_
    if lower in PERSON_PRONOUNS:
        person = person_in_focus(analysis, subject, earlier)
        return (person, PRONOUN) if person else (None, 0.0)
    if lower in GROUP_PRONOUNS or lower in THING_PRONOUNS:
        group = next(
            (s.speaker for s in reversed(earlier) if s.speaker and s.speaker.label != "PERSON"), None
        )
        return (group, PRONOUN) if group else (None, 0.0)
    if lower in _RELATIVES and subject.head.dep_ == "relcl" and subject.head.head.i != subject.i:
        # "a document which says", "a spokesman who said": the noun the clause describes.
        return _speaker(analysis, subject.head.head, earlier)
    if subject.pos_ == "PRON":
        return None, 0.0
    if subject.pos_ == "NOUN" and (
        subject.lemma_.lower() in STATEMENT_NOUNS or subject.lemma_.lower() in DOCUMENT_NOUNS
    ):
        author = _author(analysis, subject, earlier)
        if author is not None:
            return author, SUBJECT
        if subject.pos_ == "NOUN" and subject.lemma_.lower() in ORG_NOUNS:
            # "A leaked letter says": a document with no author named is the source itself.
            return analysis.add_org(analysis.mention("ORG", *_document_bounds(analysis, subject), 0.5)), 0.6
        return None, 0.0
    if is_role_word(subject):
        phrase = role_phrase(analysis, subject) or (subject.i, subject.i)
        return analysis.add_role(analysis.mention("ROLE", *phrase, 0.8)), SUBJECT
    titled = _titled_name(analysis, subject)
    if titled is not None:
        return titled, SUBJECT
    if subject.pos_ == "NOUN" and subject.lemma_.lower() in SOURCE_PEOPLE:
        first = min((c.i for c in subject.lefts if c.dep_ in ("compound", "amod")), default=subject.i)
        return analysis.add_role(analysis.mention("ROLE", first, subject.i, 0.6)), 0.6
    aged = _aged_name(analysis, subject)
    if aged is not None:
        return aged, SUBJECT
    if subject.ent_type_ in _ORG_TYPES or subject.pos_ == "PROPN":
        return analysis.add_org(analysis.mention("ORG", *_entity_bounds(analysis, subject), 0.75)), SUBJECT
    if subject.pos_ == "NOUN" and subject.lemma_.lower() in ORG_NOUNS:
        first = min((c.i for c in subject.lefts if c.dep_ in ("det", "compound", "amod")), default=subject.i)
        return analysis.add_org(analysis.mention("ORG", first, subject.i, 0.5)), 0.6
    return None, 0.0


def _aged_name(analysis: Analysis, subject: Token) -> Mention | None:
    """ "Ramos, 58, told AFP": a name with an age in apposition is a person's, whatever
    label the model gave it."""
    doc = analysis.doc
    k = subject.i
    if not (
        subject.pos_ == "PROPN"
        and subject.is_title
        and k + 3 < len(doc)
        and doc[k + 1].text == ","
        and doc[k + 2].like_num
        and doc[k + 3].text == ","
    ):
        return None
    try:
        age = int(doc[k + 2].text)
    except ValueError:
        return None
    if not 14 <= age <= 110:
        return None
    first = k
    while first > 0 and doc[first - 1].pos_ == "PROPN" and doc[first - 1].is_title and k - first < 2:
        first -= 1
    if any(t.text in NOT_NAME_WORDS for t in doc[first : k + 1]):
        return None
    return add_person(analysis, first, k, 0.6)


def _titled_name(analysis: Analysis, subject: Token) -> Mention | None:
    """ "Opposition councillor Amara Okafor said": a name after a title is a person,
    whatever label the model gave it; later mentions of the surname are linked."""
    if subject.pos_ != "PROPN" or not subject.is_title:
        return None
    doc = analysis.doc
    first = subject.i
    while first > 0 and doc[first - 1].pos_ == "PROPN" and doc[first - 1].is_title and subject.i - first < 2:
        if is_role_word(doc[first - 1]):
            break
        first -= 1
    before = doc[first - 1] if first > 0 else None
    if (
        before is None
        or not is_role_word(before)
        or any(t.text in NOT_NAME_WORDS for t in doc[first : subject.i + 1])
    ):
        return None
    person = add_person(analysis, first, subject.i, 0.6)
    role = role_phrase(analysis, before)
    if role is not None:
        analysis.role_of.append((analysis.add_role(analysis.mention("ROLE", *role, 0.6)), person, 0.6))
    return person


def _body_of_name(analysis: Analysis, subject: Token) -> Mention | None:
    """ "The Clinton campaign said", "Sanders' campaign announced", "the Bush
    administration declared": an organisation noun that a name qualifies is the
    source (an ORG), not the person it is named after (PolNeAR train's ORG sources)."""
    if subject.pos_ != "NOUN" or subject.lemma_.lower() not in ORG_NOUNS or is_role_word(subject):
        return None
    if subject.lemma_.lower() in STATEMENT_NOUNS or subject.lemma_.lower() in DOCUMENT_NOUNS:
        return None  # "Bolton's analysis": a document's author is the source (_author)
    owners = [
        c
        for c in subject.lefts
        if c.dep_ in ("compound", "poss") and (c.i in analysis.person_at or c.ent_type_ in _ORG_TYPES)
    ]
    if not owners or any(c.dep_ == "appos" for c in subject.children):
        return None  # "North Korea's news agency KCNA": the name in apposition is the source
    first = min(
        (t.i for c in subject.lefts if c.dep_ in ("det", "compound", "poss", "amod") for t in c.subtree),
        default=subject.i,
    )
    return analysis.add_org(analysis.mention("ORG", first, subject.i, 0.7))


def _named_in_subject(analysis: Analysis, subject: Token) -> Mention | None:
    """A name the subject phrase gives for its head: in apposition ("the spokesman,
    Bryan Whitman") or as the end of a compound ("Facebook co-founder Mark Zuckerberg")."""
    for child in subject.children:
        if child.dep_ in ("appos", "compound", "flat") and child.i in analysis.person_at:
            return analysis.person_at[child.i]
        if child.dep_ == "appos" and (child.ent_type_ in _ORG_TYPES or child.pos_ == "PROPN"):
            return analysis.add_org(analysis.mention("ORG", *_entity_bounds(analysis, child), 0.75))
    return None


def _author(analysis: Analysis, noun: Token, earlier: list[Statement]) -> Mention | None:
    """Who issued a statement, an email, a letter: its possessor or "from X"."""
    for child in noun.children:
        if child.dep_ == "poss":
            return _speaker(analysis, child, earlier)[0]
        if child.dep_ == "prep" and child.lower_ in ("from", "by"):
            source = next((c for c in child.children if c.dep_ == "pobj"), None)
            if source is not None:
                return _speaker(analysis, source, earlier)[0]
    return None


def _document_bounds(analysis: Analysis, noun: Token) -> tuple[int, int]:
    """ "a leaked letter", "the court ruling": the noun with its modifiers (as "the army")."""
    first = min((c.i for c in noun.lefts if c.dep_ in ("det", "compound", "amod", "nmod")), default=noun.i)
    return first, noun.i


def _entity_bounds(analysis: Analysis, token: Token) -> tuple[int, int]:
    doc = analysis.doc
    if token.ent_type_:
        first = last = token.i
        while first > 0 and doc[first].ent_iob_ == "I":
            first -= 1
        while last + 1 < len(doc) and doc[last + 1].ent_iob_ == "I":
            last += 1
        if first > 0 and doc[first - 1].lower_ == "the" and doc[first].ent_type_ == "ORG":
            first -= 1
        return first, last
    first = min((c.i for c in token.lefts if c.dep_ in ("compound", "det")), default=token.i)
    return first, token.i
