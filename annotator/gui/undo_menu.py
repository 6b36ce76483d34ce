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
        self.window = window
        # The keys are shown, not bound here: the screen's own key handling runs them, so a
        # key pressed in one window never undoes in another that happens to be active.
        self._keys = {"Undo": _shown(undo_keys), "Redo": _shown(redo_keys)}
        menu = window.menuBar().addMenu("&Edit")
        self.undo_action = QAction("&Undo", window)
        self.redo_action = QAction("&Redo", window)
        for action, redo in ((self.undo_action, False), (self.redo_action, True)):
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
            words = f"&{verb} {name.replace('&', '&&')}" if name else f"&{verb}"
            action.setText(f"{words}\t{self._keys[verb]}")  # after a tab: the menu's key column
            action.setEnabled(name is not None)

    def run(self, redo: bool = False, painted: type | None = None) -> None:
        """Undo (redo) the stack's latest step; the status bar says what was done, or why
        not (outcomes of type ``painted`` are said by the screen that paints them)."""
        outcome = self.stack.redo() if redo else self.stack.undo()
        bar = self.window.statusBar()
        if outcome is None:
            bar.showMessage(f"nothing to {'redo' if redo else 'undo'}", 4000)
        elif outcome.refused:
            bar.showMessage(outcome.refused, 15000)
        elif painted is None or not isinstance(outcome, painted):
            bar.showMessage(f"{getattr(outcome, 'verb', '')}: {getattr(outcome, 'name', '')}", 8000)

    def texts(self) -> tuple[str, str]:
        """What the two items say, as the annotator reads them (no mnemonic, no keys)."""
        return _plain(self.undo_action.text()), _plain(self.redo_action.text())


def _shown(keys: Sequence[str]) -> str:
    return QKeySequence(keys[0]).toString(QKeySequence.SequenceFormat.NativeText) if keys else ""


def _plain(text: str) -> str:
    return text.split("\t")[0].replace("&&", "\0").replace("&", "").replace("\0", "&")
