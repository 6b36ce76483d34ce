"""Background work as operations: one shape for import, suggest, train, export, merge.

An :class:`Operation` is a piece of long work bound to its arguments. Whoever
runs it (the GUI on a worker thread, the CLI on its own) hands it a
:class:`Control`: a progress reporter ``report(done, total, what)`` and a cancel
check. The operation returns its typed report or raises an
:class:`~annotator.core.errors.AnnotatorError`; a cancelled one raises
:class:`Cancelled`, which says whether what it stored so far was kept (import,
suggest and merge store whole articles as they go) or nothing was written
(export and train write whole files or nothing). Clients word the errors
themselves (the CLI names flags, the GUI names menus).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from annotator.core.errors import AnnotatorError

R = TypeVar("R")
T = TypeVar("T")

Report = Callable[[int, int, str], None]
"""``report(done, total, what)``: how far an operation is, in its unit."""


class Cancelled(AnnotatorError):
    """An operation stopped on request, between two whole pieces of work.

    ``kept``: what was stored before the stop stays in the project (``partial``
    is the report so far); otherwise nothing was written.
    """

    def __init__(self, what: str, *, kept: bool, partial: object = None) -> None:
        self.what, self.kept, self.partial = what, kept, partial
        outcome = "everything stored so far is kept" if kept else "nothing was written"
        super().__init__(f"{what} cancelled: {outcome}")


def _quiet(done: int, total: int, what: str) -> None:
    """No one is watching."""


def _never() -> bool:
    return False


@dataclass(frozen=True, slots=True)
class Control:
    """What an operation gets from its runner: where to report, and whether to stop."""

    report: Report = _quiet
    cancelled: Callable[[], bool] = _never

    def progress(self, what: str) -> Callable[[int, int], None]:
        """A ``progress(done, total)`` callable for the use-case functions, labelled ``what``."""
        report = self.report
        return lambda done, total: report(done, total, what)

    def check(self, what: str, *, kept: bool) -> None:
        """Raise :class:`Cancelled` if a stop was asked for."""
        if self.cancelled():
            raise Cancelled(what, kept=kept)

    def each(self, items: Iterable[T], total: int, what: str, *, kept: bool = False) -> Iterator[T]:
        """``items`` with a cancel check before each and a report after each.

        A writer that consumes this stops between two items: the exception goes
        through it, so its temporary file is dropped (:mod:`annotator.io.atomic`).
        """
        self.report(0, total, what)
        for done, item in enumerate(items, 1):
            self.check(what, kept=kept)
            yield item
            self.report(min(done, total), total, what)


@dataclass(frozen=True, slots=True)
class Operation(Generic[R]):
    """Long work, ready to run: ``what`` it is (shown beside its progress), its
    progress ``unit`` ("articles" or "bytes") and the work itself."""

    what: str
    unit: str
    body: Callable[[Control], R]

    def run(self, control: Control | None = None) -> R:
        """Do the work (on the caller's thread), reporting to ``control``."""
        return self.body(control or Control())
