"""Bulk reads for exports: whole articles with one annotator's work, in batches."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import Connection, select

from annotator.core.model import AnnotationSet, Article, ArticleStatus, Relation, Span
from annotator.store.tables import AnnotationRow, AnnotatorRow, ArticleRow, ArticleStatusRow, RelationRow


def articles(conn: Connection, ids: Sequence[int]) -> dict[int, Article]:
    """Articles by id."""
    # Core rows (not ORM objects): ``.scalars()`` here would keep only the id column.
    rows = conn.execute(select(ArticleRow).where(ArticleRow.id.in_(ids)))
    return {
        r.id: Article(r.id, r.text, r.title, r.date, r.source, r.url, r.external_id, r.content_hash, r.meta)
        for r in rows
    }


def annotator_id(conn: Connection, name: str) -> int | None:
    return conn.scalar(select(AnnotatorRow.id).where(AnnotatorRow.name == name))


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
            AnnotationRow.attrs,
        )
        .where(
            AnnotationRow.annotator_id == annotator,
            AnnotationRow.article_id.in_(ids),
            AnnotationRow.status == "accepted",
        )
        .order_by(AnnotationRow.article_id, AnnotationRow.start, AnnotationRow.end, AnnotationRow.label)
    )
    for row_id, article_id, start, end, label, attrs in rows:
        spans[article_id][row_id] = Span(start, end, label, attrs or {})
    relations: dict[int, list[Relation]] = {i: [] for i in ids}
    for article_id, label, head, child in conn.execute(
        select(RelationRow.article_id, RelationRow.label, RelationRow.head_id, RelationRow.child_id).where(
            RelationRow.annotator_id == annotator, RelationRow.article_id.in_(ids)
        )
    ):
        by_id = spans[article_id]
        if head in by_id and child in by_id:
            relations[article_id].append(Relation(label, by_id[head], by_id[child]))
    done = set(
        conn.scalars(
            select(ArticleStatusRow.article_id).where(
                ArticleStatusRow.annotator_id == annotator,
                ArticleStatusRow.article_id.in_(ids),
                ArticleStatusRow.status == ArticleStatus.DONE.value,
            )
        )
    )
    return {
        i: AnnotationSet(
            name,
            tuple(spans[i].values()),
            tuple(sorted(relations[i], key=lambda r: (r.head.key, r.child.key, r.label))),
            i in done,
        )
        for i in ids
    }


def chunked(ids: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]
