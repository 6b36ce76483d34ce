"""``annotator agreement``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from annotator.cli.common import ProjectArg
from annotator.cli.errors import guarded
from annotator.cli.output import echo

AnnotatorsOpt = Annotated[
    str | None,
    typer.Option(
        "--annotators",
        help="Compare these annotators (comma-separated; default: all but gold).",
        metavar="A,B",
    ),
]


def names(value: str | None) -> list[str] | None:
    """``A,B`` as a list of names (None when not given)."""
    if not value:
        return None
    return [n.strip() for n in value.split(",") if n.strip()]


@guarded
def agreement(
    project: ProjectArg,
    annotators: AnnotatorsOpt = None,
    any_done: Annotated[
        bool,
        typer.Option(
            "--any-done",
            help="Also compare articles only some marked done (at least two); the others are left out.",
        ),
    ] = False,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the full report as JSON here.")
    ] = None,
    html_out: Annotated[
        Path | None, typer.Option("--html", help="Write a self-contained HTML report with charts here.")
    ] = None,
    lowest: Annotated[int, typer.Option("--lowest", help="How many least-agreed articles to list.")] = 10,
) -> None:
    """Inter-annotator agreement: span and relation F1 per pair and label, token-level
    Cohen's and Fleiss' kappa and Krippendorff's alpha, on articles every compared
    annotator marked done."""
    from annotator.cli.agreement_table import agreement_table
    from annotator.usecases.agreement import agreement as measure
    from annotator.usecases.agreement import check_targets, write_html, write_json
    from annotator.usecases.projects import open_existing

    check_targets(json_out, html_out)
    with open_existing(project) as opened:
        report = measure(opened, names(annotators), require_all=not any_done)
        title = Path(opened.location).name
    echo(agreement_table(report, lowest))
    if json_out is not None:
        write_json(report, json_out)
        echo(f"JSON report written to {json_out}")
    if html_out is not None:
        write_html(report, html_out, title, lowest)
        echo(f"HTML report written to {html_out}")
