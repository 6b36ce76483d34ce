"""Issue 16, should-fix items 9-12, with key presses: nested spans of one label told apart,
a relabelled span moves to its label's group, zoom on every usual key, the article
order as chosen last, and scheme-driven relation keys (issue 12)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from annotator.gui.main_window import MainWindow
from annotator.gui.settings import GuiSettings
from annotator.suggest.engine import Engine
from annotator.usecases.importing import import_paths
from annotator.usecases.projects import new_project
from tests.gui.conftest import make_window
from tests.gui.test_keyboard import item_reading, walk_to


def group_of(window: MainWindow, key: str) -> str:
    for g in range(window.spans.topLevelItemCount()):
        group = window.spans.topLevelItem(g)
        for c in range(group.childCount()):
            if group.child(c).data(0, Qt.ItemDataRole.UserRole + 1) == key:
                return group.text(0).split(" ")[0]
    return ""


def test_relabelled_span_moves_to_its_group(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    person = item_reading(window, "Mike Pompeo", "PERSON")
    walk_to(window, qtbot, person.key)
    qtbot.keyClick(window.text, Qt.Key.Key_A)  # accepted as PERSON
    accepted = item_reading(window, "Mike Pompeo", "PERSON")
    window.annotating.sync_panels()
    assert group_of(window, accepted.key) == "PERSON"
    walk_to(window, qtbot, accepted.key)
    qtbot.keyClick(window.text, Qt.Key.Key_2)  # relabel as ROLE: same row id, other group
    window.annotating.sync_panels()
    assert group_of(window, accepted.key) == "ROLE"


def test_nested_spans_of_one_label_look_different(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = window.session.view.article.text  # type: ignore[union-attr]
    qtbot.keyClick(window.text, Qt.Key.Key_Escape)
    start = text.index("Secretary of State Rex Tillerson")
    cursor = window.text.textCursor()
    cursor.setPosition(window.text.offsets.to_qt(start))
    cursor.setPosition(
        window.text.offsets.to_qt(start + len("Secretary of State Rex Tillerson")), cursor.MoveMode.KeepAnchor
    )
    window.text.setTextCursor(cursor)
    qtbot.keyClick(window.text, Qt.Key.Key_2)  # a wide ROLE over "Secretary of State" (a ROLE too)
    block = window.text.document().findBlock(window.text.offsets.to_qt(start))
    runs = {(s, n): f for s, n, f in window.text.highlighter.block_formats(block.blockNumber())}
    outer = runs[(start - block.position(), len("Secretary of State Rex Tillerson"))]
    inner = runs[(start - block.position(), len("Secretary of State"))]
    assert inner.underlineStyle() != outer.underlineStyle() or inner.background() != outer.background()


def test_zoom_keys(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    size = window.text.font().pointSize()
    qtbot.keyClick(window.text, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.text, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(
        window.text, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert window.text.font().pointSize() == size + 3
    qtbot.keyClick(window.text, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.text.font().pointSize() == size + 2


def test_article_order_is_import_order_then_as_chosen_last(
    qtbot, tmp_path: Path, settings: GuiSettings, engine: Engine, corpus: Path
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "eight.annotator"
    with new_project(path) as project:
        import_paths(project, [corpus])
        ids = [a.id for a in project.list_articles()]
    window = make_window(qtbot, settings, engine, path)
    assert window.articles.ids_in_order() == ids  # import order, not by title
    assert window.session.view.article.id == ids[0]  # type: ignore[union-attr]
    window.articles.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # as a click on "Date" does
    assert settings.article_sort == (1, False)
    window.close()
    again = make_window(qtbot, settings, engine, path)
    proxy = again.articles.proxy
    shown = [proxy.data(proxy.index(r, 1)) for r in range(proxy.rowCount())]
    assert shown == sorted(shown) and len(shown) == len(ids)  # by date, as chosen last
    assert again.session.view.article.id == again.articles.ids_in_order()[0]  # type: ignore[union-attr]
    again.close()


def test_relation_keys_come_from_the_scheme(
    qtbot, tmp_path: Path, settings: GuiSettings, engine: Engine
) -> None:  # type: ignore[no-untyped-def]
    scheme = tmp_path / "who.toml"
    scheme.write_text(
        "\n".join(
            [
                'name = "who-said"',
                "version = 1",
                "[[labels]]",
                'name = "SPEAKER_NAME"',
                'key = "1"',
                'colour = "#4E79A7"',
                "[[labels]]",
                'name = "SAYING"',
                'key = "2"',
                'colour = "#F28E2B"',
                "[[relations]]",
                'name = "SAID_BY"',
                'key = "w"',
                'head = ["SAYING"]',
                'child = ["SPEAKER_NAME"]',
            ]
        ),
        encoding="utf-8",
    )
    article = tmp_path / "a.txt"
    article.write_text("Anna Berg said the road stays shut.", encoding="utf-8")
    path = tmp_path / "who.annotator"
    with new_project(path, scheme) as project:
        import_paths(project, [article])
    window = make_window(qtbot, settings, engine, path)
    text = window.session.view.article.text  # type: ignore[union-attr]
    qtbot.keyClick(window.text, Qt.Key.Key_Escape)
    qtbot.keyClick(window.text, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.text, Qt.Key.Key_1)  # SPEAKER_NAME on "Anna"
    qtbot.keyClick(window.text, Qt.Key.Key_Escape)
    cursor = window.text.textCursor()
    cursor.setPosition(text.index("the road"))
    cursor.setPosition(text.index("."), cursor.MoveMode.KeepAnchor)
    window.text.setTextCursor(cursor)
    qtbot.keyClick(window.text, Qt.Key.Key_2)  # SAYING, focused
    qtbot.keyClick(window.text, Qt.Key.Key_S)  # not a key of this scheme: nothing
    assert not window.picker.isVisible()
    qtbot.keyClick(window.text, Qt.Key.Key_W)  # the scheme's key for SAID_BY
    assert window.picker.isVisible() and "SAID_BY" in window.picker.title.text()
    qtbot.keyClick(window.picker.list, Qt.Key.Key_Tab)
    qtbot.keyClick(window.picker.list, Qt.Key.Key_Return)
    [link] = [lk for lk in window.session.view.links if not lk.pending]  # type: ignore[union-attr]
    assert link.label == "SAID_BY"
    window.close()


def test_undo_names_the_step_and_goes_back_to_its_article(
    qtbot, tmp_path: Path, settings: GuiSettings, engine: Engine, corpus: Path, seed: Path
) -> None:  # type: ignore[no-untyped-def]
    from annotator.usecases.suggesting import suggest_project

    path = tmp_path / "two.annotator"
    other = sorted((corpus / "dev").glob("*.txt"))[0]
    with new_project(path) as project:
        import_paths(project, [seed, other])
        suggest_project(project, engine=engine)
    window = make_window(qtbot, settings, engine, path)
    first = window.session.view.article  # type: ignore[union-attr]
    focused = window.session.view.item(window.annotating.focus)  # type: ignore[union-attr,arg-type]
    accepted = focused.span.key
    words = window.session.view.words(focused)  # type: ignore[union-attr]
    qtbot.keyClick(window.text, Qt.Key.Key_A)
    for _ in range(2):  # done (it asks first: suggestions are left), then on to the next article
        qtbot.keyClick(window.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.session.view.article.id != first.id  # type: ignore[union-attr]
    qtbot.keyClick(window.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.view.article.id == first.id  # type: ignore[union-attr]  # back where it was
    assert window.statusBar().currentMessage() == f"undone: mark done '{first.title[:30]}' — {first.title}"
    qtbot.keyClick(window.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    step = f"accept {focused.span.label} '{words}'"
    assert window.statusBar().currentMessage() == f"undone: {step} — {first.title}"
    assert window.edit_menu.texts()[1] == f"Redo {step}" and not window.undo_action.isEnabled()
    focused = window.session.view.item(window.annotating.focus)  # type: ignore[union-attr,arg-type]
    assert focused.span.key == accepted and focused.pending  # the focus is on what was undone
    window.close()
