"""``annotator agreement`` on a real project: table, JSON and the self-contained HTML report."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from annotator.cli import app

runner = CliRunner()


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_table_json_and_html(three: Path, tmp_path: Path) -> None:
    out_json, out_html = tmp_path / "agreement.json", tmp_path / "agreement.html"
    # The old spelling (--json PATH) still writes the file, with a deprecation note.
    code, out, err = run("agreement", three, "--json", out_json, "--html", out_html)
    assert code == 0, err
    assert "--json PATH is deprecated" in err
    # c did not mark the third article done: two articles by default.
    assert out.startswith("2 articles compared")
    assert re.search(r"^ROLE\s+1\.000\s+1\.000", out, re.M)
    assert "Fleiss" in out and "Krippendorff" in out and "QUOTE / DENIAL: 10" in out
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert data["format_version"] == 1
    assert data == json.loads(run("agreement", three, "--json")[1])
    assert data["articles"] == 2 and data["annotators"] == ["a", "b", "c"]
    pairs = data["spans"]["exact"]["pairs"]
    assert pairs["a|b"]["DENIAL"]["f1"] == 1.0 and pairs["a|b"]["micro"]["f1"] == 0.9231
    assert pairs["a|c"]["DENIAL"]["f1"] == 0.0
    assert data["relations"]["exact"]["pairs"]["a|b"]["CUE_OF"]["f1"] == 0.0
    assert set(data["token_level"]) == {"cohen_kappa", "fleiss_kappa", "krippendorff_alpha"}
    html = out_html.read_text(encoding="utf-8")
    assert 'class="heatmap"' in html and 'class="confusion"' in html and 'class="lowest"' in html
    assert "Article 1" in html and "<script" not in html.lower()
    # One self-contained file: nothing is fetched (the SVG namespace is only an identifier).
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.I)
    assert "@import" not in html and "url(" not in html


def test_annotators_option_and_any_done(three: Path) -> None:
    code, out, _ = run("agreement", three, "--annotators", "a,b")
    assert code == 0 and out.startswith("3 articles compared") and "annotators: a, b" in out
    code, out, _ = run("agreement", three, "--any-done")
    assert code == 0 and out.startswith("3 articles compared")


def test_errors_name_the_problem(three: Path, tmp_path: Path) -> None:
    code, _, err = run("agreement", three, "--annotators", "a,zed")
    assert code == 1 and "no annotator named 'zed'" in err
    code, _, err = run("agreement", three, "--annotators", "a")
    assert code == 1 and "at least two annotators" in err
    code, _, err = run("agreement", three, "--html", tmp_path / "missing" / "r.html")
    assert code == 1 and "does not exist" in err
