"""Bulk reads for exports: whole articles with one annotator's work, in batches."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any, TypeVar

from sqlalchemy import Connection, Select, Text, select, type_coerce

from annotator.core.model import (
    AnnotationSet,
    AnnotationStatus,
    Article,
    ArticleStatus,
    Relation,
    Span,
)
from annotator.store.tables import (
    AnnotationRow,
    ArticleRow,
    ArticleStatusRow,
    RelationRow,
    SuggestionRow,
)

NO_ATTRS: Mapping[str, str] = MappingProxyType({})
T = TypeVar("T")


def articles(conn: Connection, ids: Sequence[int]) -> dict[int, Article]:
    """Articles by id."""
    a = ArticleRow
    columns = (a.id, a.text, a.title, a.date, a.source, a.url, a.external_id, a.content_hash, a.meta)
    return {row[0]: Article(*row) for row in conn.execute(select(*columns).where(a.id.in_(ids)))}


def annotated_article_ids(conn: Connection, annotator: int, include_pending: bool) -> list[int]:
    """Articles the annotator marked done (or, with pending, touched at all), in id order."""
    status = select(ArticleStatusRow.article_id).where(ArticleStatusRow.annotator_id == annotator)
    if not include_pending:
        return list(
            conn.scalars(
                status.where(ArticleStatusRow.status == ArticleStatus.DONE.value).order_by(
                    ArticleStatusRow.article_id
                )
            )
        )
    spans = select(AnnotationRow.article_id).where(AnnotationRow.annotator_id == annotator)
    return sorted(set(conn.scalars(status)) | set(conn.scalars(spans.distinct())))


def suggested_article_ids(conn: Connection) -> list[int]:
    """Articles with at least one suggestion, in id order."""
    return list(conn.scalars(select(SuggestionRow.article_id).distinct().order_by(SuggestionRow.article_id)))


def annotation_sets(
    conn: Connection, annotator: int, name: str, ids: Sequence[int]
) -> dict[int, AnnotationSet]:
    """The annotator's accepted spans, relations and done flag on these articles."""
    spans: dict[int, dict[int, Span]] = {i: {} for i in ids}
    rows = conn.execute(
        select(
            AnnotationRow.id,
            AnnotationRow.article_id,
            AnnotationRow.start,
            AnnotationRow.end,
            AnnotationRow.label,
            # Most spans have no attributes: decode the JSON here only when there is some
            # (SQLAlchemy's JSON processing per row was most of an export's read time).
            type_coerce(AnnotationRow.attrs, Text),
        )
        .where(
            AnnotationRow.annotator_id == annotator,
            AnnotationRow.article_id.in_(ids),
            AnnotationRow.status == AnnotationStatus.ACCEPTED,
        )
        .order_by(AnnotationRow.article_id, AnnotationRow.start, AnnotationRow.end, AnnotationRow.label)
    ).all()  # one fetch: row-by-row iteration costs more than the query
    decoded: dict[Any, Mapping[str, str]] = {}  # a few distinct values ({"type": "direct"}...)
    for row_id, article_id, start, end, label, raw in rows:
        if not isinstance(raw, str):  # PostgreSQL's driver decodes JSON itself
            attrs = attrs_of(raw)
        elif (attrs := decoded.get(raw)) is None:
            attrs = decoded[raw] = attrs_of(raw)
        spans[article_id][row_id] = Span(start, end, label, attrs)
    relations: dict[int, list[Relation]] = {i: [] for i in ids}
    for article_id, label, head, child in conn.execute(
        select(RelationRow.article_id, RelationRow.label, RelationRow.head_id, RelationRow.child_id).where(
            # "+ 0": SQLite would otherwise search the unique (annotator, label, head, child) index
            # and read all the annotator's relations for every batch (3 s of a 10,000-article export).
            RelationRow.annotator_id + 0 == annotator,
            RelationRow.article_id.in_(ids),
        )
    ).all():
        by_id = spans[article_id]
        if head in by_id and child in by_id:
            relations[article_id].append(Relation(label, by_id[head], by_id[child]))
    done = done_ids(conn, annotator, ids)
    return {
        i: AnnotationSet(
            name,
            tuple(spans[i].values()),
            tuple(sorted(relations[i], key=lambda r: (r.head.key, r.child.key, r.label))),
            i in done,
        )
        for i in ids
    }


def done_ids(conn: Connection, annotator: int, ids: Sequence[int]) -> set[int]:
    """Which of these articles the annotator marked done."""
    return set(
        conn.scalars(
            select(ArticleStatusRow.article_id).where(
                ArticleStatusRow.annotator_id == annotator,
                ArticleStatusRow.article_id.in_(ids),
                ArticleStatusRow.status == ArticleStatus.DONE.value,
            )
        )
    )


def attrs_of(raw: Any) -> Mapping[str, str]:
    if raw is None or raw == "{}" or raw == {}:
        return NO_ATTRS
    # Shared between spans, so read-only.
    return MappingProxyType(json.loads(raw) if isinstance(raw, str) else dict(raw))


def chunked(ids: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def driver_rows(conn: Connection, statement: Select[*tuple[Any, ...]]) -> list[Any]:
    """All rows as the driver returns them (plain tuples of ints and strings).

    Skips SQLAlchemy's per-row processing, which on an export's hundreds of
    thousands of rows costs more than the query; only for columns the driver
    returns as they are (integers and text).
    """
    result = conn.execute(statement)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()
