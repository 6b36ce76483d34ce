"""Reading ahead in a thread: the next batch is read from the store while this one is written."""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import Generic, TypeVar

T = TypeVar("T")


class _End:
    """What the reading thread puts last: the error it stopped on, if any."""

    def __init__(self, error: BaseException | None) -> None:
        self.error = error


class Prefetched(Generic[T], Iterator[T]):
    """``items``, made one ahead in a thread of their own, from the moment this is made.

    For reads that wait on a database or a disk, which let the calling thread run
    meanwhile (SQLite steps its queries without holding the GIL). An error in the
    thread is raised here, where its item would have come. ``close`` (or leaving the
    ``with`` block) stops the thread after the item it is making.
    """

    def __init__(self, items: Iterable[T], depth: int = 1) -> None:
        self._box: queue.Queue[T | _End] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._done = False
        self._thread = threading.Thread(target=self._make, args=(iter(items),), name="prefetch", daemon=True)
        self._thread.start()

    def _make(self, items: Iterator[T]) -> None:
        try:
            for item in items:
                if self._stop.is_set():
                    return
                self._box.put(item)
        except BaseException as error:  # noqa: BLE001 - handed to the consumer, which raises it
            self._box.put(_End(error))
        else:
            self._box.put(_End(None))

    def __next__(self) -> T:
        if self._done:
            raise StopIteration
        item = self._box.get()
        if isinstance(item, _End):
            self._done = True
            self._thread.join()
            if item.error is not None:
                raise item.error
            raise StopIteration
        return item

    def close(self) -> None:
        """Stop the thread (it finishes the item it is making) and wait for it."""
        self._stop.set()
        while self._thread.is_alive():
            with contextlib.suppress(queue.Empty):
                self._box.get(timeout=0.05)  # make room, so that a waiting put returns
        self._done = True

    def __enter__(self) -> Prefetched[T]:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()
