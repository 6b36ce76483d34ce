"""One annotator's accepted work on many articles as plain rows, for bulk exports.

A Python object per span costs more than the query on an export of 10,000
articles, so the rows come back as the driver returns them (tuples of ints and
strings), in no particular order; the writer puts them in order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Text, cast, select

from annotator.core.model import AnnotationStatus, Article
from annotator.store import article_tokens
from annotator.store.reading import articles, done_ids, driver_rows
from annotator.store.tables import AnnotationRow, RelationRow

PlainSpan = tuple[int, int, int, str, int, str | None]  # article, start, end, label, span id, attrs JSON
PlainRelation = tuple[int, int, int, str]  # article, head span id, child span id, label


@dataclass(frozen=True, slots=True)
class WorkBatch:
    """A batch of articles (in the order asked) with the annotator's accepted spans and
    their relations as plain rows, which articles the annotator marked done, and the
    articles' own tokens (JSON) where an import kept them."""

    articles: list[Article]
    done: set[int]
    spans: list[PlainSpan]
    relations: list[PlainRelation]
    tokens: dict[int, str]


def work_batch(conn: Connection, annotator: int, ids: Sequence[int]) -> WorkBatch:
    """The annotator's work on these articles (see :class:`WorkBatch`)."""
    arts = articles(conn, ids)
    spans = select(
        AnnotationRow.article_id,
        AnnotationRow.start,
        AnnotationRow.end,
        AnnotationRow.label,
        AnnotationRow.id,
        cast(AnnotationRow.attrs, Text),  # text on every driver (PostgreSQL's decodes JSON)
    ).where(
        AnnotationRow.annotator_id == annotator,
        AnnotationRow.article_id.in_(ids),
        AnnotationRow.status == AnnotationStatus.ACCEPTED,
    )
    relations = select(
        RelationRow.article_id, RelationRow.head_id, RelationRow.child_id, RelationRow.label
    ).where(
        # "+ 0": SQLite would otherwise search the unique (annotator, label, head, child) index
        # and read all the annotator's relations for every batch.
        RelationRow.annotator_id + 0 == annotator,
        RelationRow.article_id.in_(ids),
    )
    return WorkBatch(
        [arts[i] for i in ids if i in arts],
        done_ids(conn, annotator, ids),
        driver_rows(conn, spans),
        driver_rows(conn, relations),
        article_tokens.read(conn, ids),
    )
