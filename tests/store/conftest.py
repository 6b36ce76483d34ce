"""The store tests run on every backend: ``project`` is a new project on SQLite, then on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from server_team import team  # noqa: F401 - fixture

from annotator.store import Project
from annotator.usecases.projects import new_project


@pytest.fixture
def project(store_project: Project) -> Project:
    return store_project


@pytest.fixture
def sqlite_project(project_path: Path) -> Iterator[Project]:
    """For what only SQLite has (pragmas, file locks)."""
    with new_project(project_path) as created:
        yield created
