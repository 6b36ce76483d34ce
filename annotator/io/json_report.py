"""The JSON the command line prints or writes: one object with a ``format_version``."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from annotator.core.safe_json import finite_or_none
from annotator.io.atomic import atomic_file, writing

FORMAT_VERSION = 1
"""Raised when a JSON output changes shape (a key renamed or removed), not when one is added."""


def versioned(payload: Mapping[str, Any]) -> dict[str, Any]:
    """``payload`` with ``format_version`` as its first key, undefined figures (NaN) as null."""
    return {"format_version": FORMAT_VERSION, **finite_or_none(dict(payload))}


def write(payload: Mapping[str, Any], path: Path) -> None:
    """Versioned, strict JSON (no NaN) into ``path``, atomically."""
    with writing(path), atomic_file(path) as tmp:
        text = json.dumps(versioned(payload), ensure_ascii=False, indent=1, allow_nan=False)
        tmp.write_text(text + "\n", encoding="utf-8")
