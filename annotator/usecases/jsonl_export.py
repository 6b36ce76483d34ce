"""The JSONL export of people's work and of suggestions, from the store's plain rows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from annotator.core.overlap import Prefetched
from annotator.io.exported import Annotated, WriteReport
from annotator.io.jsonl.writer import Progress, annotated_line, stored_lines, write_jsonl
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
    # The store reads the next batch while this one is written; the first, while spaCy loads.
    batches = Prefetched(
        (name, batch) for name, ids in work for batch in project.iter_work_rows(name, ids=ids)
    )
    with batches:
        write_jsonl(
            (line for name, batch in batches for line in stored_lines(batch, name, report)),
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
        map(annotated_line, items),
        path,
        report,
        dataset=project.scheme.name,
        total=total,
        progress=progress,
        cancelled=cancelled,
    )
