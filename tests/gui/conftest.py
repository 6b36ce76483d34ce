"""GUI fixtures: a main window on a real project, the real pipeline, no dialogs."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.gui.main_window import MainWindow
from annotator.gui.settings import GuiSettings
from annotator.suggest.engine import Engine
from annotator.usecases.importing import import_paths
from annotator.usecases.projects import new_project
from annotator.usecases.suggesting import suggest_project


@pytest.fixture
def settings(tmp_path: Path) -> GuiSettings:
    gui = GuiSettings(str(tmp_path / "gui.ini"))
    gui.annotator = "alice"
    return gui


@pytest.fixture
def seeded(tmp_path: Path, seed: Path, engine: Engine) -> Path:
    """A project with the seed article, suggested."""
    path = tmp_path / "seed.annotator"
    with new_project(path) as project:
        import_paths(project, [seed])
        suggest_project(project, engine=engine)
    return path


def make_window(qtbot, settings: GuiSettings, engine: Engine, path: Path | None) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(settings)
    window.use_engine(engine)  # already loaded: the window does not load it again
    qtbot.addWidget(window)
    if path is not None:
        assert window.open_project(str(path))
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture(autouse=True)
def _collected_before() -> None:
    """Earlier tests' windows are collected before this one starts its worker threads."""
    gc.collect()


@pytest.fixture
def window(qtbot, settings: GuiSettings, engine: Engine, seeded: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    win = make_window(qtbot, settings, engine, seeded)
    yield win
    win.close()
