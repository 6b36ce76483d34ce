"""Fixtures of the agreement tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from sample_projects import build


@pytest.fixture
def three(tmp_path: Path) -> Path:
    return build(tmp_path / "three.annotator")
