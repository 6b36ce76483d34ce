"""PySide6 6.12.0 on Python 3.11 drops a reference to None on every void Qt call
and aborts the interpreter after a few thousand (pitfalls.md); the pin keeps it out."""

import sys
from importlib.metadata import version

from PySide6.QtGui import QTextCursor, QTextDocument


def test_installed_pyside_is_not_the_crashing_release() -> None:
    installed = tuple(int(p) for p in version("PySide6-Essentials").split(".")[:3])
    if sys.version_info < (3, 12):
        assert installed < (6, 12, 0), f"PySide6 {installed} crashes on Python 3.11"


def test_hundred_thousand_void_calls_survive(qapp: object) -> None:
    document = QTextDocument("x" * 100)
    cursor = QTextCursor(document)
    refs_before = sys.getrefcount(None)
    for i in range(100_000):
        cursor.setPosition(i % 100)
    assert cursor.position() == 99
    # On an affected build None loses one reference per call.
    assert sys.getrefcount(None) >= refs_before - 1000
