"""``annotator merge``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from annotator.cli.common import ProjectArg
from annotator.cli.errors import guarded
from annotator.cli.running import run
from annotator.cli.style import echo

if TYPE_CHECKING:
    from annotator.usecases.merging import MergeReport


@guarded
def merge(
    project: ProjectArg,
    sources: Annotated[
        list[str], typer.Argument(help="Project files (or URLs) to merge in.", metavar="SOURCE...")
    ],
) -> None:
    """Merge other project files into PROJECT: articles matched by text, annotators kept
    apart by identity (a different person with a name already here becomes NAME@SOURCE)."""
    from annotator.usecases import operations
    from annotator.usecases.projects import open_existing

    with open_existing(project) as opened:
        reports = run(operations.merging(opened, sources, each=summary))
    conflicts = sum(len(r.conflicts) for r in reports)
    if conflicts:
        echo(
            f"{conflicts} name conflict{'s' if conflicts != 1 else ''}: kept apart under the names above",
            err=True,
            fg=typer.colors.YELLOW,
        )


def summary(report: MergeReport) -> None:
    """One line per source, and one per annotator whose name conflicted."""
    for a in report.conflicts:
        echo(
            f"conflict: {report.source} has a different annotator named {a.source_name!r}; "
            f"merged as {a.target_name!r}",
            err=True,
            fg=typer.colors.YELLOW,
        )
    people = ", ".join(
        a.target_name if a.source_name == a.target_name else f"{a.source_name} as {a.target_name}"
        for a in report.annotators
    )
    echo(
        f"merged {report.source}: {report.articles_added} new articles, "
        f"{report.articles_matched} already here; "
        f"work of {people or 'nobody'}: {report.added} added, {report.replaced} updated, "
        f"{report.unchanged} unchanged, {report.kept} kept (newer here)"
    )
