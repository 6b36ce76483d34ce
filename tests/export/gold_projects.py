"""The gold project of the export tests: the 8 corpus articles with their gold annotations."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from annotator.usecases.importing import import_paths
from annotator.usecases.projects import new_project

REPO = Path(__file__).resolve().parents[2]
P = TypeVar("P", str, Path)
GOLD_JSONL = REPO / "tests" / "data" / "gold.jsonl"


def make_gold_project(path: P) -> P:
    """A project holding the 8 corpus articles with the gold annotations, marked done."""
    with new_project(path) as project:
        report = import_paths(project, [GOLD_JSONL], annotator="gold", done=True)
        assert report.ok and report.imported == 8, report.refused
    return path
