"""Code points (Python, spaCy, the store) to UTF-16 units (Qt) and back.

Only at this boundary do offsets change units: a character outside the BMP
(emoji, some CJK) is one code point but two UTF-16 units.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Offsets:
    """Converts offsets for one text; costs nothing for BMP-only text."""

    def __init__(self, text: str) -> None:
        astral = [m.start() for m in _ASTRAL.finditer(text)]
        self._astral = astral  # code-point offsets of astral characters, sorted
        # Qt offset of astral char k is its code-point offset plus k (earlier astrals).
        self._qt_astral = [cp + k for k, cp in enumerate(astral)]

    def to_qt(self, offset: int) -> int:
        """Python offset -> Qt position."""
        if not self._astral:
            return offset
        return offset + bisect_right(self._astral, offset - 1)

    def from_qt(self, position: int) -> int:
        """Qt position -> Python offset (a position inside a surrogate pair rounds down)."""
        if not self._astral:
            return position
        before = bisect_right(self._qt_astral, position - 1)
        offset = position - before
        # position pointing at the second half of a pair
        if before and self._qt_astral[before - 1] + 1 == position:
            offset = self._astral[before - 1]
        return offset
