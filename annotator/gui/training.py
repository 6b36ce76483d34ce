"""Suggest > Train from my reviewed work: the learning loop in the desktop app.

Trains on the current annotator's articles marked done, in the background with
the window's progress bar and Cancel button; the model goes to a folder beside
the project (``NAME.model``), becomes the project's pipeline (as ``suggest
--model F --remember`` would), and the articles are suggested again with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from annotator.core.errors import AnnotatorError
from annotator.gui.suggest_menu import suggest_menu
from annotator.gui.wording import message
from annotator.usecases import operations
from annotator.usecases.suggesting import remember_model
from annotator.usecases.training import TrainReport, TrainSettings, has_reviewed_work, model_folder

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow
    from annotator.gui.workers import Task

ACTION = "&Train from my reviewed work"
SETTINGS: TrainSettings | None = None  # None: the defaults (tests make it tiny)


def install(window: MainWindow) -> QAction:
    """Add the action to the window's Suggest menu (made if it has none)."""
    menu = suggest_menu(window)
    action = QAction(ACTION, window)
    action.setStatusTip("Learn from the articles you marked done; the next suggestions use what it learnt")
    action.triggered.connect(lambda: train_in_background(window))
    menu.addAction(action)
    return action


def train_in_background(window: MainWindow, folder: Path | None = None) -> Task | None:
    """Train on the current annotator's reviewed work; then suggest with the new model."""
    project, session = window.project, window.session
    if project is None or session is None:
        return None
    annotator, target = session.annotator, folder or model_folder(project)
    if not has_reviewed_work(project, annotator):
        window.show_error(f"{annotator} has no article marked done yet: mark some done, then train.")
        return None
    train = operations.training(project, target, annotator=annotator, settings=SETTINGS)

    def trained(report: TrainReport) -> None:
        try:
            remember_model(project, str(target))
        except AnnotatorError as exc:
            # A team server lets only its lead choose the project's pipeline.
            window.show_error(
                f"Trained on {report.articles} articles: {target}. It is not the project's pipeline: "
                f"{message(exc)}. The lead can make it so with: annotator suggest PROJECT "
                f"--model {target} --remember"
            )
            return
        window.statusBar().showMessage(
            f"Trained on {report.articles} articles in {report.result.seconds:.0f} s: {target}", 15000
        )
        window.load_pipeline()  # the new model, which suggests every article again

    return window.run_in_background(train, trained)  # cancelled: "Training cancelled: nothing was written"
