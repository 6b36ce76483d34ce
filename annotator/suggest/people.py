"""PERSON mentions: spaCy's entities, cleaned, made consistent over the document.

A name tagged PERSON once is a PERSON everywhere in the article (also where
spaCy said ORG or GPE), and a surname or first name alone links to the full
name met earlier.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.suggest.lexicon import HONORIFICS, ROLE_WORDS, words
from annotator.suggest.mentions import Analysis, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

NER_SCORE = 0.9
LINKED_SCORE = 0.8
_CUT = {"/", "(", ")", "|", "—", "–", ",", ";", ":", "@"}


def _clean(doc: Doc, ent: SpacySpan) -> tuple[int, int] | None:
    """Token range of the name inside an entity: no titles, credits or possessive."""
    first, last = ent.start, ent.end - 1
    for i in range(first, last + 1):  # "Kevin Dietsch / Pool": the name ends at the cut
        if doc[i].text in _CUT or doc[i].text.startswith("#"):
            last = i - 1
            break
    while first <= last and (doc[first].lower_ in HONORIFICS or doc[first].lower_ in ROLE_WORDS):
        first += 1
    while first <= last and (
        doc[last].tag_ == "POS"
        or doc[last].is_punct
        or doc[last].lower_ in ("'s", "’s")
        or (doc[last].is_upper and doc[last].lower_ in ROLE_WORDS)  # "Michael Mansfield QC"
    ):
        last -= 1
    if first > last:
        return None
    words = [t for t in doc[first : last + 1] if t.is_alpha]
    if any(t.text in NOT_NAME_WORDS for t in words) or (len(words) == 1 and len(words[0]) < 3):
        return None
    if not words or not doc[first].text[0].isupper() or any(t.like_num for t in doc[first : last + 1]):
        return None
    if any(t.pos_ == "PRON" or (t.is_lower and t.is_alpha and t.lower_ not in _PARTICLES) for t in words):
        return None
    return first, last


def _votes(doc: Doc) -> dict[str, dict[str, int]]:
    """How often spaCy gave each word each entity label in this document."""
    votes: dict[str, dict[str, int]] = {}
    for ent in doc.ents:
        for token in ent:
            if token.is_alpha:
                by_label = votes.setdefault(token.text, {})
                by_label[ent.label_] = by_label.get(ent.label_, 0) + 1
    return votes


def _outvoted(doc: Doc, first: int, last: int, votes: dict[str, dict[str, int]]) -> bool:
    """A name spaCy tagged as a place or organisation more often than as a person."""
    for token in doc[first : last + 1]:
        by_label = votes.get(token.text, {})
        person = by_label.get("PERSON", 0)
        if person >= sum(by_label.values()) - person:
            return False
    return True


# Words that make a capitalised phrase something other than a person
# ("Space Shuttle Atlantis", "Udvar-Hazy Center"), and platforms that small
# models often take for people.
NOT_NAME_WORDS = words(
    """
    Shuttle Center Centre Museum Foundation Institute University College School Hospital Airport
    Stadium Street Avenue Road Building Library Award Prize Fund Trust Group Inc Corp Company
    Ltd Council Committee Agency Department Ministry Party Mosque Station Program Programme
    Project Act Cup League Club Team News Times Journal Association Society Union Bank Court
    Senate Island River Mountain Sea Ocean Space Office Police Service Services Twitter Facebook
    Google YouTube Instagram
    TikTok WhatsApp Reddit LinkedIn Snapchat Telegram
    """
)

# Lower-case words that belong inside names ("Ludwig van Beethoven", "bin Laden").
_PARTICLES = {
    "van",
    "von",
    "der",
    "den",
    "de",
    "da",
    "del",
    "di",
    "bin",
    "al",
    "el",
    "la",
    "le",
    "ibn",
    "dos",
}


def find_people(analysis: Analysis) -> None:
    """Fill ``analysis.people`` and ``person_at``."""
    doc = analysis.doc
    found: list[tuple[int, int, float]] = []
    votes = _votes(doc)
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            cleaned = _clean(doc, ent)
            if cleaned and not _outvoted(doc, *cleaned, votes):
                found.append((*cleaned, NER_SCORE))
    names: dict[str, str] = {}  # a full name's words or parts -> the full name
    full: dict[tuple[str, ...], str] = {}
    for first, last, _ in found:
        words = tuple(t.text for t in doc[first : last + 1] if not t.is_punct or t.text == "-")
        key = " ".join(words).lower()
        full[words] = key
        if len(words) > 1:
            for part in (words[0], words[-1]):
                if _usable_part(doc, part):
                    names.setdefault(part, key)
        else:
            names.setdefault(words[0], key)
    # Whole names first (longest first), then single parts.
    covered = {i for first, last, _ in found for i in range(first, last + 1)}
    texts = [t.text for t in doc]
    where: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        where.setdefault(text, []).append(i)
    for words in sorted(full, key=len, reverse=True):
        n = len(words)
        for i in where.get(words[0], ()):
            matches = tuple(texts[i : i + n]) == words
            if matches and not any(j in covered for j in range(i, i + n)):
                found.append((i, i + n - 1, LINKED_SCORE))
                covered.update(range(i, i + n))
    for token in doc:
        if token.i in covered or token.text not in names:
            continue
        if not token.text[0].isupper():
            continue
        found.append((token.i, token.i, LINKED_SCORE))
        covered.add(token.i)
    for first, last, score in sorted(found):
        mention = analysis.mention("PERSON", first, last, score)
        text = doc[first : last + 1].text
        mention.key = _key_for(text, names, full)
        analysis.people.append(mention)
        for i in range(first, last + 1):
            analysis.person_at[i] = mention


def _usable_part(doc: Doc, part: str) -> bool:
    """A first name or surname that can stand alone: not a common word or an initial."""
    return len(part) > 2 and part[0].isupper() and not _common(doc, part)


def _common(doc: Doc, word: str) -> bool:
    lexeme = doc.vocab[word.lower()]
    return bool(lexeme.is_stop) or word.lower() in ROLE_WORDS or word.lower() in HONORIFICS


def _key_for(text: str, names: dict[str, str], full: dict[tuple[str, ...], str]) -> str:
    words = tuple(text.split())
    if words in full and len(words) > 1:
        return full[words]
    return names.get(words[0], text.lower()) if len(words) == 1 else text.lower()


def add_person(analysis: Analysis, first: int, last: int, score: float) -> Mention:
    """A PERSON found by a later rule, with the rest of the document's mentions of
    its surname linked to it (as for the names spaCy found)."""
    doc = analysis.doc
    existing = analysis.person_at.get(last)
    if existing is not None:
        return existing
    name = doc[first : last + 1].text
    found = [(first, last)]
    surname = doc[last].text
    if _usable_part(doc, surname):
        found += [
            (t.i, t.i) for t in doc if t.text == surname and t.i != last and t.i not in analysis.person_at
        ]
    result = None
    for start, end in found:
        if any(k in analysis.person_at for k in range(start, end + 1)):
            continue
        mention = analysis.mention("PERSON", start, end, score)
        mention.key = name.lower()
        analysis.people.append(mention)
        for k in range(start, end + 1):
            analysis.person_at[k] = mention
        if start == first:
            result = mention
    analysis.people.sort(key=lambda m: m.first)
    assert result is not None
    return result
