"""``annotator adjudicate``: the adjudication screen, or ``--auto`` here in the terminal
(and ``annotator review``, its old name, hidden)."""

from __future__ import annotations

from typing import Annotated

import typer

from annotator.cli.agreement import names
from annotator.cli.common import ProjectArg
from annotator.cli.errors import guarded
from annotator.cli.style import echo
from annotator.gui.display import require_display  # no Qt: the check cannot abort

AnnotatorsOpt = Annotated[
    str | None,
    typer.Option(
        "--annotators",
        help="Compare these (comma-separated; default: all but gold who marked some article done).",
        metavar="A,B",
    ),
]
RENAMED = "note: 'annotator review' is now 'annotator adjudicate' (the old name will go)"


@guarded
def adjudicate(
    project: ProjectArg,
    auto: Annotated[
        bool,
        typer.Option(
            "--auto",
            help="No screen: put every span and relation all annotators agree on into gold, here.",
        ),
    ] = False,
    majority: Annotated[
        bool, typer.Option("--majority", help="With --auto: also take what more than half of them chose.")
    ] = False,
    annotators: AnnotatorsOpt = None,
    any_done: Annotated[
        bool, typer.Option("--any-done", help="Also articles only some (at least two) marked done.")
    ] = False,
    by_hand: Annotated[
        bool,
        typer.Option(
            "--by-hand",
            help="The screen: unanimous items wait for a key too (default: into gold as each article opens).",
        ),
    ] = False,
) -> None:
    """Decide the gold annotator from the compared annotators' work: the adjudication
    screen, or with --auto unanimous items here (articles left with no open disagreement
    are marked done for gold; the rest wait for the screen)."""
    if not auto:
        if majority:
            raise typer.BadParameter("goes with --auto (the screen has the m key)", param_hint="--majority")
        _screen(project, names(annotators), not by_hand, any_done)
        return
    if by_hand:
        raise typer.BadParameter("is for the screen, not with --auto", param_hint="--by-hand")
    from annotator.usecases.adjudicating import Adjudication
    from annotator.usecases.projects import open_existing

    with open_existing(project) as opened:
        session = Adjudication(opened, names(annotators), require_all=not any_done)
        counts = session.accept_agreed(majority=majority, finish=True).agreed
        queue = session.queue()
    assert counts is not None  # accept_agreed always counts
    waiting = [e for e in queue if e.open]
    echo(
        f"gold: {counts.spans} spans and {counts.relations} relations added, {counts.rejected} rejected, "
        f"on {counts.articles} of {len(queue)} articles; {counts.done} newly done"
    )
    if waiting:
        total = sum(e.open for e in waiting)
        echo(
            f"{total} disagreements in {len(waiting)} articles wait in the adjudication screen (most first):"
        )
        for e in waiting[:10]:
            echo(f"  #{e.article_id:<6} {e.open:3d} open  {e.title[:60]}")


@guarded
def review(
    project: ProjectArg,
    annotators: AnnotatorsOpt = None,
    auto: Annotated[
        bool,
        typer.Option(
            "--auto/--no-auto",
            help="Put unanimous items into gold as each article opens (default; --no-auto: decide each).",
        ),
    ] = True,
) -> None:
    """The old name of ``annotator adjudicate`` (its screen); says so and opens it."""
    _screen(project, names(annotators), auto, any_done=False, notice=RENAMED)


def _screen(
    project: str, annotators: list[str] | None, auto: bool, any_done: bool, notice: str | None = None
) -> None:
    """Run the adjudication screen until it closes (a missing display: one line, exit 1)."""
    require_display()
    if notice is not None:
        echo(notice, err=True)  # after the display check: with no display, its one line alone
    from annotator.gui.app import run_adjudication

    raise typer.Exit(run_adjudication(project, annotators, auto, require_all=not any_done))
