"""``annotator --self-test`` and the hidden start-up probe, through typer's CliRunner."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from typer.testing import CliRunner

from annotator.cli import app
from annotator.usecases.importing import import_paths
from annotator.usecases.projects import new_project

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


def test_self_test_passes_every_step_and_exits_0() -> None:
    result = runner.invoke(app, ["--self-test"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    steps = [line for line in lines if line[:1] in "✔✘"]
    assert len(steps) == 9 and all(line.startswith("✔ ") for line in steps), result.stdout
    assert any(line.startswith("✔ start Qt offscreen") for line in steps)
    assert any(line.startswith("✔ load the team server driver (no connection): psycopg ") for line in steps)
    assert lines[-1] == "self-test passed (9 steps)"


def test_self_test_is_listed_and_the_probe_is_hidden() -> None:
    result = runner.invoke(app, ["--help"])
    assert "--self-test" in result.stdout and "--startup-probe" not in result.stdout


def test_startup_probe_prints_when_the_window_is_usable_then_quits(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    with new_project(path) as project:
        import_paths(project, [REPO / "resources" / "samples"])
    result = runner.invoke(app, ["--startup-probe", str(path)])
    assert result.exit_code == 0, result.output
    usable, loaded = (float(x) for x in re.findall(r"at (\d+\.\d+)", result.stdout))
    assert "window usable at" in result.stdout and loaded >= usable


def test_the_frozen_entry_calls_freeze_support_before_anything_else() -> None:
    tree = ast.parse((REPO / "packaging" / "entry.py").read_text(encoding="utf-8"))
    code = [ast.unparse(node) for node in tree.body[1:]]  # after the docstring
    assert code[:2] == ["import multiprocessing", "multiprocessing.freeze_support()"]
