"""Nothing from a file reaches a terminal, a brat config or a spreadsheet unescaped (issue 17: 4)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.cli.style import clean, json_text
from annotator.core.errors import SchemeError
from annotator.core.scheme import Scheme
from annotator.io.brat import annotation_conf
from annotator.io.quotes import formula_safe
from annotator.resources import default_scheme
from tests.hostile.cli_helpers import one_line_error, run

ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x9b31m\r\u202e"


def _scheme(**changes: object) -> dict[str, object]:
    data = default_scheme().to_dict()
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "data",
    [
        _scheme(name="news\n[entities]\nEVIL"),
        _scheme(name="news\x1b[2J"),
        _scheme(labels=[{"name": "A", "key": "\x1b", "colour": "#000000"}], relations=[]),
        _scheme(
            labels=[{"name": "A", "key": "a", "colour": "#000000", "attributes": {"t\ny": ["x"]}}],
            relations=[],
        ),
        _scheme(
            labels=[{"name": "A", "key": "a", "colour": "#000000", "attributes": {"t": ["x|y"]}}],
            relations=[],
        ),
        _scheme(
            labels=[{"name": "A", "key": "a", "colour": "#000000", "attributes": {"t": ["x\n[events]"]}}],
            relations=[],
        ),
        _scheme(
            labels=[{"name": "A", "key": "a", "colour": "#000000", "attributes": {"t": ["x y"]}}],
            relations=[],
        ),
    ],
)
def test_control_characters_in_scheme_names_refused(data: dict[str, object], tmp_path: Path) -> None:
    with pytest.raises(SchemeError):
        Scheme.from_dict(data)
    scheme = tmp_path / "s.json"
    scheme.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run("new", tmp_path / "p.annotator", "--scheme", scheme)
    assert code == 1 and one_line_error(err).startswith(f"error: {scheme}: ")


def test_annotation_conf_keeps_a_stored_name_on_one_line() -> None:
    """A project written by an older version may hold such a name: still one comment line."""
    scheme = default_scheme()
    hostile = Scheme("news\n[entities]\nEVIL\r\n[relations]", scheme.version, scheme.labels, scheme.relations)
    conf = annotation_conf(hostile)
    assert conf.splitlines()[0].startswith("# news [entities] EVIL")
    assert "EVIL" not in conf.splitlines()[1:] and conf.count("[entities]\n") == 1


def test_a_project_with_a_hostile_stored_scheme_is_refused(tmp_path: Path) -> None:
    from sqlalchemy import update

    from annotator.store.tables import Setting
    from annotator.usecases.projects import new_project

    path = tmp_path / "p.annotator"
    with new_project(path) as project, project.writing() as conn:
        conn.execute(
            update(Setting).where(Setting.key == "scheme").values(value=_scheme(name="x\n[entities]\nE"))
        )
    code, _, err = run("export", path, "-f", "brat", "-o", tmp_path / "b", "--all")
    assert code == 1 and "the project's scheme is unusable" in one_line_error(err)
    assert not (tmp_path / "b").exists()


def _hostile_project(tmp_path: Path) -> Path:
    path = tmp_path / "p.annotator"
    run("new", path)
    data = tmp_path / "t.jsonl"
    lines = [
        {"text": "Body one.", "meta": {"title": f"Title {ESCAPES} end", "source": f"src{ESCAPES}"}},
        {"text": "Body two.", "meta": {"title": "\u2028line\nbreak\ttab"}},
    ]
    data.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    assert run("import", path, data)[0] == 0
    return path


@pytest.mark.parametrize("command", [["articles"], ["info"]])
def test_titles_with_escape_sequences_reach_the_terminal_escaped(tmp_path: Path, command: list[str]) -> None:
    path = _hostile_project(tmp_path)
    code, out, err = run(command[0], path, *command[1:])
    assert code == 0
    for text in (out, err):
        assert not any(ch in text for ch in "\x1b\x07\x9b\r\u202e\u2028"), repr(text)
    if command == ["articles"]:
        assert "Title \\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\x0d\\u202e end" in out
        assert "\\u2028line\\nbreak\\ttab" in out and len(out.splitlines()) == 3


def test_json_output_is_strict_and_terminal_safe(tmp_path: Path) -> None:
    path = _hostile_project(tmp_path)
    code, out, _ = run("articles", path, "--json")
    assert code == 0 and not any(ch in out for ch in "\x1b\x07\x9b\u202e\u2028")
    rows = json.loads(out)["articles"]
    assert rows[0]["title"] == f"Title {ESCAPES} end"  # the data itself is intact


def test_refusals_name_hostile_file_names_escaped(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    run("new", path)
    bad = tmp_path / "evil\x1b[2J.txt"
    bad.write_bytes(b"\x00\x01binary")
    code, _, err = run("import", path, bad)
    assert code == 1 and "\x1b" not in err and "evil\\x1b[2J.txt" in err


@settings(max_examples=300, deadline=None)
@given(text=st.text())
def test_clean_leaves_no_control_characters(text: str) -> None:
    shown = clean(text, one_line=True)
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in shown)
    assert json.loads(json_text({"t": text})) == {"t": text}
    assert not any(0x7F <= ord(ch) <= 0x9F or ch in "\u2028\u2029" for ch in json_text(text))


def test_quote_csv_cells_never_run_as_formulas(tmp_path: Path) -> None:
    text = '=HYPERLINK("http://x","y") said @SUM(1) of +Ruiz and -Bob.'
    quote, speaker = '=HYPERLINK("http://x","y")', "@SUM(1)"
    spans = [
        {"start": 0, "end": len(quote), "label": "QUOTE"},
        {"start": text.index(speaker), "end": text.index(speaker) + len(speaker), "label": "PERSON"},
    ]
    data = tmp_path / "q.jsonl"
    task = {
        "text": text,
        "meta": {"title": "=cmd|' /C calc'!A0"},
        "_annotator_id": "+ann",
        "_status": "done",
        "spans": spans,
        "relations": [{"label": "SPEAKER", "head_span": spans[0], "child_span": spans[1]}],
    }
    data.write_text(json.dumps(task) + "\n", encoding="utf-8")
    project = tmp_path / "p.annotator"
    run("new", project)
    assert run("import", project, data)[0] == 0
    out = tmp_path / "q.csv"
    code, _, err = run("export", project, "-f", "quotes-csv", "-o", out, "--all")
    assert code == 0, err
    with out.open(encoding="utf-8-sig", newline="") as f:
        [header, row] = list(csv.reader(f))
    cells = dict(zip(header, row, strict=True))
    assert cells["title"] == "'=cmd|' /C calc'!A0"
    assert cells["annotator"] == "'+ann"
    assert cells["quote"] == "'" + quote
    assert cells["speaker"] == "'@SUM(1)"
    assert not any(cell and cell[0] in "=+-@" for cell in row)
    assert cells["start"] == "0"  # numbers stay numbers


@pytest.mark.parametrize(
    ("cell", "shown"), [("=1+1", "'=1+1"), ("-2", "'-2"), ("\tx", "'\tx"), ("a=b", "a=b"), (5, 5)]
)
def test_formula_safe(cell: str | int, shown: str | int) -> None:
    assert formula_safe(cell) == shown
