"""Scoring annotations against gold (quality.md): spans, quotes, speakers, relations.

Pure functions over core types; the same code scores the engine, raw spaCy and
textacy, so their figures are comparable.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from annotator.core.model import AnnotationSet, Relation, Span

STATEMENTS = ("QUOTE", "DENIAL")
EXACT, OVERLAP = "exact", "overlap"


@dataclass(slots=True)
class Counts:
    """Predictions that matched, gold items that were matched, and the totals."""

    pred_hit: int = 0
    gold_hit: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, other: Counts) -> None:
        self.pred_hit += other.pred_hit
        self.gold_hit += other.gold_hit
        self.pred += other.pred
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.pred_hit / self.pred if self.pred else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.gold_hit / self.gold if self.gold else (1.0 if not self.pred else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "pred_matched": self.pred_hit,
            "gold_matched": self.gold_hit,
            "pred": self.pred,
            "gold": self.gold,
        }


def overlap(a: Span, b: Span) -> int:
    """Characters two spans share."""
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def match(gold: Sequence[Span], pred: Sequence[Span], mode: str) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index): same offsets, or the largest overlaps first."""
    if mode == EXACT:
        where = {(s.start, s.end): i for i, s in enumerate(gold)}
        return [(where[(p.start, p.end)], j) for j, p in enumerate(pred) if (p.start, p.end) in where]
    candidates = sorted(
        ((overlap(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred) if g.overlaps(p)),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return pairs


def category(span: Span) -> str:
    """A span's label, refined by its ``type`` for statements (``QUOTE/direct``)."""
    kind = span.attrs.get("type")
    return f"{span.label}/{kind}" if kind and span.label in STATEMENTS else span.label


def _groups(spans: Iterable[Span], key: Callable[[Span], str]) -> dict[str, list[Span]]:
    groups: dict[str, list[Span]] = defaultdict(list)
    for s in spans:
        groups[key(s)].append(s)
    return groups


@dataclass(slots=True)
class Report:
    """Every figure of one evaluation, per label and overall."""

    spans: dict[str, dict[str, Counts]] = field(default_factory=lambda: {EXACT: {}, OVERLAP: {}})
    coverage: dict[str, Counts] = field(default_factory=dict)
    speaker_correct: int = 0
    speaker_total: int = 0
    relations: dict[str, dict[str, Counts]] = field(default_factory=lambda: {EXACT: {}, OVERLAP: {}})
    documents: int = 0
    unmatched_gold: int = 0
    unmatched_pred: int = 0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_correct / self.speaker_total if self.speaker_total else 0.0

    def f1(self, label: str, mode: str = OVERLAP) -> float:
        """F1 of one label (or ``LABEL/type``), 0 when neither side has any."""
        found = self.spans[mode].get(label)
        return found.f1 if found else 0.0

    def as_dict(self) -> dict[str, object]:
        """The machine-readable report."""
        return {
            "documents": self.documents,
            "unmatched_gold_documents": self.unmatched_gold,
            "unmatched_predicted_documents": self.unmatched_pred,
            "spans": {mode: _table(group) for mode, group in self.spans.items()},
            "quote_coverage": {k: v.as_dict() for k, v in self.coverage.items()},
            "speaker_accuracy": {
                "accuracy": round(self.speaker_accuracy, 4),
                "correct": self.speaker_correct,
                "total": self.speaker_total,
            },
            "relations": {mode: _table(group) for mode, group in self.relations.items()},
        }


def _table(group: dict[str, Counts]) -> dict[str, object]:
    out: dict[str, object] = {k: v.as_dict() for k, v in sorted(group.items())}
    plain = [v for k, v in group.items() if "/" not in k]
    micro = Counts()
    for v in plain:
        micro.add(v)
    out["micro"] = micro.as_dict()
    out["macro_f1"] = round(sum(v.f1 for v in plain) / len(plain), 4) if plain else 0.0
    return out


def evaluate(pairs: Iterable[tuple[str, AnnotationSet, AnnotationSet]]) -> Report:
    """Score (text, gold, predicted) triples whose texts were matched by content."""
    report = Report()
    for text, gold, pred in pairs:
        report.documents += 1
        _score_spans(report, gold.spans, pred.spans)
        _score_coverage(report, gold.spans, pred.spans)
        _score_speakers(report, text, gold, pred)
        _score_relations(report, gold.relations, pred.relations)
    return report


def _bump(group: dict[str, Counts], key: str, counts: Counts) -> None:
    group.setdefault(key, Counts()).add(counts)


def _score_spans(report: Report, gold: Sequence[Span], pred: Sequence[Span]) -> None:
    plain_g, plain_p = _groups(gold, lambda s: s.label), _groups(pred, lambda s: s.label)
    typed_g, typed_p = _groups(gold, category), _groups(pred, category)
    for groups_g, groups_p, typed in ((plain_g, plain_p, False), (typed_g, typed_p, True)):
        for label in set(groups_g) | set(groups_p):
            if typed and "/" not in label:
                continue
            g, p = groups_g.get(label, []), groups_p.get(label, [])
            for mode in (EXACT, OVERLAP):
                hits = len(match(g, p, mode))
                _bump(report.spans[mode], label, Counts(hits, hits, len(p), len(g)))


def _score_coverage(report: Report, gold: Sequence[Span], pred: Sequence[Span]) -> None:
    """GenderGapTracker's rule: a prediction matches a gold statement it covers by more than a share."""
    g = [s for s in gold if s.label in STATEMENTS]
    p = [s for s in pred if s.label in STATEMENTS]
    for share in (0.3, 0.8):

        def covers(gs: Span, ps: Span, share: float = share) -> bool:
            return overlap(gs, ps) > share * (gs.end - gs.start)

        gold_hit = sum(1 for gs in g if any(covers(gs, ps) for ps in p))
        pred_hit = sum(1 for ps in p if any(covers(gs, ps) for gs in g))
        _bump(report.coverage, f"{int(share * 100)}%", Counts(pred_hit, gold_hit, len(p), len(g)))


def _speakers(annotations: AnnotationSet) -> dict[tuple[int, int, str], list[Span]]:
    found: dict[tuple[int, int, str], list[Span]] = defaultdict(list)
    for r in annotations.relations:
        if r.label == "SPEAKER":
            found[r.head.key].append(r.child)
    return found


def _tokens(text: str) -> set[str]:
    return {w.strip(".,'’\"“”").lower() for w in text.split()} - {"", "the", "a", "an"}


def _same_person(text: str, a: Span, b: Span) -> bool:
    """Two PERSON mentions of one name: one's words are a subset of the other's."""
    if a.label != "PERSON" or b.label != "PERSON":
        return False
    wa, wb = _tokens(text[a.start : a.end]), _tokens(text[b.start : b.end])
    return bool(wa and wb) and (wa <= wb or wb <= wa)


def same_source(text: str, gold: Span, pred: Span, roles_of: dict[tuple[int, int, str], list[Span]]) -> bool:
    """Whether a predicted speaker names the gold speaker: overlapping spans, the same
    person by name ("Sanders" ~ "Sarah Huckabee Sanders"), or linked through ROLE_OF."""
    if gold.overlaps(pred) or _same_person(text, gold, pred):
        return True
    for (start, end, label), people in roles_of.items():
        role = Span(start, end, label)
        for person in people:
            if gold.overlaps(role) and (pred.overlaps(person) or _same_person(text, person, pred)):
                return True
            if (gold.overlaps(person) or _same_person(text, gold, person)) and pred.overlaps(role):
                return True
    return False


def _score_speakers(report: Report, text: str, gold: AnnotationSet, pred: AnnotationSet) -> None:
    g = [s for s in gold.spans if s.label in STATEMENTS]
    p = [s for s in pred.spans if s.label in STATEMENTS]
    gold_speakers, pred_speakers = _speakers(gold), _speakers(pred)
    roles_of: dict[tuple[int, int, str], list[Span]] = defaultdict(list)
    for r in gold.relations:
        if r.label == "ROLE_OF":
            roles_of[r.head.key].append(r.child)
    for i, j in match(g, p, OVERLAP):
        expected = gold_speakers.get(g[i].key, [])
        if not expected:
            continue  # the text names no source: nothing to get right
        report.speaker_total += 1
        given = pred_speakers.get(p[j].key, [])
        if any(same_source(text, e, s, roles_of) for e in expected for s in given):
            report.speaker_correct += 1


def _score_relations(report: Report, gold: Sequence[Relation], pred: Sequence[Relation]) -> None:
    for label in {r.label for r in gold} | {r.label for r in pred}:
        g = [r for r in gold if r.label == label]
        p = [r for r in pred if r.label == label]
        for mode in (EXACT, OVERLAP):
            hits = relation_hits(g, p, mode)
            _bump(report.relations[mode], label, Counts(hits, hits, len(p), len(g)))


def _ends_match(a: Span, b: Span, mode: str) -> bool:
    if a.label != b.label:
        return False
    return (a.start, a.end) == (b.start, b.end) if mode == EXACT else a.overlaps(b)


def relation_hits(gold: Sequence[Relation], pred: Sequence[Relation], mode: str) -> int:
    """One-to-one matches of relations whose head and child both match (``mode``)."""
    used: set[int] = set()
    hits = 0
    for r in pred:
        for i, g in enumerate(gold):
            if i not in used and _ends_match(g.head, r.head, mode) and _ends_match(g.child, r.child, mode):
                used.add(i)
                hits += 1
                break
    return hits
