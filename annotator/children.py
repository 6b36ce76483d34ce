"""Child processes that die with their parent.

``suggest --processes N`` has spaCy fork N parser processes. Killed with
SIGKILL (or SIGTERM, which Python does not turn into cleanup by default), the
parent leaves them running: about 150 MB each, with the project open, for good.
Inside :func:`dying_with_parent` every process forked from here asks the kernel
to kill it when its parent dies (``prctl(PR_SET_PDEATHSIG)`` on Linux), or
elsewhere watches its parent from a thread and exits when it is gone.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_parent: int | None = None  # the pid children must outlive no longer than, while set
_registered = False


def _after_fork_in_child() -> None:
    global _parent
    parent, _parent = _parent, None  # the child's own children are its business
    if parent is None:
        return
    # A SIGTERM handler raising KeyboardInterrupt (terminate_as_interrupt) is the
    # parent's; a child stopped with SIGTERM just ends.
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if not _set_death_signal():
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the signal was set
        os._exit(1)


def _set_death_signal() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    import time

    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


@contextlib.contextmanager
def dying_with_parent() -> Iterator[None]:
    """Processes forked inside this block die when this process dies."""
    global _parent, _registered
    if not hasattr(os, "register_at_fork"):  # Windows: children are spawned, not forked
        yield
        return
    if not _registered:
        os.register_at_fork(after_in_child=_after_fork_in_child)
        _registered = True
    _parent = os.getpid()
    try:
        yield
    finally:
        _parent = None


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM handled as Ctrl+C (KeyboardInterrupt), so that ``finally`` blocks run:
    worker pools are shut down and the process says what was kept."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(_signum: int, _frame: object) -> None:
        # Unlike Ctrl+C, SIGTERM reaches this process only: stop its worker processes
        # first, or the pipe's cleanup waits for workers blocked on a full pipe.
        multiprocessing = sys.modules.get("multiprocessing")
        if multiprocessing is not None:
            for child in multiprocessing.active_children():
                child.terminate()
        for pid in _child_pids():  # also one forked but not yet registered
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)
        raise KeyboardInterrupt

    before = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


def _child_pids() -> list[int]:
    """This process's children, as Linux lists them (nothing elsewhere)."""
    pids: list[int] = []
    try:
        for task in os.listdir("/proc/self/task"):
            with open(f"/proc/self/task/{task}/children") as listed:
                pids += [int(pid) for pid in listed.read().split()]
    except OSError:
        return []
    return pids
