"""The hashed word table: same word, same hash wherever it is; shared hashes and
long words are left to the lookup by string."""

from __future__ import annotations

import re

import numpy as np

from annotator.io.word_hashes import WordHashes


def _points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def test_a_word_hashes_alike_wherever_it_is() -> None:
    table = WordHashes()
    text = "said said, Said said 𝔘nion said"
    words = [m.span() for m in re.finditer(r"said|Said|𝔘nion", text)]
    starts, ends = np.array([a for a, _ in words]), np.array([b for _, b in words])
    got = table.hashes(_points(text), starts, ends).tolist()
    assert [text[a:b] for a, b in words] == ["said", "said", "Said", "said", "𝔘nion", "said"]
    assert got[0] == got[1] == got[3] == got[5]  # "said" at four places
    assert len({got[0], got[2], got[4]}) == 3  # "said", "Said", "𝔘nion"


def test_found_after_added_and_a_shared_hash_is_never_found() -> None:
    table = WordHashes()
    keys = np.arange(1, 50_001, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)  # grows the table
    table.add(keys, np.arange(50_000))
    assert table.find(keys).tolist() == list(range(50_000))
    assert table.find(np.array([12345], dtype=np.uint64)).tolist() == [-1]
    table.add(keys[:1], np.array([7]))  # another word with the first one's hash
    assert table.find(keys[:2]).tolist() == [-1, 1]
