"""spaCy's blank English tokenizer, made fast for exports of many articles.

spaCy caches how it splits each whitespace-separated chunk, but stops caching
for the rest of a document once a chunk hits a special case (``"\\n"``,
``"it's"``...): on news that is most of every article, and tokenizing drops to
~150k tokens/s. Tokenizing each new chunk alone first fills the cache with the
very splits spaCy computes (a chunk's split does not depend on its context), so
whole texts then tokenize from the cache, identically and ~10x faster
(``tests/export/test_tokens.py`` checks the identity on random texts).
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray
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
        self._writer: _TokenListWriter | None = None

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

    def tokens_json(self, doc: Doc) -> str:
        """Prodigy's ``tokens`` list (text, start, end, id, ws) as a JSON array."""
        return self.tokens_json_bytes(doc).decode("utf-8")

    def tokens_json_bytes(self, doc: Doc) -> bytes:
        """:meth:`tokens_json` encoded as UTF-8, made without a Python step per token."""
        return self.token_list(doc)[0]

    def token_list(self, doc: Doc) -> tuple[bytes, NDArray[np.int64], NDArray[np.int64]]:
        """:meth:`tokens_json_bytes`, and the start and end offsets of the tokens."""
        if self._writer is None:
            self._writer = _TokenListWriter(self.nlp.vocab.strings)
        return self._writer.write(doc)


class _TokenListWriter:
    """Writes token lists by joining a few cached byte strings per token.

    Each token is written as four pieces: ``{"text":TEXT,"start":`` (one per
    distinct token text), then ``START,"end":``, ``END,"id":`` and
    ``ID,"ws":true},`` (or ``false``), each one per number. numpy picks every
    token's pieces at once, so there is no Python step per token.
    """

    def __init__(self, strings: Any) -> None:
        import numpy as np

        self._np = np
        self._strings = strings
        self._template: dict[int, int] = {}  # ORTH hash -> template number
        self._templates = np.empty(0, dtype=object)
        self._numbers = 0
        self._start = np.empty(0, dtype=object)  # b'12,"end":' at 12
        self._end = np.empty(0, dtype=object)  # b'12,"id":' at 12
        self._id = np.empty(0, dtype=object)  # b'12,"ws":true},' at 24, b'12,"ws":false},' at 25

    def _add_numbers(self, upto: int) -> None:
        """Make the pieces of every number below ``upto`` available."""
        np = self._np
        have = self._numbers
        if upto <= have:
            return
        upto = max(upto, 2 * have, 4096)
        digits = [str(i).encode() for i in range(have, upto)]

        def pieces(suffixes: list[bytes]) -> Any:
            made = np.empty(len(digits) * len(suffixes), dtype=object)
            made[:] = [d + suffix for d in digits for suffix in suffixes]
            return made

        self._start = np.concatenate([self._start, pieces([b',"end":'])])
        self._end = np.concatenate([self._end, pieces([b',"id":'])])
        self._id = np.concatenate([self._id, pieces([b',"ws":true},', b',"ws":false},'])])
        self._numbers = upto

    def _template_numbers(self, orths: list[int]) -> Any:
        """Template numbers of these token texts, adding the ones not seen yet."""
        np = self._np
        known = self._template
        new = [o for o in orths if o not in known]
        if new:
            made = np.empty(len(new), dtype=object)
            for k, orth in enumerate(new):
                text = json.dumps(self._strings[orth], ensure_ascii=False)
                made[k] = ('{"text":' + text + ',"start":').encode("utf-8")
                known[orth] = len(self._templates) + k
            self._templates = np.concatenate([self._templates, made])
        return np.fromiter(map(known.__getitem__, orths), dtype=np.int64, count=len(orths))

    def write(self, doc: Doc) -> tuple[bytes, NDArray[np.int64], NDArray[np.int64]]:
        from spacy.attrs import IDX, LENGTH, ORTH, SPACY

        np = self._np
        n = len(doc)
        if n == 0:
            return b"[]", np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        rows = doc.to_array([IDX, LENGTH, SPACY, ORTH])
        starts = rows[:, 0].astype(np.int64)
        ends = starts + rows[:, 1].astype(np.int64)
        unique, inverse = np.unique(rows[:, 3], return_inverse=True)
        self._add_numbers(int(max(ends.max(), n)) + 1)
        template = self._template_numbers(unique.tolist())[inverse.reshape(-1)]
        pieces = np.empty((n, 4), dtype=object)
        pieces[:, 0] = self._templates[template]
        pieces[:, 1] = self._start[starts]
        pieces[:, 2] = self._end[ends]
        pieces[:, 3] = self._id[2 * np.arange(n) + (rows[:, 2] == 0)]
        listed = pieces.reshape(-1).tolist()
        listed[-1] = listed[-1][:-1]  # the last token's comma
        return b"[" + b"".join(listed) + b"]", starts, ends


_shared: Tokenizer | None = None


def shared_tokenizer() -> Tokenizer:
    """One tokenizer per process: spaCy's start-up is paid once, and its cache grows with use."""
    global _shared
    if _shared is None:
        _shared = Tokenizer()
    return _shared


def bounds(doc: Doc) -> tuple[list[int], list[int]]:
    """Start and end character offsets of every token."""
    from spacy.attrs import IDX, LENGTH

    rows = doc.to_array([IDX, LENGTH]).tolist()
    return [s for s, _ in rows], [s + n for s, n in rows]


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
