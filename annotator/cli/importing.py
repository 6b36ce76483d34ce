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
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Files or folders: text, Prodigy/doccano JSONL, Label Studio JSON, CAS XMI/JSON, "
            "CoNLL, CoNLL-U, .spacy, brat.",
            metavar="PATH...",
        ),
    ],
    annotator: Annotated[
        str | None,
        typer.Option("--annotator", help="Store the files' spans as this annotator's annotations."),
    ] = None,
    done: Annotated[
        bool, typer.Option("--done", help="Mark the imported articles done for --annotator.")
    ] = False,
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="Read every file in this format instead of the one its content and name say "
            "(text, jsonl, doccano, json, label-studio, cas-xmi, cas-json, conll, conllu, spacy).",
            metavar="NAME",
        ),
    ] = None,
    label_map: Annotated[
        Path | None,
        typer.Option(
            "--map",
            help="TOML file renaming other tools' labels, relations and CAS layers to ours (see README).",
            metavar="FILE",
        ),
    ] = None,
) -> None:
    """Import articles from plain-text, JSONL, Label Studio, CAS, CoNLL, .spacy and brat files and folders."""
    from annotator.io.label_map import EMPTY, load_label_map
    from annotator.usecases.importing import import_paths
    from annotator.usecases.projects import open_existing

    if done and not annotator:
        raise typer.BadParameter("--done needs --annotator NAME", param_hint="--done")
    mapping = load_label_map(label_map) if label_map is not None else EMPTY
    with open_existing(project) as opened, output.progress("Importing") as advance:
        report = import_paths(
            opened, paths, annotator=annotator, done=done, progress=advance, format=format, label_map=mapping
        )
    output.import_summary(report)
    if not report.ok:
        raise typer.Exit(1)
