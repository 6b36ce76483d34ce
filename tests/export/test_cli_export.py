"""``annotator export`` as a user runs it."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from annotator.cli import app

runner = CliRunner()


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_export_gold_jsonl_prints_a_summary(gold_project_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "gold.jsonl"
    code, stdout, _ = run("export", gold_project_file, "--gold", "--format", "jsonl", "-o", out)
    assert code == 0
    assert f"wrote {out}: 8 articles, 409 spans, 253 relations" in stdout
    assert len(out.read_text(encoding="utf-8").splitlines()) == 8


def test_unknown_annotator_is_one_clear_line_and_exit_1(gold_project_file: Path, tmp_path: Path) -> None:
    code, _, stderr = run(
        "export", gold_project_file, "--annotator", "zoe", "-f", "jsonl", "-o", tmp_path / "x"
    )
    assert code == 1
    assert stderr.strip() == f"error: {gold_project_file}: no annotator named 'zoe' (annotators: gold)"
    assert list(tmp_path.iterdir()) == []


def test_unknown_format_and_missing_folder(gold_project_file: Path, tmp_path: Path) -> None:
    code, _, stderr = run("export", gold_project_file, "--gold", "-f", "xml", "-o", tmp_path / "x")
    assert code == 1 and "unknown format 'xml'" in stderr
    target = tmp_path / "nowhere" / "x.jsonl"
    code, _, stderr = run("export", gold_project_file, "--gold", "-f", "jsonl", "-o", target)
    assert code == 1 and f"folder {target.parent} does not exist" in stderr


def test_missing_project(tmp_path: Path) -> None:
    code, _, stderr = run(
        "export", tmp_path / "none.annotator", "--gold", "-f", "jsonl", "-o", tmp_path / "x"
    )
    assert code == 1 and "no such project" in stderr
