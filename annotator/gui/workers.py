"""Long work off the UI thread: a function run in a QThread with progress and cancel.

The job's signals are delivered to a :class:`Task` that lives on the UI thread,
so its callbacks (which touch widgets) always run there (queued connections).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

Job = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]

# The cyclic garbage collector stays off while a job runs: a collection on the UI
# thread that finalizes Qt objects while a worker thread parses (spaCy) aborted the
# process ("Fatal Python error: Aborted" during "Garbage-collecting"). Reference
# counting still frees everything but cycles, which are collected when the jobs end.
_running = 0


def _job_started() -> None:
    global _running
    if _running == 0:
        gc.collect()  # what is garbage now goes before the worker starts
        gc.disable()
    _running += 1


def _job_ended() -> None:
    global _running
    _running = max(0, _running - 1)
    if _running == 0:
        gc.enable()


class _Runner(QObject):
    """Lives in the worker thread and runs the job there."""

    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, job: Job, what: str, cancelled: threading.Event) -> None:
        super().__init__()
        self.job, self.what, self.cancelled = job, what, cancelled

    @Slot()
    def run(self) -> None:
        try:
            result = self.job(lambda done, total: self.progress.emit(done, total), self.cancelled.is_set)
        except Exception as exc:  # noqa: BLE001 - shown to the user, never lost in a thread
            self.failed.emit(f"{self.what} failed: {exc}")
        else:
            self.finished.emit(result)


class Task(QObject):
    """A background job seen from the UI thread: ``on_progress``, ``on_done``, ``on_error``."""

    def __init__(
        self,
        job: Job,
        what: str,
        on_progress: Callable[[int, int], None],
        on_done: Callable[[object], None],
        on_error: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.what = what
        self._cancel = threading.Event()
        self._on_progress, self._on_done, self._on_error = on_progress, on_done, on_error
        self.worker_thread = QThread()
        self.runner = _Runner(job, what, self._cancel)
        self.runner.moveToThread(self.worker_thread)
        self.worker_thread.started.connect(self.runner.run)
        self.runner.progress.connect(self._progress)
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)
        self.running = False

    def start(self) -> None:
        self.running = True
        _job_started()
        self.worker_thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, msecs: int = 30000) -> None:
        self.worker_thread.quit()
        if self.worker_thread.wait(msecs) and self.running:  # ended before its signal was seen
            self.running = False
            _job_ended()

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        self._on_progress(done, total)

    @Slot(object)
    def _finished(self, result: object) -> None:
        self._end()
        self._on_done(result)

    @Slot(str)
    def _failed(self, message: str) -> None:
        self._end()
        self._on_error(message)

    def _end(self) -> None:
        if self.running:
            _job_ended()
        self.running = False
        self.worker_thread.quit()
        self.worker_thread.wait()
