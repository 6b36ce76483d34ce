"""Who "he" and "she" stand for: the person in focus, of the pronoun's gender where
the article shows it, or the unnamed speaker just quoted ("a police spokesman said
... He added")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.resources import lexicon
from annotator.suggest.mentions import Analysis, Mention, Statement
from annotator.suggest.people import NOT_NAME_WORDS

if TYPE_CHECKING:
    from spacy.tokens import Token


def _name_shaped_subject(analysis: Analysis, start: int, end: int) -> Mention | None:
    """ "Amara Okafor criticised ... she said": when "she" needs a person and the model
    tagged none, a subject that looks like a full name (two or three capitalised proper
    nouns) is taken to be one."""
    doc = analysis.doc
    for k in range(end - 1, start - 1, -1):
        token = doc[k]
        if token.dep_ != "nsubj" or token.pos_ != "PROPN" or analysis.in_quote[k]:
            continue
        first = min((c.i for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"), default=k)
        words = doc[first : k + 1]
        if (
            2 <= len(words) <= 3
            and all(t.is_title and t.is_alpha for t in words)
            and not any(t.text in NOT_NAME_WORDS for t in words)
        ):
            mention = analysis.mention("PERSON", first, k, 0.5)
            mention.key = words.text.lower()
            analysis.people.append(mention)
            analysis.people.sort(key=lambda m: m.first)
            for i in range(first, k + 1):
                analysis.person_at[i] = mention
            return mention
    return None


_MALE_WORDS = frozenset("he him his himself".split())
_FEMALE_WORDS = frozenset("she her hers herself".split())
_MALE_TITLES = frozenset("mr mr. sir lord king prince".split())
_FEMALE_TITLES = frozenset("mrs mrs. ms ms. miss dame lady queen princess".split())


def genders(analysis: Analysis) -> dict[str, str]:
    """Each person's gender ("m" or "f") where the article shows it: a title ("Mrs."),
    a gendered role ("spokeswoman"), a first name in the shipped lists, or the
    pronouns of the sentences that mention that person alone (outside quotes)."""
    if analysis._genders is not None:
        return analysis._genders
    doc = analysis.doc
    votes: dict[str, list[int]] = {}

    def vote(key: str, gender: str, weight: int) -> None:
        tally = votes.setdefault(key, [0, 0])
        tally[gender == "f"] += weight

    for person in analysis.people:
        before = doc[person.first - 1].lower_ if person.first > 0 else ""
        if before in _MALE_TITLES:
            vote(person.key, "m", 5)
        elif before in _FEMALE_TITLES:
            vote(person.key, "f", 5)
        first = person.key.split()[0] if " " in person.key else ""
        if first in lexicon("first_names_male"):
            vote(person.key, "m", 3)
        elif first in lexicon("first_names_female"):
            vote(person.key, "f", 3)
    for role, person, _ in analysis.role_of:
        words = analysis.text[role.start : role.end].lower()
        if words.endswith(("woman", "women", "ess")) or "queen" in words:
            vote(person.key, "f", 5)
        elif words.endswith(("man", "men")):
            vote(person.key, "m", 5)
    for sent in doc.sents:
        keys = {analysis.person_at[k].key for k in range(sent.start, sent.end) if k in analysis.person_at}
        if len(keys) != 1:
            continue
        key = next(iter(keys))
        for token in sent:
            if not analysis.in_quote[token.i] and token.lower_ in _MALE_WORDS:
                vote(key, "m", 1)
            elif not analysis.in_quote[token.i] and token.lower_ in _FEMALE_WORDS:
                vote(key, "f", 1)
    analysis._genders = {k: ("m" if m > f else "f") for k, (m, f) in votes.items() if m != f}
    return analysis._genders


def _agrees(analysis: Analysis, pronoun: Token, person: Mention) -> bool:
    gender = genders(analysis).get(person.key)
    if gender is None:
        return True
    return gender == ("f" if pronoun.lower_ in _FEMALE_WORDS else "m")


def _unnamed_speaker_in_focus(
    analysis: Analysis, pronoun: Token, earlier: list[Statement], window: int
) -> Mention | None:
    """ "A police spokesman said ... He added": the latest speaker in reach is a ROLE
    held by nobody named (one person: not "officials"), so the pronoun stands for it."""
    if not earlier or earlier[-1].speaker is None:
        return None
    speaker = earlier[-1].speaker
    doc = analysis.doc
    if speaker.label != "ROLE" or speaker.first < window or doc[speaker.last].tag_ != "NN":
        return None
    if any(role is speaker for role, _, _ in analysis.role_of):
        return None
    words = analysis.text[speaker.start : speaker.end].lower()
    female = words.endswith(("woman", "ess"))
    male = words.endswith("man") and not female
    if (pronoun.lower_ in _FEMALE_WORDS and male) or (pronoun.lower_ in _MALE_WORDS and female):
        return None
    return speaker


def person_in_focus(analysis: Analysis, pronoun: Token, earlier: list[Statement]) -> Mention | None:
    """'he said': the person last in focus, pointing at their closest earlier mention.
    In focus: the latest person who was the subject of a clause in this or the
    previous two sentences, else the latest person speaker, else the latest person;
    a person the article shows to be of the other gender is passed over."""
    doc = analysis.doc
    before = [m for m in analysis.people if m.last < pronoun.i and _agrees(analysis, pronoun, m)]
    window = pronoun.sent.start
    for _ in range(2):  # this sentence and the two before it
        if window > 0:
            window = doc[window - 1].sent.start
    if not before:
        return _name_shaped_subject(analysis, window, pronoun.i)
    subjects = [
        m
        for m in before
        if m.first >= window and doc[m.last].dep_ in ("nsubj", "nsubjpass") and not analysis.in_quote[m.first]
    ]
    role = _unnamed_speaker_in_focus(analysis, pronoun, earlier, window)
    if role is not None and (not subjects or subjects[-1].first < role.first):
        return role
    if subjects:
        return subjects[-1]
    named = _name_shaped_subject(analysis, window, pronoun.i)
    if named is not None:
        return named
    speaker = next(
        (
            s.speaker
            for s in reversed(earlier)
            if s.speaker and s.speaker.label == "PERSON" and _agrees(analysis, pronoun, s.speaker)
        ),
        None,
    )
    if speaker is not None:
        same = [m for m in before if m.key == speaker.key]
        return same[-1] if same else speaker
    return before[-1]
