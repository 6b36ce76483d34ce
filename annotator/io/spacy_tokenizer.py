"""spaCy's blank English tokenizer, made fast for exports of many articles.

spaCy caches how it splits each whitespace-separated chunk, but stops caching
for the rest of a document once a chunk hits a special case (``"\\n"``,
``"it's"``...): on news that is most of every article, and tokenizing drops to
~150k tokens/s. Tokenizing each new chunk alone first fills the cache with the
very splits spaCy computes (a chunk's split does not depend on its context), so
whole texts then tokenize from the cache, identically and ~10x faster
(``tests/export/test_spacy_tokenizer.py`` checks the identity on random texts).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from annotator.core.model import Span
    from annotator.io.exported import WriteReport

# White space that spaCy tokenizes: runs of two or more, and single characters other than " "
# (a single space after a word only sets that word's ``ws``). Skipping the single spaces
# leaves far fewer matches to make.
_WHITESPACE_RUN = re.compile(r"\s\s+|[^\S ]")
# Enough for any vocabulary of a 10,000-article export; spaCy's default is 10,000 chunks.
_CACHE_CHUNKS = 2_000_000


class Tokenizer:
    """A blank English spaCy tokenizer, created on first use."""

    def __init__(self) -> None:
        self._nlp: Language | None = None
        self._seen: set[str] = set()

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            import spacy

            self._nlp = spacy.blank("en")
            tokenizer: Any = self._nlp.tokenizer
            if hasattr(tokenizer, "max_cache_size"):
                tokenizer.max_cache_size = _CACHE_CHUNKS
        return self._nlp

    def __call__(self, text: str) -> Doc:
        """The text as a spaCy Doc, split exactly as ``spacy.blank("en")`` splits it."""
        tokenizer = self.nlp.tokenizer
        chunks = set(text.split())
        for run in _WHITESPACE_RUN.findall(text):
            # After a word, spaCy drops one leading space and tokenizes the rest of the run.
            chunks.add(run[1:] if run[0] == " " else run)
        new = chunks - self._seen
        for chunk in new:
            tokenizer(chunk)
        self._seen |= new
        return tokenizer(text)


_shared: Tokenizer | None = None


def shared_tokenizer() -> Tokenizer:
    """One tokenizer per process: spaCy's start-up is paid once, and its cache grows with use."""
    global _shared
    if _shared is None:
        _shared = Tokenizer()
    return _shared


def token_range(starts: Sequence[int], ends: Sequence[int], start: int, end: int) -> tuple[int, int, bool]:
    """Indices of the first and last token a character span touches (the span
    widened to token boundaries), and whether it already fell on them.

    A span inside the white space between two tokens maps to the token before it.
    """
    first = bisect_right(ends, start)  # first token ending after the span starts
    last = bisect_left(starts, end) - 1  # last token starting before the span ends
    if first >= len(starts):
        first = len(starts) - 1
    if last < first:
        first = last = max(min(first, last), 0)
    exact = starts[first] == start and ends[last] == end
    return first, last, exact


WIDENED = "spans widened to token boundaries (offsets not on spaCy tokens)"
NO_TOKEN = "spans covering no token (white space only)"


def aligned_span(doc: Any, span: Span, report: WriteReport) -> Any | None:
    """``span`` as a spaCy span on ``doc``, widened to token boundaries (counted as
    adjusted); None, counted as left out, when it covers no token."""
    got = doc.char_span(span.start, span.end, label=span.label, alignment_mode="expand")
    if got is None or not len(got):
        report.left_out[NO_TOKEN] += 1
        return None
    if (got.start_char, got.end_char) != (span.start, span.end):
        report.adjusted[WIDENED] += 1
    return got
