"""``annotator import`` with files of other tools: --format, --map, the notes and refusals."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from annotator.cli import app
from annotator.io.formats import FORMATS, SUFFIXES, dialog_filters

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "fixtures"
runner = CliRunner()


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_map_and_notes(tmp_path: Path) -> None:
    project = tmp_path / "p.annotator"
    assert run("new", project)[0] == 0
    source = FIXTURES / "doccano" / "sequence_labeling.jsonl"
    code, out, err = run(
        "import", project, source, "--annotator", "desk", "--map", FIXTURES / "doccano" / "map.toml"
    )
    assert code == 0, err
    assert "note: 1 doccano spans labelled DATE dropped (--map)" in err
    assert "2 imported, 0 duplicate, 0 refused, 3 annotations added" in out


def test_unknown_format_name_and_broken_map_are_one_line(tmp_path: Path) -> None:
    project = tmp_path / "p.annotator"
    run("new", project)
    code, _, err = run("import", project, FIXTURES / "conll" / "news.conll", "--format", "webanno")
    assert code == 1 and err.startswith("error: unknown format 'webanno' (formats read: text, jsonl")
    bad = tmp_path / "map.toml"
    bad.write_text("[labels]\nPER = 3\n", encoding="utf-8")
    code, _, err = run("import", project, FIXTURES / "conll" / "news.conll", "--map", bad)
    assert code == 1 and err.strip() == f"error: {bad}: labels.PER must be a label name or a table"


def test_refused_file_exits_1_with_the_formats_read(tmp_path: Path) -> None:
    project = tmp_path / "p.annotator"
    run("new", project)
    odd = tmp_path / "export.tsv"
    odd.write_text("#FORMAT=WebAnno TSV 3.3\n", encoding="utf-8")
    code, out, err = run("import", project, odd)
    assert code == 1
    assert f"refused: {odd}: WebAnno TSV is not read" in err and "0 imported" in out


def test_the_file_dialog_offers_every_format() -> None:
    filters = dialog_filters()
    assert all(f"*{suffix}" in filters.split(";;")[0] for suffix in SUFFIXES)
    assert all(f.title in filters for f in FORMATS if f.suffixes)
    assert filters.endswith("All files (*)")


def test_a_folders_json_of_no_format_is_skipped_but_a_named_one_refused(tmp_path: Path) -> None:
    project = tmp_path / "p.annotator"
    run("new", project)
    gold = FIXTURES.parent / "gold.jsonl"
    assert run("import", project, gold, "--annotator", "ann", "--done")[0] == 0
    assert run("import", project, gold, "--annotator", "bob", "--done")[0] == 0
    code, report, err = run("agreement", project, "--json")
    assert code == 0, err
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "agreement.json").write_text(report, encoding="utf-8")  # our own report
    (folder / "tasks.jsonl").write_text('{"text": "A new article."}\n', encoding="utf-8")
    (folder / "broken.json").write_text('[{"text": ""}]', encoding="utf-8")  # tasks: still refused
    code, out, err = run("import", project, folder)
    assert code == 1 and "1 imported, 0 duplicate, 1 refused, 1 skipped" in out
    assert f"skipped: {folder / 'agreement.json'}: no articles we read in it (" in err
    assert f"refused: {folder / 'broken.json'}: task 1: empty 'text'" in err
    (folder / "broken.json").unlink()
    code, out, err = run("import", project, folder)
    assert code == 0 and "0 imported, 1 duplicate, 0 refused, 1 skipped" in out, err
    code, out, err = run("import", project, folder / "agreement.json")  # named: refused by name
    assert code == 1 and f"refused: {folder / 'agreement.json'}" in err and "skipped" not in out
