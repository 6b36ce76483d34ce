"""The gold annotator's decisions: accepted spans and relations, and what was rejected.

A rejected span is an annotation row with status "rejected" (exports read only
accepted ones); a rejected relation is a row of ``rejected_relations``, its ends
given by place (a relation may be rejected between spans gold never accepted).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from annotator.core.alignment import GoldChange, RelationId, SpanId, span_id
from annotator.core.model import AnnotationSet, AnnotationStatus, ArticleStatus, Span
from annotator.store import reading
from annotator.store.errors import ProjectError
from annotator.store.project import Project
from annotator.store.rows import annotator_id, ensure_annotator
from annotator.store.tables import (
    AnnotationRow,
    ArticleStatusRow,
    RejectedRelationRow,
    RelationRow,
    utcnow,
)


@dataclass(frozen=True, slots=True)
class GoldState:
    """Gold's accepted work on an article, its rejections and its status (None: never touched)."""

    accepted: AnnotationSet
    rejected_spans: tuple[Span, ...]
    rejected_relations: tuple[RelationId, ...]
    status: str | None


def relation_key(relation: RelationId) -> str:
    """The canonical JSON of a rejected relation: one row per relation and article."""
    label, head, child = relation
    return json.dumps([label, list(head), list(child)], separators=(",", ":"), ensure_ascii=False)


def read_states(project: Project, name: str, ids: Sequence[int]) -> dict[int, GoldState]:
    """Gold's state on each of these articles."""
    out: dict[int, GoldState] = {}
    with project.reading() as conn:
        who = annotator_id(conn, name)
        for chunk in reading.chunked(list(ids), 500):
            sets = reading.annotation_sets(conn, who, name, chunk) if who is not None else {}
            rejected: dict[int, list[Span]] = {i: [] for i in chunk}
            rejected_relations: dict[int, list[RelationId]] = {i: [] for i in chunk}
            statuses: dict[int, str] = {}
            if who is not None:
                for row in conn.execute(
                    select(AnnotationRow).where(
                        AnnotationRow.annotator_id == who,
                        AnnotationRow.article_id.in_(chunk),
                        AnnotationRow.status == AnnotationStatus.REJECTED,
                    )
                ):
                    rejected[row.article_id].append(Span(row.start, row.end, row.label, row.attrs or {}))
                statuses = dict(
                    conn.execute(
                        select(ArticleStatusRow.article_id, ArticleStatusRow.status).where(
                            ArticleStatusRow.annotator_id == who, ArticleStatusRow.article_id.in_(chunk)
                        )
                    ).all()
                )
                for rel in conn.execute(
                    select(RejectedRelationRow)
                    .where(RejectedRelationRow.annotator_id == who, RejectedRelationRow.article_id.in_(chunk))
                    .order_by(RejectedRelationRow.key)
                ):
                    rejected_relations[rel.article_id].append(_relation_id((rel.label, rel.head, rel.child)))
            for i in chunk:
                out[i] = GoldState(
                    sets[i] if i in sets else AnnotationSet(name),
                    tuple(rejected[i]),
                    tuple(rejected_relations[i]),
                    statuses.get(i),
                )
    return out


def _relation_id(raw: Sequence[Any]) -> RelationId:
    label, head, child = raw

    def one(x: Sequence[Any]) -> SpanId:
        start, end, lab, attrs = x
        return (int(start), int(end), str(lab), tuple((str(k), str(v)) for k, v in attrs))

    return (str(label), one(head), one(child))


class GoldChanged(ProjectError):
    """Gold's work on an article is not as expected: someone else changed it meanwhile."""


def _version(conn: Connection, who: int, article_id: int) -> tuple[object, ...]:
    """What gold's work on the article holds, by content (row ids are not kept: an undo
    re-creates rows, and PostgreSQL never hands out an id twice)."""
    mine = (AnnotationRow.annotator_id == who, AnnotationRow.article_id == article_id)
    rows = conn.execute(
        select(
            AnnotationRow.id,
            AnnotationRow.label,
            AnnotationRow.start,
            AnnotationRow.end,
            AnnotationRow.attrs,
            AnnotationRow.status,
        ).where(*mine)
    ).all()
    keys = {r.id: (r.label, r.start, r.end, json.dumps(r.attrs or {}, sort_keys=True)) for r in rows}
    spans = sorted((*keys[r.id], r.status) for r in rows)
    relations = sorted(
        (label, keys.get(head), keys.get(child))
        for label, head, child in conn.execute(
            select(RelationRow.label, RelationRow.head_id, RelationRow.child_id).where(
                RelationRow.annotator_id == who, RelationRow.article_id == article_id
            )
        )
    )
    rejected = sorted(
        conn.scalars(
            select(RejectedRelationRow.key).where(
                RejectedRelationRow.annotator_id == who, RejectedRelationRow.article_id == article_id
            )
        )
    )
    status = conn.scalar(
        select(ArticleStatusRow.status).where(
            ArticleStatusRow.annotator_id == who, ArticleStatusRow.article_id == article_id
        )
    )
    digest = hashlib.sha1(repr((spans, relations, rejected)).encode("utf-8"), usedforsecurity=False)
    return (len(spans), len(relations), len(rejected), status, digest.hexdigest())


def apply(
    project: Project,
    name: str,
    changes: Sequence[tuple[int, GoldChange]],
    expect: dict[int, tuple[object, ...]] | None = None,
) -> dict[int, tuple[object, ...]]:
    """Apply changes to gold's work, all in one transaction; each article's version after.

    With ``expect`` (versions an earlier call returned) nothing is written, and
    GoldChanged raised, when an article's work is no longer as that call left it: an
    undo must never remove what another window or process wrote after the step."""
    now = utcnow()
    with project.writing() as conn:
        who = ensure_annotator(conn, name)  # made when gold does not exist yet
        for article_id, version in (expect or {}).items():
            if _version(conn, who, article_id) != version:
                raise GoldChanged(
                    f"{project.location}: gold's work on article {article_id} was changed in another "
                    "window or process since; nothing was undone or redone"
                )
        for article_id, change in changes:
            _apply(conn, who, article_id, change, now)
        return {article_id: _version(conn, who, article_id) for article_id, _ in changes}


def _row_id(conn: Connection, who: int, article_id: int, span: Span) -> int | None:
    return conn.scalar(
        select(AnnotationRow.id).where(
            AnnotationRow.annotator_id == who,
            AnnotationRow.article_id == article_id,
            AnnotationRow.label == span.label,
            AnnotationRow.start == span.start,
            AnnotationRow.end == span.end,
        )
    )


def _apply(conn: Connection, who: int, article_id: int, change: GoldChange, now: object) -> None:
    for r in change.remove_relations:
        head, child = _row_id(conn, who, article_id, r.head), _row_id(conn, who, article_id, r.child)
        conn.execute(
            delete(RelationRow).where(
                RelationRow.annotator_id == who,
                RelationRow.label == r.label,
                RelationRow.head_id == head,
                RelationRow.child_id == child,
            )
        )
    # A span added where gold already has one replaces that row; its relations are
    # carried over to the new row (the change does not list them, so undo could not).
    carried: list[tuple[str, int, int]] = []
    replaced: dict[int, Span] = {}
    added = {(s.start, s.end, s.label) for s in change.add_spans}
    for span in (*change.remove_spans, *change.unreject_spans, *change.add_spans, *change.reject_spans):
        # Drop any row at that place first: a span is either accepted or rejected, never both.
        found = _row_id(conn, who, article_id, span)
        if found is not None:
            if (span.start, span.end, span.label) in added:
                replaced[found] = span
                carried += [
                    (label, head, child)
                    for label, head, child in conn.execute(
                        select(RelationRow.label, RelationRow.head_id, RelationRow.child_id).where(
                            (RelationRow.head_id == found) | (RelationRow.child_id == found)
                        )
                    )
                ]
            conn.execute(
                delete(RelationRow).where((RelationRow.head_id == found) | (RelationRow.child_id == found))
            )
            conn.execute(delete(AnnotationRow).where(AnnotationRow.id == found))
    for spans, status in (
        (change.add_spans, AnnotationStatus.ACCEPTED),
        (change.reject_spans, AnnotationStatus.REJECTED),
    ):
        if spans:
            conn.execute(
                insert(AnnotationRow),
                [
                    {
                        "article_id": article_id,
                        "annotator_id": who,
                        "label": s.label,
                        "start": s.start,
                        "end": s.end,
                        "attrs": dict(s.attrs),
                        "status": status,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for s in spans
                ],
            )
    if carried:
        _carry_relations(conn, who, article_id, carried, replaced, now)
    for r in change.add_relations:
        head, child = _row_id(conn, who, article_id, r.head), _row_id(conn, who, article_id, r.child)
        if head is None or child is None:
            raise ValueError(f"gold relation {r.label} without its ends")
        exists = conn.scalar(
            select(RelationRow.id).where(
                RelationRow.annotator_id == who,
                RelationRow.label == r.label,
                RelationRow.head_id == head,
                RelationRow.child_id == child,
            )
        )
        if exists is None:
            values = {"label": r.label, "head_id": head, "child_id": child, "created_at": now}
            conn.execute(insert(RelationRow), {"article_id": article_id, "annotator_id": who, **values})
    if change.reject_relations or change.unreject_relations:
        _note_relations(conn, who, article_id, change, now)
    if change.status is not None:
        _set_status(conn, who, article_id, change.status[1], now)
    else:
        # Gold's work changed now, whatever changed (a deletion leaves no row behind):
        # its status row's time says so, as every annotator's does (merges compare it).
        conn.execute(
            update(ArticleStatusRow)
            .where(ArticleStatusRow.article_id == article_id, ArticleStatusRow.annotator_id == who)
            .values(updated_at=now)
        )


def _carry_relations(
    conn: Connection,
    who: int,
    article_id: int,
    carried: list[tuple[str, int, int]],
    replaced: dict[int, Span],
    now: object,
) -> None:
    """Re-create relations of replaced rows on the rows that took their place."""
    new_ids = {old: _row_id(conn, who, article_id, span) for old, span in replaced.items()}
    for label, head, child in set(carried):
        head_id = new_ids.get(head, head)
        child_id = new_ids.get(child, child)
        alive = conn.scalar(select(func.count()).where(AnnotationRow.id.in_([head_id, child_id])))
        if head_id is None or child_id is None or alive != len({head_id, child_id}):
            continue  # the other end went away in the same change
        exists = conn.scalar(
            select(RelationRow.id).where(
                RelationRow.annotator_id == who,
                RelationRow.label == label,
                RelationRow.head_id == head_id,
                RelationRow.child_id == child_id,
            )
        )
        if exists is None:
            values = {"label": label, "head_id": head_id, "child_id": child_id, "created_at": now}
            conn.execute(insert(RelationRow), {"article_id": article_id, "annotator_id": who, **values})


def _note_relations(conn: Connection, who: int, article_id: int, change: GoldChange, now: object) -> None:
    """Record the relations rejected and forget those un-rejected."""
    gone = [relation_key(r) for r in change.unreject_relations]
    mine = (RejectedRelationRow.annotator_id == who, RejectedRelationRow.article_id == article_id)
    for chunk in reading.chunked(gone, 400):
        conn.execute(delete(RejectedRelationRow).where(*mine, RejectedRelationRow.key.in_(chunk)))
    wanted = {relation_key(r): r for r in change.reject_relations}
    have = set(conn.scalars(select(RejectedRelationRow.key).where(*mine)))
    new = [
        {
            "article_id": article_id,
            "annotator_id": who,
            "label": label,
            "head": list(head),
            "child": list(child),
            "key": key,
            "created_at": now,
        }
        for key, (label, head, child) in sorted(wanted.items())
        if key not in have
    ]
    if new:
        conn.execute(insert(RejectedRelationRow), new)


def _set_status(conn: Connection, who: int, article_id: int, status: str | None, now: object) -> None:
    where = (ArticleStatusRow.article_id == article_id, ArticleStatusRow.annotator_id == who)
    conn.execute(delete(ArticleStatusRow).where(*where))
    if status is not None:
        conn.execute(
            insert(ArticleStatusRow),
            {
                "article_id": article_id,
                "annotator_id": who,
                "status": ArticleStatus(status).value,
                "updated_at": now,
            },
        )


__all__ = ["GoldChanged", "GoldState", "apply", "read_states", "span_id"]
