"""Issue 11 and issue 16 item 13: with no display (or no libxcb-cursor0) the app says so
in one line with what to do, instead of Qt aborting the process (exit 134)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.gui.display import display_problem

REPO = Path(__file__).resolve().parents[2]


def without_display() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(REPO)
    return env


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland displays are Linux's")
@pytest.mark.parametrize(
    "command", [["demo"], ["open"], ["adjudicate", "project.annotator"], ["review", "project.annotator"]]
)
def test_no_display_gives_one_line_and_exit_1(command: list[str], tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "annotator", *command],
        env=without_display(),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: no display"), result.stderr
    assert "xvfb-run" in lines[0] and "Traceback" not in result.stderr
    assert not list(tmp_path.iterdir())  # nothing made on the way


def test_annotator_gui_entry_point_says_the_same(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", "from annotator.gui.app import main; main()"],
        env=without_display(),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if not sys.platform.startswith("linux"):
        pytest.skip("X11/Wayland displays are Linux's")
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "no display" in result.stderr


def test_a_display_with_no_x_server_says_so(tmp_path: Path) -> None:
    env = without_display() | {"DISPLAY": ":987"}  # no /tmp/.X11-unix/X987 here
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "demo"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if not sys.platform.startswith("linux"):
        pytest.skip("X11 displays are Linux's")
    assert result.returncode == 1 and "no X server is running there" in result.stderr
    assert result.stderr.count("\n") == 1


def test_missing_libxcb_cursor_names_the_apt_command() -> None:
    env = {"DISPLAY": "localhost:10.0"}  # as over ssh -X: not checked for a local socket
    missing = display_problem(env, "linux", find_library=lambda name: None)  # a stock Debian desktop
    assert missing == (
        "the window needs the X11 library libxcb-cursor0, which is not installed: "
        "sudo apt-get install libxcb-cursor0"
    )
    assert display_problem(env, "linux", find_library=lambda name: f"lib{name}.so.0") is None
    # Chosen platforms that need no display, and other systems, pass.
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({}, "win32") is None and display_problem({}, "darwin") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert "WAYLAND_DISPLAY" in (display_problem({"QT_QPA_PLATFORM": "wayland"}, "linux") or "")
