"""``-`` as a path: standard input for an import, standard output for an export."""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.usecases.importing import Refused

DASH = Path("-")
STDIN_NAME = "<stdin>"


@contextmanager
def stdin_as_file(paths: Sequence[Path]) -> Iterator[tuple[list[Path], Path | None]]:
    """``paths`` with ``-`` replaced by a temporary copy of standard input (read as JSONL)."""
    if DASH not in paths:
        yield list(paths), None
        return
    with tempfile.TemporaryDirectory(prefix="annotator-stdin-") as folder:
        copy = Path(folder) / "stdin.jsonl"
        with copy.open("wb") as out:
            shutil.copyfileobj(sys.stdin.buffer, out)
        yield [copy if p == DASH else p for p in paths], copy


def name_stdin(problems: list[Refused], copy: Path | None) -> list[Refused]:
    """Problems found in the copy of standard input, named ``<stdin>:LINE``."""
    if copy is None:
        return problems
    prefix = str(copy)
    return [
        replace(p, where=STDIN_NAME + p.where[len(prefix) :]) if p.where.startswith(prefix) else p
        for p in problems
    ]


@contextmanager
def stdout_as_file(output: Path) -> Iterator[Path]:
    """A temporary file to export into, copied to standard output once complete."""
    with tempfile.TemporaryDirectory(prefix="annotator-stdout-") as folder:
        target = Path(folder) / "export"
        yield target
        with target.open("rb") as src:
            shutil.copyfileobj(src, sys.stdout.buffer)
        sys.stdout.buffer.flush()
