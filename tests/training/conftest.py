"""A tiny trained model, made once: two gold articles, a few epochs (seconds, not minutes)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.suggest.trained import TrainSettings
from annotator.usecases.importing import import_paths
from annotator.usecases.projects import new_project, open_existing
from annotator.usecases.training import TrainReport, train_project

GOLD = Path(__file__).resolve().parents[1] / "data" / "gold.jsonl"
# Enough updates for a tiny model to learn its two articles' cues and quotes.
TINY = TrainSettings(epochs=5, batch_size=1, learn_rate=0.01)


def reviewed_project(path: Path, articles: int = 2, annotator: str = "alice") -> Path:
    """A project whose annotator marked the first ``articles`` gold articles done."""
    lines = GOLD.read_text(encoding="utf-8").splitlines()
    part = path.with_suffix(".jsonl")
    part.write_text("\n".join(lines[:articles]) + "\n", encoding="utf-8")
    with new_project(path) as project:
        report = import_paths(project, [part], annotator=annotator, done=True)
        assert report.imported == articles, report.refused
    return path


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, TrainReport]:
    """(project, model folder, report) of a model trained on two reviewed articles."""
    root = tmp_path_factory.mktemp("tiny")
    project = reviewed_project(root / "reviewed.annotator")
    with open_existing(project) as opened:
        report = train_project(opened, root / "model", annotator="alice", settings=TINY)
    return project, root / "model", report


def texts(project: Path) -> list[str]:
    with open_existing(project) as opened:
        return [opened.article(row.id).text for row in opened.list_articles()]


def first_gold() -> dict[str, object]:
    return json.loads(GOLD.read_text(encoding="utf-8").splitlines()[0])
