"""``annotator agreement``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from annotator.cli.common import ProjectArg
from annotator.cli.errors import guarded_reader
from annotator.cli.json_option import JsonFileOpt, JsonFlag, print_json, warn_legacy
from annotator.cli.style import echo

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


@guarded_reader
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
    as_json: JsonFlag = False,
    json_file: JsonFileOpt = None,
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

    warn_legacy(json_file)
    check_targets(json_file, html_out)
    with open_existing(project) as opened:
        report = measure(opened, names(annotators), require_all=not any_done)
        title = Path(opened.location).name
    if as_json:
        print_json(report.as_dict())
    else:
        echo(agreement_table(report, lowest))

    def done(line: str) -> None:
        echo(line, err=as_json)

    if json_file is not None:
        write_json(report, json_file)
        done(f"JSON report written to {json_file}")
    if html_out is not None:
        write_html(report, html_out, title, lowest)
        done(f"HTML report written to {html_out}")
