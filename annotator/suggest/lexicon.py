"""Word lists the rules rely on: speech verbs, denials, role nouns, honorifics."""

from __future__ import annotations

import re

from annotator.resources import lexicon


def words(text: str) -> frozenset[str]:
    """A word list written as white-space separated words."""
    return frozenset(text.split())


# Verbs that introduce what someone said or wrote (lemmas): the shipped list
# (resources/lexicons/cue_verbs.txt: the hand list and PolNeAR train's evidence).
SPEECH_VERBS = lexicon("cue_verbs")

# Verbs whose statement denies something (lemmas).
DENIAL_VERBS = words(
    """
    deny reject dismiss refute rebut dispute disavow repudiate contest
    """
)

# Speech verbs that only count with a clause or a quote next to them: on their
# own they are too often something else ("call", "ask", "describe").
WEAK_SPEECH_VERBS = words("call refer ask describe recall question wonder point term label brand")

# Nouns for what a source issued: their author is the speaker ("Cornyn's statement added").
STATEMENT_NOUNS = words(
    """
    statement email e-mail letter memo report release communique tweet post message note
    interview column editorial blog affidavit filing
    """
)

# Content that negates a claim ("no plans to", "not true", "no ... at this time").
DENIAL_CONTENT = re.compile(
    r"\b(?:no plans? to|not true|untrue|no truth|baseless|groundless|unfounded|ridiculous|absurd|"
    r"nonsense|false(?:hoods?)?|fake news|lies\b|without merit|no evidence|categorically|"
    r"never (?:said|did|happened)|nothing to do with|not a factor|not the case|no intention|"
    r"no (?:\w+ ){0,3}at this time|did not happen|didn't happen|wrong to suggest|"
    r"continues? to (?:lead|serve|have)|remains? (?:in charge|committed)|distortions?|smear|"
    # issue 13's misses and the words of the scheme's DENIAL ("rejects, dismisses"):
    # a claim called wrong or empty, not a word that merely can be negative.
    r"inaccura(?:te|cy|cies)|incorrect|mischaracteri[sz]ation|(?:without|no) (?:any )?(?:foundation|basis)|"
    r"(?:is|was|are|were|entirely|wholly|completely|deeply|highly|totally|simply) misleading|"
    r"fabrication|(?:is|was|are|were) (?:fabricated|made up\b(?! of))|scaremongering|"
    r"rubbish|hogwash|(?:simply|completely|totally|plainly|flatly) wrong|nothing wrong|"
    r"(?:do|does|did) not recogni[sz]e|at no (?:point|time|stage)|in no way|"
    r"(?:conspiracy theor|wild speculation|pure speculation|mere speculation))",
    re.IGNORECASE,
)

# Titles that precede a name and are not part of it.
HONORIFICS = words(
    """
    mr mr. mrs mrs. ms ms. miss dr dr. prof prof. sir dame lord lady rev rev. fr fr. sen sen.
    rep rep. gov gov. gen gen. col col. capt capt. lt lt. sgt sgt. st st. president senator
    governor mayor judge justice king queen prince princess sheikh
    """
)

# Head nouns of roles, offices and functions (lower case, singular and plural): the
# shipped lists (resources/lexicons/role_nouns.txt: the hand list, Faker's job titles and
# PolNeAR train's evidence; role_nouns_wordnet.txt: WordNet's nouns for position holders).
_ROLE_WORDS = lexicon("role_nouns") | lexicon("role_nouns_wordnet")


def _plural(noun: str) -> str:
    if noun.endswith("man"):
        return noun[:-3] + "men"
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "o", "u"):
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith(("s", "sh", "ch", "x")) else "s")


_PLURALS = {_plural(w) for w in _ROLE_WORDS if not w.endswith(".")}
ROLE_WORDS = frozenset(_ROLE_WORDS) | frozenset(_PLURALS)

# Role nouns that need an organisation or a title before them to be a role on
# their own ("member", "partner" are too vague).
VAGUE_ROLE_WORDS = words(
    """
    member members partner partners owner owners resident residents witness witnesses player
    players candidate candidates student students
    """
)

# Modifiers dropped from the front of a role: nationality, party and rank are
# not part of the position's name ("a Republican senator" -> "senator").
ROLE_DROP_MODIFIERS = words(
    """
    former senior current then-current acting interim ex retired longtime long-time top chief-of
    newly new republican democratic democrat conservative liberal labour labor tory
    """
)

# Pronouns that can stand for a speaker.
PERSON_PRONOUNS = words(
    """
    he she him her
    """
)
GROUP_PRONOUNS = words(
    """
    they them
    """
)
THING_PRONOUNS = words(
    """
    it
    """
)

# Wh-words and "whether": a clause they open asks, it does not state ("did not say why").
QUESTION_MARKS = words("whether if why how what when where who which")

# Common nouns that name an organisation, so that "the army said" has an ORG speaker
# while "some people said" has none.
ORG_NOUNS = lexicon("source_nouns")

# People named by their side or views ("critics said"): a ROLE only as a speaker.
SOURCE_PEOPLE = lexicon("people_nouns")


def _inflections(lemmas: frozenset[str]) -> frozenset[str]:
    irregular = {"say": "said", "tell": "told", "write": "wrote", "think": "thought", "speak": "spoke"}
    forms: set[str] = set()
    for lemma in lemmas:
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        forms |= {lemma, lemma + "s", stem + "ed", stem + "ing", irregular.get(lemma, lemma)}
    return frozenset(forms)


# Word forms of speech verbs, for text that has no parse (rules alone, no pipeline).
SPEECH_FORMS = _inflections(SPEECH_VERBS) - {"told"} | {"told", "said", "says", "wrote", "according"}
