"""``annotator evaluate``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from annotator.cli.errors import guarded_reader
from annotator.cli.json_option import JsonFileOpt, JsonFlag, print_json, warn_legacy
from annotator.cli.style import RED, echo
from annotator.usecases.reports import check_report_target, write_report


@guarded_reader
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold annotations (JSONL).", dir_okay=False)],
    predicted: Annotated[Path, typer.Argument(help="Annotations to score (JSONL).", dir_okay=False)],
    as_json: JsonFlag = False,
    json_file: JsonFileOpt = None,
) -> None:
    """Score annotations against gold: P/R/F1 per label (exact and overlap), quote
    coverage at 30 % and 80 %, speaker accuracy, relation F1."""
    from annotator.cli.report import evaluation_table
    from annotator.usecases.evaluating import evaluate_files

    warn_legacy(json_file)
    if json_file is not None:
        check_report_target(json_file)
    result = evaluate_files(gold, predicted)
    for problem in result.refused:
        echo(f"refused: {problem}", err=True, fg=RED)
    if as_json:
        print_json(result.report.as_dict())
    else:
        echo(evaluation_table(result.report))
    if json_file is not None:
        write_report(result.report.as_dict(), json_file)
        echo(f"report written to {json_file}", err=as_json)
