"""ROLE mentions: titles before names, appositions, "X is the Y", and the
definite descriptions that refer back to them; ROLE_OF to the person."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.suggest.lexicon import HONORIFICS, ROLE_DROP_MODIFIERS, ROLE_WORDS, VAGUE_ROLE_WORDS
from annotator.suggest.mentions import Analysis, Mention

if TYPE_CHECKING:
    from spacy.tokens import Token

TITLE_SCORE = 0.85
APPOS_SCORE = 0.8
COPULA_SCORE = 0.7
DEFINITE_SCORE = 0.6
_LINKS = {"of", "to", "for", "the", "and", "&"}
# Role nouns and titles; the bare forms of address are not roles, but the dotted ones
# ("Mr.", "Mrs.") are in, as the suggestions were measured with them.
_TITLE_ROLES = ROLE_WORDS | (HONORIFICS - {"mr", "mrs", "ms", "miss", "sir", "dame", "lord", "lady"})


def is_role_word(token: Token) -> bool:
    """A role noun or a title ("spokeswoman", "Sen.", "Director")."""
    return token.lower_ in _TITLE_ROLES


def role_phrase(analysis: Analysis, head: Token) -> tuple[int, int] | None:
    """The shortest phrase naming the position around a role noun: its compound and
    organisation modifiers, and an "of/to/for X" complement; no determiners,
    possessors, nationality, party or rank."""
    if not is_role_word(head):
        return None
    doc = analysis.doc
    first = head.i
    # Walk left over modifiers that are part of the title.
    i = head.i - 1
    while i >= head.sent.start:
        t = doc[i]
        attached = t.head.i in range(i + 1, head.i + 1) or t.dep_ in ("compound", "amod", "nmod")
        hyphen = t.text == "-" and not t.whitespace_ and not doc[i - 1].whitespace_
        if hyphen or (
            attached
            and t.dep_ in ("compound", "amod", "nmod", "npadvmod", "punct" if t.text == "-" else "compound")
            and not t.is_punct
            and t.lower_ not in ROLE_DROP_MODIFIERS
            and t.ent_type_ not in ("NORP", "DATE", "CARDINAL", "ORDINAL")
            and i not in analysis.person_at
            and t.pos_ in ("PROPN", "NOUN", "ADJ", "X")
        ):
            first = i
            i -= 1
        else:
            break
    while first < head.i and (doc[first].ent_type_ in ("NORP", "GPE") and doc[first].pos_ == "ADJ"):
        first += 1
    last = head.i
    # "Secretary of State", "Ambassador to the United States", "prime minister of Egypt":
    # a complement of proper names, read up to the first word that is not one.
    if last + 2 < len(doc) and doc[last + 1].lower_ in ("of", "to", "for") and doc[last + 1].head.i == head.i:
        k = last + 2
        while (
            k < len(doc)
            and k not in analysis.person_at
            and (
                doc[k].pos_ == "PROPN"
                or (
                    doc[k].lower_ in ("the", "of", "for", "and")
                    and k + 1 < len(doc)
                    and doc[k + 1].pos_ == "PROPN"
                )
            )
        ):
            k += 1
        if k > last + 2 and doc[k - 1].pos_ == "PROPN":
            last = k - 1
        elif k == last + 2:
            # "head of customs", "minister for health", "chief of staff": a bare common
            # noun (no determiner) completes the title.
            k, nouns = last + 2, 0
            while k < len(doc) and nouns < 2:
                # "head of counter-terrorism": a hyphen inside a word joins it.
                joined = doc[k].text == "-" and not doc[k - 1].whitespace_ and not doc[k].whitespace_
                if not (joined or (doc[k].pos_ == "NOUN" and doc[k].is_lower)):
                    break
                nouns += not joined
                k += 1
            while k > last + 2 and doc[k - 1].text == "-":
                k -= 1
            if k > last + 2 and doc[k - 1].head.i == last + 1 and doc[k - 1].dep_ == "pobj":
                last = k - 1
    if head.lower_ in VAGUE_ROLE_WORDS and first == head.i:
        return None
    return first, last


def _title_before(analysis: Analysis, person: Mention) -> tuple[int, int] | None:
    """A title right before a name: "Secretary of State Rex Tillerson", "CIA Director
    Mike Pompeo", "Sen. Cotton", "Egyptian President Hosni Mubarak" (without "Egyptian")."""
    doc = analysis.doc
    sent_start = doc[person.first].sent.start
    taken: list[int] = []
    i = person.first - 1
    while i >= sent_start and i not in analysis.person_at:
        t = doc[i]
        hyphen = t.text == "-" and not t.whitespace_ and i > 0 and not doc[i - 1].whitespace_
        titled = (t.is_title or t.is_upper) and t.pos_ in ("PROPN", "NOUN", "ADJ", "X")
        if not (is_role_word(t) or titled or hyphen or (t.lower_ in _LINKS and taken)):
            break
        taken.append(i)
        i -= 1
    roles = [k for k in taken if is_role_word(doc[k])]
    if not roles:
        return None
    first, last = min(taken), person.first - 1
    # Keep the title from its leftmost word that belongs to it: drop leading links,
    # nationality, party and rank ("Afghan", "Republican", "former").
    while first <= last and (
        doc[first].lower_ in _LINKS
        or doc[first].lower_ in ROLE_DROP_MODIFIERS
        or (doc[first].ent_type_ == "NORP" and not is_role_word(doc[first]))
    ):
        first += 1
    if first > last or doc[last].lower_ in _LINKS:
        return None
    return first, last


def _title_after(analysis: Analysis, person: Mention) -> int | None:
    """ "Michael Mansfield QC", "Jane Smith MP": a title written as capitals after the name."""
    doc = analysis.doc
    k = person.last + 1
    if k < len(doc) and doc[k].is_upper and doc[k].is_alpha and len(doc[k]) <= 4 and is_role_word(doc[k]):
        return k
    return None


def find_roles(analysis: Analysis) -> None:
    """Roles tied to people: before the name, in apposition, or by a copula."""
    for person in analysis.people:
        after = _title_after(analysis, person)
        if after is not None:
            role = analysis.add_role(analysis.mention("ROLE", after, after, TITLE_SCORE))
            analysis.role_of.append((role, person, TITLE_SCORE))
        title = _title_before(analysis, person)
        if title:
            role = analysis.add_role(analysis.mention("ROLE", *title, TITLE_SCORE))
            analysis.role_of.append((role, person, TITLE_SCORE))
            continue
        surface = _surface_apposition(analysis, person)
        if surface is not None:
            role = analysis.add_role(analysis.mention("ROLE", *surface, APPOS_SCORE))
            analysis.role_of.append((role, person, APPOS_SCORE))
            continue
        head = _head(analysis, person)
        for child in head.children:
            if child.dep_ == "appos":
                phrase = role_phrase(analysis, child)
                if phrase:
                    role = analysis.add_role(analysis.mention("ROLE", *phrase, APPOS_SCORE))
                    analysis.role_of.append((role, person, APPOS_SCORE))
        if head.dep_ == "appos" and head.head.i not in analysis.person_at:
            phrase = role_phrase(analysis, head.head)
            if phrase:
                role = analysis.add_role(analysis.mention("ROLE", *phrase, APPOS_SCORE))
                analysis.role_of.append((role, person, APPOS_SCORE))
        if head.dep_ in ("nsubj", "nsubjpass") and head.head.lemma_ in ("be", "serve", "become", "remain"):
            verb = head.head
            for child in verb.children:
                target = child
                if child.dep_ == "prep" and child.lower_ == "as":
                    target = next((c for c in child.children if c.dep_ == "pobj"), child)
                if (target.dep_ in ("attr", "pobj") and target is not child) or child.dep_ == "attr":
                    phrase = role_phrase(analysis, target)
                    if phrase:
                        role = analysis.add_role(analysis.mention("ROLE", *phrase, COPULA_SCORE))
                        analysis.role_of.append((role, person, COPULA_SCORE))
    _as_roles(analysis)
    _definite_descriptions(analysis)
    _bare_roles(analysis)


BARE_SCORE = 0.5


def _bare_roles(analysis: Analysis) -> None:
    """ "the barrister", "his lawyer", "the new EADS CEO": a singular role noun heading a
    noun phrase names a position even with no name beside it (scheme.md: unnamed
    sources too). Plurals only as speakers: the gold leaves "Egyptian prosecutors" be."""
    for token in analysis.doc:
        abbreviation = token.pos_ == "PROPN" and token.is_upper and token.tag_ == "NNP"
        if (
            not (token.pos_ == "NOUN" or abbreviation)
            or token.i in analysis.role_at
            or token.i in analysis.person_at
            or token.dep_ in ("compound", "amod", "poss")
            or token.lower_ in VAGUE_ROLE_WORDS
            or not is_role_word(token)
            or (token.tag_ != "NN" and not abbreviation)
            or not any(c.dep_ in ("det", "poss") for c in token.children)
        ):
            continue
        phrase = role_phrase(analysis, token)
        # In a quotation only a title that names whose it is ("the EADS CEO of North
        # America", "a Senate aide"), not "the president" or "a defense contractor".
        if phrase is not None and (not analysis.in_quote[token.i] or _named_title(analysis, *phrase)):
            analysis.add_role(analysis.mention("ROLE", *phrase, BARE_SCORE))


def _named_title(analysis: Analysis, first: int, last: int) -> bool:
    doc = analysis.doc
    return any(doc[k].pos_ == "PROPN" and not is_role_word(doc[k]) for k in range(first, last + 1))


def _as_roles(analysis: Analysis) -> None:
    """ "his position as president", "served as ambassador": a role someone holds."""
    for token in analysis.doc:
        if token.lower_ == "as" and token.dep_ == "prep":
            target = next((c for c in token.children if c.dep_ == "pobj"), None)
            if target is not None and not analysis.in_quote[target.i] and target.i not in analysis.person_at:
                phrase = role_phrase(analysis, target)
                if phrase and target.lower_ not in VAGUE_ROLE_WORDS:
                    analysis.add_role(analysis.mention("ROLE", *phrase, COPULA_SCORE))


def _surface_apposition(analysis: Analysis, person: Mention) -> tuple[int, int] | None:
    """Apposition read from the words when the parse misses it: "Hosni Mubarak, the
    Egyptian president" and "the former prime minister of Egypt, Ahmed Nazif"."""
    doc = analysis.doc
    after = person.last + 1
    if after + 1 < len(doc) and doc[after].text == ",":
        k = after + 1
        while k < len(doc) and k - after <= 6 and doc[k].pos_ in ("DET", "ADJ", "NOUN", "PROPN", "PUNCT"):
            if doc[k].pos_ == "PUNCT" and doc[k].text != "-":
                break
            if is_role_word(doc[k]) and (k + 1 >= len(doc) or not is_role_word(doc[k + 1])):
                phrase = role_phrase(analysis, doc[k])
                if phrase is not None and phrase[0] > after:
                    return phrase
                break
            k += 1
    before = person.first - 1
    if before - 1 >= 0 and doc[before].text == ",":
        k = before - 1
        while k >= 0 and before - k <= 8 and doc[k].pos_ in ("DET", "ADJ", "NOUN", "PROPN", "ADP"):
            if is_role_word(doc[k]):
                phrase = role_phrase(analysis, doc[k])
                if phrase is not None and phrase[1] == before - 1:
                    return phrase
                break
            k -= 1
    return None


def _definite_descriptions(analysis: Analysis) -> None:
    """ "the president" after "President Donald Trump": the same role, named earlier."""
    doc = analysis.doc
    seen = {  # the role nouns of the titles met ("Secretary" of "Secretary of State", not "State")
        t.lower_ for r, _, _ in analysis.role_of for t in doc[r.first : r.last + 1] if is_role_word(t)
    }
    for token in analysis.doc:
        if token.i in analysis.role_at or token.lower_ not in seen or analysis.in_quote[token.i]:
            continue
        if token.i > 0 and analysis.doc[token.i - 1].lower_ == "the" and token.pos_ in ("NOUN", "PROPN"):
            analysis.add_role(analysis.mention("ROLE", token.i, token.i, DEFINITE_SCORE))


def _head(analysis: Analysis, mention: Mention) -> Token:
    span = analysis.doc[mention.first : mention.last + 1]
    return span.root
