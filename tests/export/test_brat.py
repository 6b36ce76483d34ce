"""brat export, checked with brat's own reader (``bratsubset`` from the bratiaa
package: brat's annotation.py and projectconfig.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from bratsubset.annotation import TextAnnotations
from bratsubset.projectconfig import ProjectConfiguration
from bratsubset.realmessage import Messager

from annotator.io.atomic import OutputError
from annotator.store import Project
from annotator.usecases.exporting import ExportError, Selection, export
from annotator.usecases.importing import import_paths
from annotator.usecases.projects import new_project
from tests.export.gold_projects import make_gold_project

GOLD = Selection(gold=True)


def _brat_errors() -> list[str]:
    """Drain brat's message queue: what brat would have shown its user as errors."""
    return [m[0] for m in Messager.output_json({})["messages"] if m[1] == "error"]


def test_gold_folder_opens_in_brat(gold_project: Project, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    report = export(gold_project, "brat", out, GOLD)
    assert report.written.documents == 8 and report.written.files == [out]
    _brat_errors()
    config = ProjectConfiguration(str(out))
    assert config.get_entity_types() == list(gold_project.scheme.label_names)
    assert set(config.get_relation_types()) >= set(gold_project.scheme.relation_names)
    [attribute] = config.get_attribute_type_hierarchy()
    assert attribute.storage_form() == "Type"
    assert attribute.arguments == {"Arg": ["QUOTE", "DENIAL"], "Value": ["Direct", "Indirect"]}
    assert config.spans_can_cross("QUOTE", "PERSON") and config.span_can_contain("QUOTE", "PERSON")
    assert (
        config.get_drawing_config_by_type("PERSON")["bgColor"] == gold_project.scheme.label("PERSON").colour
    )
    spans = relations = 0
    for ann in sorted(out.glob("*.ann")):
        doc = TextAnnotations(str(ann.with_suffix("")), read_only=True)
        assert doc.failed_lines == [], ann
        text = doc.get_document_text()
        assert text == ann.with_suffix(".txt").read_text(encoding="utf-8")
        bounds = {t.id: t for t in doc.get_textbounds()}
        for tb in bounds.values():
            assert tb.text == " ".join(text[s:e] for s, e in tb.spans)
        for rel in doc.get_relations():
            head, child = bounds[rel.arg1], bounds[rel.arg2]
            assert rel.type in config.relation_types_from_to(head.type, child.type), (ann, rel)
        for attr in doc.get_attributes():
            assert bounds[attr.target].type in ("QUOTE", "DENIAL") and attr.value in ("Direct", "Indirect")
        spans += len(bounds)
        relations += len(list(doc.get_relations()))
    assert (spans, relations) == (409, 253)
    assert _brat_errors() == []
    seed = (out / "000001.ann").read_text(encoding="utf-8")
    denial = "There are no personnel announcements at this time,"
    start = (out / "000001.txt").read_text(encoding="utf-8").index(denial)
    assert f"\tDENIAL {start} {start + len(denial)}\t{denial}\n" in seed
    sidecar = json.loads((out / "000001.json").read_text(encoding="utf-8"))
    assert sidecar["annotator"] == "gold" and sidecar["status"] == "done"
    assert sidecar["article"]["date"] == "2017-11-30"


def test_span_over_a_line_break_is_written_as_brat_writes_it(tmp_path: Path) -> None:
    text = "“We disagree.\n\nWe will appeal,” said Ruiz.\n"
    task = {
        "text": text,
        "spans": [
            {"start": 1, "end": 30, "label": "QUOTE", "type": "direct"},
            {"start": 37, "end": 41, "label": "PERSON"},
            {"start": 4, "end": 14, "label": "CLAIM"},  # ends on a line break: exact offsets in the sidecar
        ],
        "relations": [
            {
                "label": "SPEAKER",
                "head_span": {"start": 1, "end": 30, "label": "QUOTE"},
                "child_span": {"start": 37, "end": 41, "label": "PERSON"},
            }
        ],
    }
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(task, ensure_ascii=False) + "\n", encoding="utf-8")
    with new_project(tmp_path / "p.annotator") as project:
        import_paths(project, [source], annotator="ana", done=True)
        export(project, "brat", tmp_path / "out", Selection(annotator="ana", include_pending=True))
    ann = (tmp_path / "out" / "000001.ann").read_text(encoding="utf-8")
    assert ann == (
        "T1\tQUOTE 1 13;15 30\tWe disagree. We will appeal,\n"
        "T2\tCLAIM 4 13\tdisagree.\n"
        "T3\tPERSON 37 41\tRuiz\n"
        "R1\tSPEAKER Arg1:T1 Arg2:T3\t\n"
        "A1\tType T1 Direct\n"
    )
    doc = TextAnnotations(str(tmp_path / "out" / "000001"), read_only=True)
    assert doc.failed_lines == [] and _brat_errors() == []
    sidecar = json.loads((tmp_path / "out" / "000001.json").read_text(encoding="utf-8"))
    assert sidecar["exact_offsets"] == {"T2": [4, 14]}


def test_all_annotators_one_folder_each_under_one_annotation_conf(
    new_target: Callable[[str], str | Path], tmp_path: Path
) -> None:
    project_file = make_gold_project(new_target("two.annotator"))
    from annotator.usecases.projects import open_existing

    with open_existing(project_file) as project:
        source = tmp_path / "bob.jsonl"
        text = project.article(2).text
        bob = {"text": text, "spans": [{"start": 0, "end": 7, "label": "PERSON"}], "_status": "done"}
        source.write_text(json.dumps(bob, ensure_ascii=False) + "\n", encoding="utf-8")
        import_paths(project, [source], annotator="bob")
        report = export(project, "brat", tmp_path / "all", Selection(everyone=True))
    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == [
        "annotation.conf",
        "bob",
        "gold",
        "visual.conf",
    ]
    assert (tmp_path / "all" / "bob" / "annotation.conf").is_file()
    assert report.written.annotators == {"gold": 8, "bob": 1}
    assert len(list((tmp_path / "all" / "gold").glob("*.ann"))) == 8
    assert ProjectConfiguration(str(tmp_path / "all" / "bob")).get_entity_types()[0] == "PERSON"
    with new_project(tmp_path / "back.annotator") as back:
        assert import_paths(back, [tmp_path / "all"]).ok
        assert back.annotators() == ["bob", "gold"]


def test_folder_targets(gold_project: Project, tmp_path: Path) -> None:
    a_file = tmp_path / "file.txt"
    a_file.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="exists and is not a folder"):
        export(gold_project, "brat", a_file, GOLD)
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.md").write_text("keep me", encoding="utf-8")
    with pytest.raises(OutputError, match="not empty and holds no earlier export"):
        export(gold_project, "brat", foreign, GOLD)
    assert (foreign / "notes.md").read_text(encoding="utf-8") == "keep me"
    out = tmp_path / "out"
    export(gold_project, "brat", out, GOLD)
    (out / "stale.ann").write_text("", encoding="utf-8")
    export(gold_project, "brat", out, GOLD)  # an earlier export is replaced whole
    assert not (out / "stale.ann").exists() and len(list(out.glob("*.ann"))) == 8
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    with pytest.raises(ExportError, match="no annotator named"):
        export(gold_project, "brat", tmp_path / "new", Selection(annotator="zoe"))
    assert not (tmp_path / "new").exists()
