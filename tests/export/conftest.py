"""Projects for export tests: real SQLite files holding the corpus and its gold."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.store import Project
from annotator.usecases.importing import import_paths
from annotator.usecases.projects import new_project, open_existing

REPO = Path(__file__).resolve().parents[2]
GOLD_JSONL = REPO / "tests" / "data" / "gold.jsonl"


def make_gold_project(path: Path) -> Path:
    """A project holding the 8 corpus articles with the gold annotations, marked done."""
    with new_project(path) as project:
        report = import_paths(project, [GOLD_JSONL], annotator="gold", done=True)
        assert report.ok and report.imported == 8, report.refused
    return path


@pytest.fixture(scope="session")
def gold_project_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Read-only use: tests must not change it."""
    return make_gold_project(tmp_path_factory.mktemp("gold") / "gold.annotator")


@pytest.fixture
def gold_project(gold_project_file: Path) -> Iterator[Project]:
    with open_existing(gold_project_file) as project:
        yield project
