"""Bulk reads of an annotator's work as plain rows, for exports of many articles.

On SQLite a batch's spans and relations come back as a few ``group_concat``
lists in one row each, parsed by numpy: a Python tuple per stored row costs
more than the query on an export of 10,000 articles. Other databases read
plain rows. Either way numpy puts the spans in key order and turns relation
ends into places among the article's spans; a test checks that both ways give
what :func:`reading.annotation_sets` gives.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import Connection, Select, Text, cast, func, select

from annotator.core.model import AnnotationStatus, WorkRows
from annotator.store.reading import NO_ATTRS, articles, attrs_of, done_ids, driver_rows
from annotator.store.tables import AnnotationRow, RelationRow

_Query = TypeVar("_Query", bound=Select[*tuple[Any, ...]])
_SEPARATOR = "\x1f"  # between texts in a list: JSON escapes it, and labels are names


class _Attrs(dict[str | None, Mapping[str, str]]):
    """Stored attribute JSON -> the mapping, decoded once per distinct value."""

    def __init__(self) -> None:
        super().__init__({None: NO_ATTRS, "": NO_ATTRS, "{}": NO_ATTRS})

    def __missing__(self, raw: str) -> Mapping[str, str]:
        self[raw] = got = attrs_of(raw)
        return got


# A batch's spans (article, start, end, label, id, attribute JSON) and relations
# (article, head id, child id, label), as columns, in any order.
_Spans = tuple[Any, Any, Any, list[str], Any, list[str | None]]
_Relations = tuple[Any, Any, Any, list[str]]


def work_rows(conn: Connection, annotator: int, name: str, ids: Sequence[int]) -> list[WorkRows]:
    """The annotator's accepted spans and relations and done flag on these articles, in
    the order of ``ids`` (the content of :func:`reading.annotation_sets`)."""
    arts = articles(conn, ids)
    if conn.dialect.name == "sqlite":
        spans, relations = _listed(conn, annotator, ids)
    else:
        spans, relations = _rows(conn, annotator, ids)
    done = done_ids(conn, annotator, ids)
    present = [i for i in ids if i in arts]
    return _assemble(present, arts, name, done, spans, relations)


def _where_spans(statement: _Query, annotator: int, ids: Sequence[int]) -> _Query:
    return statement.where(
        AnnotationRow.annotator_id == annotator,
        AnnotationRow.article_id.in_(ids),
        AnnotationRow.status == AnnotationStatus.ACCEPTED,
    )


def _where_relations(statement: _Query, annotator: int, ids: Sequence[int]) -> _Query:
    # "+ 0": SQLite would otherwise search the unique (annotator, label, head, child) index
    # and read all the annotator's relations for every batch.
    return statement.where(RelationRow.annotator_id + 0 == annotator, RelationRow.article_id.in_(ids))


def _listed(conn: Connection, annotator: int, ids: Sequence[int]) -> tuple[_Spans, _Relations]:
    """The batch's columns, each made by SQLite as one list in one row."""
    import numpy as np

    def numbers(column: Any) -> Any:
        return func.group_concat(column, ",")

    def texts(column: Any) -> Any:
        return func.group_concat(func.coalesce(column, ""), _SEPARATOR)

    def ints(listed: str) -> Any:
        return np.fromstring(listed, dtype=np.int64, sep=",")

    span_query = _where_spans(
        select(
            func.count(),
            numbers(AnnotationRow.article_id),
            numbers(AnnotationRow.start),
            numbers(AnnotationRow.end),
            texts(AnnotationRow.label),
            numbers(AnnotationRow.id),
            texts(cast(AnnotationRow.attrs, Text)),
        ),
        annotator,
        ids,
    )
    count, articles_, starts, ends, labels, span_ids, raw = driver_rows(conn, span_query)[0]
    if not count:
        return _no_spans(), _no_relations()
    spans: _Spans = (
        ints(articles_),
        ints(starts),
        ints(ends),
        labels.split(_SEPARATOR),
        ints(span_ids),
        raw.split(_SEPARATOR),
    )
    relation_query = _where_relations(
        select(
            func.count(),
            numbers(RelationRow.article_id),
            numbers(RelationRow.head_id),
            numbers(RelationRow.child_id),
            texts(RelationRow.label),
        ),
        annotator,
        ids,
    )
    count, articles_, heads, children, labels = driver_rows(conn, relation_query)[0]
    if not count:
        return spans, _no_relations()
    return spans, (ints(articles_), ints(heads), ints(children), labels.split(_SEPARATOR))


def _no_spans() -> _Spans:
    import numpy as np

    empty = np.empty(0, dtype=np.int64)
    return empty, empty, empty, [], empty, []


def _no_relations() -> _Relations:
    import numpy as np

    empty = np.empty(0, dtype=np.int64)
    return empty, empty, empty, []


def _rows(conn: Connection, annotator: int, ids: Sequence[int]) -> tuple[_Spans, _Relations]:
    """:func:`_listed` from plain rows (databases without ``group_concat``)."""
    import numpy as np

    span_query = _where_spans(
        select(
            AnnotationRow.article_id,
            AnnotationRow.start,
            AnnotationRow.end,
            AnnotationRow.label,
            AnnotationRow.id,
            cast(AnnotationRow.attrs, Text),  # text on every driver (PostgreSQL's decodes JSON)
        ),
        annotator,
        ids,
    )
    relation_query = _where_relations(
        select(RelationRow.article_id, RelationRow.head_id, RelationRow.child_id, RelationRow.label),
        annotator,
        ids,
    )
    span_rows = driver_rows(conn, span_query)
    if not span_rows:
        return _no_spans(), _no_relations()
    a, s, e, labels, i, raw = zip(*span_rows, strict=True)
    spans: _Spans = (*(np.array(c, dtype=np.int64) for c in (a, s, e)), list(labels), np.array(i), list(raw))  # type: ignore[assignment]
    relation_rows = driver_rows(conn, relation_query)
    if not relation_rows:
        return spans, _no_relations()
    a, h, c, labels = zip(*relation_rows, strict=True)
    return spans, (*(np.array(x, dtype=np.int64) for x in (a, h, c)), list(labels))  # type: ignore[return-value]


def _ranks(labels: list[str]) -> Any:
    """Each label's place in the sorted distinct labels (to sort by label with numpy)."""
    import numpy as np

    rank = {label: k for k, label in enumerate(sorted(set(labels)))}
    return np.fromiter(map(rank.__getitem__, labels), dtype=np.int64, count=len(labels))


def _assemble(
    ids: Sequence[int],
    arts: Mapping[int, Any],
    name: str,
    done: set[int],
    spans: _Spans,
    relations: _Relations,
) -> list[WorkRows]:
    """Each article's spans in key order (start, end, label), and its relations as
    (head, child, label) with head and child their spans' places, in that order."""
    import numpy as np

    table = _Attrs()
    article, start, end, labels, span_id, raw = spans
    order = np.lexsort((_ranks(labels), end, start, article))
    article, start, end, span_id = article[order], start[order], end[order], span_id[order]
    places = order.tolist()
    labels = list(map(labels.__getitem__, places))
    attrs = list(map(table.__getitem__, map(raw.__getitem__, places)))
    wanted = np.asarray(ids, dtype=np.int64)
    firsts = np.searchsorted(article, wanted, side="left").tolist()
    lasts = np.searchsorted(article, wanted, side="right").tolist()
    # Each span's place among its article's spans.
    local = np.arange(len(article)) - np.searchsorted(article, article, side="left")
    starts, ends = start.tolist(), end.tolist()
    r_article, head, child, r_labels = relations
    heads: list[int] = []
    children: list[int] = []
    r_firsts = r_lasts = [0] * len(ids)
    if len(r_article) and len(span_id):
        by_id = np.argsort(span_id)
        sorted_ids = span_id[by_id]
        top = len(sorted_ids) - 1
        at_head = np.minimum(np.searchsorted(sorted_ids, head), top)
        at_child = np.minimum(np.searchsorted(sorted_ids, child), top)
        # A relation to a span that is not accepted has no place.
        kept = (sorted_ids[at_head] == head) & (sorted_ids[at_child] == child)
        head_place = local[by_id[at_head]][kept]
        child_place = local[by_id[at_child]][kept]
        r_article = r_article[kept]
        r_labels = list(map(r_labels.__getitem__, np.flatnonzero(kept).tolist()))
        order = np.lexsort((_ranks(r_labels), child_place, head_place, r_article))
        r_article = r_article[order]
        heads, children = head_place[order].tolist(), child_place[order].tolist()
        r_labels = list(map(r_labels.__getitem__, order.tolist()))
        r_firsts = np.searchsorted(r_article, wanted, side="left").tolist()
        r_lasts = np.searchsorted(r_article, wanted, side="right").tolist()
    else:
        r_labels = []
    return [
        WorkRows(
            arts[i],
            name,
            i in done,
            starts[a:b],
            ends[a:b],
            labels[a:b],
            attrs[a:b],
            heads[c:d],
            children[c:d],
            r_labels[c:d],
        )
        for i, a, b, c, d in zip(ids, firsts, lasts, r_firsts, r_lasts, strict=True)
    ]
