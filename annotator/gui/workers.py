"""Operations (:mod:`annotator.usecases.running`) run in a QThread, with progress and Cancel.

The operation's signals are delivered to a :class:`Task` that lives on the UI
thread, so its callbacks (which touch widgets) always run there (queued connections).
A window's :class:`Background` shows its tasks in the status bar.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressBar, QPushButton, QStatusBar

from annotator.core.errors import AnnotatorError
from annotator.gui.wording import message
from annotator.usecases.running import Cancelled, Control, Operation

R = TypeVar("R")

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
    """Lives in the worker thread and runs the operation there."""

    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)
    stopped = Signal(object)

    def __init__(self, operation: Operation[Any], cancelled: threading.Event) -> None:
        super().__init__()
        self.operation, self.cancelled = operation, cancelled

    @Slot()
    def run(self) -> None:
        control = Control(self.progress.emit, self.cancelled.is_set)
        try:
            result = self.operation.run(control)
        except Cancelled as stop:
            self.stopped.emit(stop)
        except AnnotatorError as exc:
            self.failed.emit(message(exc))
        except Exception as exc:  # noqa: BLE001 - shown to the user, never lost in a thread
            self.failed.emit(f"{self.operation.what} failed: {exc}")
        else:
            self.finished.emit(result)


class Task(QObject):
    """An operation seen from the UI thread: ``on_progress(done, total, what)``,
    ``on_done(result)``, ``on_error(message)`` and ``on_cancelled(Cancelled)``."""

    def __init__(
        self,
        operation: Operation[Any],
        on_progress: Callable[[int, int, str], None],
        on_done: Callable[[Any], None],
        on_error: Callable[[str], None],
        on_cancelled: Callable[[Cancelled], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.what = operation.what
        self._cancel = threading.Event()
        self._on_progress, self._on_done = on_progress, on_done
        self._on_error, self._on_cancelled = on_error, on_cancelled
        self.worker_thread = QThread()
        self.runner = _Runner(operation, self._cancel)
        self.runner.moveToThread(self.worker_thread)
        self.worker_thread.started.connect(self.runner.run)
        self.runner.progress.connect(self._progress)
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)
        self.runner.stopped.connect(self._stopped)
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

    @Slot(int, int, str)
    def _progress(self, done: int, total: int, what: str) -> None:
        self._on_progress(done, total, what)

    @Slot(object)
    def _finished(self, result: object) -> None:
        self._end()
        self._on_done(result)

    @Slot(str)
    def _failed(self, text: str) -> None:
        self._end()
        self._on_error(text)

    @Slot(object)
    def _stopped(self, stop: Cancelled) -> None:
        self._end()
        self._on_cancelled(stop)

    def _end(self) -> None:
        if self.running:
            _job_ended()
        self.running = False
        self.worker_thread.quit()
        self.worker_thread.wait()


class Background:
    """A window's background work: its running tasks, and a progress bar and a Cancel
    button at the end of its status bar, shown while any task runs."""

    def __init__(self, parent: QObject, status: QStatusBar, show_error: Callable[[str], object]) -> None:
        self.parent, self.status, self.show_error = parent, status, show_error
        self.tasks: list[Task] = []
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel)
        status.addPermanentWidget(self.progress)
        status.addPermanentWidget(self.cancel_button)

    def run(
        self,
        operation: Operation[R],
        done: Callable[[R], None] | None = None,
        cancelled: Callable[[Cancelled], None] | None = None,
    ) -> Task:
        """Start ``operation``; ``done`` gets its result. A failure is shown as an error;
        a cancel is said in the status bar, then ``cancelled`` runs (what was stored
        before the stop may need showing)."""
        task: Task

        def progressed(value: int, total: int, what: str) -> None:
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(value)

        def finished(result: R) -> None:
            self._ended(task)
            if done is not None:
                done(result)

        def failed(text: str) -> None:
            self._ended(task)
            self.show_error(text)

        def stopped(stop: Cancelled) -> None:
            self._ended(task)
            self.status.showMessage(message(stop), 15000)
            if cancelled is not None:
                cancelled(stop)

        task = Task(operation, progressed, finished, failed, stopped, self.parent)
        self.tasks.append(task)
        self.progress.setFormat(f"{operation.what} %p%")
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        task.start()
        return task

    def cancel(self) -> None:
        """Ask every running task to stop (each stops at its next check)."""
        for task in self.tasks:
            task.cancel()

    def stop(self) -> None:
        """Cancel every task and wait for their threads (the window is closing)."""
        self.cancel()
        for task in list(self.tasks):
            task.wait()

    def _ended(self, task: Task) -> None:
        if task in self.tasks:
            self.tasks.remove(task)
        if not self.tasks:
            self.progress.hide()
            self.cancel_button.hide()
