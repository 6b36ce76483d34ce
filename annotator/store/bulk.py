"""Bulk reads of a project for exports and comparisons: many articles, in batches.

A mixin of :class:`annotator.store.project.Project`, kept apart so that each
module stays small; it uses the project's read transactions.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from annotator.core.model import AnnotationSet, Article, SuggestionSet
from annotator.store import reading, suggestions
from annotator.store.errors import ProjectError
from annotator.store.work_rows import WorkBatch, work_batch

if TYPE_CHECKING:
    from sqlalchemy import Connection


class BulkReads:
    """Articles with one annotator's work, or with suggestions, a batch at a time."""

    location: str

    if TYPE_CHECKING:

        def _read(self) -> AbstractContextManager[Connection]: ...

    def iter_annotated(
        self, annotator: str, *, include_pending: bool = False, batch: int = 500
    ) -> Iterator[tuple[Article, AnnotationSet]]:
        """Articles with the annotator's work: those marked done, or all they touched."""
        with self._read() as conn:
            who = reading.annotator_id(conn, annotator)
            if who is None:
                raise ProjectError(f"{self.location}: no annotator named {annotator!r}")
            ids = reading.annotated_article_ids(conn, who, include_pending)
        for chunk in reading.chunked(ids, batch):
            with self._read() as conn:
                arts = reading.articles(conn, chunk)
                sets = reading.annotation_sets(conn, who, annotator, chunk)
            for i in chunk:
                yield arts[i], sets[i]

    def iter_work_rows(
        self,
        annotator: str,
        *,
        include_pending: bool = False,
        ids: Sequence[int] | None = None,
        batch: int = 500,
    ) -> Iterator[WorkBatch]:
        """:meth:`iter_annotated` as batches of plain rows, for bulk exports; ``ids``
        (from :meth:`annotated_ids`) reads only those articles, in that order."""
        with self._read() as conn:
            who = reading.annotator_id(conn, annotator)
            if who is None:
                raise ProjectError(f"{self.location}: no annotator named {annotator!r}")
            if ids is None:
                ids = reading.annotated_article_ids(conn, who, include_pending)
        for chunk in reading.chunked(ids, batch):
            with self._read() as conn:
                rows = work_batch(conn, who, chunk)
            yield rows

    def annotated_ids(self, annotator: str, *, include_pending: bool = False) -> list[int]:
        """Ids of the articles :meth:`iter_annotated` yields, in the same order."""
        with self._read() as conn:
            who = reading.annotator_id(conn, annotator)
            return [] if who is None else reading.annotated_article_ids(conn, who, include_pending)

    def suggested_ids(self) -> list[int]:
        """Ids of the articles that have suggestions, in id order."""
        with self._read() as conn:
            return reading.suggested_article_ids(conn)

    def iter_suggested(self, *, batch: int = 500) -> Iterator[tuple[Article, SuggestionSet]]:
        """Articles with suggestions, one item per article and suggester."""
        ids = self.suggested_ids()
        for chunk in reading.chunked(ids, batch):
            with self._read() as conn:
                arts = reading.articles(conn, chunk)
                sets = suggestions.read(conn, chunk)
            for i in chunk:
                for result in sets.get(i, []):
                    yield arts[i], result
