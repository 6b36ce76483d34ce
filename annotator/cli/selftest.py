"""``annotator --self-test``: check that this installation (or bundle) works, without a display."""

from __future__ import annotations

import sys

from annotator import __version__
from annotator.cli.style import echo
from annotator.usecases.selftest import Step, run_self_test

OK, FAILED = "✔", "✘"


def self_test() -> int:
    """Run every step of the self-test and the Qt check; print each; the exit status."""
    where = "frozen bundle" if getattr(sys, "frozen", False) else f"Python {sys.version.split()[0]}"
    echo(f"annotator {__version__} self-test ({where}, {sys.executable})")
    steps = run_self_test(on_step=_print)
    if all(step.ok for step in steps):
        steps.append(_qt_step())
        _print(steps[-1])
    failed = [step for step in steps if not step.ok]
    if failed:
        echo(f"self-test FAILED at: {failed[0].name}")
        return 1
    echo(f"self-test passed ({len(steps)} steps)")
    return 0


def _qt_step() -> Step:
    name = "start Qt offscreen (no window)"
    try:
        from annotator.gui.selfcheck import offscreen_check

        return Step(name, True, offscreen_check())
    # Any failure to start Qt (missing library, plugin, module) is a failed step.
    except Exception as exc:  # noqa: BLE001
        return Step(name, False, f"{type(exc).__name__}: {exc}")


def _print(step: Step) -> None:
    echo(f"{OK if step.ok else FAILED} {step.name}: {step.detail}")
