"""Span colouring that scales: formats looked up per text block.

``setExtraSelections`` with thousands of spans is slow (pitfalls.md); a
QSyntaxHighlighter that knows each block's spans repaints one block in
microseconds. Extra selections are kept for the focused span and its links.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from annotator.core.scheme import Scheme
from annotator.gui.offsets import Utf16Offsets
from annotator.usecases.annotating import Item, ItemKey

ACCEPTED_ALPHA = 120
PENDING_ALPHA = 45


FormatKey = tuple[str, bool] | tuple[str, bool, str]


def formats_for(scheme: Scheme) -> dict[FormatKey, QTextCharFormat]:
    """One format per label: solid for accepted, pale and dashed for pending suggestions."""
    formats: dict[FormatKey, QTextCharFormat] = {}
    for label in scheme.labels:
        colour = QColor(label.colour)
        for pending in (False, True):
            fmt = QTextCharFormat()
            background = QColor(colour)
            background.setAlpha(PENDING_ALPHA if pending else ACCEPTED_ALPHA)
            fmt.setBackground(background)
            if pending:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
                fmt.setUnderlineColor(colour)
            formats[(label.name, pending)] = fmt
            # A span inside another of its own label: deeper colour and a wavy line under it,
            # so that nested spans of one label can be told apart.
            inner = QTextCharFormat(fmt)
            deeper = QColor(colour)
            deeper.setAlpha(min(255, (PENDING_ALPHA if pending else ACCEPTED_ALPHA) + 70))
            inner.setBackground(deeper)
            inner.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            inner.setUnderlineColor(colour.darker(160))
            formats[(label.name, pending, "nested")] = inner
    return formats


def _nested(items: Iterable[Item]) -> set[ItemKey]:
    """Keys of the items that lie inside another item of the same label (one sort of
    plain tuples and one pass: this runs on every key)."""
    inside: set[ItemKey] = set()
    label, reach = "", -1  # reach: the furthest end of this label's spans so far
    for lab, _start, neg_end, key in sorted((i.span.label, i.span.start, -i.span.end, i.key) for i in items):
        if lab != label:
            label, reach = lab, -1
        if -neg_end <= reach:
            inside.add(key)
        else:
            reach = -neg_end
    return inside


class SpanHighlighter(QSyntaxHighlighter):
    """Colours items by label; pending suggestions look different from accepted spans."""

    def __init__(self, document: QTextDocument, scheme: Scheme) -> None:
        super().__init__(document)
        self.formats = formats_for(scheme)
        self._by_block: dict[int, list[tuple[int, int, QTextCharFormat]]] = {}
        self._block_starts: list[int] = []
        self._runs: dict[tuple[int, int, str, bool], list[tuple[int, int, int]]] = {}

    def set_items(self, items: Iterable[Item], offsets: Utf16Offsets, rehighlight: bool = True) -> None:
        """Replace the spans shown (offsets are code points; converted here).

        With ``rehighlight`` False only the blocks whose runs changed repaint, and
        only items not seen before are converted again: an accept costs little.
        """
        doc = self.document()
        if rehighlight or not self._block_starts:
            starts = []
            block = doc.begin()
            while block.isValid():
                starts.append(block.position())
                block = block.next()
            self._block_starts = starts
            self._runs = {}
        starts = self._block_starts
        runs_cache: dict[tuple[int, int, str, bool], list[tuple[int, int, int]]] = {}
        by_block: dict[int, list[tuple[int, int, QTextCharFormat]]] = {}
        items = list(items)
        nested = _nested(items)
        # Longest first so that short spans (a PERSON inside a QUOTE) paint on top.
        for item in sorted(items, key=lambda i: i.span.start - i.span.end):
            key_fmt: FormatKey = (
                (item.span.label, item.pending, "nested")
                if item.key in nested
                else (item.span.label, item.pending)
            )
            fmt = self.formats.get(key_fmt)
            if fmt is None:
                continue
            key = (item.span.start, item.span.end, item.span.label, item.pending)
            runs = self._runs.get(key)  # offsets only: the format is looked up afresh
            if runs is None:
                runs = self._split(offsets.to_qt(item.span.start), offsets.to_qt(item.span.end))
            runs_cache[key] = runs
            for number, lo, length in runs:
                by_block.setdefault(number, []).append((lo, length, fmt))
        self._runs = runs_cache
        old = self._by_block
        self._by_block = by_block
        if rehighlight:
            self.rehighlight()
        else:
            for number in set(by_block) | set(old):
                if old.get(number) != by_block.get(number):
                    self.rehighlightBlock(doc.findBlockByNumber(number))

    def _split(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """(block number, start in block, length) for a Qt range over blocks."""
        starts = self._block_starts
        runs = []
        first = bisect_right(starts, start) - 1
        for number in range(max(first, 0), len(starts)):
            block_start = starts[number]
            if block_start >= end:
                break
            lo = max(start, block_start) - block_start
            hi = min(end, starts[number + 1] - 1 if number + 1 < len(starts) else end) - block_start
            if hi > lo:
                runs.append((number, lo, hi - lo))
        return runs

    def highlightBlock(self, text: str) -> None:
        for start, length, fmt in self._by_block.get(self.currentBlock().blockNumber(), ()):
            self.setFormat(start, length, fmt)

    def block_formats(self, number: int) -> list[tuple[int, int, QTextCharFormat]]:
        """The (start, length, format) runs of a block, for tests and tools."""
        return list(self._by_block.get(number, ()))
