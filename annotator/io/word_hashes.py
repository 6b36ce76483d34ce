"""Word lookups without a Python string per word: 64-bit hashes in a numpy table.

A batch's words are found by a polynomial hash of their code points (computed
for all words at once from prefix sums, modulo 2**64) in an open-addressing
table of numpy arrays. Words of 64 characters or more are not hashed (the
caller looks them up by string), so the known weakness of such hashes, long
Thue-Morse-like strings, cannot arise. Two different known words with the
same hash are both left to the string lookup; an unknown word with the hash of
a known one would take that word's split, with a chance of about one in 2**64
per pair (spaCy's own string store relies on 64-bit hashes in the same way).
"""

from __future__ import annotations

from typing import Any

LONGEST = 63  # longer words are looked up by string
_BASE = 0x9E3779B97F4A7C15 | 1  # odd, so invertible modulo 2**64
_MASK = (1 << 64) - 1
_MIX = 0xBF58476D1CE4E5B9
_CLASH = -2  # a slot whose hash two different words share


class WordHashes:
    """Hash -> entry number, for the words of a table of chunk splits."""

    def __init__(self) -> None:
        import numpy as np

        self._np = np
        self._powers = np.ones(1, dtype=np.uint64)  # _BASE ** i
        self._inverses = np.ones(1, dtype=np.uint64)  # _BASE ** -i
        self._bits = 16
        self._keys = np.zeros(1 << self._bits, dtype=np.uint64)
        self._entries = np.full(1 << self._bits, -1, dtype=np.int64)
        self._size = 0

    def hashes(self, points: Any, starts: Any, ends: Any) -> Any:
        """The hash of each word ``points[start:end]`` (code points)."""
        np = self._np
        self._grow_powers(len(points) + 1)
        with np.errstate(over="ignore"):
            sums = np.zeros(len(points) + 1, dtype=np.uint64)
            np.cumsum(points.astype(np.uint64) * self._powers[: len(points)], out=sums[1:])
            raw = (sums[ends] - sums[starts]) * self._inverses[starts]
            raw ^= (ends - starts).astype(np.uint64) * np.uint64(_MIX)
            return _mixed(np, raw)

    def find(self, hashes: Any) -> Any:
        """Each hash's entry, or -1 (not known, or shared by two words)."""
        np = self._np
        found = np.full(len(hashes), -1, dtype=np.int64)
        pending = np.arange(len(hashes))
        home = (hashes >> np.uint64(64 - self._bits)).astype(np.int64)
        mask = (1 << self._bits) - 1
        for probe in range(32):
            if not len(pending):
                break
            slots = (home[pending] + probe) & mask
            entries = self._entries[slots]
            hit = (entries != -1) & (self._keys[slots] == hashes[pending])
            found[pending[hit]] = np.maximum(entries[hit], -1)
            pending = pending[~hit & (entries != -1)]
        return found

    def add(self, hashes: Any, entries: Any) -> None:
        """Remember these words' entries (a hash two words share is marked, and then
        never found)."""
        if 2 * (self._size + len(hashes)) > len(self._keys):
            self._rehash(2 * (self._size + len(hashes)))
        for key, entry in zip(hashes.tolist(), entries.tolist(), strict=True):
            self._put(key, entry)

    def _put(self, key: int, entry: int) -> None:
        mask = (1 << self._bits) - 1
        slot = key >> (64 - self._bits)
        while True:
            there = int(self._entries[slot])
            if there == -1:
                self._keys[slot], self._entries[slot] = key, entry
                self._size += 1
                return
            if int(self._keys[slot]) == key:
                if there != entry:
                    self._entries[slot] = _CLASH
                return
            slot = (slot + 1) & mask

    def _rehash(self, at_least: int) -> None:
        np = self._np
        keys, entries = self._keys, self._entries
        used = entries != -1
        while (1 << self._bits) < at_least:
            self._bits += 1
        self._keys = np.zeros(1 << self._bits, dtype=np.uint64)
        self._entries = np.full(1 << self._bits, -1, dtype=np.int64)
        self._size = 0
        for key, entry in zip(keys[used].tolist(), entries[used].tolist(), strict=True):
            self._put(key, entry)

    def _grow_powers(self, size: int) -> None:
        np = self._np
        have = len(self._powers)
        if size <= have:
            return
        size = max(size, 2 * have)
        with np.errstate(over="ignore"):
            powers = np.full(size, _BASE, dtype=np.uint64)
            powers[0] = 1
            self._powers = np.cumprod(powers, dtype=np.uint64)
            inverses = np.full(size, pow(_BASE, -1, 1 << 64), dtype=np.uint64)
            inverses[0] = 1
            self._inverses = np.cumprod(inverses, dtype=np.uint64)


def _mixed(np: Any, values: Any) -> Any:
    """A bijection of 64-bit values that spreads their bits (splitmix64's finaliser)."""
    values ^= values >> np.uint64(30)
    values *= np.uint64(_MIX)
    values ^= values >> np.uint64(27)
    values *= np.uint64(0x94D049BB133111EB)
    values ^= values >> np.uint64(31)
    return values
