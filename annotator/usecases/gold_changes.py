"""The gold changes behind each adjudicating decision (pure: what goes into and out of
gold, from an aligned article; :mod:`annotator.usecases.adjudicating` applies them)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from annotator.core.alignment import GoldChange, NoMajority, RelationItem, SpanItem, relation_id, span_id
from annotator.core.model import ArticleStatus, Relation, Span

if TYPE_CHECKING:
    from annotator.usecases.adjudicating import AlignedArticle

SPAN, RELATION = "span", "relation"


def started(aligned: AlignedArticle, change: GoldChange) -> GoldChange:
    """The change, moving gold's article to in progress if it had no status yet."""
    if aligned.status is None and change.status is None and not change.empty:
        return replace(change, status=(None, ArticleStatus.IN_PROGRESS.value))
    return change


def gold_relations(aligned: AlignedArticle) -> list[Relation]:
    return [i.gold for i in aligned.alignment.relations if i.gold is not None]


def set_span(aligned: AlignedArticle, item: SpanItem, span: Span) -> GoldChange:
    """Gold's span for the item becomes ``span``; gold relations on the old one move to it."""
    old = item.gold
    if old is not None and span_id(old) == span_id(span):
        return started(aligned, GoldChange(unreject_spans=tuple(item.rejected)))
    removed: list[Relation] = []
    moved: list[Relation] = []
    if old is not None:
        for r in gold_relations(aligned):
            if r.head == old or r.child == old:
                removed.append(r)
                moved.append(
                    Relation(r.label, span if r.head == old else r.head, span if r.child == old else r.child)
                )
    change = GoldChange(
        add_spans=(span,),
        remove_spans=(old,) if old is not None else (),
        unreject_spans=tuple(item.rejected),
        add_relations=tuple(moved),
        remove_relations=tuple(removed),
    )
    return started(aligned, change)


def remove_span(aligned: AlignedArticle, item: SpanItem, reject: bool) -> GoldChange:
    old = item.gold
    removed = tuple(r for r in gold_relations(aligned) if old is not None and old in (r.head, r.child))
    versions = {span_id(s): s for s in item.versions.values() if s is not None}
    already = {span_id(s) for s in item.rejected}
    rejects = tuple(s for k, s in sorted(versions.items()) if k not in already) if reject else ()
    return GoldChange(
        remove_spans=(old,) if old is not None else (),
        reject_spans=rejects,
        remove_relations=removed,
    )


def set_relation(aligned: AlignedArticle, item: RelationItem, relation: Relation) -> GoldChange:
    """Gold gets the relation between its spans of the two end items (taking
    ``relation``'s own ends where gold has none yet)."""
    spans = aligned.alignment.spans
    add: list[Span] = []
    unreject: list[Span] = []
    ends = []
    for index, own in ((item.head, relation.head), (item.child, relation.child)):
        end = spans[index]
        if end.gold is not None:
            ends.append(end.gold)
        else:
            add.append(own)
            unreject.extend(end.rejected)
            ends.append(own)
    new = Relation(item.label, ends[0], ends[1])
    ids = {relation_id(r) for r in item.versions.values() if r is not None}
    return started(
        aligned,
        GoldChange(
            add_spans=tuple(add),
            unreject_spans=tuple(unreject),
            add_relations=(new,) if item.gold is None or item.gold != new else (),
            remove_relations=(item.gold,) if item.gold is not None and item.gold != new else (),
            unreject_relations=tuple(sorted(ids)) if item.rejected else (),
        ),
    )


def auto_change(
    aligned: AlignedArticle, majority: bool, finish: bool
) -> tuple[GoldChange, tuple[int, int, int, int]]:
    """The unanimous (and, with ``majority``, majority) decisions gold has not taken yet."""
    al = aligned.alignment
    add: list[Span] = []
    reject: list[Span] = []
    settled: set[tuple[str, int]] = set()
    gold_of = {i.index: i.gold for i in al.spans}
    for item in al.spans:
        if item.resolved or not any(item.versions.values()):
            continue
        choice: Span | None
        if item.agreed:
            choice = next(s for s in item.versions.values() if s is not None)
        elif majority:
            try:
                choice = item.majority()
            except NoMajority:
                continue
        else:
            continue
        settled.add((SPAN, item.index))
        if choice is None:
            reject.extend({span_id(s): s for s in item.versions.values() if s is not None}.values())
        else:
            add.append(choice)
            gold_of[item.index] = choice
    relations: list[Relation] = []
    rejected_relations: list[tuple[str, object, object]] = []
    for rel in al.relations:
        if rel.resolved:
            continue
        if rel.agreed:
            chosen: Relation | None = next(r for r in rel.versions.values() if r is not None)
        elif majority:
            try:
                chosen = rel.majority()
            except NoMajority:
                continue
        else:
            continue
        head, child = gold_of.get(rel.head), gold_of.get(rel.child)
        if chosen is None:
            rejected_relations.extend({relation_id(r) for r in rel.versions.values() if r is not None})
            settled.add((RELATION, rel.index))
        elif head is not None and child is not None:
            relations.append(Relation(rel.label, head, child))
            settled.add((RELATION, rel.index))
    still_open = [
        i
        for kind, items in ((SPAN, al.spans), (RELATION, al.relations))
        for i in items
        if not i.agreed and any(i.versions.values()) and not i.resolved and (kind, i.index) not in settled
    ]
    change = GoldChange(
        add_spans=tuple(add),
        reject_spans=tuple(reject),
        add_relations=tuple(relations),
        reject_relations=tuple(sorted(rejected_relations)),  # type: ignore[arg-type]
    )
    done = 0
    if finish and not still_open and aligned.status != ArticleStatus.DONE.value:
        change = replace(change, status=(aligned.status, ArticleStatus.DONE.value))
        done = 1
    else:
        change = started(aligned, change)
    return change, (len(add), len(relations), len(reject) + len(rejected_relations), done)
