"""A batch of JSONL lines to write: per line its article and status, and the spans and
relations of the whole batch as columns, in the order the lines write them.

The store's rows come in no particular order; :func:`from_stored` puts them in
order with numpy (spans by article, start, end, label; relations by head, child,
label), without a Python step per row. :func:`from_lines` makes the same batch
from :class:`WorkLine`\\ s (suggestions), and :meth:`LineBatch.work_lines` gives them
back (the plain reference writer, tests).
"""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import TYPE_CHECKING, Any, Protocol

from annotator.core.model import Article, Origin
from annotator.io.exported import NOTHING_YET, WriteReport, status_to_write

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Ints = NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class WorkLine:
    """What one JSONL line is written from: one annotator's accepted work on one article
    as plain columns, the spans in key order (start, end, label), the relations as
    places among them in (head, child, label) order; the status to record; for
    suggestions their origin and each span's score; the article's own tokens (their
    JSON) when a Prodigy import brought valid ones."""

    article: Article
    annotator: str
    status: str | None
    starts: list[int]
    ends: list[int]
    labels: list[str]
    attrs: list[str | None]  # each span's attributes as stored (JSON), None for none
    heads: list[int]
    children: list[int]
    relation_labels: list[str]
    origin: Origin | None = None
    scores: Sequence[float | None] | None = None
    tokens: str | None = None


@dataclass(frozen=True, slots=True)
class LineHead:
    """A line's own part: everything but its spans and relations."""

    article: Article
    annotator: str
    status: str | None
    origin: Origin | None = None
    tokens: str | None = None  # the article's own tokens (JSON), from a Prodigy import


@dataclass(frozen=True, slots=True)
class LineBatch:
    """Lines and their spans and relations, as columns of the whole batch.

    Span ``k`` of line ``i`` is row ``sum(span_counts[:i]) + k``; ``heads`` and
    ``children`` are such rows (places in the batch).
    """

    heads: list[LineHead]
    span_counts: list[int]
    starts: Ints
    ends: Ints
    labels: Sequence[str]
    attrs: Sequence[str | None]
    relation_counts: list[int]
    relation_heads: Ints
    relation_children: Ints
    relation_labels: Sequence[str]
    articles_read: int  # the lines and the articles left out (with nothing to write)
    scores: Sequence[float | None] | None = None  # per span, when any line has scores
    texts: list[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "texts", [head.article.text for head in self.heads])

    def __len__(self) -> int:
        return len(self.heads)

    def work_lines(self) -> list[WorkLine]:
        """The batch as one :class:`WorkLine` per line."""
        lines = []
        at = linked = 0
        starts, ends = self.starts.tolist(), self.ends.tolist()
        heads, children = self.relation_heads.tolist(), self.relation_children.tolist()
        for head, count, relation_count in zip(
            self.heads, self.span_counts, self.relation_counts, strict=True
        ):
            span_rows = slice(at, at + count)
            relation_rows = slice(linked, linked + relation_count)
            lines.append(
                WorkLine(
                    head.article,
                    head.annotator,
                    head.status,
                    starts[span_rows],
                    ends[span_rows],
                    list(self.labels[span_rows]),
                    list(self.attrs[span_rows]),
                    [h - at for h in heads[relation_rows]],
                    [c - at for c in children[relation_rows]],
                    list(self.relation_labels[relation_rows]),
                    head.origin,
                    list(self.scores[span_rows]) if self.scores is not None else None,
                    head.tokens,
                )
            )
            at += count
            linked += relation_count
        return lines


def from_lines(lines: Sequence[WorkLine]) -> LineBatch:
    """The batch of these lines."""
    import numpy as np

    counts = [len(line.starts) for line in lines]
    relation_counts = [len(line.heads) for line in lines]
    n, m = sum(counts), sum(relation_counts)
    # Relation ends are places among their line's spans: make them places in the batch.
    offsets = np.repeat(np.cumsum([0, *counts])[:-1], relation_counts).astype(np.int64)
    has_scores = any(line.scores is not None for line in lines)
    return LineBatch(
        [LineHead(line.article, line.annotator, line.status, line.origin, line.tokens) for line in lines],
        counts,
        np.fromiter(chain.from_iterable(line.starts for line in lines), dtype=np.int64, count=n),
        np.fromiter(chain.from_iterable(line.ends for line in lines), dtype=np.int64, count=n),
        list(chain.from_iterable(line.labels for line in lines)),
        list(chain.from_iterable(line.attrs for line in lines)),
        relation_counts,
        np.fromiter(chain.from_iterable(line.heads for line in lines), dtype=np.int64, count=m) + offsets,
        np.fromiter(chain.from_iterable(line.children for line in lines), dtype=np.int64, count=m) + offsets,
        list(chain.from_iterable(line.relation_labels for line in lines)),
        len(lines),
        list(chain.from_iterable(line.scores or [None] * len(line.starts) for line in lines))
        if has_scores
        else None,
    )


# A span as the store reads it: article id, start, end, label, span id, attributes (JSON).
StoredSpan = tuple[int, int, int, str, int, str | None]
# A relation as the store reads it: article id, head span id, child span id, label.
StoredRelation = tuple[int, int, int, str]


class StoredWork(Protocol):
    """A batch of an annotator's work as the store reads it for bulk exports."""

    @property
    def articles(self) -> Sequence[Article]: ...
    @property
    def done(self) -> Container[int]: ...  # articles marked done
    @property
    def spans(self) -> Sequence[StoredSpan]: ...
    @property
    def relations(self) -> Sequence[StoredRelation]: ...
    @property
    def tokens(self) -> Mapping[int, str]: ...  # articles' own tokens (JSON) by id


def from_stored(batch: StoredWork, annotator: str, report: WriteReport) -> LineBatch:
    """The batch's articles as lines to write, in the batch's order (work in progress
    without any accepted span is counted as left out). A relation to a span that is
    not among the accepted ones is not written."""
    import numpy as np

    n = len(batch.spans)
    columns: list[Sequence[Any]] = list(zip(*batch.spans, strict=True)) if n else [()] * 6
    article_ids, starts, ends, labels, span_ids, attrs = columns
    order_ids = np.fromiter((a.id for a in batch.articles), dtype=np.int64, count=len(batch.articles))
    # Each span's article, as its place in the batch's order.
    by_id = np.argsort(order_ids, kind="stable")
    place_of = by_id[np.searchsorted(order_ids[by_id], np.array(article_ids, dtype=np.int64))]
    start = np.array(starts, dtype=np.int64)
    end = np.array(ends, dtype=np.int64)
    label_array = np.array(labels, dtype=object)
    order = np.lexsort((_ranks(labels), end, start, place_of))
    span_counts = np.bincount(place_of, minlength=len(batch.articles)).tolist()
    # Relations: their ends as rows among the spans in order.
    placed_ids = np.array(span_ids, dtype=np.int64)[order]
    m = len(batch.relations)
    rel: list[Sequence[Any]] = list(zip(*batch.relations, strict=True)) if m else [()] * 4
    _, head_ids, child_ids, relation_labels = rel
    heads, head_found = _rows_of(placed_ids, np.array(head_ids, dtype=np.int64))
    children, child_found = _rows_of(placed_ids, np.array(child_ids, dtype=np.int64))
    kept = np.flatnonzero(head_found & child_found)
    kept_labels = np.array(relation_labels, dtype=object)[kept]
    heads, children = heads[kept], children[kept]
    relation_order = np.lexsort((_ranks(kept_labels.tolist()), children, heads))
    heads, children = heads[relation_order], children[relation_order]
    placed_articles = place_of[order]
    relation_counts = np.bincount(placed_articles[heads], minlength=len(batch.articles)).tolist()
    # Lines: every article with something to write.
    lines: list[LineHead] = []
    written = []
    for k, article in enumerate(batch.articles):
        status = status_to_write(article.id in batch.done, span_counts[k] > 0)
        if status is None:
            report.left_out[NOTHING_YET] += 1
            continue
        written.append(k)
        lines.append(LineHead(article, annotator, status, tokens=batch.tokens.get(article.id)))
    return LineBatch(
        lines,
        [span_counts[k] for k in written],
        start[order],
        end[order],
        label_array[order].tolist(),
        np.array(attrs, dtype=object)[order].tolist(),
        # The articles left out have no spans, so no relations: the rows stay as they are.
        [relation_counts[k] for k in written],
        heads,
        children,
        kept_labels[relation_order].tolist(),
        len(batch.articles),
    )


def stored_lines(batch: StoredWork, annotator: str, report: WriteReport) -> list[WorkLine]:
    """:func:`from_stored` as one :class:`WorkLine` per line."""
    return from_stored(batch, annotator, report).work_lines()


def _ranks(labels: Sequence[str]) -> Ints:
    """Each label's rank among the distinct labels (code point order, as Python sorts)."""
    import numpy as np

    rank = {label: k for k, label in enumerate(sorted(set(labels)))}
    return np.fromiter(map(rank.__getitem__, labels), dtype=np.int64, count=len(labels))


def _rows_of(placed_ids: Ints, wanted: Ints) -> tuple[Ints, Any]:
    """Where each wanted span id is among ``placed_ids``, and whether it is there."""
    import numpy as np

    if not len(placed_ids):
        return np.zeros(len(wanted), dtype=np.int64), np.zeros(len(wanted), dtype=np.bool_)
    by_id = np.argsort(placed_ids, kind="stable")
    at = np.minimum(np.searchsorted(placed_ids[by_id], wanted), len(placed_ids) - 1)
    rows = by_id[at]
    return rows, placed_ids[rows] == wanted
