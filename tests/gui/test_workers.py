"""Background operations: the cyclic collector is off while one runs, and on again after;
a cancelled operation ends in its own callback."""

from __future__ import annotations

import gc
import threading

from annotator.gui.workers import Task
from annotator.usecases.running import Cancelled, Control, Operation


def test_the_collector_is_off_during_a_job_and_on_after(qtbot) -> None:  # type: ignore[no-untyped-def]
    release = threading.Event()
    seen: list[bool] = []
    results: list[object] = []

    def body(control: Control) -> str:
        seen.append(gc.isenabled())
        release.wait(10)
        return "done"

    task = Task(
        Operation("Testing", "articles", body),
        lambda done, total, what: None,
        results.append,
        results.append,
        results.append,
    )
    task.start()
    assert not gc.isenabled()
    release.set()
    qtbot.waitUntil(lambda: results == ["done"], timeout=10_000)
    assert seen == [False] and gc.isenabled()


def test_progress_and_cancel_reach_the_ui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    gate = threading.Event()
    heard: list[tuple[int, int, str]] = []
    ended: list[object] = []

    def source():  # type: ignore[no-untyped-def]
        yield 1
        gate.wait(10)  # the test presses Cancel meanwhile
        yield 2
        yield 3

    def body(control: Control) -> list[int]:
        return list(control.each(source(), 3, "Counting"))

    task = Task(
        Operation("Counting", "articles", body),
        lambda done, total, what: heard.append((done, total, what)),
        ended.append,
        ended.append,
        ended.append,
    )
    task.start()
    qtbot.waitUntil(lambda: heard == [(0, 3, "Counting"), (1, 3, "Counting")], timeout=10_000)
    task.cancel()
    gate.set()
    qtbot.waitUntil(lambda: bool(ended), timeout=10_000)
    [stop] = ended
    assert isinstance(stop, Cancelled) and not stop.kept
    assert str(stop) == "Counting cancelled: nothing was written"
    assert heard == [(0, 3, "Counting"), (1, 3, "Counting")] and not task.running
