"""Suggest > Train from my reviewed work: the learning loop in the desktop app.

Trains on the current annotator's articles marked done, in the background with
the window's progress bar and Cancel button; the model goes to a folder beside
the project (``NAME.model``), becomes the project's pipeline (as ``suggest
--model F --remember`` would), and the articles are suggested again with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from annotator.paths import default_projects_dir
from annotator.store import Project
from annotator.suggest.engine import Engine
from annotator.suggest.pipeline import PipelineError
from annotator.suggest.trained import TrainSettings
from annotator.usecases.suggesting import MODEL_SETTING, load_engine
from annotator.usecases.training import TrainReport

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow
    from annotator.gui.workers import Task

MENU = "&Suggest"
ACTION = "&Train from my reviewed work"
SETTINGS: TrainSettings | None = None  # None: the defaults (tests make it tiny)


def install(window: MainWindow) -> QAction:
    """Add the action to the window's Suggest menu (made if it has none)."""
    menu = next(
        (a.menu() for a in window.menuBar().actions() if a.text() == MENU and isinstance(a.menu(), QMenu)),
        None,
    )
    if not isinstance(menu, QMenu):
        menu = window.menuBar().addMenu(MENU)
    action = QAction(ACTION, window)
    action.setStatusTip("Learn from the articles you marked done; the next suggestions use what it learnt")
    action.triggered.connect(lambda: train_in_background(window))
    menu.addAction(action)
    return action


def model_folder(project: Project) -> Path:
    """Where a project's trained model goes: beside its file, else in the projects folder."""
    location = Path(project.location)
    if location.is_file():
        return location.with_name(location.name + ".model")
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", project.location.rsplit("/", 1)[-1]) or "project"
    return default_projects_dir() / f"{safe}.model"


def project_engine(project: Project) -> Engine:
    """The project's pipeline (a trained model, once there is one), else the best installed."""
    try:
        return load_engine(project)
    except PipelineError:
        return Engine.load()  # the remembered model was moved or removed


def train_in_background(window: MainWindow, folder: Path | None = None) -> Task | None:
    """Train on the current annotator's reviewed work; then suggest with the new model."""
    from annotator.usecases.training import TrainingCancelled, train_project

    project, session = window.project, window.session
    if project is None or session is None:
        return None
    annotator, target = session.annotator, folder or model_folder(project)
    if not project.annotated_ids(annotator):
        window.show_error(f"{annotator} has no article marked done yet: mark some done, then train.")
        return None

    def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> object:
        try:
            report = train_project(
                project,
                target,
                annotator=annotator,
                settings=SETTINGS,
                progress=progress,
                cancelled=cancelled,
            )
        except TrainingCancelled:
            return None
        return report, Engine.load(str(target))

    def done(result: object) -> None:
        if result is None:
            window.statusBar().showMessage("Training cancelled: no model written", 15000)
            return
        assert isinstance(result, tuple)
        report, engine = result
        assert isinstance(report, TrainReport) and isinstance(engine, Engine)
        project.set_setting(MODEL_SETTING, str(target))
        window.use_engine(engine)
        window.statusBar().showMessage(
            f"Trained on {report.articles} articles in {report.result.seconds:.0f} s: {target}", 15000
        )
        window.suggest_new()

    return window.run_in_background(job, "Training", done)
