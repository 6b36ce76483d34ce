"""Helpers for the hostile-input tests: the CLI as a user runs it, in this process."""

from __future__ import annotations

import hashlib
from pathlib import Path

from typer.testing import CliRunner

from annotator.cli import app

runner = CliRunner()


def run(*args: str | Path, stdin: str | None = None) -> tuple[int, str, str]:
    """Run the CLI; a traceback (any exception but SystemExit) fails the test."""
    result = runner.invoke(app, [str(a) for a in args], input=stdin)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def digest(path: Path) -> str:
    """The bytes of a file, to prove it was not modified."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line_error(err: str) -> str:
    """The single ``error: ...`` line a refused command prints."""
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    return lines[0]
