"""Whether a window can be shown at all, checked before Qt is started.

Without a display Qt aborts the process (exit 134, "could not load the Qt platform
plugin"); on a stock Debian desktop it also aborts until libxcb-cursor0 is installed.
This module imports no Qt, so that the check itself can never abort.
"""

from __future__ import annotations

import ctypes.util
import os
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from annotator.core.errors import AnnotatorError


def display_problem(
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    find_library: Callable[[str], str | None] = ctypes.util.find_library,
) -> str | None:
    """One line saying why no window can open here and what to do, or None."""
    env = os.environ if env is None else env
    platform = platform or sys.platform
    if not platform.startswith("linux"):
        return None  # Windows and macOS always have their own platform plugin
    chosen = env.get("QT_QPA_PLATFORM", "").split(":")[0].strip().lower()
    if chosen and chosen not in ("xcb", "wayland", "wayland-egl"):
        return None  # offscreen, vnc, eglfs...: the user chose a platform that needs no display
    if chosen.startswith("wayland") and not env.get("WAYLAND_DISPLAY"):
        return "QT_QPA_PLATFORM asks for Wayland but WAYLAND_DISPLAY is unset: run it in a Wayland session"
    if not chosen and env.get("WAYLAND_DISPLAY"):
        return None
    if not env.get("DISPLAY"):
        return (
            "no display to open a window on (DISPLAY and WAYLAND_DISPLAY are unset): run it in a "
            "desktop session, over `ssh -X`, or as `xvfb-run annotator ...`"
        )
    local = re.fullmatch(r"(?:unix)?:(\d+)(?:\.\d+)?", env["DISPLAY"])
    if local and not Path(f"/tmp/.X11-unix/X{local.group(1)}").exists():
        return (
            f"DISPLAY is {env['DISPLAY']} but no X server is running there: start the desktop "
            "session, or run it as `xvfb-run annotator ...`"
        )
    if find_library("xcb-cursor") is None:
        return (
            "the window needs the X11 library libxcb-cursor0, which is not installed: "
            "sudo apt-get install libxcb-cursor0"
        )
    return None


def require_display() -> None:
    """Raise AnnotatorError (one line, exit 1 in the CLI) when no window can open."""
    problem = display_problem()
    if problem is not None:
        raise AnnotatorError(problem)
