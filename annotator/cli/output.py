"""How the CLI shows things: tables, JSON shapes, progress, summaries."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import typer

from annotator.cli.style import clean, echo

if TYPE_CHECKING:
    from annotator.core.model import ArticleSummary
    from annotator.usecases.importing import ImportReport
    from annotator.usecases.projects import ProjectInfo


@contextmanager
def progress(what: str, unit: str = "bytes") -> Iterator[Callable[[int, int], None]]:
    """A progress bar on standard error (only on a terminal); yields ``advance(done, total)``.

    ``unit`` is "bytes" (shows a transfer rate) or a word for counted items.
    """
    # Imported here: rich costs every command a quarter of its start-up otherwise.
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    err = Console(stderr=True)
    counter = TransferSpeedColumn() if unit == "bytes" else MofNCompleteColumn()
    bar = Progress(
        TextColumn(what),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        counter,
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    task = bar.add_task(what, total=None)
    with bar:

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


def import_summary(report: ImportReport) -> None:
    """Each refusal on its own line, then one summary line."""
    for problem in report.refused:
        echo(f"refused: {problem}", err=True, fg=typer.colors.RED)
    for skipped in report.skipped:
        echo(f"skipped: {skipped}", err=True, fg=typer.colors.YELLOW)
    for where in report.kept:
        echo(
            f"kept: {where}: the annotator already had annotations on this article; left unchanged",
            err=True,
            fg=typer.colors.YELLOW,
        )
    for note, n in sorted(report.notes.items()):
        echo(f"note: {n} {note}", err=True, fg=typer.colors.YELLOW)
    for line in report.unmapped.lines():
        echo(f"not mapped: {line}", err=True, fg=typer.colors.YELLOW)
    parts = [
        f"{report.imported} imported",
        f"{report.duplicates} duplicate",
        f"{len(report.refused)} refused",
    ]
    if report.skipped:
        parts.append(f"{len(report.skipped)} skipped")
    if report.annotations:
        parts.append(f"{report.annotations} annotations added")
    echo(f"{', '.join(parts)} (from {report.files} file{'s' if report.files != 1 else ''})")


def article_json(row: ArticleSummary) -> dict[str, Any]:
    """One article of ``annotator articles --json``."""
    return {
        "id": row.id,
        "date": row.date.isoformat() if row.date else None,
        "title": row.title,
        "source": row.source,
        "status": {name: status.value for name, status in row.statuses.items()},
        "suggestions": row.suggestions,
        "annotations": row.annotations,
    }


def article_table(rows: Sequence[ArticleSummary], title_width: int = 60) -> None:
    """A plain aligned table; plain text so that 10,000 rows print at once."""
    names = list(rows[0].statuses) if rows else []
    header = ["ID", "DATE", "TITLE", "SOURCE", "SUGG", "ANN", *(clean(n, one_line=True) for n in names)]
    table = [header]
    for row in rows:
        title = clean(row.title, one_line=True)
        title = title if len(title) <= title_width else title[: title_width - 1] + "…"
        table.append(
            [
                str(row.id),
                row.date.isoformat() if row.date else "-",
                title,
                clean(row.source, one_line=True) or "-",
                str(row.suggestions),
                str(row.annotations),
                *(row.statuses[name].value for name in names),
            ]
        )
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in table]
    sys.stdout.write("\n".join(lines) + "\n")
    if not rows:
        echo("(no articles yet: add some with annotator import)", err=True)


def info_json(info: ProjectInfo) -> dict[str, Any]:
    """``annotator info --json``."""
    counts = info.counts
    return {
        "project": info.location,
        "schema_version": info.schema,
        "created": info.created,
        "scheme": {
            "name": info.scheme.name,
            "version": info.scheme.version,
            "labels": list(info.scheme.label_names),
            "relations": list(info.scheme.relation_names),
        },
        "counts": {
            "articles": counts.articles,
            "annotators": counts.annotators,
            "suggestions": counts.suggestions,
            "annotations": counts.annotations,
            "relations": counts.relations,
        },
        "annotators": {
            name: {
                "done": counts.status.get(name, {}).get("done", 0),
                "in_progress": counts.status.get(name, {}).get("in_progress", 0),
            }
            for name in info.annotators
        },
    }


def info_text(info: ProjectInfo) -> None:
    """``annotator info`` for people."""
    data = info_json(info)
    c = data["counts"]
    lines = [
        f"project:     {data['project']}",
        f"schema:      {data['schema_version']} (created by annotator {info.created.get('version', '?')})",
        f"scheme:      {info.scheme.name} v{info.scheme.version}",
        f"  labels:    {', '.join(info.scheme.label_names)}",
        f"  relations: {', '.join(info.scheme.relation_names) or '-'}",
        f"articles:    {c['articles']}",
        f"annotators:  {c['annotators']}",
        f"suggestions: {c['suggestions']}",
        f"annotations: {c['annotations']} spans, {c['relations']} relations",
    ]
    for name, status in data["annotators"].items():
        lines.append(f"  {name}: {status['done']} done, {status['in_progress']} in progress")
    echo("\n".join(clean(line, one_line=True) for line in lines))
