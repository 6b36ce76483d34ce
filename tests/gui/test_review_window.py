"""The desktop workflow with real key presses, offscreen, on a real project file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from annotator.core.model import ArticleStatus
from annotator.gui.main_window import MainWindow
from annotator.gui.settings import GuiSettings
from annotator.suggest.engine import Engine
from annotator.usecases.annotating import AnnotationSession
from annotator.usecases.projects import demo_project, open_existing
from tests.gui.conftest import make_window


def on_disk(path: Path, annotator: str = "alice") -> AnnotationSession:
    """What a fresh process would read from the project file."""
    session = AnnotationSession(open_existing(str(path)), annotator)
    session.open(session.project.list_articles()[0].id)
    return session


def focused_text(window: MainWindow) -> str:
    item = window.session.view.item(window.annotating.focus)  # type: ignore[union-attr,arg-type]
    return window.session.view.article.text[item.span.start : item.span.end]  # type: ignore[union-attr]


def focus_on(window: MainWindow, qtbot, words: str) -> None:  # type: ignore[no-untyped-def]
    """Move with j (next pending) until the focused suggestion reads ``words``."""
    for _ in range(200):
        if window.annotating.focus and focused_text(window) == words:
            return
        qtbot.keyClick(window.text, Qt.Key.Key_J)
    raise AssertionError(f"never reached {words!r}")


def test_accept_reject_relabel_create_link_undo_redo_done_and_reopen(
    window: MainWindow,
    qtbot,
    seeded: Path,
    settings: GuiSettings,
    engine: Engine,  # type: ignore[no-untyped-def]
) -> None:
    text = window.session.view.article.text  # type: ignore[union-attr]
    pending = len(window.session.view.pending)  # type: ignore[union-attr]
    first = focused_text(window)
    qtbot.keyClick(window.text, Qt.Key.Key_A)  # accept
    assert len(window.session.view.pending) == pending - 1  # type: ignore[union-attr]
    assert "saved" in window.saved_label.text()
    rejected = window.session.view.item(window.annotating.focus).span  # type: ignore[union-attr,arg-type]
    qtbot.keyClick(window.text, Qt.Key.Key_X)  # reject
    focus_on(window, qtbot, "Mike Pompeo")
    qtbot.keyClick(window.text, Qt.Key.Key_2)  # relabel as ROLE
    qtbot.keyClick(window.text, Qt.Key.Key_Escape)
    # A new span from a keyboard selection, snapped to whole words, then a label key.
    start = text.index("differing views")
    cursor = window.text.textCursor()
    cursor.setPosition(window.text.offsets.to_qt(start + 3))
    cursor.setPosition(window.text.offsets.to_qt(start + 12), QTextCursor.MoveMode.KeepAnchor)
    window.text.setTextCursor(cursor)
    qtbot.keyClick(window.text, Qt.Key.Key_6)  # CLAIM
    # Link the denial to its speaker: s, the suggested speaker is on top, Enter links.
    focus_on(window, qtbot, "There are no personnel announcements at this time,")
    qtbot.keyClick(window.text, Qt.Key.Key_S)
    assert window.picker.isVisible()
    assert "Sarah Huckabee Sanders" in window.picker.list.item(0).text()
    qtbot.keyClick(window.picker.list, Qt.Key.Key_Return)
    assert not window.picker.isVisible()

    saved = on_disk(seeded)
    accepted = {(i.span.label, text[i.span.start : i.span.end]) for i in saved.view.items if not i.pending}
    assert ("PERSON", "Mike Pompeo") not in accepted and ("ROLE", "Mike Pompeo") in accepted
    assert ("CLAIM", "differing views") in accepted
    assert rejected.key not in {
        i.span.key for i in saved.view.items
    }  # rejected: neither pending nor accepted
    assert any(
        i.span.key != rejected.key and text[i.span.start : i.span.end] == first for i in saved.view.items
    )
    speaker = [lk for lk in saved.view.links if lk.label == "SPEAKER" and not lk.pending]
    assert [
        text[saved.view.item(lk.child).span.start : saved.view.item(lk.child).span.end] for lk in speaker
    ] == ["Sarah Huckabee Sanders"]
    saved.project.close()

    qtbot.keyClick(window.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the link
    saved = on_disk(seeded)
    assert not [lk for lk in saved.view.links if not lk.pending]
    saved.project.close()
    qtbot.keyClick(
        window.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )  # redo
    qtbot.keyClick(window.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # done?
    assert "not reviewed yet" in window.statusBar().currentMessage()  # suggestions left: it asks
    assert window.session.view.status != ArticleStatus.DONE  # type: ignore[union-attr]
    qtbot.keyClick(window.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # yes, done
    state_before_close = (window.session.view.items, window.session.view.links)  # type: ignore[union-attr]
    window.close()

    again = make_window(qtbot, settings, engine, seeded)
    view = again.session.view  # type: ignore[union-attr]
    assert view.status == ArticleStatus.DONE
    assert (view.items, view.links) == state_before_close
    assert again.articles.status_of(view.article.id) == "done"
    again.close()


def test_grow_and_shrink_by_token_with_the_keyboard(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    focus_on(window, qtbot, "Secretary of State")
    qtbot.keyClick(window.text, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)  # grow right
    assert focused_text(window) == "Secretary of State Rex"
    qtbot.keyClick(window.text, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)  # shrink right
    qtbot.keyClick(window.text, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)  # shrink left
    assert focused_text(window) == "of State"


def test_accept_all_and_next_article(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window.text, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    assert not window.session.view.pending  # type: ignore[union-attr]
    # The list and the spans panel follow the text a moment later (once per burst of keys).
    qtbot.waitUntil(lambda: window.articles.model.item(0, 3).text() == "0", timeout=2000)
    states = {
        window.spans.topLevelItem(g).child(c).text(1)
        for g in range(window.spans.topLevelItemCount())
        for c in range(window.spans.topLevelItem(g).childCount())
    }
    assert states == {"accepted"}


def test_non_bmp_text_is_highlighted_at_the_right_characters(
    qtbot,
    tmp_path: Path,
    settings: GuiSettings,
    engine: Engine,  # type: ignore[no-untyped-def]
) -> None:
    from annotator.usecases.importing import import_paths
    from annotator.usecases.projects import new_project
    from annotator.usecases.suggesting import suggest_project

    text = '🙂🎉 Bakery owner 🥐 Lena Hartmann said, "We stay open."\r\nMayor Ingrid Solberg 😀 agreed.'
    source = tmp_path / "emoji.txt"
    source.write_bytes(text.encode("utf-8"))
    path = tmp_path / "emoji.annotator"
    with new_project(path) as project:
        import_paths(project, [source])
        suggest_project(project, engine=engine)
    window = make_window(qtbot, settings, engine, path)
    stored = window.session.view.article.text  # type: ignore[union-attr]
    assert "\r" not in stored
    document = window.text.document()
    for item in window.session.view.items:  # type: ignore[union-attr]
        cursor = QTextCursor(document)
        cursor.setPosition(window.text.offsets.to_qt(item.span.start))
        cursor.setPosition(window.text.offsets.to_qt(item.span.end), QTextCursor.MoveMode.KeepAnchor)
        assert cursor.selectedText().replace("\u2029", "\n") == stored[item.span.start : item.span.end]
    person = next(
        i for i in window.session.view.items if stored[i.span.start : i.span.end] == "Lena Hartmann"
    )  # type: ignore[union-attr]
    block = document.findBlock(window.text.offsets.to_qt(person.span.start))
    runs = window.text.highlighter.block_formats(block.blockNumber())
    expected = window.text.offsets.to_qt(person.span.start) - block.position()
    assert (expected, len("Lena Hartmann")) in [(start, length) for start, length, _ in runs]
    assert expected == person.span.start + 3  # three astral characters before it: one more unit each
    window.close()


def test_screenshot_of_the_main_window(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window.text, Qt.Key.Key_A)
    qtbot.keyClick(window.text, Qt.Key.Key_A)
    window.annotating.sync_panels()  # the spans panel follows the keys a moment later
    folder = Path(
        os.environ.get("ANNOTATOR_SCREENSHOTS", Path(tempfile.gettempdir()) / "annotator-screenshots")
    )
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "main-window.png"
    assert window.grab().save(str(target))
    assert target.stat().st_size > 10_000
    print(f"\nscreenshot of the main window: {target}")


def test_second_window_on_the_same_project_is_told(
    window: MainWindow,
    qtbot,
    seeded: Path,
    settings: GuiSettings,
    engine: Engine,  # type: ignore[no-untyped-def]
) -> None:
    asked: list[str] = []
    other = MainWindow(settings)
    qtbot.addWidget(other)
    other.confirm_locked = lambda path, lock: asked.append(path) or False  # type: ignore[method-assign]
    assert not other.open_project(str(seeded))
    assert asked == [str(seeded)] and other.project is None
    other.close()


def test_help_zoom_and_save_keys(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window.text, Qt.Key.Key_F1)
    assert window.annotating.help_box.isVisible() and "accept" in window.annotating.help_box.text()
    window.annotating.help_box.close()
    size = window.text.font().pointSize()
    qtbot.keyClick(window.text, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.text.font().pointSize() == size + 1
    qtbot.keyClick(window.text, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "saved" in window.saved_label.text()


def test_import_and_suggest_run_in_the_background(
    qtbot,
    tmp_path: Path,
    settings: GuiSettings,
    engine: Engine,
    corpus: Path,  # type: ignore[no-untyped-def]
) -> None:
    path = demo_project(tmp_path)
    window = make_window(qtbot, settings, engine, path)
    assert len(window.articles.ids_in_order()) == 1
    window.import_paths([corpus / "dev"])
    assert window.progress.isVisible() and window.cancel_button.isVisible()
    qtbot.waitUntil(lambda: not window.workers, timeout=120_000)
    assert len(window.articles.ids_in_order()) == 8
    assert all(int(window.articles.model.item(r, 3).text()) > 0 for r in range(8))  # all suggested
    window.close()


def test_export_runs_in_the_background(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window.text, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)  # accept all
    qtbot.keyClick(window.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # done
    target = tmp_path / "mine.jsonl"
    window.export_to("jsonl", target)
    qtbot.waitUntil(lambda: not window.workers, timeout=60_000)
    lines = target.read_text(encoding="utf-8").splitlines()
    # Prodigy's "dataset-session" id: the scheme's name, then the annotator.
    assert len(lines) == 1 and '"_annotator_id":"news-claims-alice"' in lines[0].replace(" ", "")


def test_without_a_project_the_window_offers_to_create_one(qtbot, settings: GuiSettings) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QPushButton

    window = MainWindow(settings)
    qtbot.addWidget(window)
    labels = [b.text() for b in window.centralWidget().findChildren(QPushButton)]
    assert labels == ["Create a new project…", "Open a project…", "Try the demo project"]
    assert window.create_project(str(Path(settings.store.fileName()).with_name("fresh.annotator")))
    assert window.project is not None and window.session is not None
    window.close()


def test_switching_annotator_keeps_the_lock_and_the_work_apart(
    window: MainWindow, qtbot, seeded: Path
) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []
    window.confirm_locked = lambda path, lock: asked.append(path) or False  # type: ignore[method-assign]
    qtbot.keyClick(window.text, Qt.Key.Key_A)  # alice accepts one
    assert window.switch_annotator("bob")
    assert asked == []  # our own lock is not "another window"
    assert window.session.annotator == "bob" and window.settings.annotator == "bob"  # type: ignore[union-attr]
    assert not [i for i in window.session.view.items if not i.pending]  # type: ignore[union-attr]
    qtbot.keyClick(window.text, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert [i.span for i in on_disk(seeded, "alice").view.items if not i.pending] != []
    assert not [
        i for i in on_disk(seeded, "bob").view.items if not i.pending and i.span.end - i.span.start > 40
    ]
    other = MainWindow(window.settings)
    qtbot.addWidget(other)
    other.confirm_locked = lambda path, lock: asked.append(path) or False  # type: ignore[method-assign]
    assert not other.open_project(str(seeded))  # the lock is still held by the first window
    assert asked == [str(seeded)]
    other.close()


def test_the_picker_links_the_quote_it_was_opened_for(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    focus_on(window, qtbot, "There are no personnel announcements at this time,")
    head = window.annotating.focus
    qtbot.keyClick(window.text, Qt.Key.Key_S)
    window.annotating.set_focus(window.session.view.pending[0].key)  # type: ignore[union-attr]  # a click elsewhere
    qtbot.keyClick(window.picker.list, Qt.Key.Key_Return)
    [link] = [lk for lk in window.session.view.links if not lk.pending]  # type: ignore[union-attr]
    text = window.session.view.article.text  # type: ignore[union-attr]
    span = window.session.view.item(link.head).span  # type: ignore[union-attr]
    assert text[span.start : span.end] == "There are no personnel announcements at this time,"
    assert head is not None


def test_an_annotator_name_of_the_wrong_shape_is_refused(window: MainWindow) -> None:
    for bad, why in (
        ("x" * 300, "at most 128"),
        ("eve\x1b]0;pwned\x07", "control characters"),
        ("   ", "empty"),
    ):
        assert not window.switch_annotator(bad)
        assert why in window.statusBar().currentMessage()
        assert window.session is not None and window.session.annotator == "alice"
        assert window.settings.annotator == "alice"
