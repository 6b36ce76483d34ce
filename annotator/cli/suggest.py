"""``annotator suggest``."""

from __future__ import annotations

from typing import Annotated

import typer

from annotator.children import terminate_as_interrupt
from annotator.cli.common import ProjectArg
from annotator.cli.errors import guarded
from annotator.cli.running import run
from annotator.cli.style import echo


@guarded
def suggest(
    project: ProjectArg,
    processes: Annotated[
        int, typer.Option("--processes", min=1, help="Parser processes (nlp.pipe n_process).")
    ] = 1,
    model: Annotated[
        str | None,
        typer.Option("--model", help="spaCy pipeline (package name or path); default: the best installed."),
    ] = None,
    beliefs: Annotated[
        bool | None,
        typer.Option(
            "--beliefs/--no-beliefs",
            help="Also suggest beliefs and intentions ('thinks that', 'wants to') as quotes, "
            "as PolNeAR's guidelines count them; default: as the project remembers (off).",
        ),
    ] = None,
    remember: Annotated[
        bool,
        typer.Option("--remember", help="Make --model and --beliefs the project's choice for later runs."),
    ] = False,
) -> None:
    """Suggest spans and relations for every article not yet seen by this suggester version."""
    from annotator.usecases import operations
    from annotator.usecases.projects import open_existing
    from annotator.usecases.suggesting import load_engine, remember_beliefs, remember_model

    with terminate_as_interrupt(), open_existing(project) as opened:
        engine = load_engine(opened, model, beliefs=beliefs)
        if remember and model:
            remember_model(opened, model)
        if remember and beliefs is not None:
            remember_beliefs(opened, beliefs)
        report = run(operations.suggesting(opened, engine=engine, processes=processes))
    if report.warning:
        echo(f"warning: {report.warning}", err=True, fg=typer.colors.YELLOW)
    used = f"{report.pipeline} {report.pipeline_version}" if report.pipeline else "rules only"
    echo(
        f"{report.suggested} articles suggested, {report.skipped} already up to date "
        f"({report.spans} spans, {report.relations} relations; pipeline: {used})"
    )
