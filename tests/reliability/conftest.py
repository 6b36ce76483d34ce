"""The reliability suite: kill -9 at random moments, and fuzzing of every reader.

Bounded by default (well under two minutes on two cores); ``ANNOTATOR_LONG=1``
runs many more kills and examples (``ANNOTATOR_SEED`` picks the kill moments).
"""

from __future__ import annotations

import os
import random

import pytest

LONG = os.environ.get("ANNOTATOR_LONG", "") not in ("", "0")


@pytest.fixture
def rng() -> random.Random:
    return random.Random(int(os.environ.get("ANNOTATOR_SEED", "17")))
