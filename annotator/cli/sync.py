"""``annotator push`` and ``annotator pull``: a laptop's project to a team server and back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from annotator.cli.errors import guarded
from annotator.cli.output import progress

if TYPE_CHECKING:
    from annotator.usecases.syncing import SyncReport

AnnotatorOpt = Annotated[
    str | None, typer.Option("--annotator", help="Only this annotator's work.", metavar="NAME")
]


def _summary(verb: str, report: SyncReport) -> None:
    people = ", ".join(sorted({a.target_name for a in report.annotators})) or "nobody"
    line = (
        f"{verb}: {report.articles_added} new articles, {report.articles_matched} already there; "
        f"work of {people}: {report.added} added, {report.replaced} updated, "
        f"{report.unchanged} unchanged, {report.kept} kept (newer there)"
    )
    if report.skipped:
        line += f"; {report.skipped} articles not on the server skipped (only the lead adds articles)"
    typer.echo(line)
    for a in report.conflicts:
        typer.secho(
            f"conflict: a different annotator named {a.source_name!r} is there; kept as {a.target_name!r}",
            err=True,
            fg=typer.colors.YELLOW,
        )


@guarded
def push(
    file: Annotated[str, typer.Argument(help="The laptop's project file.", metavar="FILE")],
    url: Annotated[str, typer.Argument(help="The team server: postgresql://NAME@HOST/DB.", metavar="URL")],
    annotator: AnnotatorOpt = None,
) -> None:
    """Send a laptop project's work to the team server (one transaction per article; run again
    after an interruption). As an annotator, only your own work goes."""
    from annotator.usecases.syncing import push as run

    with progress("Pushing", unit="articles") as advance:
        report = run(file, url, annotator, progress=advance)
    _summary(f"pushed {file}", report)


@guarded
def pull(
    url: Annotated[str, typer.Argument(help="The team server: postgresql://NAME@HOST/DB.", metavar="URL")],
    file: Annotated[
        str, typer.Argument(help="The laptop's project file (created if missing).", metavar="FILE")
    ],
    annotator: AnnotatorOpt = None,
) -> None:
    """Bring the server's articles, suggestions and work into a laptop project (created if
    missing), to annotate offline and push back later."""
    from annotator.usecases.syncing import pull as run

    with progress("Pulling", unit="articles") as advance:
        report = run(url, file, annotator, progress=advance)
    _summary(f"pulled into {file}", report)
