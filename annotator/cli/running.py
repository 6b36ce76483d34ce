"""Running an operation (:mod:`annotator.usecases.running`) with a progress bar."""

from __future__ import annotations

from typing import TypeVar

from annotator.cli.output import progress
from annotator.usecases.running import Control, Operation

R = TypeVar("R")


def run(operation: Operation[R]) -> R:
    """Run ``operation`` here, its progress on standard error (a terminal only).

    Ctrl+C is the command line's Cancel (KeyboardInterrupt, which the command's
    guard words).
    """
    with progress(operation.what, unit=operation.unit) as advance:
        return operation.run(Control(lambda done, total, what: advance(done, total)))
