"""The self-test use case, in process, on a real project with the real pipeline."""

from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path

import pytest

from annotator.suggest.engine import Engine
from annotator.usecases.selftest import Step, run_self_test


def test_every_step_passes_and_leaves_the_files(tmp_path: Path, engine: Engine) -> None:
    seen: list[Step] = []
    steps = run_self_test(on_step=seen.append, folder=tmp_path, engine=engine)
    assert seen == steps
    assert [s.name for s in steps] == [
        "create a project",
        "import the bundled sample",
        "load the spaCy pipeline",
        "suggest",
        "export JSONL",
        "export .spacy",
        "reopen the project",
        "load the team server driver (no connection)",
    ]
    assert all(s.ok for s in steps), [s for s in steps if not s.ok]
    assert engine.info.name in steps[2].detail
    assert re.fullmatch(r"psycopg \S+ \((binary|c|python)\), libpq \d+\.\d+", steps[-1].detail)
    line = json.loads((tmp_path / "suggestions.jsonl").read_text(encoding="utf-8"))
    assert "Solberg" in line["text"] and {"PERSON", "QUOTE"} <= {s["label"] for s in line["spans"]}
    assert (tmp_path / "suggestions.spacy").stat().st_size > 0


def test_stops_at_the_first_failure_with_the_reason(tmp_path: Path) -> None:
    """Without an English pipeline (rules alone) the test fails at loading it and goes no further."""
    steps = run_self_test(folder=tmp_path, engine=Engine.load("none"))
    assert [s.ok for s in steps] == [True, True, False]
    assert steps[-1].name == "load the spaCy pipeline"
    assert "no English spaCy pipeline is installed" in steps[-1].detail
    assert not (tmp_path / "suggestions.jsonl").exists()


def test_without_a_folder_it_works_in_a_temporary_one_and_removes_it(
    tmp_path: Path, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    steps = run_self_test(engine=engine)
    assert all(s.ok for s in steps)
    assert list(tmp_path.iterdir()) == []


def test_a_bundle_without_the_server_driver_fails_the_self_test(
    tmp_path: Path, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """psycopg missing: a frozen bundle fails at the driver step; an installation says how to add it."""
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg raises ImportError
    installed = run_self_test(folder=tmp_path / "installed", engine=engine)
    assert installed[-1].ok and "pip install 'news-claims-annotator[server]'" in installed[-1].detail
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    frozen = run_self_test(folder=tmp_path / "frozen", engine=engine)
    assert [s.ok for s in frozen] == [True] * (len(frozen) - 1) + [False]
    assert frozen[-1].detail.startswith("the bundle cannot open a team server project")
