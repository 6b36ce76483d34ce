"""brat events and label mapping files (``annotator import --map``), on a hand-written
PolNeAR-style corpus (tests/data/fixtures/polnear, no corpus text)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from annotator.cli.app import app
from annotator.core.errors import InputError
from annotator.io.mapping import LabelRule, load_label_map, parse_label_map, shaped_span
from annotator.resources import resources_dir
from annotator.store import Project
from annotator.usecases.importing import import_paths

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "fixtures"
POLNEAR = FIXTURES / "polnear"
MAP = resources_dir() / "maps" / "polnear.toml"


def _triples(
    project: Project, annotator: str
) -> tuple[str, set[tuple[str, str, str]], set[tuple[str, str, str]]]:
    [row] = project.list_articles()
    text = project.article(row.id).text
    annotations = project.annotation_set(row.id, annotator)
    spans = {(s.label, s.attrs.get("type", ""), text[s.start : s.end]) for s in annotations.spans}
    relations = {
        (r.label, text[r.head.start : r.head.end], text[r.child.start : r.child.end])
        for r in annotations.relations
    }
    return text, spans, relations


def test_polnear_events_become_quotes_cues_and_speakers(project: Project) -> None:
    report = import_paths(project, [POLNEAR], label_map=load_label_map(MAP))
    assert report.ok, report.refused
    assert (report.imported, report.duplicates) == (1, 1)  # two annotators' files of one text
    _, spans, relations = _triples(project, "ab12")
    assert spans == {
        ("ROLE", "", "The mayor"),  # a role noun as the source's last word
        ("CUE", "", "said"),
        ("QUOTE", "indirect", "the bridge would reopen in May"),
        ("PERSON", "", "Ana Ruiz"),
        ("QUOTE", "direct", "We are on schedule,"),  # marks cut off; one QUOTE per piece
        ("QUOTE", "direct", "No delays."),
        ("CUE", "", "added"),
        ("QUOTE", "indirect", "the budget was fine"),
        ("ORG", "", "The transport agency"),
        ("CUE", "", "said in a statement"),
        ("QUOTE", "indirect", "the work was safe"),  # over a raw line break, without "that"
        ("CUE", "", "believe"),
        ("QUOTE", "indirect", "the plan is too costly"),
    }
    assert ("SPEAKER", "No delays.", "Ana Ruiz") in relations
    assert ("SPEAKER", "We are on schedule,", "Ana Ruiz") in relations
    assert ("CUE_OF", "said in a statement", "the work was safe") in relations
    assert ("SPEAKER", "the work was safe", "The transport agency") in relations
    assert ("CUE_OF", "believe", "the plan is too costly") in relations
    assert not any(r[0] == "SPEAKER" and r[1] == "the budget was fine" for r in relations)  # "She": dropped
    assert len([r for r in relations if r[0] == "SPEAKER"]) == 4
    assert len([r for r in relations if r[0] == "CUE_OF"]) == 6
    _, other, _ = _triples(project, "cd34")
    assert other == {
        ("PERSON", "", "Ana Ruiz"),
        ("CUE", "", "said"),
        ("QUOTE", "direct", "We are on schedule,"),
    }
    counts = report.unmapped.counts
    assert counts["span label 'Attribution' dropped by the map"] == 5
    assert counts["span label 'Discuss' dropped by the map"] == 1
    assert counts["Source that is only a pronoun (dropped)"] == 1
    assert report.unmapped.first["span label 'Discuss' dropped by the map"].endswith("harbour_ab12.ann:26")


def test_events_without_a_map_are_refused_with_a_hint(project: Project, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Ana said no.", encoding="utf-8")
    (tmp_path / "a.ann").write_text(
        "T1\tPERSON 0 3\tAna\nT2\tCUE 4 8\tsaid\nE1\tCUE:T2 Who:T1\n", encoding="utf-8"
    )
    report = import_paths(project, [tmp_path], annotator="x")
    [problem] = report.refused
    assert problem.where.endswith("a.ann:3") and "--map FILE" in problem.reason


def test_import_cli_names_and_counts_what_is_not_mapped(project_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["new", str(project_path)]).exit_code == 0
    result = runner.invoke(app, ["import", str(project_path), str(POLNEAR), "--map", str(MAP)])
    assert result.exit_code == 0, result.output
    assert "not mapped: 5 x span label 'Attribution' dropped by the map" in result.output
    assert "1 imported, 1 duplicate, 0 refused" in result.output


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ({"labels": {"Content": 3}}, "labels.Content must be a label name or a table"),
        ({"labels": {"Content": {"label": "QUOTE", "type": "bold"}}}, "labels.Content.type must be"),
        (
            {"labels": {"Source": {"label": "PERSON", "by_head_word": {"ROLE": "../etc"}}}},
            "shipped word list",
        ),
        (
            {"labels": {"Source": {"label": "PERSON", "by_head_word": {"ROLE": "nope"}}}},
            "no word list 'nope'",
        ),
        ({"events": {"Attribution": {"CUE_OF": ["Cue"]}}}, "must be [head role, child role]"),
        ({"files": {"text_folder": "../../etc"}}, "files.text_folder must be a folder name"),
        ({"labels": []}, "[labels] must be a table"),
    ],
)
def test_bad_mapping_files_get_one_clear_reason(toml: dict, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(InputError) as caught:
        parse_label_map(toml)
    assert message in caught.value.reason


def test_mapping_file_that_is_not_toml(tmp_path: Path) -> None:
    bad = tmp_path / "map.toml"
    bad.write_text("[labels\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"map\.toml: not valid TOML"):
        load_label_map(bad)


def test_unknown_labels_and_relations_are_counted_not_imported(project: Project, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Ana said no.", encoding="utf-8")
    (tmp_path / "a.ann").write_text(
        "T1\tSpeaker 0 3\tAna\nT2\tVerb 4 8\tsaid\nT3\tWhat 9 11\tno\nR1\tSaid Arg1:T3 Arg2:T1\n"
        "R2\tIntro Arg1:T2 Arg2:T3\nR3\tSaid Arg1:T1 Arg2:T3\n",
        encoding="utf-8",
    )
    mapping = parse_label_map(
        {"labels": {"Speaker": "PERSON", "What": "QUOTE"}, "relations": {"Said": "SPEAKER"}}
    )
    report = import_paths(project, [tmp_path], annotator="x", label_map=mapping)
    assert report.ok, report.refused
    _, spans, relations = _triples(project, "x")
    assert spans == {("PERSON", "", "Ana"), ("QUOTE", "", "no")}
    assert relations == {("SPEAKER", "no", "Ana")}
    assert report.unmapped.counts == {
        "span label 'Verb' not in the map": 1,
        "relation 'Intro' not in the map": 1,
        "SPEAKER from PERSON to QUOTE (the scheme does not allow it)": 1,  # skipped, not the file
    }


def test_quotation_mark_rule_reads_doubled_apostrophes() -> None:
    rule = LabelRule("QUOTE", "quotation-marks")
    text = "''We will win.'' and ''partly'' quoted"
    span = shaped_span(text, rule, 0, 16)
    assert span is not None and (text[span.start : span.end], span.attrs) == (
        "We will win.",
        {"type": "direct"},
    )
    mixed = shaped_span(text, rule, 0, len(text))
    assert mixed is not None and mixed.attrs == {"type": "indirect"}
