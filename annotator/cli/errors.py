"""Turning errors meant for users into one clear line and a non-zero exit."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer

from annotator.cli.style import RED, YELLOW, echo
from annotator.cli.wording import message
from annotator.core.errors import AnnotatorError

P = ParamSpec("P")
R = TypeVar("R")

KEPT = "interrupted: everything stored so far is kept"
"""Said when a command that writes to the project is interrupted."""
NOTHING_WRITTEN = "interrupted: nothing was written"
"""Said when a command that only reads the project (or writes files whole) is interrupted."""


def _guard(func: Callable[P, R], interrupted: str) -> Callable[P, R]:
    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except AnnotatorError as exc:
            echo(f"error: {message(exc)}", err=True, fg=RED)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            echo(interrupted, err=True, fg=YELLOW)
            raise typer.Exit(130) from None

    return wrapper


def guarded(func: Callable[P, R]) -> Callable[P, R]:
    """Report AnnotatorError (bad input, bad project) as ``error: ...`` with exit 1."""
    return _guard(func, KEPT)


def guarded_reader(func: Callable[P, R]) -> Callable[P, R]:
    """As :func:`guarded`, for a command that stores nothing in the project."""
    return _guard(func, NOTHING_WRITTEN)
