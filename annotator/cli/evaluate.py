"""``annotator evaluate``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from annotator.cli.errors import guarded
from annotator.cli.output import echo
from annotator.core.safe_json import finite_or_none


@guarded
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold annotations (JSONL).", dir_okay=False)],
    predicted: Annotated[Path, typer.Argument(help="Annotations to score (JSONL).", dir_okay=False)],
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write the full report as JSON here.")
    ] = None,
) -> None:
    """Score annotations against gold: P/R/F1 per label (exact and overlap), quote
    coverage at 30 % and 80 %, speaker accuracy, relation F1."""
    from annotator.cli.report import evaluation_table
    from annotator.usecases.evaluating import evaluate_files

    result = evaluate_files(gold, predicted)
    for problem in result.refused:
        echo(f"refused: {problem}", err=True, fg=typer.colors.RED)
    echo(evaluation_table(result.report))
    if json_out is not None:
        json_out.write_text(
            json.dumps(finite_or_none(result.report.as_dict()), indent=1, allow_nan=False) + "\n",
            encoding="utf-8",
        )
        echo(f"report written to {json_out}")
