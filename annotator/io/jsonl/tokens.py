"""Token lists for many texts at once, split exactly as spaCy's blank English tokenizer.

spaCy splits a text at white space into chunks (words, and runs of white space
other than the single space after a word), and splits each chunk on its own:
how a chunk splits does not depend on its neighbours. So each distinct chunk
is split once, by spaCy, and kept in a table (token offsets inside the chunk,
token texts); a text is then cut into chunks by ``str.split`` and a regular
expression, both in C, and its tokens are assembled from the table by numpy
without a Python step per token. ``tests/export/test_jsonl_tokens.py`` checks
the result against a fresh ``spacy.blank("en")`` on random and real texts.

The same table writes Prodigy's ``tokens`` list as JSON bytes: each token is
joined from four cached byte strings (its text's template, then one per number).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING, Any

from annotator.io.jsonl.pieces import NumberPieces

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Ints = NDArray[np.int64]


_string = json.encoder.encode_basestring  # what json.dumps(text, ensure_ascii=False) writes


class _Grown:
    """A numpy array that doubles its capacity as values are appended."""

    def __init__(self, dtype: Any) -> None:
        import numpy as np

        self.values = np.empty(1024, dtype=dtype)
        self.size = 0

    def extend(self, values: list[Any]) -> None:
        import numpy as np

        end = self.size + len(values)
        if end > len(self.values):
            grown = np.empty(max(end, 2 * len(self.values)), dtype=self.values.dtype)
            grown[: self.size] = self.values[: self.size]
            self.values = grown
        self.values[self.size : end] = values
        self.size = end


class _Chunks(dict[str, int]):
    """Chunk text -> entry number; an unseen chunk is split (once) on lookup."""

    def __init__(self, make: Any) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, chunk: str) -> int:
        self[chunk] = entry = self._make(chunk)
        return entry


class _Words(dict[str, int]):
    """Word -> entry number; an unseen word gives -1 and is noted (for one spaCy call)."""

    def __init__(self) -> None:
        super().__init__()
        self.missing: list[str] = []

    def __missing__(self, word: str) -> int:
        self.missing.append(word)
        return -1


class TokenLists:
    """Token boundaries and Prodigy token JSON of texts, from a table of chunk splits.

    ``split`` is spaCy's tokenizer, called once per distinct chunk not in the
    table; without it, spaCy's blank English tokenizer is loaded when first needed.
    """

    def __init__(self, split: Any = None) -> None:
        import numpy as np

        self._np = np
        self._given_split = split
        # Which code points are white space (all of them are below U+3001).
        self._is_space = np.array([chr(c).isspace() for c in range(0x3002)], dtype=np.bool_)
        # Per chunk entry: its first token (in the token arrays) and its token count.
        self._first = _Grown(np.int64)
        self._count = _Grown(np.int64)
        # Per token of an entry: offset in the chunk, length, text template.
        self._offset = _Grown(np.int64)
        self._length = _Grown(np.int64)
        self._template = _Grown(np.int64)
        self._templates: dict[str, int] = {}
        self._template_bytes = _Grown(object)  # b'{"text":"word","start":'
        # Chunk tables: a word; white space after a word (spaCy drops the first " ", which
        # becomes the word's ``ws``); white space that opens a text.
        self._words = _Words()
        self._after_word = _Chunks(self._after_word_entry)
        self._opening = _Chunks(lambda run: self._entry(run, 0))
        # The single space after a word: no token (it is the word's ``ws``).
        self._one_space = self._after_word[" "] = self._add_entry([], [], " ")
        self._start = NumberPieces(lambda k: b'%d,"end":' % k)
        self._end = NumberPieces(lambda k: b'%d,"id":' % k)
        self._id_ws = NumberPieces(lambda k: b'%d,"ws":true},' % k)
        self._id_no_ws = NumberPieces(lambda k: b'%d,"ws":false},' % k)

    def load(self) -> None:
        """Load spaCy's tokenizer now (a second or so), rather than at the first text."""
        _ = self._split

    @property
    def _split(self) -> Any:
        if self._given_split is None:
            from annotator.io.spacy_tokenizer import shared_tokenizer

            self._given_split = shared_tokenizer().nlp.tokenizer
        return self._given_split

    def _word_entries(self, texts: Sequence[str]) -> Ints:
        """The entries of the texts' words (``str.split`` cuts at the same white space),
        the words never seen split with spaCy in one call."""
        np = self._np
        words = list(chain.from_iterable(map(str.split, texts)))
        found = np.fromiter(map(self._words.__getitem__, words), dtype=np.int64, count=len(words))
        if self._words.missing:
            self._add_words(list(dict.fromkeys(self._words.missing)))
            self._words.missing.clear()
            unknown = np.flatnonzero(found < 0).tolist()
            found[unknown] = [self._words[words[k]] for k in unknown]
        return found

    def _template_of(self, text: str) -> int:
        template = self._templates.get(text)
        if template is None:
            template = self._templates[text] = self._template_bytes.size
            self._template_bytes.extend([('{"text":' + _string(text) + ',"start":').encode("utf-8")])
        return template

    def _add_entry(self, offsets: list[int], lengths: list[int], chunk: str) -> int:
        """A new entry: tokens at these offsets of ``chunk``, of these lengths."""
        entry = self._count.size
        self._first.extend([self._offset.size])
        self._count.extend([len(offsets)])
        self._offset.extend(offsets)
        self._length.extend(lengths)
        self._template.extend(
            [self._template_of(chunk[o : o + n]) for o, n in zip(offsets, lengths, strict=True)]
        )
        return entry

    def _add_words(self, words: list[str]) -> None:
        """Split new words with spaCy at once (joined by single spaces, which split them
        exactly as each alone) and add them to the word table."""
        from spacy.attrs import IDX, LENGTH

        np = self._np
        doc = self._split(" ".join(words))
        rows = doc.to_array([IDX, LENGTH]).astype(np.int64)
        lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
        word_starts = np.cumsum(lengths + 1) - lengths - 1
        owner = np.searchsorted(word_starts, rows[:, 0], side="right") - 1
        counts = np.bincount(owner, minlength=len(words))
        offsets = rows[:, 0] - word_starts[owner]
        entry = self._count.size
        self._first.extend((self._offset.size + np.cumsum(counts) - counts).tolist())
        self._count.extend(counts.tolist())
        self._offset.extend(offsets.tolist())
        self._length.extend(rows[:, 1].tolist())
        self._template.extend([self._template_of(token.text) for token in doc])
        self._words.update(zip(words, range(entry, entry + len(words)), strict=True))

    def _after_word_entry(self, run: str) -> int:
        return self._entry(run[1:], 1, run) if run[0] == " " else self._entry(run, 0)

    def _entry(self, chunk: str, shift: int, key: str | None = None) -> int:
        """Split ``chunk`` with spaCy and add it as an entry (offsets moved by ``shift``,
        so that they are offsets in ``key``, the chunk as found)."""
        key = chunk if key is None else key
        offsets: list[int] = []
        lengths: list[int] = []
        if chunk:
            for token in self._split(chunk):
                offsets.append(token.idx + shift)
                lengths.append(len(token.text))
        return self._add_entry(offsets, lengths, key)

    def _tokens(self, texts: Sequence[str]) -> tuple[Ints, Ints, Ints, Any, Ints]:
        """The tokens of all the texts, one after the other: start and end offsets (in
        the texts joined), text templates, ``ws`` flags, and the first token of each text
        (with the total at the end)."""
        np = self._np
        joined = "".join(texts)
        size = len(joined)
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        text_ends = np.cumsum(lengths)
        text_starts = text_ends - lengths
        if not size:
            empty = np.empty(0, dtype=np.int64)
            return empty, empty, empty, np.empty(0, dtype=np.bool_), np.zeros(len(texts) + 1, dtype=np.int64)
        points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
        space = np.take(self._is_space, points, mode="clip")
        # Chunks: runs of white space or of other characters, cut where each text starts.
        change = np.empty(size, dtype=np.bool_)
        change[0] = True
        np.not_equal(space[1:], space[:-1], out=change[1:])
        change[text_starts[lengths > 0]] = True
        chunk_starts = np.flatnonzero(change)
        chunk_ends = np.append(chunk_starts[1:], size)
        n = len(chunk_starts)
        text_of_chunk = np.searchsorted(text_ends, chunk_starts, side="right")
        is_run = space[chunk_starts]
        ids = np.empty(n, dtype=np.int64)
        words = np.flatnonzero(~is_run)
        ids[words] = self._word_entries(texts)
        # White space chunks: nearly all are the single space after a word, which has no token.
        runs = np.flatnonzero(is_run)
        ids[runs] = self._one_space
        run_starts = chunk_starts[runs]
        opening = run_starts == text_starts[text_of_chunk[runs]]
        other = runs[((chunk_ends[runs] - run_starts != 1) | (points[run_starts] != 32)) & ~opening]
        for k in other.tolist():
            ids[k] = self._after_word[joined[chunk_starts[k] : chunk_ends[k]]]
        for k in runs[opening].tolist():
            ids[k] = self._opening[joined[chunk_starts[k] : chunk_ends[k]]]
        counts = self._count.values[ids]
        total = int(counts.sum())
        chunk_of = np.repeat(np.arange(n), counts)
        ends_in_chunks = np.cumsum(counts)
        flat = np.arange(total) + (self._first.values[ids] - ends_in_chunks + counts)[chunk_of]
        starts = chunk_starts[chunk_of] + self._offset.values[flat]
        ends = starts + self._length.values[flat]
        # A word's last token is followed by white space when the next character of its
        # text is " " (the last token of a white space chunk is followed by a word, or nothing).
        last = ends_in_chunks[counts > 0] - 1
        after = ends[last]
        inside = after < text_ends[text_of_chunk[chunk_of[last]]]
        ws = np.zeros(total, dtype=np.bool_)
        ws[last[inside]] = points[after[inside]] == 32
        firsts = np.zeros(len(texts) + 1, dtype=np.int64)
        per_text = np.bincount(text_of_chunk, weights=counts, minlength=len(texts))
        np.cumsum(per_text.astype(np.int64), out=firsts[1:])
        return starts, ends, self._template.values[flat], ws, firsts

    def batch(self, texts: Sequence[str]) -> TokenBatch:
        """The tokens of these texts: each one's Prodigy ``tokens`` list (text, start,
        end, id, ws) as UTF-8 JSON, and every token's offsets."""
        np = self._np
        starts, ends, templates, ws, firsts = self._tokens(texts)
        counts = np.diff(firsts)
        text_starts = np.cumsum([0, *map(len, texts)])[:-1]
        offsets = np.repeat(text_starts, counts)
        local_starts = starts - offsets
        local_ends = ends - offsets
        ids = np.arange(len(starts)) - np.repeat(firsts[:-1], counts)
        pieces = np.empty((len(starts), 4), dtype=object)
        pieces[:, 0] = self._template_bytes.values[templates]
        pieces[:, 1] = self._start[local_starts]
        pieces[:, 2] = self._end[local_ends]
        pieces[:, 3] = np.where(ws, self._id_ws[ids], self._id_no_ws[ids])
        listed = pieces.reshape(-1).tolist()
        json_lists = []
        for first, end in zip(firsts[:-1].tolist(), firsts[1:].tolist(), strict=True):
            if end == first:
                json_lists.append(b"[]")
                continue
            parts = listed[4 * first : 4 * end]
            parts[0] = b"[" + parts[0]
            parts[-1] = parts[-1][:-1] + b"]"  # the last token's comma
            json_lists.append(b"".join(parts))
        return TokenBatch(json_lists, starts, ends, firsts, text_starts)


@dataclass(frozen=True, slots=True)
class TokenBatch:
    """The tokens of a batch of texts, as if the texts were joined."""

    json_lists: list[bytes]  # per text
    starts: Ints  # per token: offsets in the texts joined
    ends: Ints
    firsts: Ints  # per text: its first token (the number of tokens at the end)
    text_starts: Ints  # per text: its offset in the texts joined

    def span_tokens(self, text_of: Ints, starts: Ints, ends: Ints) -> tuple[Ints, Ints, Any]:
        """The first and last token (indices within their text) that spans touch (the
        spans widened to token boundaries), and whether each already fell on them.

        ``text_of`` says which text each span is on; its offsets are within that text.
        A span inside the white space between two tokens maps to the token before it.
        """
        np = self._np_module()
        lowest = self.firsts[text_of]
        highest = np.maximum(self.firsts[text_of + 1] - 1, lowest)
        starts = starts + self.text_starts[text_of]
        ends = ends + self.text_starts[text_of]
        if not len(self.starts):
            zero = np.zeros(len(starts), dtype=np.int64)
            return zero, zero, np.zeros(len(starts), dtype=np.bool_)
        first = np.minimum(np.searchsorted(self.ends, starts, side="right"), highest)
        last = np.searchsorted(self.starts, ends, side="left") - 1
        inverted = last < first
        both = np.maximum(np.minimum(first, last), lowest)
        first = np.where(inverted, both, first)
        last = np.where(inverted, both, last)
        top = len(self.starts) - 1  # a text without tokens points past its own
        exact = (
            (self.starts[np.minimum(first, top)] == starts)
            & (self.ends[np.minimum(last, top)] == ends)
            & (self.firsts[text_of + 1] > lowest)
        )
        return first - lowest, last - lowest, exact

    @staticmethod
    def _np_module() -> Any:
        import numpy as np

        return np
