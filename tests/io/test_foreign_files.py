"""Import of files written by other tools (Prodigy, brat), hand-written from their documented formats."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.store import Project
from annotator.usecases.importing import import_paths

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "fixtures"
TEXT = "Hi. My name is Vincent. “We will not resign,” said Mayor Ana Ruiz on Monday."


def _spans(project: Project, annotator: str) -> set[tuple[str, str]]:
    article_id = project.find_article(TEXT)
    assert article_id is not None
    return {(s.label, TEXT[s.start : s.end]) for s in project.annotation_set(article_id, annotator).spans}


def test_prodigy_manual_recipes(project: Project) -> None:
    report = import_paths(project, [FIXTURES / "prodigy"])
    assert report.ok, report.refused
    assert report.imported == 2  # the rejected ner.manual task still brings its text
    assert _spans(project, "news-alice") == {("PERSON", "Vincent"), ("ROLE", "Mayor"), ("PERSON", "Ana Ruiz")}
    assert ("ROLE", "Mayor Ana Ruiz") in _spans(project, "news-bob")  # overlapping spans kept
    article_id = project.find_article(TEXT)
    assert article_id is not None
    carol = project.annotation_set(article_id, "news-carol")
    assert {
        (r.label, TEXT[r.head.start : r.head.end], TEXT[r.child.start : r.child.end]) for r in carol.relations
    } == {
        ("SPEAKER", "We will not resign,", "Ana Ruiz"),
        ("ROLE_OF", "Mayor", "Ana Ruiz"),
        ("CUE_OF", "said", "We will not resign,"),
    }
    rejected = project.find_article("Nothing to see here.")
    assert rejected is not None and project.annotation_set(rejected, "news-alice").spans == ()


def test_brat_folder_with_t_r_a_and_note_lines(project: Project) -> None:
    report = import_paths(project, [FIXTURES / "brat" / "newsroom"], done=True, annotator="desk")
    assert report.ok, report.refused
    [row] = project.list_articles()
    article = project.article(row.id)
    assert article.text.startswith("Mayor rejects report\n\n“The report")  # exactly the .txt: no date line
    annotations = project.annotation_set(row.id, "desk")
    assert annotations.done
    by_label = {s.label: s for s in annotations.spans}
    denial = by_label["DENIAL"]
    # Two fragments split at the line break are one span again.
    assert article.text[denial.start : denial.end] == "The report is wrong,\nand we will say so,"
    assert denial.attrs == {"type": "direct"}
    assert {(r.label, r.head.label, r.child.label) for r in annotations.relations} == {
        ("SPEAKER", "DENIAL", "PERSON"),
        ("ROLE_OF", "ROLE", "PERSON"),
        ("CUE_OF", "CUE", "DENIAL"),
        ("DENIES", "DENIAL", "CLAIM"),
    }


def test_brat_annotator_defaults_to_the_folder_name(project: Project) -> None:
    assert import_paths(project, [FIXTURES / "brat" / "newsroom" / "doc1.ann"]).ok
    assert project.annotators() == ["newsroom"]


def test_discontinuous_brat_span_is_refused_with_the_line(project: Project) -> None:
    report = import_paths(project, [FIXTURES / "brat" / "discontinuous"])
    [problem] = report.refused
    assert str(problem) == (
        f"{FIXTURES / 'brat' / 'discontinuous' / 'doc2.ann'}:1: T1: discontinuous span (4 11;22 29) "
        "cannot be imported: a span here is one stretch of text"
    )
    assert report.imported == 0


@pytest.mark.parametrize(
    ("ann", "reason"),
    [
        ("T1\tPERSON 0 5\tWrong\n", "offsets 0 5 give 'Mayor', but the line says 'Wrong'"),
        ("T1\tNAME 0 5\tMayor\n", "unknown label 'NAME'"),
        ("T1 PERSON 0 5 Mayor\n", "malformed text-bound line"),
        ("T1\tROLE 0 5\tMayor\nR1\tSPEAKER Arg1:T1 Arg2:T9\t\n", "relation points at unknown annotation T9"),
        ("T1\tROLE 0 5\tMayor\nA1\tType T1 Direct\n", "label ROLE has no attribute 'Type'"),
        ("E1\tSPEAK:T1\n", "brat event annotations are not supported"),
    ],
)
def test_broken_brat_lines_are_refused(project: Project, tmp_path: Path, ann: str, reason: str) -> None:
    (tmp_path / "d.txt").write_text("Mayor Ana Ruiz spoke.", encoding="utf-8")
    (tmp_path / "d.ann").write_text(ann, encoding="utf-8")
    report = import_paths(project, [tmp_path], annotator="x")
    [problem] = report.refused
    assert reason in str(problem) and str(problem).startswith(f"{tmp_path / 'd.ann'}:")


def test_ann_without_its_text_is_refused(project: Project, tmp_path: Path) -> None:
    (tmp_path / "lonely.ann").write_text("T1\tPERSON 0 1\tA\n", encoding="utf-8")
    report = import_paths(project, [tmp_path])
    [problem] = report.refused
    assert "brat annotations without their text (lonely.txt is missing)" in str(problem)
