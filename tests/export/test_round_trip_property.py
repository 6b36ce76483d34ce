"""Export, import into another project, export again: the same annotations, for
any text (astral characters, line breaks, tabs), overlapping spans, attributes,
relations, annotator and status. Real SQLite projects, JSONL and brat alike."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from annotator.store import Project
from annotator.usecases.exporting import ExportError, Selection, export
from annotator.usecases.importing import import_paths
from annotator.usecases.projects import new_project

TRICKY = st.sampled_from(
    ["🙂", "𝔘", "😀", "\n", "\n\n", "\t", "e\u0301", "“", "”", "\u2028", "\x85", " ", "\ufeff"]
)
CHARS = st.characters(exclude_categories=("Cs",), exclude_characters="\r\x00")
TEXTS = st.lists(st.one_of(TRICKY, CHARS), min_size=1, max_size=60).map("".join)
LABELS = ["PERSON", "ROLE", "QUOTE", "DENIAL", "CUE"]
# (relation, head labels, child labels) from the news-claims scheme
RELATIONS = [
    ("SPEAKER", {"QUOTE", "DENIAL"}, {"PERSON", "ROLE"}),
    ("ROLE_OF", {"ROLE"}, {"PERSON"}),
    ("CUE_OF", {"CUE"}, {"QUOTE", "DENIAL"}),
]
_names = (f"annotator {i} ü" for i in itertools.count())


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Project, Project, Path]]:
    folder = tmp_path_factory.mktemp("roundtrip")
    with new_project(folder / "a.annotator") as first, new_project(folder / "b.annotator") as second:
        yield first, second, folder


@st.composite
def tasks(draw: st.DrawFn) -> dict:
    text = draw(TEXTS)
    assume(text.strip())
    bounds = st.integers(0, len(text))
    spans = []
    for a, b, label, kind in draw(
        st.lists(
            st.tuples(bounds, bounds, st.sampled_from(LABELS), st.sampled_from(["direct", "indirect", None])),
            max_size=8,
        )
    ):
        if a == b:
            continue
        span = {"start": min(a, b), "end": max(a, b), "label": label}
        if label in ("QUOTE", "DENIAL") and kind:
            span[draw(st.sampled_from(["quote_type", "type"]))] = kind  # ours, or the legacy key
        spans.append(span)
    unique = list({(s["start"], s["end"], s["label"]): s for s in spans}.values())
    relations = []
    pairs = (
        st.lists(st.tuples(st.sampled_from(unique), st.sampled_from(unique)), max_size=6) if unique else None
    )
    for head, child in draw(pairs) if pairs is not None else []:
        for label, heads, children in RELATIONS:
            if head["label"] in heads and child["label"] in children:
                relations.append({"label": label, "head_span": head, "child_span": child})
    status = draw(st.sampled_from(["done", "in_progress"]))
    if status == "in_progress":
        assume(unique)  # a pending article with nothing accepted is not exported (nothing to bring back)
    return {
        "text": text,
        "meta": {"title": draw(st.text(max_size=12)), "date": "2020-02-29"},
        "spans": unique,
        "relations": relations,
        "_annotator_id": next(_names),
        "_status": status,
    }


def _annotations(path: Path) -> list[dict]:
    """What must survive: everything but the project-specific article id."""
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]
    for line in lines:
        line["meta"].pop("article_id")
    return lines


@pytest.mark.parametrize("format", ["jsonl", "brat", "label-studio"])
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(task=tasks())
def test_export_import_export_is_lossless(
    projects: tuple[Project, Project, Path], format: str, task: dict
) -> None:
    first, second, folder = projects
    source = folder / "task.jsonl"
    source.write_text(json.dumps(task, ensure_ascii=False) + "\n", encoding="utf-8")
    report = import_paths(first, [source])
    assert report.ok, report.refused
    who = Selection(annotator=task["_annotator_id"], include_pending=True)
    suffix = {"label-studio": "json"}.get(format, format)
    before, middle, after = folder / "before.jsonl", folder / f"middle.{suffix}", folder / "after.jsonl"
    export(first, "jsonl", before, who)
    export(first, format, middle, who)
    report = import_paths(second, [middle])
    assert report.ok, report.refused
    export(second, "jsonl", after, who)
    got, expected = _annotations(after), _annotations(before)
    assert got == expected
    [line] = got
    assert line["text"] == task["text"] and line["_status"] == task["_status"]
    # The attribute is written as quote_type; the task gives it as quote_type or the legacy type.
    assert {(s["start"], s["end"], s["label"], s.get("quote_type")) for s in line["spans"]} == {
        (s["start"], s["end"], s["label"], s.get("quote_type", s.get("type"))) for s in task["spans"]
    }
    distinct = {
        (r["label"], json.dumps(r["head_span"]), json.dumps(r["child_span"])) for r in task["relations"]
    }
    assert len(line["relations"]) == len(distinct)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(task=tasks())
def test_cas_xmi_export_import_keeps_text_spans_relations_and_annotator(
    projects: tuple[Project, Project, Path], task: dict
) -> None:
    """UIMA CAS XMI holds the text, spans, attributes, relations and (by its file name) the
    annotator; not our status (imported with --done) or article fields. Texts with control characters that XML
    cannot carry are left out, and said so."""
    first, second, folder = projects
    source = folder / "task.jsonl"
    source.write_text(json.dumps(task, ensure_ascii=False) + "\n", encoding="utf-8")
    assert import_paths(first, [source]).ok
    who = Selection(annotator=task["_annotator_id"], include_pending=True)
    before, middle, after = folder / "before.jsonl", folder / "middle-cas", folder / "after.jsonl"
    export(first, "jsonl", before, who)
    if re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", task["text"]):
        with pytest.raises(ExportError, match="nothing to export"):
            export(first, "cas-xmi", middle, who)
        return
    export(first, "cas-xmi", middle, who)
    report = import_paths(second, [middle], done=True)  # CAS has no place for our status: --done
    assert report.ok, report.refused
    export(second, "jsonl", after, who)
    keep = ("text", "spans", "relations", "_annotator_id", "tokens")
    got = [{k: line[k] for k in keep} for line in _annotations(after)]
    expected = [{k: line[k] for k in keep} for line in _annotations(before)]
    assert got == expected
