"""Suggest > Suggest beliefs and intentions: the project's choice, as
``annotator suggest --beliefs --remember`` makes it.

Checked, belief, intention and stance verbs ("thinks that", "wants to") are cues
too, as PolNeAR's guidelines count them; the choice is kept in the project and
every article is suggested again (the suggester's version changes with it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction

from annotator.core.errors import AnnotatorError
from annotator.gui.suggest_menu import suggest_menu
from annotator.gui.wording import message
from annotator.usecases.suggesting import project_beliefs, remember_beliefs

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

ACTION = "Suggest &beliefs and intentions"
IDLE_CHECK_MS = 300


def install(window: MainWindow) -> QAction:
    """Add the checkable action to the window's Suggest menu (made if it has none)."""
    menu = suggest_menu(window)
    action = QAction(ACTION, window)
    action.setCheckable(True)
    action.setEnabled(False)  # until a project is open
    action.setStatusTip("Also suggest what people think, want or plan, as PolNeAR's guidelines count it")
    action.toggled.connect(lambda checked: choose(window, checked))
    menu.addAction(action)
    window.beliefs_action = action
    return action


def show_project(window: MainWindow) -> bool:
    """A project was opened (or closed): show its choice; return it."""
    action = window.beliefs_action
    project = window.project
    action.setEnabled(project is not None)
    wanted = project is not None and project_beliefs(project)
    action.blockSignals(True)  # showing the choice is not making it
    action.setChecked(wanted)
    action.blockSignals(False)
    return wanted


def choose(window: MainWindow, checked: bool) -> None:
    """The annotator toggled the action: keep the choice, suggest again."""
    if window.project is None:
        return
    try:
        remember_beliefs(window.project, checked)
    except AnnotatorError as exc:
        # A team server lets only its lead change the project's settings.
        show_project(window)  # the check mark as the project still has it
        window.show_error(message(exc))
        return
    follow(window, checked)
    window.statusBar().showMessage(
        "Beliefs and intentions are suggested" if checked else "Beliefs and intentions are not suggested",
        8000,
    )


def follow(window: MainWindow, beliefs: bool) -> None:
    """Use the loaded engine with this choice; articles it has not seen are suggested."""
    engine = window.engine
    if engine is None or engine.beliefs == beliefs:
        return
    window.use_engine(engine.with_beliefs(beliefs), window.engine_model)
    suggest_when_idle(window)


def suggest_when_idle(window: MainWindow) -> None:
    """Suggest the articles the engine has not seen once the running work is over."""
    if window.workers:
        QTimer.singleShot(IDLE_CHECK_MS, lambda: suggest_when_idle(window))
    else:
        window.suggest_new()
