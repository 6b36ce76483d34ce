"""Reading ahead in a thread: same items in the same order, errors where they belong, a clean stop."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from annotator.core.overlap import Prefetched


def test_items_come_in_order_and_all_of_them() -> None:
    with Prefetched(range(1000), depth=3) as items:
        assert list(items) == list(range(1000))
        assert list(items) == []  # exhausted stays exhausted


def test_an_error_in_the_reader_is_raised_where_its_item_would_have_come() -> None:
    def failing() -> Iterator[int]:
        yield 1
        yield 2
        raise ValueError("disk gone")

    got = []
    with pytest.raises(ValueError, match="disk gone"), Prefetched(failing()) as items:
        for item in items:
            got.append(item)
    assert got == [1, 2]


def test_leaving_early_stops_the_thread_before_it_reads_everything() -> None:
    made: list[int] = []
    reader_threads: set[str] = set()

    def counted() -> Iterator[int]:
        for k in range(10_000):
            reader_threads.add(threading.current_thread().name)
            made.append(k)
            yield k

    with Prefetched(counted(), depth=1) as items:
        assert next(items) == 0
    assert not any(t.name == "prefetch" and t.is_alive() for t in threading.enumerate())
    assert len(made) <= 3  # the one taken, the one waiting in the box, the one being made
    assert reader_threads == {"prefetch"}
