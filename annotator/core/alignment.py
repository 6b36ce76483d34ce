"""Aligning several annotators' spans and relations on one article, for adjudication.

Spans of different annotators fall into one *item* when they are the same
mention: same label and overlapping, or different labels over mostly the same
characters (Jaccard >= 0.5: a QUOTE one annotator calls a DENIAL). Each item
holds every annotator's version (None: they marked nothing there). Relations
are items keyed by type and the items of their two ends. The gold annotator's
spans and relations join the items they resolve; gold-only ones become items
of their own. Pure functions; the use case persists the decisions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from annotator.core.model import AnnotationSet, Relation, Span

SpanId = tuple[int, int, str, tuple[tuple[str, str], ...]]
RelationId = tuple[str, SpanId, SpanId]
JACCARD = 0.5
T = TypeVar("T")


def span_id(span: Span) -> SpanId:
    """What makes two spans the same decision: offsets, label and attributes."""
    return (span.start, span.end, span.label, tuple(sorted(span.attrs.items())))


def relation_id(relation: Relation) -> RelationId:
    return (relation.label, span_id(relation.head), span_id(relation.child))


class NoMajority(ValueError):
    """No version was chosen by more than half of the annotators."""


def _majority(versions: Mapping[str, T | None], ident: Callable[[T], object]) -> object | None:
    counts = Counter(ident(v) if v is not None else None for v in versions.values())
    best, n = counts.most_common(1)[0]
    if 2 * n <= len(versions):
        raise NoMajority("no version has a majority")
    return best


@dataclass(slots=True)
class SpanItem:
    """One mention position: each annotator's version, and the gold decision."""

    index: int
    versions: dict[str, Span | None]
    gold: Span | None = None
    rejected: list[Span] = field(default_factory=list)  # versions gold rejected

    @property
    def anchor(self) -> Span:
        return next(s for s in (*self.versions.values(), self.gold, *self.rejected) if s is not None)

    @property
    def agreed(self) -> bool:
        """Every annotator gave the very same span."""
        ids = {span_id(s) if s is not None else None for s in self.versions.values()}
        return len(ids) == 1 and None not in ids

    @property
    def resolved(self) -> bool:
        """Gold holds a version of it, or rejected it."""
        return self.gold is not None or bool(self.rejected)

    def said(self) -> list[tuple[Span | None, list[str]]]:
        """Each distinct version with who gave it, most often given first."""
        return _who_said(self.versions, span_id)

    def majority(self) -> Span | None:
        """The version more than half gave (None: most marked nothing); NoMajority otherwise."""
        best = _majority(self.versions, span_id)
        return next((s for s in self.versions.values() if s is not None and span_id(s) == best), None)


@dataclass(slots=True)
class RelationItem:
    """One relation between two span items: each annotator's version, and the gold decision."""

    index: int
    label: str
    head: int  # span item index
    child: int
    versions: dict[str, Relation | None]
    gold: Relation | None = None
    rejected: bool = False

    @property
    def agreed(self) -> bool:
        ids = {relation_id(r) if r is not None else None for r in self.versions.values()}
        return len(ids) == 1 and None not in ids

    @property
    def resolved(self) -> bool:
        return self.gold is not None or self.rejected

    def said(self) -> list[tuple[Relation | None, list[str]]]:
        return _who_said(self.versions, relation_id)

    def majority(self) -> Relation | None:
        """The relation if more than half gave it (None if more than half did not)."""
        given_by: dict[str, bool | None] = {
            k: True if v is not None else None for k, v in self.versions.items()
        }
        best = _majority(given_by, lambda v: v)
        if best is None:
            return None
        given = [r for r in self.versions.values() if r is not None]
        # The ends most of those who gave it chose (ties: the first annotator's).
        top = Counter(relation_id(r) for r in given).most_common(1)[0][0]
        return next(r for r in given if relation_id(r) == top)


def _who_said(
    versions: Mapping[str, T | None], ident: Callable[[T], object]
) -> list[tuple[T | None, list[str]]]:
    groups: dict[object, list[str]] = {}
    first: dict[object, T | None] = {}
    for name, v in versions.items():
        key = ident(v) if v is not None else None
        groups.setdefault(key, []).append(name)
        first.setdefault(key, v)
    return sorted(((first[k], names) for k, names in groups.items()), key=lambda t: -len(t[1]))


@dataclass(slots=True)
class Alignment:
    """An article's span and relation items."""

    annotators: tuple[str, ...]
    spans: list[SpanItem]
    relations: list[RelationItem]

    @property
    def items(self) -> list[SpanItem | RelationItem]:
        return [*self.spans, *self.relations]

    def disagreements(self) -> int:
        """Items the annotators do not all give alike."""
        return len([i for i in self.items if _disputed(i)])

    def open(self) -> int:
        """Disagreements not yet resolved in gold."""
        return len([i for i in self.items if _disputed(i) and not i.resolved])

    def agreed(self) -> int:
        return len([i for i in self.items if i.agreed])


def _disputed(item: SpanItem | RelationItem) -> bool:
    """Some annotator gave it, and not all gave the same."""
    return not item.agreed and any(v is not None for v in item.versions.values())


def _compatible(a: Span, b: Span) -> bool:
    if not a.overlaps(b):
        return False
    if a.label == b.label:
        return True
    shared = min(a.end, b.end) - max(a.start, b.start)
    return shared / (max(a.end, b.end) - min(a.start, b.start)) >= JACCARD


def _closeness(a: Span, b: Span) -> tuple[bool, bool, bool, int]:
    shared = min(a.end, b.end) - max(a.start, b.start)
    return (span_id(a) == span_id(b), (a.start, a.end) == (b.start, b.end), a.label == b.label, shared)


def _place(items: list[SpanItem], span: Span, taken: Iterable[int], names: Sequence[str]) -> SpanItem:
    """The best item ``span`` can join (not in ``taken``), or a new one."""
    busy = set(taken)
    fits = [i for i in items if i.index not in busy and _compatible(i.anchor, span)]
    if fits:
        return max(fits, key=lambda i: (_closeness(i.anchor, span), -i.index))
    item = SpanItem(len(items), dict.fromkeys(names))
    items.append(item)
    return item


def align(
    sets: Mapping[str, AnnotationSet],
    gold: AnnotationSet | None = None,
    rejected_spans: Sequence[Span] = (),
    rejected_relations: Sequence[RelationId] = (),
) -> Alignment:
    """Items of the annotators' spans and relations (in ``sets`` order), with gold's decisions."""
    names = tuple(sets)
    items: list[SpanItem] = []
    where: dict[tuple[str, SpanId], int] = {}
    for name in names:
        for span in sorted(sets[name].spans, key=lambda s: (s.start, s.end, s.label)):
            taken = [i.index for i in items if i.versions[name] is not None]
            item = _place(items, span, taken, names)
            item.versions[name] = span
            where[(name, span_id(span))] = item.index
    gold_spans = gold.spans if gold is not None else ()
    for span in sorted(gold_spans, key=lambda s: (s.start, s.end, s.label)):
        exact = [i for i in items if i.gold is None and span_id(span) in _ids(i)]
        item = (
            exact[0] if exact else _place(items, span, [i.index for i in items if i.gold is not None], names)
        )
        item.gold = span
        where[("", span_id(span))] = item.index
    for span in rejected_spans:
        found = next((i for i in items if span_id(span) in _ids(i)), None)
        if found is not None:
            found.rejected.append(span)
    relations: dict[tuple[str, int, int], RelationItem] = {}

    def relation_item(label: str, head: int, child: int) -> RelationItem:
        key = (label, head, child)
        if key not in relations:
            relations[key] = RelationItem(len(relations), label, head, child, dict.fromkeys(names))
        return relations[key]

    for name in names:
        for r in sets[name].relations:
            head, child = where.get((name, span_id(r.head))), where.get((name, span_id(r.child)))
            if head is not None and child is not None:
                relation_item(r.label, head, child).versions[name] = r
    for r in gold.relations if gold is not None else ():
        head, child = where.get(("", span_id(r.head))), where.get(("", span_id(r.child)))
        if head is not None and child is not None:
            relation_item(r.label, head, child).gold = r
    rejected = set(rejected_relations)
    for rel in relations.values():
        if any(relation_id(r) in rejected for r in rel.versions.values() if r is not None):
            rel.rejected = True
    return Alignment(names, items, list(relations.values()))


def _ids(item: SpanItem) -> set[SpanId]:
    return {span_id(s) for s in item.versions.values() if s is not None}


@dataclass(frozen=True, slots=True)
class GoldChange:
    """One step of adjudication on one article: what goes into and out of gold.

    ``status`` is (before, after) when the change sets gold's status (None: no
    status, i.e. todo), or None to leave it as it is.
    """

    add_spans: tuple[Span, ...] = ()
    remove_spans: tuple[Span, ...] = ()
    reject_spans: tuple[Span, ...] = ()
    unreject_spans: tuple[Span, ...] = ()
    add_relations: tuple[Relation, ...] = ()
    remove_relations: tuple[Relation, ...] = ()
    reject_relations: tuple[RelationId, ...] = ()
    unreject_relations: tuple[RelationId, ...] = ()
    status: tuple[str | None, str | None] | None = None

    def inverse(self) -> GoldChange:
        """The change that undoes this one."""
        return GoldChange(
            add_spans=self.remove_spans,
            remove_spans=self.add_spans,
            reject_spans=self.unreject_spans,
            unreject_spans=self.reject_spans,
            add_relations=self.remove_relations,
            remove_relations=self.add_relations,
            reject_relations=self.unreject_relations,
            unreject_relations=self.reject_relations,
            status=(self.status[1], self.status[0]) if self.status is not None else None,
        )

    @property
    def empty(self) -> bool:
        return not (
            self.add_spans
            or self.remove_spans
            or self.reject_spans
            or self.unreject_spans
            or self.add_relations
            or self.remove_relations
            or self.reject_relations
            or self.unreject_relations
            or (self.status is not None and self.status[0] != self.status[1])
        )
