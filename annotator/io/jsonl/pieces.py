"""The JSON of many tokens, spans and relations at once, joined from cached pieces.

Every span and relation of a batch of tasks is made of a few pieces (numbers
with their key, the label, the text...), looked up in tables by numpy; the
pieces of all rows are joined in one ``str.join`` with a separator after each
row, and split again: one C call instead of a Python step per span. The
separator (U+0000) cannot occur in a piece, as JSON escapes it.

The text is exactly what ``json.dumps`` writes (``", "`` and ``": "``), which
Prodigy's task hash covers.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

_SEPARATOR = "\x00"
_string = json.encoder.encode_basestring


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


class _Prefixed(dict[str, str]):
    """``prefix + json(text) + suffix`` for each text, made once."""

    def __init__(self, prefix: str, suffix: str = "") -> None:
        super().__init__()
        self._prefix, self._suffix = prefix, suffix

    def __missing__(self, text: str) -> str:
        self[text] = made = self._prefix + _string(text) + self._suffix
        return made


def _prefixed_numbers(prefix: str) -> NumberPieces:
    return NumberPieces(lambda k: prefix + str(k))


def _rows(columns: Sequence[Any], count: int) -> list[str]:
    """Row k of the result joins the k-th piece of every column (a column may be one
    string for all rows)."""
    import numpy as np

    if not count:
        return []
    table = np.empty((count, len(columns) + 1), dtype=object)
    for k, column in enumerate(columns):
        table[:, k] = column
    table[:, -1] = _SEPARATOR
    made = "".join(table.ravel().tolist()).split(_SEPARATOR)
    made.pop()  # what follows the last separator
    return made


class SpanJson:
    """Makes spans' and relations' JSON, keeping its tables from batch to batch."""

    def __init__(self) -> None:
        self._start = _prefixed_numbers('{"start": ')
        self._end = _prefixed_numbers(', "end": ')
        self._token_start = _prefixed_numbers(', "token_start": ')
        self._token_end = _prefixed_numbers(', "token_end": ')
        self._head = _prefixed_numbers('{"head": ')
        self._child = _prefixed_numbers(', "child": ')
        self._span_label = _Prefixed(', "label": ')
        self._relation_label = _Prefixed(', "label": ', ', "head_span": ')

    def spans(
        self,
        starts: Any,
        ends: Any,
        firsts: Any,
        lasts: Any,
        labels: Sequence[str],
        texts: Sequence[str] | None = None,
        attrs: Sequence[str] | None = None,
    ) -> tuple[list[str], list[str]]:
        """Each span as a relation's head or child (offsets, token indices, label),
        and, given its text (already JSON) and the JSON of its attributes
        (``, "key": value...``, or empty), in full (else no full spans)."""
        columns = self._opened(starts, ends, firsts, lasts, labels)
        refs = _rows([*columns, "}"], len(labels))
        if texts is None or attrs is None:
            return refs, []
        return refs, _rows([*columns, ', "text": ', texts, attrs, "}"], len(labels))

    def relations(self, heads: Any, children: Any, labels: Sequence[str], refs: Any, lasts: Any) -> list[str]:
        """Each relation: its head and child (their spans' last tokens, Prodigy's
        convention), label, and both spans (``refs``, a numpy object array)."""
        import numpy as np

        columns = [
            self._head[lasts[heads]],
            self._child[lasts[children]],
            np.fromiter(map(self._relation_label.__getitem__, labels), dtype=object, count=len(labels)),
            refs[heads],
            ', "child_span": ',
            refs[children],
            "}",
        ]
        return _rows(columns, len(labels))

    def _opened(self, starts: Any, ends: Any, firsts: Any, lasts: Any, labels: Sequence[str]) -> list[Any]:
        import numpy as np

        return [
            self._start[starts],
            self._end[ends],
            self._token_start[firsts],
            self._token_end[lasts],
            np.fromiter(map(self._span_label.__getitem__, labels), dtype=object, count=len(labels)),
        ]
