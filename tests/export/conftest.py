"""Projects for export tests: real SQLite files holding the corpus and its gold."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.export.gold_projects import GOLD_JSONL, make_gold_project

__all__ = ["GOLD_JSONL"]  # imported by other tests
from postgres_server import BACKENDS

from annotator.store import Project
from annotator.usecases.projects import open_existing


@pytest.fixture(scope="session")
def sqlite_gold_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Read-only use: tests must not change it."""
    return make_gold_project(tmp_path_factory.mktemp("gold") / "gold.annotator")


@pytest.fixture(scope="session", params=BACKENDS)
def gold_project_file(request: pytest.FixtureRequest) -> str | Path:
    """The gold project on each backend (a SQLite file, a PostgreSQL URL). Read-only use."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_gold_file")  # type: ignore[no-any-return]
    return make_gold_project(request.getfixturevalue("session_database")())


@pytest.fixture
def gold_project(gold_project_file: str | Path) -> Iterator[Project]:
    with open_existing(gold_project_file) as project:
        yield project
