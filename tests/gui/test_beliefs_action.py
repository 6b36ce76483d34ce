"""Suggest > Suggest beliefs and intentions, in the real window, offscreen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from annotator.core.model import ArticleInput, ArticleRecord
from annotator.gui import beliefs_action
from annotator.gui.main_window import MainWindow
from annotator.gui.settings import GuiSettings
from annotator.gui.suggest_menu import MENU
from annotator.suggest.engine import Engine
from annotator.usecases.projects import new_project, open_existing
from annotator.usecases.suggesting import BELIEFS_SETTING, suggest_project
from tests.gui.conftest import make_window

TEXT = "Senator Maria Lopez believes that the bridge will be finished by the spring."
CONTENT = "the bridge will be finished by the spring"


def menu_action(window: MainWindow) -> QAction:
    for top in window.menuBar().actions():
        menu = top.menu()
        if top.text() == MENU and isinstance(menu, QMenu):
            for action in menu.actions():
                if action.text() == beliefs_action.ACTION:
                    return action
    raise AssertionError("no Suggest > Suggest beliefs and intentions")


def contents(path: Path) -> tuple[set[str], set[str]]:
    """The QUOTE suggestions stored for the one article, and their suggester versions."""
    with open_existing(path) as project:
        [row] = project.list_articles()
        sets = project.suggestion_sets(row.id)
    quotes = {TEXT[s.span.start : s.span.end] for x in sets for s in x.suggestions if s.span.label == "QUOTE"}
    return quotes, {x.origin.suggester_version for x in sets}


def test_toggling_beliefs_keeps_the_choice_and_suggests_again(
    qtbot, settings: GuiSettings, engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "b.annotator"
    with new_project(path) as project:
        project.save_articles([ArticleRecord(ArticleInput(TEXT, title="belief"))])
        suggest_project(project, engine=engine)
    assert CONTENT not in contents(path)[0]
    window = make_window(qtbot, settings, engine, path)
    action = menu_action(window)
    assert action.isEnabled() and action.isCheckable() and not action.isChecked()
    action.trigger()
    assert window.engine is not None and window.engine.beliefs
    qtbot.waitUntil(lambda: not window.workers and CONTENT in contents(path)[0], timeout=60_000)
    assert contents(path)[1] == {window.engine.origin.suggester_version}
    assert window.engine.origin.suggester_version.endswith("+beliefs")
    with open_existing(path) as project:
        assert project.setting(BELIEFS_SETTING) is True
    window.close()

    # Opened again (the engine loaded without beliefs): the choice is shown and followed.
    again = make_window(qtbot, settings, engine, path)
    assert menu_action(again).isChecked()
    assert again.engine is not None and again.engine.beliefs
    menu_action(again).trigger()  # off again
    assert again.engine is not None and not again.engine.beliefs
    qtbot.waitUntil(lambda: not again.workers and CONTENT not in contents(path)[0], timeout=60_000)
    with open_existing(path) as project:
        assert project.setting(BELIEFS_SETTING) is False
    again.close()
