"""``annotator import``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from annotator.cli import output
from annotator.cli.common import ProjectArg
from annotator.cli.errors import guarded
from annotator.cli.running import run
from annotator.cli.stdio import name_stdin, stdin_as_file

PATHS_HELP = (
    "Files or folders to read: plain text (.txt: an optional 'date YYYY-MM-DD' line, then the body), "
    "Prodigy-style JSONL (.jsonl, .ndjson), doccano JSONL, Label Studio JSON and JSON-MIN, "
    "INCEpTION/WebAnno UIMA CAS XMI and CAS JSON, CoNLL-2003 BIO, CoNLL-U, spaCy DocBin (.spacy), "
    "brat (a .txt beside its .ann). The format is decided by content and name (--format forces one). "
    "Folders are searched recursively; '-' reads JSONL from standard input."
)


@guarded
def import_(
    project: ProjectArg,
    paths: Annotated[list[Path], typer.Argument(help=PATHS_HELP, metavar="PATH...")],
    annotator: Annotated[
        str | None,
        typer.Option(
            "--annotator", help="Store the files' spans as this annotator's annotations.", metavar="NAME"
        ),
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
    map_file: Annotated[
        Path | None,
        typer.Option(
            "--map",
            help="TOML file mapping other tools' and corpora's labels, relations, brat events "
            "and CAS layers onto the scheme (e.g. resources/maps/polnear.toml).",
            metavar="FILE",
        ),
    ] = None,
) -> None:
    """Import articles from plain text, JSONL, Label Studio, CAS, CoNLL, .spacy and brat files and folders."""
    from annotator.usecases import operations
    from annotator.usecases.importing import load_mapping
    from annotator.usecases.projects import open_existing

    if done and not annotator:
        raise typer.BadParameter("--done needs --annotator NAME", param_hint="--done")
    label_map = load_mapping(map_file)
    with stdin_as_file(paths) as (named, copy), open_existing(project) as opened:
        report = run(
            operations.importing(
                opened,
                named,
                annotator=annotator,
                done=done,
                format=format,
                label_map=label_map,
            )
        )
    report.refused = name_stdin(report.refused, copy)
    output.import_summary(report)
    if not report.ok:
        raise typer.Exit(1)
