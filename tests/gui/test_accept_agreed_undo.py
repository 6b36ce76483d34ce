"""Adjudicate > Disagreements… opens the adjudication screen, which puts the unanimous
items into gold as an article opens: one named step on the stack shared with the main
window, so Edit > Undo says "gold: accept 3 agreed items", and undoing it leaves gold as
it was (the screen does not accept them again under the key)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from annotator.gui.adjudication import AdjudicationWindow
from annotator.gui.main_window import MainWindow
from annotator.gui.settings import GuiSettings
from annotator.suggest.engine import Engine
from annotator.usecases.projects import open_existing
from tests.gui.conftest import make_window
from tests.gui.test_gold_defaults import build

ACCEPT = "gold: accept 3 agreed items"  # ann and bob agree on a PERSON, a QUOTE and its SPEAKER


def menu_action(window: MainWindow, menu_title: str, text: str) -> QAction:
    for top in window.menuBar().actions():
        menu = top.menu()
        if top.text() == menu_title and isinstance(menu, QMenu):
            return next(a for a in menu.actions() if a.text() == text)
    raise AssertionError(f"no menu {menu_title}")


def gold_on_disk(path: Path, article: int) -> set[str]:
    with open_existing(path) as project:
        return {s.label for s in project.annotation_set(article, "gold").spans}


def test_auto_accept_is_one_named_undo_step_in_both_windows(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, settings: GuiSettings, engine: Engine
) -> None:
    path = tmp_path / "two.annotator"
    build(path)
    window = make_window(qtbot, settings, engine, path)
    assert [a.text() for a in window.menuBar().actions()].count("&Review") == 0
    menu_action(window, "&Adjudicate", "&Disagreements…").trigger()
    adjudication = window.adjudication_window
    assert isinstance(adjudication, AdjudicationWindow)
    qtbot.addWidget(adjudication)
    assert window.session is not None and window.session.annotator == "alice"  # nothing done
    assert adjudication.names == ["ann", "bob"]  # not alice: no article would be compared
    assert adjudication.auto.isChecked()  # the default: unanimous items go in as an article opens
    shown = adjudication.aligned
    assert shown is not None
    article = shown.article_id
    assert gold_on_disk(path, article) == {"PERSON", "QUOTE"}
    assert {i.gold.label for i in shown.alignment.spans if i.gold is not None} == {"PERSON", "QUOTE"}
    assert window.edit_menu.texts() == adjudication.edit_menu.texts() == (f"Undo {ACCEPT}", "Redo")

    qtbot.keyClick(adjudication.items, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert gold_on_disk(path, article) == set()  # undone, and not accepted again on show
    shown = adjudication.aligned
    assert shown is not None and shown.article_id == article
    assert all(i.gold is None for i in shown.alignment.spans)
    assert adjudication.statusBar().currentMessage() == f"undone: {ACCEPT}"
    assert window.edit_menu.texts() == adjudication.edit_menu.texts() == ("Undo", f"Redo {ACCEPT}")

    window.redo_action.trigger()  # from the main window's Edit menu
    assert gold_on_disk(path, article) == {"PERSON", "QUOTE"}
    shown = adjudication.aligned
    assert shown is not None and {i.gold.label for i in shown.alignment.spans if i.gold} == {
        "PERSON",
        "QUOTE",
    }
    assert adjudication.edit_menu.texts() == (f"Undo {ACCEPT}", "Redo")
    adjudication.close()
    window.close()
