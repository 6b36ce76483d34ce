"""Reports as JSON files and printouts: the clients' door to :mod:`annotator.io.json_report`."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from annotator.io import json_report
from annotator.io.atomic import check_file_target


def versioned(payload: Mapping[str, Any]) -> dict[str, Any]:
    """``payload`` with ``format_version`` first and undefined figures (NaN) as null."""
    return json_report.versioned(payload)


def check_report_target(path: Path) -> None:
    """Refuse a report path that cannot be written, before the work rather than after."""
    check_file_target(path)


def write_report(payload: Mapping[str, Any], path: Path) -> None:
    """The versioned JSON of ``payload`` into ``path``, written whole or not at all."""
    json_report.write(payload, path)
