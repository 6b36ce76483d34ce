"""One undo stack of named steps, shared by annotating and adjudicating.

Each action pushes a step that knows how to undo and redo itself (an annotator's
state on one article put back, or gold's change inverted). The stack says what
Ctrl+Z and Ctrl+Shift+Z would do (:meth:`UndoStack.status`, as Anki's undo status),
and tells every screen that listens what an undo or redo changed: the screen that
shows it repaints, the others update their menus.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol


class Undoable(Protocol):
    """A step on the stack."""

    @property
    def name(self) -> str:
        """What the step did, in words ("accept PERSON 'Rex Tillerson'")."""
        ...

    @property
    def owner(self) -> object:
        """The session or adjudication that made it (and whose connection it uses)."""
        ...

    def undo(self) -> tuple[Outcome, Undoable | None]:
        """Put things back; the outcome and the step that redoes it (None: refused)."""
        ...

    def redo(self) -> tuple[Outcome, Undoable | None]:
        """Do it again; the outcome and the step that undoes it (None: refused)."""
        ...


class Outcome(Protocol):
    @property
    def refused(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class UndoStatus:
    """What undo and redo would do now (None: nothing)."""

    undo: str | None
    redo: str | None


Listener = Callable[[object | None], None]


class UndoStack:
    """Named steps, most recent last; a new step clears what could be redone."""

    def __init__(self) -> None:
        self._undo: list[Undoable] = []
        self._redo: list[Undoable] = []
        self._listeners: list[Listener] = []

    def status(self) -> UndoStatus:
        return UndoStatus(
            self._undo[-1].name if self._undo else None, self._redo[-1].name if self._redo else None
        )

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener`` after every change of the stack: with the outcome of an undo or
        redo, with None after a new step (its maker has the outcome already)."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def push(self, step: Undoable) -> None:
        self._undo.append(step)
        self._redo.clear()
        self._tell(None)

    def undo(self) -> Outcome | None:
        """Undo the latest step; its outcome (``refused`` says why nothing was done, and the
        step is dropped: undo never removes what another window or process wrote after
        it). None when there is nothing to undo."""
        return self._move(self._undo, self._redo, undo=True)

    def redo(self) -> Outcome | None:
        """Redo the latest undone step (refused like :meth:`undo`)."""
        return self._move(self._redo, self._undo, undo=False)

    def _move(self, source: list[Undoable], target: list[Undoable], undo: bool) -> Outcome | None:
        if not source:
            return None
        step = source.pop()
        outcome, other = step.undo() if undo else step.redo()
        if other is not None:
            target.append(other)
        self._tell(outcome)
        return outcome

    def forget(self, owner: object) -> None:
        """Drop the steps of a session or adjudication that is closing."""
        self._undo = [s for s in self._undo if s.owner is not owner]
        self._redo = [s for s in self._redo if s.owner is not owner]
        self._tell(None)

    def _tell(self, outcome: object | None) -> None:
        for listener in list(self._listeners):
            listener(outcome)


class UsesUndoStack:
    """Undo and redo for a use case whose actions are steps on a (shared) stack: the
    annotating session and the adjudication both take them from here."""

    def __init__(self, undo: UndoStack | None = None) -> None:
        """``undo``: the stack shared with the other screens (default: one of its own)."""
        self.undo_stack = undo if undo is not None else UndoStack()

    @property
    def can_undo(self) -> bool:
        return self.undo_stack.can_undo

    @property
    def can_redo(self) -> bool:
        return self.undo_stack.can_redo

    def undo(self) -> Outcome | None:
        """Undo the latest step of the shared stack (this one's, or another screen's); its
        outcome (``refused``: undo never removes what another window or process wrote since)."""
        return self.undo_stack.undo()

    def redo(self) -> Outcome | None:
        """Redo the latest undone step (refused like :meth:`undo`)."""
        return self.undo_stack.redo()
