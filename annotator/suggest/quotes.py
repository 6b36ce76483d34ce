"""Direct quotations found from the quotation marks alone (no parse needed).

Curly and straight double marks, and two apostrophes standing for one (''like
this'', as some newspapers' feeds write them); a quote that runs over paragraphs (a
paragraph that opens a quote without closing it, and a next one that reopens
it) gives one piece per paragraph; an unbalanced mark is dropped and never
stops the rest of the document.
"""

from __future__ import annotations

from dataclasses import dataclass

OPENERS = {"“": "”", "„": "“", "«": "»"}
CLOSERS = {"”", "»"}
STRAIGHT = '"'
DOUBLED = "''"  # two apostrophes for a straight double mark
_BEFORE_OPEN = set(" \t\n([{—–-/:;,") | {""}
_AFTER_CLOSE = set(" \t\n)]}.,;:!?—–-/…") | {""}


@dataclass(frozen=True, slots=True)
class QuotePiece:
    """Text strictly between a pair of marks (or between a mark and the paragraph end)."""

    start: int
    end: int
    group: int  # pieces of one quotation that runs over paragraphs share a group
    open_mark: int  # offset of the opening mark
    close_mark: int | None  # offset of the closing mark, None when the paragraph ends first


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            spans.append((start, end))
        start = end + 1
    return spans


def _width(text: str, i: int) -> int:
    """Characters of the mark at ``i``: 2 for a doubled apostrophe, else 1."""
    return 2 if text.startswith(DOUBLED, i) else 1


def _straight(text: str, i: int) -> bool:
    return text[i] == STRAIGHT or text.startswith(DOUBLED, i)


def _marks(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Quotation marks of a paragraph as (offset, 'open' | 'close' | 'either')."""
    found = []
    i = start - 1
    while i + 1 < end:
        i += 1
        ch = text[i]
        doubled = text.startswith(DOUBLED, i) and i + 1 < end
        if ch not in OPENERS and ch not in CLOSERS and ch != STRAIGHT and not doubled:
            continue
        width = 2 if doubled else 1
        if doubled and i + 2 < end and text[i + 2] == "'":
            i += 2
            continue  # three or more apostrophes: not a mark
        before = text[i - 1] if i > start else ""
        after = text[i + width] if i + width < end else ""
        at, i = i, i + width - 1
        can_open = before in _BEFORE_OPEN and not after.isspace() and after != ""
        can_close = after in _AFTER_CLOSE and not before.isspace() and before != ""
        if ch in OPENERS:
            # A curly mark typed the wrong way round ('decision.“ However') closes.
            found.append((at, "close" if can_close and not can_open else "open"))
        elif ch in CLOSERS:
            found.append((at, "open" if can_open and not can_close else "close"))
        else:
            if can_open and not can_close:
                found.append((at, "open"))
            elif can_close and not can_open:
                found.append((at, "close"))
            elif can_open and can_close:
                found.append((at, "either"))
            # A mark with space on both sides quotes nothing: ignore it.
    return found


def find_quotes(text: str) -> list[QuotePiece]:
    """Every direct quotation piece in ``text``, in order."""
    pieces: list[QuotePiece] = []
    group = 0
    carried: int | None = None  # group of a quote left open by the previous paragraph
    paragraphs = _paragraphs(text)
    for number, (p_start, p_end) in enumerate(paragraphs):
        opened: int | None = None
        if (
            carried is not None
            and text[p_start] not in ("“", STRAIGHT, "„", "«")
            and not _straight(text, p_start)
        ):
            opened = p_start - 1  # the quotation carried over opens at the paragraph's start
        for offset, kind in _marks(text, p_start, p_end):
            if opened is None:
                if kind == "close":
                    continue  # a stray closing mark
                continues = carried is not None and offset == p_start
                if not continues:
                    group += 1
                opened = offset
            elif kind == "open" and not _straight(text, offset):
                opened, group = offset, group + 1  # the earlier opening mark was unbalanced
            elif kind == "open" and not _straight(text, opened):
                continue  # a straight mark inside a curly quotation
            else:
                inner = opened + _width(text, opened)
                if text[inner:offset].strip():
                    pieces.append(QuotePiece(inner, offset, group, opened, offset))
                opened = None
        carried = None
        inner = opened + _width(text, opened) if opened is not None and opened >= p_start else p_start
        if opened is not None and text[inner:p_end].strip():
            follower = paragraphs[number + 1] if number + 1 < len(paragraphs) else None
            if follower is not None and _continues(text, *follower):
                # No closing mark before the next paragraph: the quotation goes on
                # there, whether that paragraph reopens it or just closes it.
                pieces.append(QuotePiece(inner, _trim_end(text, inner, p_end), group, opened, None))
                carried = group
    return pieces


def _continues(text: str, start: int, end: int) -> bool:
    """Whether a paragraph goes on with a quotation left open before it: it opens
    with a quotation mark, or its first mark closes one."""
    if text[start] in ("“", STRAIGHT, "„", "«") or _straight(text, start):
        return True
    marks = _marks(text, start, end)
    return bool(marks) and marks[0][1] == "close"


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
