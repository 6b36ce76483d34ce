"""Turning raw bytes into article text exactly as the project stores it.

Stored text differs from the input only in line ends (CRLF/CR become LF), a
dropped byte-order mark and, for plain-text files, the leading ``date`` line.
Offsets are Python code-point offsets into the stored text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from annotator.core.errors import InputError

BOM = "\ufeff"
_DATE_LINE = re.compile(r"[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})(?=\s|$)[ \t]*\n?")
_DATE_WORD = re.compile(r"[ \t]*date[ \t]+(\S+)")


def decode_utf8(data: bytes) -> str:
    """Decode UTF-8 bytes (a leading BOM dropped); refuse binary and other encodings."""
    if b"\x00" in data:
        raise InputError("binary file (contains NUL bytes), not UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start : exc.start + 1].hex()
        raise InputError(f"not UTF-8: invalid byte 0x{byte} at byte {exc.start}", line=line) from None
    return text


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; nothing else changes."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def newline_offset_map(text: str) -> Callable[[int], int]:
    """Map offsets into ``text`` to offsets into ``normalise_newlines(text)``.

    Each CRLF loses its CR, so an offset moves left by the number of such CRs
    before it; an offset at a CR maps to the position of the resulting LF.
    """
    crs = [m.start() for m in re.finditer("\r\n", text)]
    if not crs:
        return lambda offset: offset

    def convert(offset: int) -> int:
        return offset - bisect_left(crs, offset)

    return convert


@dataclass(frozen=True, slots=True)
class PlainText:
    """A plain-text article as read from the seed layout."""

    text: str
    date: dt.date | None


def parse_plain_text(raw: str) -> PlainText:
    """Split the optional leading ``date YYYY-MM-DD`` off a normalised text."""
    match = _DATE_LINE.match(raw)
    if match is None:
        word = _DATE_WORD.match(raw)
        if word and re.fullmatch(r"[\d-]+", word.group(1)):
            raise InputError(f"invalid date {word.group(1)!r} (expected YYYY-MM-DD)", line=1)
        return PlainText(raw, None)
    try:
        date = dt.date.fromisoformat(match.group(1))
    except ValueError:
        raise InputError(f"invalid date {match.group(1)!r}", line=1) from None
    return PlainText(raw[match.end() :], date)


def read_plain_text(data: bytes) -> PlainText:
    """Bytes of a plain-text article file to stored text and date."""
    article = parse_plain_text(normalise_newlines(decode_utf8(data)))
    if not article.text.strip():
        raise InputError("empty article: no text after the date line")
    return article


def content_hash(text: str) -> str:
    """The identity of an article: SHA-256 of its stored text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def guess_title(text: str, limit: int = 120) -> str:
    """A headline: the first line when it looks like one, else the opening words."""
    first, _, rest = text.lstrip().partition("\n")
    first = first.strip()
    if first and len(first) <= limit and rest.startswith("\n") and first[-1] not in ".,;:":
        return first
    if len(first) <= limit:
        return first
    cut = first.rfind(" ", 0, limit)
    return first[: cut if cut > limit // 2 else limit].rstrip(" ,;:—-") + "…"
