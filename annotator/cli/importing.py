"""``annotator import``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from annotator.cli import output
from annotator.cli.common import ProjectArg
from annotator.cli.errors import guarded


@guarded
def import_(
    project: ProjectArg,
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt, .jsonl).", metavar="PATH...")],
    annotator: Annotated[
        str | None,
        typer.Option("--annotator", help="Store the files' spans as this annotator's annotations."),
    ] = None,
    done: Annotated[
        bool, typer.Option("--done", help="Mark the imported articles done for --annotator.")
    ] = False,
    map_file: Annotated[
        Path | None,
        typer.Option(
            "--map",
            help="TOML file mapping foreign brat labels, relations and events onto the scheme "
            "(e.g. resources/maps/polnear.toml).",
            metavar="FILE",
        ),
    ] = None,
) -> None:
    """Import articles from plain-text, JSONL or brat files and folders."""
    from annotator.io.label_map import load_map
    from annotator.usecases.importing import import_paths
    from annotator.usecases.projects import open_existing

    if done and not annotator:
        raise typer.BadParameter("--done needs --annotator NAME", param_hint="--done")
    mapping = load_map(map_file) if map_file is not None else None
    with open_existing(project) as opened, output.progress("Importing") as advance:
        report = import_paths(
            opened, paths, annotator=annotator, done=done, progress=advance, mapping=mapping
        )
    output.import_summary(report)
    if not report.ok:
        raise typer.Exit(1)
