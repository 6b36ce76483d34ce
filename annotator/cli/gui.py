"""``annotator open`` and ``annotator demo``: the desktop app."""

from __future__ import annotations

from typing import Annotated

import typer

from annotator.cli.errors import guarded
from annotator.gui.display import require_display  # no Qt: the check cannot abort


@guarded
def open_(
    project: Annotated[
        str | None, typer.Argument(help="Project file; default: the last one opened.", metavar="[PROJECT]")
    ] = None,
) -> None:
    """Open the desktop app on a project."""
    require_display()
    from annotator.gui.app import run

    raise typer.Exit(run(project))


@guarded
def demo() -> None:
    """Open the desktop app on a demo project made from the bundled sample article."""
    require_display()
    from annotator.gui.app import run

    raise typer.Exit(run(demo=True))
