"""Turning errors meant for users into one clear line and a non-zero exit."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer

from annotator.cli.output import echo
from annotator.core.errors import AnnotatorError

P = ParamSpec("P")
R = TypeVar("R")


def guarded(func: Callable[P, R]) -> Callable[P, R]:
    """Report AnnotatorError (bad input, bad project) as ``error: ...`` with exit 1."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except AnnotatorError as exc:
            echo(f"error: {exc}", err=True, fg=typer.colors.RED)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            echo("interrupted: everything stored so far is kept", err=True, fg=typer.colors.YELLOW)
            raise typer.Exit(130) from None

    return wrapper
