"""Suggest > Train from my reviewed work, in the real window, offscreen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from annotator.gui import training
from annotator.gui.main_window import MainWindow
from annotator.gui.settings import GuiSettings
from annotator.gui.suggest_menu import MENU
from annotator.suggest.engine import Engine
from annotator.usecases.projects import open_existing
from annotator.usecases.suggesting import MODEL_SETTING, suggest_project
from annotator.usecases.training import TrainReport
from tests.gui.conftest import make_window
from tests.training.conftest import TINY, reviewed_project, tiny_model  # noqa: F401 - a fixture


def train_action(window: MainWindow) -> QAction:
    for top in window.menuBar().actions():
        menu = top.menu()
        if top.text() == MENU and isinstance(menu, QMenu):
            for action in menu.actions():
                if action.text() == training.ACTION:
                    return action
    raise AssertionError("no Suggest > Train from my reviewed work")


@pytest.fixture
def reviewed(tmp_path: Path, engine: Engine) -> Path:
    path = reviewed_project(tmp_path / "r.annotator", articles=2)
    with open_existing(path) as project:
        suggest_project(project, engine=engine)
    return path


def test_train_from_my_reviewed_work_then_suggest_with_it(
    qtbot, settings: GuiSettings, engine: Engine, reviewed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(training, "SETTINGS", TINY)
    window = make_window(qtbot, settings, engine, reviewed)
    train_action(window).trigger()
    assert window.progress.isVisible() and window.cancel_button.isVisible()
    qtbot.waitUntil(lambda: window.engine is not engine and not window.workers, timeout=180_000)
    assert window.engine is not None and window.engine.model is not None
    assert "en_annotator_trained" in window.pipeline_label.text()
    folder = reviewed.with_name("r.annotator.model")
    assert (folder / "meta.json").is_file()
    with open_existing(reviewed) as project:
        assert project.setting(MODEL_SETTING) == str(folder)
        origins = {s.origin for row in project.list_articles() for s in project.suggestion_sets(row.id)}
    # Every article was suggested again by the new model (the rules' older run replaced).
    assert [o.suggester_version for o in origins] == [window.engine.origin.suggester_version]
    assert not window.progress.isVisible()
    window.close()


def test_cancel_training_keeps_the_old_suggestions(
    qtbot, settings: GuiSettings, engine: Engine, reviewed: Path
) -> None:
    window = make_window(qtbot, settings, engine, reviewed)
    train_action(window).trigger()
    window.cancel_button.click()
    qtbot.waitUntil(lambda: not window.workers, timeout=60_000)
    assert "Training cancelled" in window.statusBar().currentMessage()
    assert window.engine is engine
    assert not reviewed.with_name("r.annotator.model").exists()
    window.close()


def test_training_without_reviewed_work_says_so(
    qtbot, settings: GuiSettings, engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = reviewed_project(tmp_path / "r.annotator", articles=1, annotator="bob")
    window = make_window(qtbot, settings, engine, path)  # alice has done nothing
    shown: list[str] = []
    monkeypatch.setattr(window, "show_error", shown.append)
    assert training.train_in_background(window) is None
    assert shown and "alice has no article marked done yet" in shown[0]
    assert not window.workers
    window.close()


def test_a_project_opens_with_the_model_it_remembers(
    qtbot,
    settings: GuiSettings,
    tiny_model: tuple[Path, Path, TrainReport],  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    path = reviewed_project(tmp_path / "r.annotator", articles=1)
    with open_existing(path) as project:
        project.set_setting(MODEL_SETTING, str(tiny_model[1]))
    window = MainWindow(settings)  # no engine handed in: it loads the project's
    qtbot.addWidget(window)
    assert window.open_project(str(path))
    window.show()
    qtbot.waitUntil(lambda: window.engine is not None and not window.workers, timeout=180_000)
    assert window.engine is not None and window.engine.model is not None
    with open_existing(path) as project:
        [row] = project.list_articles()
        [suggested] = project.suggestion_sets(row.id)
    assert suggested.origin == window.engine.origin
    window.close()


def test_a_pipeline_remembered_with_suggest_remember_is_loaded_when_the_project_opens(
    qtbot,
    settings: GuiSettings,
    engine: Engine,
    tiny_model: tuple[Path, Path, TrainReport],  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    """A window already running on the best installed pipeline opens a project whose
    pipeline was remembered on the command line: it suggests with that one, and goes
    back to the best installed for a project that remembers none."""
    from typer.testing import CliRunner

    from annotator.cli.app import app

    plain = reviewed_project(tmp_path / "plain.annotator", articles=1)
    remembering = reviewed_project(tmp_path / "remembering.annotator", articles=1)
    model = str(tiny_model[1])
    said = CliRunner().invoke(app, ["suggest", str(remembering), "--model", model, "--remember"])
    assert said.exit_code == 0, said.output
    window = make_window(qtbot, settings, engine, plain)
    assert window.engine is engine
    assert window.open_project(str(remembering))
    qtbot.waitUntil(lambda: window.engine is not engine and not window.workers, timeout=180_000)
    assert window.engine is not None and window.engine.model is not None
    assert window.engine_model == model and "en_annotator_trained" in window.pipeline_label.text()
    assert window.open_project(str(plain))
    qtbot.waitUntil(lambda: window.engine_model is None and not window.workers, timeout=180_000)
    assert window.engine is not None and window.engine.model is None
    with open_existing(plain) as project:
        [row] = project.list_articles()
        assert {s.origin for s in project.suggestion_sets(row.id)} == {window.engine.origin}
    window.close()
