"""Background jobs: the cyclic collector is off while one runs, and on again after."""

from __future__ import annotations

import gc
import threading

from annotator.gui.workers import Task


def test_the_collector_is_off_during_a_job_and_on_after(qtbot) -> None:  # type: ignore[no-untyped-def]
    release = threading.Event()
    seen: list[bool] = []
    results: list[object] = []

    def job(progress, cancelled):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        release.wait(10)
        return "done"

    task = Task(job, "Testing", lambda done, total: None, results.append, results.append)
    task.start()
    assert not gc.isenabled()
    release.set()
    qtbot.waitUntil(lambda: results == ["done"], timeout=10_000)
    assert seen == [False] and gc.isenabled()
