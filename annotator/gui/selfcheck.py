"""Checks of the Qt side for ``annotator --self-test`` and the start-up probe (no user-facing UI)."""

from __future__ import annotations

import os
import sys
import time


def offscreen_check() -> str:
    """Start Qt on the offscreen platform without creating a window; what started.

    Proves that Qt's libraries, its platform plugins and the GUI's modules are
    present (in a frozen bundle too). Raises RuntimeError when Qt did not start as expected.
    """
    # The self-test needs no display: choose the platform before Qt is imported.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6 import __version__ as pyside_version
    from PySide6.QtGui import QFontDatabase

    import annotator.gui.main_window  # noqa: F401  (every GUI module must import)
    from annotator.gui.app import application

    app = application()
    if app.platformName() != "offscreen":
        raise RuntimeError(f"Qt started on platform {app.platformName()!r}, not 'offscreen'")
    families = QFontDatabase.families()
    return f"PySide6 {pyside_version}, platform {app.platformName()}, {len(families)} font families"


def startup_probe(project: str | None) -> int:
    """Open the main window, and once it is shown and the event loop idles, print the time and quit.

    Prints ``window usable at <epoch seconds>`` so that a script that noted when
    it launched the process can compute the cold start (packaging/measure.sh).
    """
    from PySide6.QtCore import QTimer

    from annotator.gui.app import application, open_window

    app = application()
    window = open_window(project)

    def usable() -> None:
        print(f"window usable at {time.time():.3f} (shown: {window.isVisible()})", flush=True)
        window.close()
        app.quit()

    # A zero timer fires once the queued show and paint events have been handled.
    QTimer.singleShot(0, usable)
    code = app.exec()
    sys.stdout.flush()
    return code
