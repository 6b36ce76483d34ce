"""A screenshot of the main window on the demo article with its suggestions, saved as a
PNG (offscreen) where ANNOTATOR_SCREENSHOT says (default: the temporary folder). The
docs image resources/screenshots/main-window.png is made with it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from annotator.gui.settings import GuiSettings
from annotator.suggest.engine import Engine
from annotator.usecases.projects import demo_project
from tests.gui.conftest import make_window


def test_screenshot_of_the_demo_article_with_suggestions(
    qtbot, tmp_path: Path, settings: GuiSettings, engine: Engine
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, settings, engine, demo_project(tmp_path))
    window.resize(1400, 860)
    window.suggest_new()  # as after the pipeline loads at start
    qtbot.waitUntil(lambda: not window.workers, timeout=120_000)
    view = window.session.view  # type: ignore[union-attr]
    assert view.pending, "the demo article got no suggestions"
    for _ in range(3):
        qtbot.keyClick(window.text, Qt.Key.Key_A)  # a few accepted, the rest still suggested
    quote = next(
        (
            i
            for i in window.session.view.items
            if i.span.label == "QUOTE" and window.session.view.linked(i.key)
        ),  # type: ignore[union-attr]
        None,
    )
    if quote is not None:
        window.annotating.set_focus(quote.key)  # its speaker and cue drawn as arcs
    window.annotating.sync_panels()
    target = Path(
        os.environ.get("ANNOTATOR_SCREENSHOT", Path(tempfile.gettempdir()) / "annotator-main-window.png")
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(target), "PNG")
    image = QImage(str(target))
    assert image.width() >= 1000 and image.height() >= 600
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 30  # text, label colours and panels, not a blank window
    print(f"\nscreenshot of the main window: {target}")
    window.close()
