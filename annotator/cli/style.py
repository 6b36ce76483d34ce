"""Coloured lines that honour ``NO_COLOR`` (https://no-color.org) and ``TERM=dumb``."""

from __future__ import annotations

import os
import sys

import typer


def colour_allowed(err: bool = False) -> bool:
    """Whether to colour a line: a terminal, no ``NO_COLOR``, not ``TERM=dumb``."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    stream = sys.stderr if err else sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)())


def say(message: str, *, err: bool = False, fg: str | None = None) -> None:
    """One line, coloured ``fg`` only where colour is allowed."""
    if fg is not None and colour_allowed(err):
        message = typer.style(message, fg=fg)
    typer.echo(message, err=err, color=colour_allowed(err))


RED = typer.colors.RED
YELLOW = typer.colors.YELLOW
GREEN = typer.colors.GREEN
