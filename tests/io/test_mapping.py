"""One ``--map`` dialect for every importer: renamings, span rules, brat events."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.errors import InputError
from annotator.io.mapping import load_label_map, parse_label_map
from annotator.store import Project
from annotator.usecases.importing import import_paths

TEXT = "He said so. Mayor Ana Ruiz said “we will not resign” on Monday."


def _spans(project: Project, annotator: str) -> set[tuple[str, str, str]]:
    [row] = project.list_articles()
    text = project.article(row.id).text
    return {
        (s.label, s.attrs.get("type", ""), text[s.start : s.end])
        for s in project.annotation_set(row.id, annotator).spans
    }


def _write_map(tmp_path: Path, toml: str) -> Path:
    path = tmp_path / "map.toml"
    path.write_text(toml, encoding="utf-8")
    return path


def test_a_plain_renaming_applies_to_brat_files_too(project: Project, tmp_path: Path) -> None:
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "a.ann").write_text(
        "T1\tPer 18 26\tAna Ruiz\nT2\tTitle 12 17\tMayor\nT3\tPERSON 0 2\tHe\nR1\tTitleOf Arg1:T2 Arg2:T1\n",
        encoding="utf-8",
    )
    mapping = load_label_map(
        _write_map(tmp_path, '[labels]\nPer = "PERSON"\nTitle = "ROLE"\n[relations]\nTitleOf = "ROLE_OF"\n')
    )
    report = import_paths(project, [folder], annotator="x", label_map=mapping)
    assert report.ok, report.refused
    # Mapped labels renamed; a label of ours the map does not name kept as it is.
    assert _spans(project, "x") == {("PERSON", "", "Ana Ruiz"), ("ROLE", "", "Mayor"), ("PERSON", "", "He")}
    [row] = project.list_articles()
    [relation] = project.annotation_set(row.id, "x").relations
    assert relation.label == "ROLE_OF"


def test_span_rules_apply_to_other_tools_files(project: Project, tmp_path: Path) -> None:
    start = TEXT.index("“")
    line = {
        "text": TEXT,
        "label": [[0, 2, "Who"], [18, 26, "Who"], [start, TEXT.index("”") + 1, "Said"]],
    }
    data = tmp_path / "doccano.jsonl"
    data.write_text(json.dumps(line) + "\n", encoding="utf-8")
    mapping = load_label_map(
        _write_map(
            tmp_path,
            '[labels]\nWho = { label = "PERSON", pronouns = "drop" }\n'
            'Said = { label = "QUOTE", type = "quotation-marks" }\n',
        )
    )
    report = import_paths(project, [data], annotator="x", label_map=mapping)
    assert report.ok, report.refused
    assert _spans(project, "x") == {("PERSON", "", "Ana Ruiz"), ("QUOTE", "direct", "we will not resign")}
    assert any("only a pronoun" in note for note in report.notes)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"lables": {}}, "unknown table(s) lables"),
        ({"files": {"text_dir": "x"}}, "files: unknown key(s) text_dir"),
        ({"labels": {"A": "not a label!"}}, "labels.A must be a label name"),
        (
            {"relations": {"R": {"label": "SPEAKER", "reverse": "yes"}}},
            "relations.R.reverse must be true or false",
        ),
        ({"layers": {"webanno.custom.Q": {"label": "QUOTE", "feature": "value"}}}, "give either label"),
    ],
)
def test_a_map_of_the_wrong_shape_is_refused_by_key(raw: dict, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(InputError) as caught:
        parse_label_map(raw, "m.toml")
    assert caught.value.reason.startswith("m.toml: ") and message in caught.value.reason
