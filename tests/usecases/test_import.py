"""Importing files and folders: good input goes in, bad input is named and refused."""

import json
from pathlib import Path

import pytest

from annotator.core.model import ArticleStatus, Span
from annotator.store import Project
from annotator.usecases.importing import import_paths

TEXT = "Tillerson said: “There are no plans.” Pompeo agreed."


def jsonl(path: Path, *tasks: object) -> Path:
    path.write_text(
        "\n".join(t if isinstance(t, str) else json.dumps(t, ensure_ascii=False) for t in tasks) + "\n"
    )
    return path


def task(text: str = TEXT, **extra: object) -> dict:
    return {"text": text, **extra}


def test_folder_imported_recursively_other_files_skipped(project: Project, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("date 2020-05-01\nHeadline A\n\nBody A.\n")
    (folder / "sub" / "b.txt").write_text("Body B.")
    (folder / "sub" / "SOURCES.tsv").write_text("file\tsource\n")
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "c.txt").write_text("Hidden.")
    report = import_paths(project, [folder])
    assert (report.imported, report.duplicates, report.refused, report.files) == (2, 0, [], 2)
    titles = sorted(row.title for row in project.list_articles())
    assert titles == ["Body B.", "Headline A"]


def test_same_text_twice_is_one_article(project: Project, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Same body.")
    (tmp_path / "b.txt").write_bytes(b"\xef\xbb\xbfSame body.")
    (tmp_path / "c.txt").write_bytes(b"Same\r\nbody.")
    (tmp_path / "d.txt").write_bytes(b"Same\nbody.")
    report = import_paths(project, sorted(tmp_path.glob("*.txt")))
    assert (report.imported, report.duplicates) == (2, 2)
    again = import_paths(project, sorted(tmp_path.glob("*.txt")))
    assert (again.imported, again.duplicates) == (0, 4)


def test_jsonl_with_spans_relations_annotator_and_done(project: Project, tmp_path: Path) -> None:
    spans = [
        {"start": 0, "end": 9, "label": "PERSON", "text": "Tillerson"},
        {"start": 10, "end": 14, "label": "CUE"},
        {"start": 17, "end": 36, "label": "DENIAL", "type": "direct", "token_start": 4, "token_end": 8},
    ]
    relations = [
        {"label": "SPEAKER", "head": 8, "child": 0, "head_span": spans[2], "child_span": spans[0]},
        {"label": "CUE_OF", "head_span": spans[1], "child_span": spans[2]},
    ]
    path = jsonl(tmp_path / "gold.jsonl", task(spans=spans, relations=relations, meta={"date": "2017-11-30"}))
    report = import_paths(project, [path], annotator="gold", done=True)
    assert report.ok and report.imported == 1 and report.annotations == 3
    [row] = project.list_articles()
    assert row.statuses == {"gold": ArticleStatus.DONE} and str(row.date) == "2017-11-30"
    got = project.annotation_set(row.id, "gold")
    assert got.done
    assert [TEXT[s.start : s.end] for s in got.spans] == ["Tillerson", "said", "There are no plans."]
    assert got.spans[2] == Span(17, 36, "DENIAL", {"type": "direct"})
    assert sorted(r.label for r in got.relations) == ["CUE_OF", "SPEAKER"]


def test_jsonl_annotator_from_the_line(project: Project, tmp_path: Path) -> None:
    span = {"start": 0, "end": 9, "label": "PERSON"}
    path = jsonl(tmp_path / "p.jsonl", task(spans=[span], _annotator_id="news-alice"))
    assert import_paths(project, [path]).ok
    assert project.annotators() == ["news-alice"]


def test_jsonl_crlf_text_offsets_follow_the_text(project: Project, tmp_path: Path) -> None:
    text = "Line one.\r\nSanders said no.\r\n"
    start = text.index("Sanders")
    path = jsonl(
        tmp_path / "crlf.jsonl", task(text, spans=[{"start": start, "end": start + 7, "label": "PERSON"}])
    )
    assert import_paths(project, [path], annotator="a").ok
    [row] = project.list_articles()
    stored = project.article(row.id).text
    [span] = project.annotation_set(row.id, "a").spans
    assert "\r" not in stored and stored[span.start : span.end] == "Sanders"


BAD_LINES = [
    ("{not json", "malformed JSON"),
    ('["a list"]', "must be a JSON object"),
    ('{"title": "no text"}', "no 'text' string"),
    ('{"text": "   "}', "empty 'text'"),
    (task(spans=[{"start": 0, "end": 500, "label": "PERSON"}]), "outside the text"),
    (task(spans=[{"start": 0, "end": 9, "label": "VILLAIN"}]), "unknown label 'VILLAIN'"),
    (
        task(spans=[{"start": 0, "end": 9, "label": "PERSON", "text": "Pompeo"}]),
        "but the span's text is 'Pompeo'",
    ),
    (
        task(
            spans=[{"start": 0, "end": 9, "label": "PERSON"}],
            relations=[
                {
                    "label": "ADMIRES",
                    "head_span": {"start": 0, "end": 9, "label": "PERSON"},
                    "child_span": {"start": 0, "end": 9, "label": "PERSON"},
                }
            ],
        ),
        "unknown relation 'ADMIRES'",
    ),
    (
        task(
            spans=[{"start": 0, "end": 9, "label": "PERSON"}],
            relations=[
                {
                    "label": "SPEAKER",
                    "head_span": {"start": 17, "end": 35, "label": "QUOTE"},
                    "child_span": {"start": 0, "end": 9, "label": "PERSON"},
                }
            ],
        ),
        "head_span 17-35 QUOTE is not among the task's spans",
    ),
    (task(meta={"date": "30/11/2017"}), "invalid date '30/11/2017'"),
]


@pytest.mark.parametrize(("line", "reason"), BAD_LINES)
def test_bad_jsonl_line_refused_with_file_line_and_reason_rest_imported(
    project: Project, tmp_path: Path, line: object, reason: str
) -> None:
    path = jsonl(tmp_path / "mixed.jsonl", task("First good article."), line, "", task("Last good article."))
    report = import_paths(project, [path], annotator="ann")
    assert report.imported == 2
    [problem] = report.refused
    assert problem.where == f"{path}:2"
    assert reason in problem.reason
    assert project.counts().articles == 2


def test_non_utf8_jsonl_line_names_the_line(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b'{"text": "ok one"}\n{"text": "caf\xe9"}\n{"text": "ok two"}\n')
    report = import_paths(project, [path])
    assert report.imported == 2
    assert [(p.where, p.reason) for p in report.refused] == [(f"{path}:2", "not UTF-8: invalid byte 0xe9")]


def test_spans_without_annotator_refused(project: Project, tmp_path: Path) -> None:
    path = jsonl(tmp_path / "anon.jsonl", task(spans=[{"start": 0, "end": 9, "label": "PERSON"}]))
    report = import_paths(project, [path])
    assert report.imported == 0 and "no annotator" in report.refused[0].reason


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("latin1.txt", "café au lait".encode("latin-1"), "not UTF-8: invalid byte 0xe9"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("empty.txt", b"", "empty article"),
        ("date-only.txt", b"date 2020-01-01\n", "empty article"),
        ("binary.jsonl", b'{"text": "a"}\x00\n', "binary file"),
    ],
)
def test_bad_files_refused_rest_of_batch_imported(
    project: Project, tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("A good article.")
    bad = tmp_path / name
    bad.write_bytes(content)
    report = import_paths(project, [bad, good])
    assert report.imported == 1
    [problem] = report.refused
    assert problem.where.startswith(str(bad)) and reason in problem.reason
    assert [row.title for row in project.list_articles()] == ["A good article."]


def test_missing_path_and_empty_folder_reported(project: Project, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    report = import_paths(project, [tmp_path / "missing.txt", tmp_path / "empty"])
    assert [p.reason for p in report.refused] == [
        "no such file or folder",
        "folder holds no files of a format we read (text, jsonl, doccano, json, label-studio, cas-xmi, "
        "cas-json, conll, conllu, spacy, brat)",
    ]


def test_progress_reaches_the_total(project: Project, tmp_path: Path) -> None:
    for i in range(5):
        (tmp_path / f"{i}.txt").write_text(f"Article number {i}.")
    calls: list[tuple[int, int]] = []
    import_paths(project, [tmp_path], progress=lambda done, total: calls.append((done, total)))
    assert calls[-1][0] == calls[-1][1] == sum(p.stat().st_size for p in tmp_path.glob("*.txt"))
    assert [c[0] for c in calls] == sorted(c[0] for c in calls)


def test_existing_annotations_reported_as_kept(project: Project, tmp_path: Path) -> None:
    path = jsonl(tmp_path / "g.jsonl", task(spans=[{"start": 0, "end": 9, "label": "PERSON"}]))
    assert import_paths(project, [path], annotator="gold").annotations == 1
    again = import_paths(project, [path], annotator="gold")
    assert again.duplicates == 1 and again.annotations == 0 and again.kept == [f"{path}:1"]
