"""Values of the wrong shape in a file end in one line, never a TypeError (issue 17: 1, 12)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.store import Project
from annotator.usecases.importing import import_paths

TEXT = "Mayor Ana Ruiz said no."
ANA = {"start": 6, "end": 14, "label": "PERSON"}
NO = {"start": 20, "end": 22, "label": "QUOTE"}


def _task(relation_head: Any) -> dict[str, Any]:
    return {
        "text": TEXT,
        "_annotator_id": "ann",
        "spans": [ANA, NO],
        "relations": [{"label": "SPEAKER", "head_span": relation_head, "child_span": ANA}],
    }


@pytest.mark.parametrize(
    "head",
    [
        {**NO, "start": [20]},
        {**NO, "end": {"a": 1}},
        {**NO, "label": {"x": 1}},
        {**NO, "label": ["QUOTE"]},
        {**NO, "start": True},
    ],
)
def test_relation_end_of_the_wrong_shape(project: Project, tmp_path: Path, head: dict[str, Any]) -> None:
    data = tmp_path / "r.jsonl"
    data.write_text(json.dumps(_task(head)) + "\n", encoding="utf-8")
    [refused] = import_paths(project, [data]).refused
    assert str(refused).startswith(f"{data}:1: relation 1: 'head_span': ")
    assert project.counts().articles == 0


def _brat(folder: Path, sidecar: Any) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "000001.txt").write_text(TEXT, encoding="utf-8")
    (folder / "000001.ann").write_text("T1\tPERSON 6 14\tAna Ruiz\n", encoding="utf-8")
    (folder / "000001.json").write_text(json.dumps(sidecar), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("sidecar", "reason"),
    [
        ({"exact_offsets": "T1"}, "'exact_offsets' must be an object, not a string"),
        ({"exact_offsets": 3}, "'exact_offsets' must be an object, not a number"),
        ({"exact_offsets": [0]}, "'exact_offsets' must be an object, not a list"),
        ({"exact_offsets": ["a", "b"]}, "'exact_offsets' must be an object, not a list"),
        ({"exact_offsets": {"T1": "0 5"}}, "exact_offsets['T1'] must be [start, end] integers"),
        ({"exact_offsets": {"T1": [0, "5"]}}, "exact_offsets['T1'] must be [start, end] integers"),
        ({"exact_offsets": {"T1": [0, 5, 6]}}, "exact_offsets['T1'] must be [start, end] integers"),
        ({"exact_offsets": {"x": [0, 5]}}, "is not a T id"),
        ({"article": [1, 2]}, "'article' must be an object, not a list"),
        ({"article": "title"}, "'article' must be an object, not a string"),
        ({"annotator": ["a"]}, "'annotator' must be a string, not a list"),
        ({"status": {"done": 1}}, "'status' must be a string, not an object"),
        ([1, 2], "must hold a JSON object, not a list"),
        ("x", "must hold a JSON object, not a string"),
    ],
)
def test_brat_sidecar_of_the_wrong_shape(project: Project, tmp_path: Path, sidecar: Any, reason: str) -> None:
    folder = _brat(tmp_path / "alice", sidecar)
    [refused] = import_paths(project, [folder]).refused
    assert str(refused).startswith(f"{folder / '000001.txt'}: 000001.json: ") and reason in str(refused)
    assert project.counts().articles == 0


def test_duplicate_brat_id_refused(project: Project, tmp_path: Path) -> None:
    folder = tmp_path / "bob"
    folder.mkdir()
    (folder / "d.txt").write_text(TEXT, encoding="utf-8")
    (folder / "d.ann").write_text("T1\tPERSON 6 14\tAna Ruiz\nT1\tROLE 0 5\tMayor\n", encoding="utf-8")
    [refused] = import_paths(project, [folder]).refused
    assert str(refused) == f"{folder / 'd.ann'}:2: T1 is defined twice"


def test_annotator_name_limits(project: Project, tmp_path: Path) -> None:
    data = tmp_path / "n.jsonl"
    lines = [
        {"text": TEXT, "_annotator_id": "x" * 300, "spans": [ANA]},
        {"text": TEXT + " 2", "_annotator_id": "bad\x1b[2Jname", "spans": [ANA]},
        {"text": TEXT + " 3", "_annotator_id": "x" * 128, "spans": [ANA]},
    ]
    data.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    refused = [str(r) for r in import_paths(project, [data]).refused]
    assert refused == [
        f"{data}:1: annotator name is 300 characters long; at most 128 are allowed",
        f"{data}:2: annotator name 'bad\\x1b[2Jname' holds control characters",
    ]
    assert project.annotators() == ["x" * 128]


json_leaf = (
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False)
    | st.text(max_size=8)
)
json_any = st.recursive(
    json_leaf,
    lambda c: (
        st.lists(c, max_size=3) | st.dictionaries(st.sampled_from(["T1", "a", "start", "0"]), c, max_size=3)
    ),
    max_leaves=8,
)
# A sidecar built from the keys we read, each with any JSON value.
sidecars = st.fixed_dictionaries(
    {},
    optional={"annotator": json_any, "status": json_any, "article": json_any, "exact_offsets": json_any},
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sidecar=sidecars | json_any)
def test_any_sidecar_is_read_or_refused_in_one_line(project: Project, tmp_path: Path, sidecar: Any) -> None:
    try:
        json.dumps(sidecar, allow_nan=False)
    except ValueError:
        return  # not JSON (infinite float)
    folder = _brat(tmp_path / "carol", sidecar)
    report = import_paths(project, [folder])
    assert report.imported + report.duplicates + len(report.refused) == 1
    for refused in report.refused:
        assert "\n" not in str(refused) and str(refused).startswith(str(folder))


span_values = st.fixed_dictionaries(
    {
        "start": json_any | st.integers(0, 30),
        "end": json_any | st.integers(0, 30),
        "label": json_any | st.just("PERSON"),
    },
    optional={"text": json_any, "type": json_any},
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(span=span_values, ref=span_values)
def test_any_span_or_relation_end_is_read_or_refused(
    project: Project, tmp_path: Path, span: Any, ref: Any
) -> None:
    task = {
        "text": TEXT,
        "_annotator_id": "dan",
        "spans": [span],
        "relations": [{"label": "SPEAKER", "head_span": ref, "child_span": span}],
    }
    try:
        line = json.dumps(task, allow_nan=False)
    except ValueError:
        return
    data = tmp_path / "h.jsonl"
    data.write_text(line + "\n", encoding="utf-8")
    report = import_paths(project, [data])
    assert report.imported + report.duplicates + len(report.refused) == 1
    for refused in report.refused:
        assert str(refused).startswith(f"{data}:1: ")
