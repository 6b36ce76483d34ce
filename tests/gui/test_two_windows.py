"""Issue 16, items 2 and 8: two windows (or a window and another process) on one project
never erase each other's work and see it within seconds; the project file can be
copied while the app is open."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import Qt

from annotator.gui.main_window import MainWindow
from annotator.gui.settings import GuiSettings
from annotator.suggest.engine import Engine
from annotator.usecases.annotating import AnnotationSession
from annotator.usecases.projects import open_existing
from tests.gui.test_review_window import on_disk

REPO = Path(__file__).resolve().parents[2]


def second_window(qtbot, settings: GuiSettings, engine: Engine, path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    other = MainWindow(settings)
    other.use_engine(engine)
    qtbot.addWidget(other)
    other.confirm_locked = lambda _path, _lock: True  # type: ignore[method-assign]  # "Open anyway"
    assert other.open_project(str(path))
    other.show()
    return other


def accepted(path: Path) -> set[tuple[int, int, str]]:
    saved = on_disk(path)
    keys = {i.span.key for i in saved.view.items if not i.pending}
    saved.project.close()
    return keys


def shows_accepted(window: MainWindow, key: tuple[int, int, str]) -> bool:
    return any(i.span.key == key and not i.pending for i in window.session.view.items)  # type: ignore[union-attr]


def test_undo_never_removes_what_another_window_wrote_and_each_sees_the_other(
    window: MainWindow, qtbot, seeded: Path, settings: GuiSettings, engine: Engine
) -> None:  # type: ignore[no-untyped-def]
    other = second_window(qtbot, settings, engine, seeded)
    first = window.session.view.item(window.annotating.focus).span.key  # type: ignore[union-attr,arg-type]
    qtbot.keyClick(window.text, Qt.Key.Key_A)  # window 1 accepts
    qtbot.waitUntil(lambda: shows_accepted(other, first), timeout=3000)  # window 2 sees it
    assert other.session.view.item(other.annotating.focus).span.key == first  # type: ignore[union-attr,arg-type]  # focus kept
    qtbot.keyClick(other.text, Qt.Key.Key_J)
    later = other.session.view.item(other.annotating.focus).span.key  # type: ignore[union-attr,arg-type]
    qtbot.keyClick(other.text, Qt.Key.Key_A)  # window 2 accepts another, after window 1's step
    assert accepted(seeded) == {first, later}
    qtbot.keyClick(window.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # window 1 undoes
    assert "changed in another window or process" in window.statusBar().currentMessage()
    assert accepted(seeded) == {first, later}  # nothing of window 2's (nor of 1's) removed
    assert shows_accepted(window, later)  # and window 1 now shows what is stored
    # Undo of one's own latest step still works when nobody wrote after it.
    qtbot.keyClick(other.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert accepted(seeded) == {first}
    step = other.undo_stack.status().redo
    assert step is not None and step.startswith("accept ")
    assert other.saved_label.text() == f"✔ saved (undone: {step})"
    assert "undone: accept" in other.statusBar().currentMessage()
    other.close()


def test_a_window_sees_what_another_process_wrote(window: MainWindow, qtbot, seeded: Path) -> None:  # type: ignore[no-untyped-def]
    pending = window.session.view.pending  # type: ignore[union-attr]
    target = pending[-1].span.key
    script = textwrap.dedent(
        f"""
        from annotator.usecases.annotating import AnnotationSession
        from annotator.usecases.projects import open_existing
        with open_existing({str(seeded)!r}) as project:
            session = AnnotationSession(project, "alice")
            view = session.open(project.list_articles()[0].id)
            session.accept(next(i.key for i in view.pending if i.span.key == {target!r}))
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=REPO, timeout=120)
    qtbot.waitUntil(lambda: shows_accepted(window, target), timeout=3000)
    qtbot.waitUntil(lambda: window.articles.model.item(0, 4).text() == "1", timeout=3000)


def test_the_project_file_alone_holds_recent_work_and_save_a_copy(
    window: MainWindow, qtbot, seeded: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        qtbot.keyClick(window.text, Qt.Key.Key_A)
    done = accepted(seeded)
    assert len(done) == 3

    def copied_file_holds_it() -> bool:
        folder = tmp_path / "mail"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        shutil.copyfile(seeded, folder / "copy.annotator")  # the file alone, as a user copies it
        project = open_existing(folder / "copy.annotator")
        try:
            session = AnnotationSession(project, "alice")
            session.open(project.list_articles()[0].id)
            return {i.span.key for i in session.view.items if not i.pending} == done
        finally:
            project.close()

    qtbot.waitUntil(copied_file_holds_it, timeout=5000)  # after the burst, the WAL is folded in
    target = tmp_path / "saved-copy.annotator"
    assert window.save_copy_to(target)
    assert not Path(f"{target}-wal").exists()
    with open_existing(target) as project:
        session = AnnotationSession(project, "alice")
        session.open(project.list_articles()[0].id)
        assert {i.span.key for i in session.view.items if not i.pending} == done
    assert not window.save_copy_to(seeded)  # not over the project itself
    window.close()
    wal = Path(f"{seeded}-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # closed: everything is in the file


def test_save_a_copy_into_a_missing_folder_says_so(window: MainWindow, tmp_path: Path) -> None:
    assert not window.save_copy_to(tmp_path / "no" / "such" / "copy.annotator")
    assert "cannot save a copy there" in window.statusBar().currentMessage()
    assert not list(tmp_path.glob("**/.copy-*"))


def test_a_key_on_a_stale_screen_writes_nothing_and_catches_up(
    window: MainWindow, qtbot, seeded: Path, settings: GuiSettings, engine: Engine
) -> None:  # type: ignore[no-untyped-def]
    other = second_window(qtbot, settings, engine, seeded)
    other.poll_timer.stop()  # as if the key came before the next look
    focus = window.session.view.item(window.annotating.focus).span.key  # type: ignore[union-attr,arg-type]
    qtbot.keyClick(window.text, Qt.Key.Key_X)  # window 1 rejects the first suggestion
    assert other.session.view.item(other.annotating.focus).span.key == focus  # type: ignore[union-attr,arg-type]
    qtbot.keyClick(other.text, Qt.Key.Key_A)  # window 2, not yet caught up, accepts it
    assert "just changed in another window or process" in other.statusBar().currentMessage()
    assert accepted(seeded) == set()  # window 1's rejection stands
    assert focus not in {i.span.key for i in other.session.view.items}  # type: ignore[union-attr]
    qtbot.keyClick(other.text, Qt.Key.Key_A)  # the next key acts on what is stored
    assert len(accepted(seeded)) == 1
    other.close()
