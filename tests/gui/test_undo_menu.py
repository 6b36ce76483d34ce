"""Edit > Undo / Redo say what they will do, and one stack serves annotating and
adjudicating: Ctrl+Z in either window undoes the latest step of both, and what undo and
redo leave is on disk (the project file opened afresh says so)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from annotator.gui.adjudication import AdjudicationWindow
from annotator.gui.settings import GuiSettings
from annotator.suggest.engine import Engine
from annotator.usecases.adjudicating import SPAN, ItemRef, reading_order
from annotator.usecases.annotating import AnnotationSession
from annotator.usecases.projects import open_existing
from annotator.usecases.suggesting import suggest_project
from tests.gui.conftest import make_window
from tests.gui.test_gold_defaults import build


def on_disk(path: Path, article: int) -> tuple[set[tuple[int, int, str]], set[str]]:
    """Alice's accepted spans and gold's labels on the article, read from a fresh connection."""
    with open_existing(path) as project:
        session = AnnotationSession(project, "alice")
        session.open(article)
        alice = {i.span.key for i in session.view.items if not i.pending}
        gold = {s.label for s in project.annotation_set(article, "gold").spans}
    return alice, gold


def test_one_undo_stack_for_annotating_and_adjudicating_named_in_the_edit_menu(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, settings: GuiSettings, engine: Engine
) -> None:
    path = tmp_path / "both.annotator"
    build(path)  # ann and bob finished both articles; alice annotates
    with open_existing(path) as project:
        suggest_project(project, engine=engine)
    window = make_window(qtbot, settings, engine, path)
    assert window.edit_menu.texts() == ("Undo", "Redo")
    assert not window.undo_action.isEnabled() and not window.redo_action.isEnabled()

    # An annotating step, by key.
    view = window.session.view  # type: ignore[union-attr]
    focused = view.item(window.annotating.focus)  # type: ignore[arg-type]
    article = view.article.id
    accept = f"accept {focused.span.label} '{view.words(focused)}'"
    qtbot.keyClick(window.text, Qt.Key.Key_A)
    assert window.edit_menu.texts() == (f"Undo {accept}", "Redo")
    assert window.undo_action.isEnabled() and not window.redo_action.isEnabled()

    # An adjudicating step in the adjudication screen opened from this window.
    adjudication = window.open_adjudication(["ann", "bob"], auto=False)
    assert isinstance(adjudication, AdjudicationWindow)
    qtbot.addWidget(adjudication)
    assert adjudication.edit_menu.texts() == (f"Undo {accept}", "Redo")  # the same stack
    adjudication.open_article(article)
    on_show = adjudication.aligned
    assert on_show is not None
    role = next(i for i in on_show.alignment.spans if i.anchor.label == "ROLE")
    adjudication.items.selectRow(reading_order(on_show).index(ItemRef(SPAN, role.index)))
    qtbot.keyClick(adjudication.items, Qt.Key.Key_1)  # take ann's ROLE
    take = "gold: take ann's ROLE 'Mayor'"
    assert on_disk(path, article) == ({focused.span.key}, {"ROLE"})
    assert window.edit_menu.texts() == adjudication.edit_menu.texts() == (f"Undo {take}", "Redo")

    # Ctrl+Z in the main window undoes gold's step; the adjudication screen shows it.
    qtbot.keyClick(window.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert on_disk(path, article) == ({focused.span.key}, set())
    assert window.edit_menu.texts() == (f"Undo {accept}", f"Redo {take}")
    shown = adjudication.aligned
    assert shown is not None and shown.alignment.spans[role.index].gold is None
    # Ctrl+Z in the adjudication screen undoes alice's accept; the main window shows it.
    qtbot.keyClick(adjudication.items, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert on_disk(path, article) == (set(), set())
    assert adjudication.edit_menu.texts() == ("Undo", f"Redo {accept}")
    assert not window.undo_action.isEnabled()
    assert window.session.view.item(window.annotating.focus).pending  # type: ignore[union-attr,arg-type]
    assert window.statusBar().currentMessage().startswith(f"undone: {accept} — ")

    # Redo both from the menu, in order; the file opened afresh holds them.
    window.redo_action.trigger()
    assert window.edit_menu.texts() == (f"Undo {accept}", f"Redo {take}")
    assert on_disk(path, article) == ({focused.span.key}, set())
    window.redo_action.trigger()
    assert window.edit_menu.texts() == (f"Undo {take}", "Redo")
    assert on_disk(path, article) == ({focused.span.key}, {"ROLE"})
    shown = adjudication.aligned
    assert shown is not None and shown.alignment.spans[role.index].gold is not None
    adjudication.close()
    window.close()
