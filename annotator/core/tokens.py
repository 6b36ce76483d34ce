"""Token boundaries for snapping selections and growing spans one token at a time.

A simple, fast tokenizer (words with inner apostrophes and hyphens, or single
punctuation marks): the same offsets everywhere, no model needed.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_TOKEN = re.compile(r"\w+(?:['’\-]\w+)*|[^\w\s]", re.UNICODE)


class Tokens:
    """The tokens of one text, as sorted start and end offsets."""

    def __init__(self, text: str) -> None:
        found = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
        self.starts = [s for s, _ in found]
        self.ends = [e for _, e in found]

    def snap(self, start: int, end: int) -> tuple[int, int] | None:
        """The smallest token-aligned range covering ``[start, end)``; None if no token is touched."""
        if start > end:
            start, end = end, start
        first = bisect_right(self.ends, start)  # first token ending after start
        last = bisect_left(self.starts, end) - 1  # last token starting before end
        if start == end:
            last = first if first < len(self.starts) and self.starts[first] <= start else first - 1
        if first >= len(self.starts) or last < first:
            return None
        return self.starts[first], self.ends[last]

    def grow_left(self, start: int) -> int:
        """The start of the token before the one at ``start``."""
        i = bisect_left(self.starts, start) - 1
        return self.starts[i] if i >= 0 else start

    def grow_right(self, end: int) -> int:
        """The end of the token after the one ending at ``end``."""
        i = bisect_right(self.ends, end)
        return self.ends[i] if i < len(self.ends) else end

    def shrink_left(self, start: int, end: int) -> int:
        """Drop the first token: the start of the next one (never past the last)."""
        i = bisect_right(self.starts, start)
        return self.starts[i] if i < len(self.starts) and self.starts[i] < end else start

    def shrink_right(self, start: int, end: int) -> int:
        """Drop the last token: the end of the one before it (never before the first)."""
        i = bisect_left(self.ends, end) - 1
        return self.ends[i] if i >= 0 and self.ends[i] > start else end
