"""Stated limits on what one input may hold, so that a hostile or broken file is
refused before it costs gigabytes of memory (an article's text is parsed,
tokenized and stored several times over)."""

from __future__ import annotations

import re

# One article: its file (.txt, brat .txt) or its JSONL line. A long news article is
# ~50 KB; 5 MB is a book. (A 200 MB one-line article peaked at 13 GB when imported.)
MAX_ARTICLE_BYTES = 5_000_000
# Annotator names are stored in a column of this width (store/tables.py NAME).
MAX_NAME = 128
# C0 and C1 control characters, DEL, and the Unicode line/paragraph separators and
# bidirectional overrides, which a terminal, config file or file name must not get raw.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def too_big(what: str, size: int) -> str:
    """The reason an input over :data:`MAX_ARTICLE_BYTES` is refused."""
    return (
        f"{what} holds {size / 1e6:.1f} MB; one article may hold at most "
        f"{MAX_ARTICLE_BYTES / 1e6:.0f} MB (split it into several articles)"
    )


def has_control(text: str) -> bool:
    """True when ``text`` holds a character of :data:`CONTROL`."""
    return CONTROL.search(text) is not None
