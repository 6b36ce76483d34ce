"""Starting the desktop app: ``annotator open``, ``annotator demo``, ``annotator-gui``."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from annotator.gui.main_window import MainWindow
from annotator.gui.settings import GuiSettings
from annotator.resources import resources_dir
from annotator.usecases.projects import demo_project


def application() -> QApplication:
    """The QApplication (created once)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("annotator")
        app.setOrganizationName("annotator")
        icon = resources_dir() / "icons" / "annotator.svg"
        if icon.is_file():  # shown where Qt's SVG image plugin is present
            app.setWindowIcon(QIcon(str(icon)))
    assert isinstance(app, QApplication)
    return app


def open_window(project: str | None, settings: GuiSettings | None = None) -> MainWindow:
    """The main window on ``project``, else on the most recent one, else empty."""
    application()
    window = MainWindow(settings)
    target = project or next((p for p in window.settings.recent if "://" in p or Path(p).exists()), None)
    if target:
        window.open_project(target)
    window.show()
    return window


def run(project: str | None = None, demo: bool = False) -> int:
    """Run the app until its window closes; the exit status."""
    app = application()
    target = str(demo_project()) if demo else project
    window = open_window(target)
    if window.project is None and project is None and not demo:
        window.statusBar().showMessage("No recent project: File > New project… or File > Open project…")
    return app.exec()


def run_adjudication(
    project: str, annotators: list[str] | None = None, auto: bool = True, require_all: bool = True
) -> int:
    """Run the adjudication screen on a project until it closes (``require_all=False``: also
    articles only some of the compared annotators marked done)."""
    from annotator.gui.adjudication import AdjudicationWindow
    from annotator.usecases.projects import open_existing

    with open_existing(project) as opened:  # before Qt starts: a bad project is one line
        app = application()
        window = AdjudicationWindow(opened, annotators, auto, require_all=require_all)
        window.show()
        return app.exec()


def main() -> None:
    """The ``annotator-gui`` entry point: ``annotator-gui [PROJECT]``."""
    from annotator.gui.display import display_problem

    problem = display_problem()
    if problem is not None:
        print(f"error: {problem}", file=sys.stderr)
        sys.exit(1)
    sys.exit(run(sys.argv[1] if len(sys.argv) > 1 else None))
