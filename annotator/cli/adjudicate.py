"""``annotator adjudicate``."""

from __future__ import annotations

from typing import Annotated

import typer

from annotator.cli.agreement import AnnotatorsOpt, names
from annotator.cli.common import ProjectArg
from annotator.cli.errors import guarded
from annotator.cli.style import echo


@guarded
def adjudicate(
    project: ProjectArg,
    auto: Annotated[
        bool, typer.Option("--auto", help="Put every span and relation all annotators agree on into gold.")
    ] = False,
    majority: Annotated[
        bool, typer.Option("--majority", help="With --auto: also take what more than half of them chose.")
    ] = False,
    annotators: AnnotatorsOpt = None,
    any_done: Annotated[
        bool, typer.Option("--any-done", help="Also articles only some (at least two) marked done.")
    ] = False,
) -> None:
    """Build the gold annotator from the compared annotators' work. Articles left with no
    open disagreement are marked done for gold; the rest wait for the review screen."""
    from annotator.usecases.adjudicating import Adjudication
    from annotator.usecases.projects import open_existing

    if not auto:
        raise typer.BadParameter(
            "only --auto is available here; the review screen does the rest", param_hint="--auto"
        )
    with open_existing(project) as opened:
        session = Adjudication(opened, names(annotators), require_all=not any_done)
        result = session.accept_agreed(majority=majority, finish=True)
        queue = session.queue()
    waiting = [e for e in queue if e.open]
    echo(
        f"gold: {result.spans} spans and {result.relations} relations added, {result.rejected} rejected, "
        f"on {result.articles} of {len(queue)} articles; {result.done} newly done"
    )
    if waiting:
        total = sum(e.open for e in waiting)
        echo(f"{total} disagreements in {len(waiting)} articles wait for review (most first):")
        for e in waiting[:10]:
            echo(f"  #{e.article_id:<6} {e.open:3d} open  {e.title[:60]}")
