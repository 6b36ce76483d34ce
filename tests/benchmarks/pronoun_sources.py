"""PolNeAR's pronoun sources ("he said") resolved to an antecedent, for a source
accuracy that counts them too.

The shipped mapping drops a source that is only a pronoun (the scheme labels
names). PolNeAR marks no antecedent, so this one is *silver*: the nearest earlier
named gold source of the article (any attribution's) that agrees with the pronoun,
within 1,500 characters: he/him/his a PERSON or ROLE not known to be female,
she/her one not known to be male (Faker's first-name lists, role nouns such as
"spokeswoman"), they/them/their/it/its/we/us/our anything. "I", "you" and the
like are left out (their referent is the quotation's own speaker or the reader).
The gold content then gets that antecedent as its speaker, and the usual scorer
counts it. Only for measuring: the mapping is unchanged.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from annotator.core.model import AnnotationSet, Relation, Span
from annotator.io.brat import BratDocument, read_document
from annotator.io.mapping import PRONOUNS, LabelMap
from annotator.resources import default_scheme
from tests.benchmarks import polnear as pn
from tests.benchmarks.bench_polnear_import import default_corpus

MALE = frozenset("he him his himself".split())
FEMALE = frozenset("she her hers herself".split())
ANY = frozenset("they them their theirs themselves it its itself we us our ourselves".split())
REACH = 1500
_FEMALE_NOUNS = re.compile(r"(?:woman|women|wife|mother|daughter|sister|actress|queen|lady|girl)\b", re.I)
_MALE_NOUNS = re.compile(r"(?:\bman|\bmen|husband|father|son|brother|actor|king|lord|boy)\b", re.I)


@cache
def _first_names() -> tuple[frozenset[str], frozenset[str]]:
    from faker.providers.person.en_US import Provider

    return frozenset(Provider.first_names_male), frozenset(Provider.first_names_female)


def _gender(text: str, span: Span) -> str | None:
    words = text[span.start : span.end]
    if _FEMALE_NOUNS.search(words):
        return "f"
    if _MALE_NOUNS.search(words):
        return "m"
    male, female = _first_names()
    first = words.split()[0] if words.split() else ""
    if first in female and first not in male:
        return "f"
    if first in male and first not in female:
        return "m"
    return None


def _pronoun(text: str, span: Span) -> str | None:
    words = re.findall(r"[\w'’-]+", text[span.start : span.end].lower())
    return words[0] if len(words) == 1 and words[0] in PRONOUNS else None


def _fits(pronoun: str, text: str, span: Span) -> bool:
    if pronoun in ANY:
        return True
    if span.label == "ORG":
        return False
    gender = _gender(text, span)
    return gender != "f" if pronoun in MALE else gender != "m"


def resolve(text: str, gold: AnnotationSet) -> tuple[AnnotationSet, int]:
    """The gold with each pronoun speaker replaced by its antecedent (when one fits);
    also how many were resolved."""
    sources = {r.child.key: r.child for r in gold.relations if r.label == "SPEAKER"}
    named = sorted((s for s in sources.values() if not _pronoun(text, s)), key=lambda s: s.start)
    relations: list[Relation] = []
    resolved = 0
    for r in gold.relations:
        pronoun = _pronoun(text, r.child) if r.label == "SPEAKER" else None
        if pronoun is None:
            if r.label != "SPEAKER" or r.child.key in {s.key for s in named}:
                relations.append(r)
            continue
        if pronoun not in MALE | FEMALE | ANY:
            continue
        before = [s for s in named if s.end <= r.child.start and r.child.start - s.end <= REACH]
        antecedent = next((s for s in reversed(before) if _fits(pronoun, text, s)), None)
        if antecedent is not None:
            relations.append(Relation("SPEAKER", r.head, antecedent))
            resolved += 1
    spans = {s.key: s for s in gold.spans if not _pronoun(text, s)}
    spans |= {r.child.key: r.child for r in relations} | {r.head.key: r.head for r in relations}
    return AnnotationSet(gold.annotator, tuple(spans.values()), tuple(relations)), resolved


def keeping_pronouns(mapping: LabelMap) -> LabelMap:
    """The mapping with its sources' pronouns kept."""
    labels = {k: dataclasses.replace(v, drop_pronouns=False) for k, v in mapping.labels.items()}
    return dataclasses.replace(mapping, labels=labels)


def load_with_pronouns(
    part: str, corpus: Path | None = None, limit: int | None = None
) -> list[tuple[pn.Article, int]]:
    """A part's articles (as :func:`polnear.load_part`) with pronoun sources resolved."""
    corpus = corpus or default_corpus()
    mapping, scheme = keeping_pronouns(pn.polnear_map()), default_scheme()
    first: dict[Path, Path] = {}
    for ann in sorted((corpus / part / "attributions").glob("*.ann")):
        first.setdefault(mapping.text_for(ann), ann)
    out = []
    for txt, ann in sorted(first.items()):
        record = read_document(BratDocument(txt, ann), scheme, mapping=mapping)
        assert record.annotations is not None
        gold, resolved = resolve(record.article.text, record.annotations)
        out.append((pn.Article(txt.stem, record.article.text, gold), resolved))
        if limit and len(out) >= limit:
            break
    return out


def accuracy_rows(
    articles: Sequence[tuple[pn.Article, int]], predicted: Sequence[AnnotationSet], rounds: int
) -> list[str]:
    """Source accuracy over matched contents, pronoun sources resolved, with intervals."""
    reports = pn.per_article(
        [(a.text, pn.as_content(a.gold), p) for (a, _), p in zip(articles, predicted, strict=True)]
    )
    merged = pn.merge(reports)
    resolved = sum(n for _, n in articles)
    return [
        f"  {'source accuracy, pronouns too':30} {pn.with_ci(reports, pn.speaker, rounds):>24}   "
        f"({merged.speaker_correct}/{merged.speaker_total}; {resolved} pronoun sources given their "
        "nearest fitting named gold source: silver, tests/benchmarks/pronoun_sources.py)"
    ]
