"""Edit > Undo / Redo, saying what they will do (as Anki's undo status does): the text
follows the shared undo stack after every action, disabled when there is nothing."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from annotator.usecases.undo import UndoStack


class UndoMenu:
    """The Edit menu of a window, on a stack; the window's ``undo_step(redo)`` acts."""

    def __init__(
        self, window: QMainWindow, stack: UndoStack, undo_keys: Sequence[str], redo_keys: Sequence[str]
    ) -> None:
        self.stack = stack
        menu = window.menuBar().addMenu("&Edit")
        self.undo_action = QAction("&Undo", window)
        self.redo_action = QAction("&Redo", window)
        for action, keys, redo in ((self.undo_action, undo_keys, False), (self.redo_action, redo_keys, True)):
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.triggered.connect(lambda _=False, r=redo: window.undo_step(r))  # type: ignore[attr-defined]
            menu.addAction(action)
        self.update()

    def update(self) -> None:
        status = self.stack.status()
        for action, verb, name in (
            (self.undo_action, "Undo", status.undo),
            (self.redo_action, "Redo", status.redo),
        ):
            # "&" would be read as a mnemonic: doubled, it shows as itself.
            action.setText(f"&{verb} {name.replace('&', '&&')}" if name else f"&{verb}")
            action.setEnabled(name is not None)
