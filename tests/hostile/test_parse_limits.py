"""JSON and TOML that break Python's parsers (nesting, 5,000-digit numbers,
NaN/Infinity) are refused with one line naming the file and line (issue 17: 1, 11)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core import safe_json
from annotator.core.errors import InputError
from annotator.store import Project
from annotator.usecases.importing import import_paths
from tests.hostile.cli_helpers import run

DEEP = 100_000
HUGE = "9" * 5000
TEXT = "Mayor Ana Ruiz said no."


def _line(**extra: object) -> str:
    return json.dumps({"text": TEXT, **extra})


def _import_lines(project: Project, tmp_path: Path, *lines: str) -> list[str]:
    data = tmp_path / "in.jsonl"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_paths(project, [data])
    return [str(r) for r in report.refused]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[" * DEEP + "]" * DEEP, "nested too deeply"),
        ('{"text": "a", "meta": ' + '{"a":' * DEEP + "1" + "}" * DEEP + "}", "nested too deeply"),
        ('{"text": "a", "meta": ' + '{"a":' * 40 + "1" + "}" * 40 + "}", "'meta' is nested more than"),
        ('{"text": "a", "meta": {"n": ' + HUGE + "}}", "too many digits"),
        (
            '{"text": "Ana", "_annotator_id": "a", "spans": [{"start": 0, "end": '
            + HUGE
            + ', "label": "PERSON"}]}',
            "too many digits",
        ),
        ('{"text": "a", "meta": {"score": NaN}}', "NaN is not valid JSON"),
        ('{"text": "a", "meta": {"score": Infinity}}', "Infinity is not valid JSON"),
        ('{"text": "a", "meta": {"score": -Infinity}}', "-Infinity is not valid JSON"),
        ('{"text": "a", "meta": {"score": 1e400}}', "too large for a JSON number"),
        ('{"text": "a", "title": ' + "[" * 500 + "]" * 500 + "}", "'title' must be a string"),
    ],
)
def test_jsonl_line_refused_with_its_line(project: Project, tmp_path: Path, line: str, reason: str) -> None:
    refused = _import_lines(project, tmp_path, _line(), line)
    assert len(refused) == 1 and "in.jsonl:2: " in refused[0] and reason in refused[0], refused
    assert project.counts().articles == 1  # the good line went in


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("deep.toml", "a = " + "[" * DEEP + "]" * DEEP, "nested too deeply"),
        ("deep.json", "[" * DEEP + "]" * DEEP, "nested too deeply"),
        ("big.toml", f'name = "x"\nversion = {HUGE}\n', "too many digits"),
        ("big.json", '{"name": "x", "version": ' + HUGE + "}", "too many digits"),
        ("nan.json", '{"name": "x", "version": NaN}', "NaN is not valid JSON"),
    ],
)
def test_scheme_file_refused_in_one_line(tmp_path: Path, name: str, content: str, reason: str) -> None:
    scheme = tmp_path / name
    scheme.write_text(content, encoding="utf-8")
    code, _, err = run("new", tmp_path / "p.annotator", "--scheme", scheme)
    assert code == 1 and err.startswith(f"error: {scheme}: ") and reason in err, err
    assert not (tmp_path / "p.annotator").exists()


def test_brat_offset_of_5000_digits_refused(project: Project, tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "doc.ann").write_text(f"T1\tPERSON 6 {HUGE}\tAna Ruiz\n", encoding="utf-8")
    report = import_paths(project, [tmp_path / "doc.ann"])
    [refused] = report.refused
    assert str(refused).startswith(f"{tmp_path / 'doc.ann'}:1: malformed text-bound line")


def test_nan_never_written_even_from_an_old_project(project: Project, tmp_path: Path) -> None:
    """An article whose stored meta holds NaN (an older version let it in) is exported as null."""
    from sqlalchemy import update

    from annotator.store.tables import ArticleRow

    _import_lines(project, tmp_path, json.dumps({"text": TEXT, "meta": {"score": 1.5}}))
    with project.writing() as conn:
        conn.execute(update(ArticleRow).values(meta={"score": math.nan, "deep": [math.inf]}))
    project.ensure_annotator("ann")
    [row] = project.list_articles()
    from annotator.core.model import ArticleStatus

    project.set_status(row.id, "ann", ArticleStatus.DONE)
    project.close()
    for fmt, out in (("jsonl", tmp_path / "o.jsonl"), ("brat", tmp_path / "brat")):
        code, _, err = run("export", project.location, "-f", fmt, "-o", out, "--annotator", "ann")
        assert code == 0, err
    line = (tmp_path / "o.jsonl").read_text(encoding="utf-8")
    sidecar = next((tmp_path / "brat").glob("*.json")).read_text(encoding="utf-8")
    for written in (line, sidecar):
        data = json.loads(written, parse_constant=lambda c: pytest.fail(f"non-standard JSON {c}"))
        meta = data["meta"] if "meta" in data else data["article"]
        assert meta["score"] is None and meta["deep"] == [None]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(value=json_values, depth=st.integers(1, 3000))
def test_safe_loads_never_raises_anything_but_input_error(value: object, depth: int) -> None:
    text = "[" * depth + json.dumps(value) + "]" * depth
    try:
        parsed = safe_json.loads(text)
    except InputError as exc:
        assert "nested too deeply" in exc.reason
    else:
        for _ in range(depth):
            assert isinstance(parsed, list)
            [parsed] = parsed
        assert parsed == value


@settings(max_examples=100, deadline=None)
@given(digits=st.integers(1, 9000), where=st.sampled_from(["meta", "start", "toml"]))
def test_long_numbers_anywhere(digits: int, where: str) -> None:
    number = "7" * digits
    try:
        if where == "toml":
            safe_json.loads_toml(f"version = {number}")
        else:
            safe_json.loads('{"meta": {"n": ' + number + "}}")
    except InputError as exc:
        assert digits > 4300 and "too many digits" in exc.reason
    else:
        assert digits <= 4300
