"""Storing imported articles (and their annotations) inside one write transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, func, insert, select

from annotator.core.model import AnnotationSet, AnnotationStatus, ArticleInput, ArticleRecord, ArticleStatus
from annotator.core.text import content_hash
from annotator.store import article_tokens
from annotator.store.reading import chunked
from annotator.store.rows import ensure_annotator, set_status
from annotator.store.tables import AnnotationRow, ArticleRow, RelationRow, utcnow


class SaveResult(StrEnum):
    NEW = "new"
    DUPLICATE = "duplicate"


@dataclass(frozen=True, slots=True)
class SaveOutcome:
    result: SaveResult
    article_id: int
    annotations_added: int = 0
    # True when the annotator already had annotations there, left as they were.
    annotations_kept: bool = False


def save_articles(conn: Connection, records: Sequence[ArticleRecord]) -> list[SaveOutcome]:
    """Store a batch of articles; a text already there is a duplicate, see
    :meth:`annotator.store.project.Project.save_articles`."""
    hashes = [content_hash(r.article.text) for r in records]
    now = utcnow()
    known: dict[str, int] = {}
    for chunk in chunked(list(set(hashes)), 500):
        rows = conn.execute(
            select(ArticleRow.content_hash, ArticleRow.id).where(ArticleRow.content_hash.in_(chunk))
        )
        known.update({h: i for h, i in rows})
    fresh: dict[str, dict[str, Any]] = {}
    for record, digest in zip(records, hashes, strict=True):
        if digest not in known and digest not in fresh:
            fresh[digest] = _article_row(record.article, digest, now)
    if fresh:
        ids = conn.scalars(
            insert(ArticleRow).returning(ArticleRow.id, sort_by_parameter_order=True),
            list(fresh.values()),
        ).all()
        new_ids = dict(zip(fresh, ids, strict=True))
    else:
        new_ids = {}
    outcomes = []
    created: set[str] = set()
    for record, digest in zip(records, hashes, strict=True):
        if digest in new_ids and digest not in created:
            created.add(digest)
            article_id, result = new_ids[digest], SaveResult.NEW
        else:
            article_id, result = known.get(digest) or new_ids[digest], SaveResult.DUPLICATE
        added, kept = 0, False
        if record.annotations is not None:
            added, kept = _add_annotations(conn, article_id, record.annotations, now)
        outcomes.append(SaveOutcome(result, article_id, added, kept))
    article_tokens.save(
        conn,
        {
            o.article_id: r.tokens
            for r, o in zip(records, outcomes, strict=True)
            if r.tokens and o.result is SaveResult.NEW
        },
    )
    return outcomes


def _add_annotations(
    conn: Connection, article_id: int, annotations: AnnotationSet, now: dt.datetime
) -> tuple[int, bool]:
    annotator_id = ensure_annotator(conn, annotations.annotator)
    existing = conn.scalar(
        select(func.count())
        .select_from(AnnotationRow)
        .where(AnnotationRow.article_id == article_id, AnnotationRow.annotator_id == annotator_id)
    )
    if existing:
        return 0, True
    unique = list({span.key: span for span in annotations.spans}.values())
    ids: dict[tuple[int, int, str], int] = {}
    if unique:
        rows = [
            {
                "article_id": article_id,
                "annotator_id": annotator_id,
                "label": s.label,
                "start": s.start,
                "end": s.end,
                "attrs": dict(s.attrs),
                "status": AnnotationStatus.ACCEPTED.value,
                "created_at": now,
                "updated_at": now,
            }
            for s in unique
        ]
        new = conn.scalars(
            insert(AnnotationRow).returning(AnnotationRow.id, sort_by_parameter_order=True), rows
        ).all()
        ids = {s.key: i for s, i in zip(unique, new, strict=True)}
    relations = {(r.label, ids[r.head.key], ids[r.child.key]) for r in annotations.relations}
    if relations:
        conn.execute(
            insert(RelationRow),
            [
                {
                    "article_id": article_id,
                    "annotator_id": annotator_id,
                    "label": label,
                    "head_id": head,
                    "child_id": child,
                    "created_at": now,
                }
                for label, head, child in sorted(relations)
            ],
        )
    if annotations.done:
        set_status(conn, article_id, annotator_id, ArticleStatus.DONE, now)
    elif unique:
        set_status(conn, article_id, annotator_id, ArticleStatus.IN_PROGRESS, now)
    return len(unique), False


def _article_row(article: ArticleInput, digest: str, now: dt.datetime) -> dict[str, Any]:
    return {
        "content_hash": digest,
        "text": article.text,
        "title": article.title[:1024],
        "date": article.date,
        "source": article.source[:1024],
        "url": article.url[:2048],
        "external_id": article.external_id[:512],
        "meta": dict(article.meta),
        "created_at": now,
    }
