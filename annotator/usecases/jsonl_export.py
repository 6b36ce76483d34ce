"""The JSONL export of people's work and of suggestions, from the store's plain rows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from annotator.core.overlap import Prefetched
from annotator.io.exported import Annotated, WriteReport
from annotator.io.jsonl.batches import from_stored
from annotator.io.jsonl.writer import BATCH, Progress, annotated_line, line_batches, write_jsonl
from annotator.store import Project


def write_people(
    project: Project,
    names: list[str],
    include_pending: bool,
    path: Path,
    report: WriteReport,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> None:
    """Write the annotators' work to ``path`` (a temporary file the caller renames)."""
    work = [(name, project.annotated_ids(name, include_pending=include_pending)) for name in names]
    # The next batch is read from the store and put in order while this one is written
    # (the first while spaCy loads); the file's writes and numpy let that thread run.
    batches = Prefetched(
        from_stored(batch, name, report)
        for name, ids in work
        for batch in project.iter_work_rows(name, ids=ids, batch=BATCH)
    )
    with batches:
        write_jsonl(
            batches,
            path,
            report,
            dataset=project.scheme.name,
            total=sum(len(ids) for _, ids in work),
            progress=progress,
            cancelled=cancelled,
        )


def write_suggestions(
    project: Project,
    items: Iterator[Annotated],
    path: Path,
    report: WriteReport,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> None:
    """Write the suggestions (``items``, one per article and suggester) to ``path``."""
    total = len(project.suggested_ids())
    write_jsonl(
        line_batches(map(annotated_line, items)),
        path,
        report,
        dataset=project.scheme.name,
        total=total,
        progress=progress,
        cancelled=cancelled,
    )
