"""File > Export my work: Cancel stops every format, and no file is left; errors are
worded with the menus (no command-line flags)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from annotator.gui import workers
from annotator.gui.settings import GuiSettings
from annotator.suggest.engine import Engine
from annotator.usecases.exporting import FORMATS
from annotator.usecases.importing import import_paths
from annotator.usecases.projects import new_project
from annotator.usecases.running import Control
from tests.gui.conftest import make_window

GOLD = Path(__file__).resolve().parents[1] / "data" / "gold.jsonl"


@pytest.fixture
def reviewed(tmp_path: Path) -> Path:
    path = tmp_path / "project" / "p.annotator"
    path.parent.mkdir()
    with new_project(path) as project:
        import_paths(project, [GOLD], annotator="alice", done=True)
    return path


class Gate:
    """Holds the export at its first cancel check until the test has pressed Cancel."""

    def __init__(self) -> None:
        self.reached, self.open = threading.Event(), threading.Event()

    def control(self, report, cancelled):  # type: ignore[no-untyped-def]
        def held() -> bool:
            if not self.open.is_set():
                self.reached.set()
                self.open.wait(30)
            return bool(cancelled())

        return Control(report, held)


@pytest.mark.parametrize("fmt", FORMATS)
def test_cancel_stops_every_export_format_and_leaves_no_file(
    qtbot, settings: GuiSettings, engine: Engine, reviewed: Path, tmp_path: Path, fmt: str, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    gate = Gate()
    monkeypatch.setattr(workers, "Control", gate.control)
    window = make_window(qtbot, settings, engine, reviewed)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / ("folder" if fmt in ("brat", "cas-xmi") else f"mine.{fmt}")
    window.export_to(fmt, target)
    assert window.cancel_button.isVisible()
    assert gate.reached.wait(30)  # the export has started and waits at a cancel check
    window.cancel_button.click()
    gate.open.set()
    qtbot.waitUntil(lambda: not window.workers, timeout=60_000)
    assert window.statusBar().currentMessage() == "Exporting cancelled: nothing was written"
    assert os.listdir(out_dir) == []
    assert not window.cancel_button.isVisible()
    window.close()


def test_export_errors_name_menus_not_flags(
    qtbot, settings: GuiSettings, engine: Engine, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "p.annotator"
    with new_project(path) as project:
        import_paths(project, [GOLD], annotator="alice")  # in progress, none done
    window = make_window(qtbot, settings, engine, path)
    shown: list[str] = []
    monkeypatch.setattr(window, "show_error", shown.append)
    window.export_to("jsonl", tmp_path / "mine.jsonl")
    qtbot.waitUntil(lambda: not window.workers, timeout=60_000)
    assert shown == [
        "nothing to export: alice (articles marked done) holds no article "
        "(mark articles done with Ctrl+Return first)"
    ]
    assert "--" not in shown[0]
    window.close()
