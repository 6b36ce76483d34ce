"""``annotator export``."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from annotator.cli.common import ProjectArg
from annotator.cli.errors import guarded_reader
from annotator.cli.running import run
from annotator.cli.stdio import DASH, stdout_as_file
from annotator.cli.style import echo

if TYPE_CHECKING:
    from annotator.usecases.exporting import ExportReport

FORMAT_HELP = (
    "jsonl (Prodigy), spacy (DocBin for spacy train), brat (folder of .txt/.ann), "
    "conll (BIO for non-overlapping labels), quotes-csv (one row per quote), "
    "label-studio (Label Studio JSON, with its labeling config beside), "
    "cas-xmi (folder of UIMA CAS XMI for INCEpTION)."
)


@guarded_reader
def export(
    project: ProjectArg,
    format: Annotated[str, typer.Option("--format", "-f", help=FORMAT_HELP, metavar="FORMAT")],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="File to write (a folder for brat, cas-xmi and --split); '-' is standard output.",
        ),
    ],
    annotator: Annotated[
        str | None, typer.Option("--annotator", help="Export this annotator's work.", metavar="NAME")
    ] = None,
    gold: Annotated[bool, typer.Option("--gold", help="Export the gold (adjudicated) set.")] = False,
    everyone: Annotated[bool, typer.Option("--all", help="Export every annotator's work.")] = False,
    suggestions: Annotated[
        bool, typer.Option("--suggestions", help="Export the suggestions, as if by the suggester.")
    ] = False,
    include_pending: Annotated[
        bool, typer.Option("--include-pending", help="Also export articles not marked done.")
    ] = False,
    split: Annotated[
        float | None,
        typer.Option("--split", help="spacy: share of articles for train.spacy, the rest in dev.spacy."),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the train/dev split.")] = 0,
    ents: Annotated[
        str,
        typer.Option("--ents", help="spacy and conll: labels for doc.ents / BIO tags (comma-separated)."),
    ] = "PERSON,ROLE",
    spancat_config: Annotated[
        bool,
        typer.Option(
            "--spancat-config",
            help="spacy: also write a spancat config.cfg whose suggester reaches the longest span.",
        ),
    ] = False,
    type_labels: Annotated[
        bool,
        typer.Option(
            "--type-labels", help="spacy: QUOTE/DENIAL spans labelled with their type (QUOTE_DIRECT)."
        ),
    ] = False,
    rel_component: Annotated[
        bool,
        typer.Option(
            "--rel-component", help="spacy: relations also as doc._.rel, as spaCy's rel_component reads."
        ),
    ] = False,
) -> None:
    """Export annotations (reviewed work by default) for Prodigy, spaCy, brat, CoNLL or a spreadsheet."""
    from annotator.usecases import operations
    from annotator.usecases.exporting import ExportOptions, Selection
    from annotator.usecases.projects import open_existing

    selection = Selection(annotator, gold, everyone, suggestions, include_pending)
    labels = tuple(label.strip() for label in ents.split(",") if label.strip())
    options = ExportOptions(
        split=split,
        seed=seed,
        ent_labels=labels,
        spancat_config=spancat_config,
        type_labels=type_labels,
        rel_component=rel_component,
    )
    to_stdout = output == DASH
    if to_stdout and (format.lower() in ("brat", "cas-xmi") or split is not None):
        raise typer.BadParameter(
            "'-' (standard output) takes one file: not brat, cas-xmi or --split", param_hint="-o"
        )
    with (
        open_existing(project) as opened,
        stdout_as_file(output) if to_stdout else nullcontext(output) as target,
    ):
        report = run(operations.exporting(opened, format.lower(), target, selection, options))
    summary(report, to_stdout=to_stdout)


def summary(report: ExportReport, *, to_stdout: bool = False) -> None:
    """What was written, then what was left out or adjusted and why (all on standard
    error when standard output holds the export)."""
    err = to_stdout
    written = report.written
    for reason, n in sorted(written.left_out.items()):
        echo(f"left out: {n} {reason}", err=True, fg=typer.colors.YELLOW)
    for reason, n in sorted(written.adjusted.items()):
        echo(f"adjusted: {n} {reason}", err=True, fg=typer.colors.YELLOW)
    for note in written.notes:
        echo(note, err=err)
    people = ", ".join(f"{name} {n}" for name, n in sorted(written.annotators.items()))
    files = "standard output" if to_stdout else ", ".join(str(f) for f in written.files)
    articles = f"{written.documents} article{'s' if written.documents != 1 else ''}"
    echo(
        f"wrote {files}: {articles}, {written.spans} spans, {written.relations} relations "
        f"({report.format}; {report.selection}; {people})",
        err=err,
    )
