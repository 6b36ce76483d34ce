"""Checks of the Qt side for ``annotator --self-test`` and the start-up probe (no user-facing UI)."""

from __future__ import annotations

import os
import time
from pathlib import Path


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
    """Open the main window on ``project``; print when it is usable and when the pipeline is loaded; quit.

    Prints ``window usable at <epoch seconds>`` once the window is shown and the
    event loop idles, then ``pipeline loaded at <epoch seconds>``, so that a
    script that noted when it launched the process gets the cold start
    (packaging/measure.sh). Uses throwaway settings: no name is asked, the
    user's recent projects are left alone.
    """
    import tempfile

    from PySide6.QtCore import QEventLoop, QTimer

    from annotator.gui.app import application, open_window
    from annotator.gui.settings import GuiSettings

    application()
    # A local loop, not app.exec(): once exec() returns Qt treats the application
    # as closing, which would break any later event loop in the same process (tests).
    loop = QEventLoop()
    with tempfile.TemporaryDirectory(prefix="annotator-probe-") as tmp:
        settings = GuiSettings(str(Path(tmp) / "gui.ini"))
        settings.annotator = "probe"
        window = open_window(project, settings)
        poll = QTimer()
        poll.setInterval(20)

        def usable() -> None:
            print(f"window usable at {time.time():.3f}", flush=True)
            if window.project is None:
                loop.quit()
            else:
                poll.start()

        def loaded() -> None:
            # The pipeline loads in a worker once the window shows (no wait in the GUI thread).
            if window.engine is not None:
                poll.stop()
                print(f"pipeline loaded at {time.time():.3f} ({window.engine.info.name})", flush=True)
                loop.quit()

        poll.timeout.connect(loaded)
        # A zero timer fires once the queued show and paint events have been handled.
        QTimer.singleShot(0, usable)
        loop.exec()
        window.close()
        return 0
