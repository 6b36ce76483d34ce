"""Inter-annotator agreement (quality.md): span and relation F1 per pair, token-level kappas.

- Spans: pairwise F1 per label at exact and overlap match (one-to-one matching,
  as in scoring); pairwise F1 is positive specific agreement, so it is symmetric.
- Relations: pairwise F1 over relations of the same type whose both ends match.
- Tokens: each token of an article gets, per annotator, the label of the
  innermost (shortest) span covering any of its characters, or "no label"
  (category 0). Cohen's kappa per pair, Fleiss' kappa and Krippendorff's alpha
  (nominal) over all annotators; an annotator absent from an article (not
  marked done) is missing there, never "no label".
- A label confusion table counts, for every token and pair, which label each
  side gave: off the diagonal are the labels annotators swap for one another.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import combinations

import numpy as np
import numpy.typing as npt

from annotator.core.kappa import (
    IntArray,
    cohen_kappa,
    confusion,
    fleiss_kappa,
    krippendorff_alpha_nominal,
    value_counts,
)
from annotator.core.model import AnnotationSet, Relation, Span
from annotator.core.scoring import EXACT, OVERLAP, Counts, match, relation_hits

NO_LABEL = "no label"
MODES = (EXACT, OVERLAP)
# Words, numbers and single punctuation marks: enough to weigh spans by their words.
_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Unit:
    """One article as compared: its text and the sets of the annotators who marked it done."""

    article_id: int
    text: str
    sets: Mapping[str, AnnotationSet]
    title: str = ""


def tokens(text: str) -> tuple[IntArray, IntArray]:
    """Start and end offsets of the text's tokens (``\\w+|[^\\w\\s]``, vectorised)."""
    try:
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    except UnicodeEncodeError:  # a lone surrogate: the regex handles it, slowly
        found = np.array([m.span() for m in _TOKEN.finditer(text)], dtype=np.int64).reshape(-1, 2)
        return found[:, 0], found[:, 1]
    if not len(codes):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    word, space = _classes()
    inside = codes < len(word)
    if inside.all():
        is_word, is_space = word[codes], space[codes]
    else:  # beyond the basic plane (emoji...): classify those few one by one
        safe = np.where(inside, codes, 0)
        is_word, is_space = word[safe], space[safe]
        for i in np.flatnonzero(~inside).tolist():
            c = text[i]
            is_word[i], is_space[i] = c.isalnum() or c == "_", c.isspace()
    mark = ~is_word & ~is_space  # punctuation: one token per character
    before = np.concatenate(([False], is_word[:-1]))
    after = np.concatenate((is_word[1:], [False]))
    starts = np.flatnonzero((is_word & ~before) | mark)
    ends = np.flatnonzero((is_word & ~after) | mark) + 1
    return starts.astype(np.int64), ends.astype(np.int64)


@cache
def _classes() -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Which characters of the basic plane are word characters (\\w) and spaces (\\s), as re says."""
    chars = [chr(c) for c in range(0x10000)]
    word = np.array([c.isalnum() or c == "_" for c in chars])
    space = np.array([c.isspace() for c in chars])
    return word, space


def token_labels(
    starts: Sequence[int] | IntArray,
    ends: Sequence[int] | IntArray,
    spans: Iterable[Span],
    codes: Mapping[str, int],
) -> IntArray:
    """Each token's code: the innermost span touching it (``codes[label]``), else 0."""
    out = np.zeros(len(starts), dtype=np.int64)
    # Longest first, so that shorter (inner) spans overwrite the ones around them.
    ordered = sorted(spans, key=lambda s: (s.start - s.end, s.start, s.label))
    if not ordered:
        return out
    firsts = np.searchsorted(ends, [s.start for s in ordered], side="right").tolist()
    lasts = np.searchsorted(starts, [s.end for s in ordered], side="left").tolist()
    for span, first, last in zip(ordered, firsts, lasts, strict=True):
        if first < last:
            out[first:last] = codes[span.label]
    return out


def span_counts(a: Sequence[Span], b: Sequence[Span]) -> dict[str, dict[str, Counts]]:
    """Per match mode and label, how many of a's and b's spans match one-to-one (a as "gold").

    Overlap matching first pairs spans with the same offsets, then the rest by
    largest shared stretch, so overlap agreement is never below exact agreement.
    """
    by_a: dict[str, list[Span]] = {}
    by_b: dict[str, list[Span]] = {}
    for s in a:
        by_a.setdefault(s.label, []).append(s)
    for s in b:
        by_b.setdefault(s.label, []).append(s)
    exact: dict[str, Counts] = {}
    overlap: dict[str, Counts] = {}
    for label in by_a.keys() | by_b.keys():
        ga, gb = by_a.get(label, ()), by_b.get(label, ())
        same = {(s.start, s.end) for s in ga} & {(s.start, s.end) for s in gb}
        hits = len(same)
        exact[label] = Counts(hits, hits, len(gb), len(ga))
        rest_a = [s for s in ga if (s.start, s.end) not in same]
        rest_b = [s for s in gb if (s.start, s.end) not in same]
        if rest_a and rest_b:
            hits += len(match(rest_a, rest_b, OVERLAP))
        overlap[label] = Counts(hits, hits, len(gb), len(ga))
    return {EXACT: exact, OVERLAP: overlap}


def relation_counts(a: Sequence[Relation], b: Sequence[Relation], mode: str) -> dict[str, Counts]:
    """Per relation type, one-to-one matches of relations whose both ends match."""
    out = {}
    for label in {r.label for r in a} | {r.label for r in b}:
        ra = [r for r in a if r.label == label]
        rb = [r for r in b if r.label == label]
        hits = relation_hits(ra, rb, mode)
        out[label] = Counts(hits, hits, len(rb), len(ra))
    return out


def _total(group: Mapping[str, Counts]) -> Counts:
    total = Counts()
    for c in group.values():
        total.add(c)
    return total


def _nan_to_none(x: float) -> float | None:
    return None if math.isnan(x) else round(x, 4)


@dataclass(slots=True)
class ArticleAgreement:
    """One article's figures, averaged over the pairs of annotators who marked it done."""

    article_id: int
    title: str
    annotators: tuple[str, ...]
    span_f1: dict[str, float]  # mode -> mean pairwise micro F1
    relation_f1: float  # exact ends
    alpha: float  # token-level, NaN when undefined
    tokens: int

    def as_dict(self) -> dict[str, object]:
        return {
            "article_id": self.article_id,
            "title": self.title,
            "annotators": list(self.annotators),
            "span_f1": {k: round(v, 4) for k, v in self.span_f1.items()},
            "relation_f1": round(self.relation_f1, 4),
            "alpha": _nan_to_none(self.alpha),
            "tokens": self.tokens,
        }


Pair = tuple[str, str]


@dataclass(slots=True)
class AgreementReport:
    """Every agreement figure over a set of articles."""

    annotators: tuple[str, ...]
    labels: tuple[str, ...]
    articles: int = 0
    # mode -> pair -> label -> counts (summed over articles)
    spans: dict[str, dict[Pair, dict[str, Counts]]] = field(default_factory=dict)
    relations: dict[str, dict[Pair, dict[str, Counts]]] = field(default_factory=dict)
    cohen: dict[Pair, float] = field(default_factory=dict)
    fleiss: float = float("nan")
    alpha: float = float("nan")
    tokens: int = 0
    # categories: NO_LABEL then labels; symmetric counts over ordered pairs of annotators
    confusion: list[list[int]] = field(default_factory=list)
    per_article: list[ArticleAgreement] = field(default_factory=list)

    @property
    def pairs(self) -> list[Pair]:
        return list(combinations(self.annotators, 2))

    @property
    def categories(self) -> tuple[str, ...]:
        return (NO_LABEL, *self.labels)

    def pair_f1(self, pair: Pair, mode: str, label: str | None = None, relations: bool = False) -> float:
        """One pair's F1 for a label (or all labels, micro) at a match mode."""
        group = (self.relations if relations else self.spans)[mode].get(pair, {})
        if label is None:
            return _total(group).f1
        return group[label].f1 if label in group else float("nan")

    def mean_f1(self, mode: str, label: str | None = None, relations: bool = False) -> float:
        """Pairwise F1 averaged over the pairs that have any such item (NaN if none)."""
        values = [self.pair_f1(p, mode, label, relations) for p in self.pairs]
        values = [v for v in values if not math.isnan(v)]
        return sum(values) / len(values) if values else float("nan")

    def labels_seen(self, relations: bool = False) -> list[str]:
        groups = (self.relations if relations else self.spans).get(EXACT, {})
        seen = {label for group in groups.values() for label in group}
        order = list(self.labels) if not relations else sorted(seen)
        return [x for x in order if x in seen] + sorted(seen - set(order))

    def lowest(self, n: int = 10) -> list[ArticleAgreement]:
        """The articles with the lowest exact span agreement (then lowest alpha)."""

        def key(a: ArticleAgreement) -> tuple[float, float, int]:
            return (a.span_f1[EXACT], -1.0 if math.isnan(a.alpha) else a.alpha, a.article_id)

        return sorted(self.per_article, key=key)[:n]

    def as_dict(self) -> dict[str, object]:
        """The machine-readable report (NaN, an undefined figure, becomes null)."""

        def table(kind: dict[str, dict[Pair, dict[str, Counts]]], relations: bool) -> dict[str, object]:
            out: dict[str, object] = {}
            labels = self.labels_seen(relations)
            for mode in MODES:
                out[mode] = {
                    "mean": {
                        "micro": _nan_to_none(self.mean_f1(mode, None, relations)),
                        **{x: _nan_to_none(self.mean_f1(mode, x, relations)) for x in labels},
                    },
                    "pairs": {
                        f"{a}|{b}": {
                            "micro": _total(kind[mode].get((a, b), {})).as_dict(),
                            **{x: c.as_dict() for x, c in sorted(kind[mode].get((a, b), {}).items())},
                        }
                        for a, b in self.pairs
                    },
                }
            return out

        return {
            "annotators": list(self.annotators),
            "articles": self.articles,
            "tokens": self.tokens,
            "spans": table(self.spans, False),
            "relations": table(self.relations, True),
            "token_level": {
                "cohen_kappa": {f"{a}|{b}": _nan_to_none(k) for (a, b), k in self.cohen.items()},
                "fleiss_kappa": _nan_to_none(self.fleiss),
                "krippendorff_alpha": _nan_to_none(self.alpha),
            },
            "confusion": {"categories": list(self.categories), "counts": self.confusion},
            "per_article": [a.as_dict() for a in self.per_article],
        }


def measure(units: Iterable[Unit], annotators: Sequence[str], labels: Sequence[str]) -> AgreementReport:
    """Every figure over the units; an annotator counts only on units in its ``sets``."""
    names = tuple(annotators)
    report = AgreementReport(names, tuple(labels))
    report.spans = {m: {p: {} for p in report.pairs} for m in MODES}
    report.relations = {m: {p: {} for p in report.pairs} for m in MODES}
    codes = {label: i + 1 for i, label in enumerate(labels)}
    rows: list[IntArray] = []  # per unit, annotators x tokens (-1 = missing)
    for unit in units:
        for s in unit.sets.values():
            for span in s.spans:
                if span.label not in codes:  # a label the scheme no longer has
                    codes[span.label] = len(codes) + 1
                    report.labels = (*report.labels, span.label)
        rows.append(_measure_unit(report, unit, codes))
    k = len(codes) + 1
    data = np.concatenate(rows, axis=1) if rows else np.zeros((len(names), 0), dtype=np.int64)
    report.tokens = int(data.shape[1])
    total = np.zeros((k, k), dtype=np.int64)
    for i, j in combinations(range(len(names)), 2):
        both = (data[i] >= 0) & (data[j] >= 0)
        table = confusion(data[i][both], data[j][both], k)
        report.cohen[(names[i], names[j])] = cohen_kappa(table)
        total += table + table.T
    report.confusion = total.tolist()
    counts = value_counts(data, k)
    report.fleiss = fleiss_kappa(counts)
    report.alpha = krippendorff_alpha_nominal(counts)
    offset = 0
    for art in report.per_article:
        own = counts[offset : offset + art.tokens]
        offset += art.tokens
        art.alpha = krippendorff_alpha_nominal(own) if len(art.annotators) > 1 else math.nan
    return report


def _measure_unit(report: AgreementReport, unit: Unit, codes: Mapping[str, int]) -> IntArray:
    names = report.annotators
    present = [n for n in names if n in unit.sets]
    report.articles += 1
    starts, ends = tokens(unit.text)
    data = np.full((len(names), len(starts)), -1, dtype=np.int64)
    for i, name in enumerate(names):
        if name in unit.sets:
            data[i] = token_labels(starts, ends, unit.sets[name].spans, codes)
    f1: dict[str, list[float]] = {m: [] for m in MODES}
    rel_f1: list[float] = []
    for a, b in combinations(present, 2):
        sa, sb = unit.sets[a], unit.sets[b]
        both = span_counts(sa.spans, sb.spans)
        for mode in MODES:
            spans = both[mode]
            _add(report.spans[mode][(a, b)], spans)
            f1[mode].append(_total(spans).f1)
            rels = relation_counts(sa.relations, sb.relations, mode)
            _add(report.relations[mode][(a, b)], rels)
            if mode == EXACT:
                rel_f1.append(_total(rels).f1)
    report.per_article.append(
        ArticleAgreement(
            unit.article_id,
            unit.title,
            tuple(present),
            {m: (sum(v) / len(v) if v else math.nan) for m, v in f1.items()},
            sum(rel_f1) / len(rel_f1) if rel_f1 else math.nan,
            math.nan,  # filled in by measure() from the whole token table
            len(starts),
        )
    )
    return data


def _add(into: dict[str, Counts], counts: Mapping[str, Counts]) -> None:
    for label, c in counts.items():
        into.setdefault(label, Counts()).add(c)
