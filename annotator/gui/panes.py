"""The screens' layout: a list, the text, and a column of panels, side by side."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget


def three_panes(
    left: QWidget, middle: QWidget, column: Sequence[QWidget], sizes: tuple[int, int, int]
) -> QSplitter:
    """``left`` | ``middle`` | the ``column`` widgets one above the other, resizable."""
    right = QWidget()
    layout = QVBoxLayout(right)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in column:
        layout.addWidget(widget)
    splitter = QSplitter(Qt.Orientation.Horizontal)
    for widget in (left, middle, right):
        splitter.addWidget(widget)
    splitter.setSizes(list(sizes))
    return splitter
