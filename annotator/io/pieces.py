"""Tables of text pieces by number, for writers that join many small pieces.

``NumberPieces(make)[numbers]`` is a numpy object array of ``make(k)`` for each
k in ``numbers``; the table grows as larger numbers are asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class NumberPieces:
    """``make(k)`` for every k, made as needed, picked by numpy."""

    def __init__(self, make: Callable[[int], Any]) -> None:
        import numpy as np

        self._make = make
        self.pieces = np.empty(0, dtype=object)

    def __getitem__(self, numbers: Any) -> Any:
        import numpy as np

        have = len(self.pieces)
        need = int(numbers.max(initial=-1)) + 1
        if need > have:
            upto = max(need, 2 * have, 4096)
            more = np.empty(upto - have, dtype=object)
            more[:] = [self._make(k) for k in range(have, upto)]
            self.pieces = np.concatenate([self.pieces, more])
        return self.pieces[numbers]
