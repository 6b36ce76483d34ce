"""``annotator train``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from annotator.cli.common import ProjectArg
from annotator.cli.errors import guarded
from annotator.cli.running import run


@guarded
def train(
    project: ProjectArg,
    out: Annotated[
        Path,
        typer.Option("-o", "--output", help="Folder for the trained pipeline (new, or an earlier model)."),
    ],
    annotator: Annotated[
        str | None, typer.Option("--annotator", help="Learn from this annotator's articles marked done.")
    ] = None,
    gold: Annotated[bool, typer.Option("--gold", help="Learn from the gold set.")] = False,
    base: Annotated[
        str | None,
        typer.Option(
            "--base", help="spaCy pipeline to build on (package or folder); default: the best installed."
        ),
    ] = None,
    epochs: Annotated[
        int | None,
        typer.Option("--epochs", min=1, help="Passes over the articles (default: by their number)."),
    ] = None,
    labels: Annotated[
        str | None,
        typer.Option(
            "--labels", help="Comma-separated labels to learn (default: ROLE,ORG,CUE,QUOTE,DENIAL,CLAIM)."
        ),
    ] = None,
) -> None:
    """Train a span model on reviewed work; use it with: annotator suggest PROJECT --model FOLDER."""
    from annotator.usecases import operations
    from annotator.usecases.projects import open_existing
    from annotator.usecases.training import TrainingError, TrainSettings

    if gold == (annotator is not None):
        raise TrainingError("say whose work to learn from: one of --annotator NAME or --gold")
    settings = TrainSettings(epochs=epochs)
    if labels:
        chosen = tuple(dict.fromkeys(x.strip() for x in labels.split(",") if x.strip()))
        settings = TrainSettings(labels=chosen, epochs=epochs)
    with open_existing(project) as opened:
        unknown = [x for x in settings.labels if opened.scheme.label(x) is None]
        if unknown:
            known = ", ".join(opened.scheme.label_names)
            raise TrainingError(f"--labels: unknown label {', '.join(unknown)} (scheme has {known})")
        report = run(
            operations.training(opened, out, annotator=annotator, gold=gold, base=base, settings=settings)
        )
    result = report.result
    for note in report.notes:
        typer.echo(f"note: {note}", err=True)
    spans = ", ".join(f"{label} {n}" for label, n in sorted(result.spans.items()))
    typer.echo(
        f"trained on {result.train_docs} articles of {report.selection} ({spans}) in {result.seconds:.0f} s; "
        f"base: {result.base}"
    )
    for label, prf in sorted(result.scores.items()):
        typer.echo(f"  {label:<8} P {prf.get('p', 0):.2f}  R {prf.get('r', 0):.2f}  F {prf.get('f', 0):.2f}")
    held = "held-out" if report.held_out else "training"
    typer.echo(f"(exact match on {result.dev_docs} {held} articles) written to {out}")
    typer.echo(f"use it with: annotator suggest {project} --model {out}")
