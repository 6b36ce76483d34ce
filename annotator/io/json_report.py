"""The JSON the command line prints or writes: one object with a ``format_version``."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from annotator.io.atomic import atomic_file

FORMAT_VERSION = 1
"""Raised when a JSON output changes shape (a key renamed or removed), not when one is added."""


def versioned(payload: Mapping[str, Any]) -> dict[str, Any]:
    """``payload`` with ``format_version`` as its first key."""
    return {"format_version": FORMAT_VERSION, **payload}


def dump(payload: Mapping[str, Any], stream: IO[str]) -> None:
    """Versioned, strict JSON (no NaN), then a newline."""
    json.dump(versioned(payload), stream, ensure_ascii=False, indent=1, allow_nan=False)
    stream.write("\n")


def write(payload: Mapping[str, Any], path: Path) -> None:
    """As :func:`dump`, into ``path`` atomically."""
    with atomic_file(path) as tmp, tmp.open("w", encoding="utf-8") as out:
        dump(payload, out)
