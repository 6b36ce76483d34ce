"""Fixtures of the agreement tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sample_projects import build


@pytest.fixture
def three(new_target: Callable[[str], str | Path]) -> str | Path:
    """The three annotators' project, on SQLite and on PostgreSQL."""
    return build(new_target("three.annotator"))
