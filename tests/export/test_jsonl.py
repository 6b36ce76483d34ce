"""Prodigy JSONL export on the real gold, read back by the importer."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from annotator.cli.wording import message as cli_message
from annotator.core.model import Origin, Relation, Span, SuggestedRelation, Suggestion, SuggestionSet
from annotator.store import Project
from annotator.usecases.errors import NothingToExport
from annotator.usecases.exporting import ExportError, Selection, export
from annotator.usecases.importing import import_paths
from annotator.usecases.projects import new_project
from annotator.usecases.running import Cancelled

GOLD = Selection(gold=True)


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_jsonl_gold_lines_follow_formats_md(gold_project: Project, tmp_path: Path) -> None:
    out = tmp_path / "gold.jsonl"
    report = export(gold_project, "jsonl", out, GOLD)
    assert report.written.documents == 8 and report.written.files == [out]
    assert report.written.spans == 409 and report.written.relations == 253
    lines = _lines(out)
    assert len(lines) == 8
    seed = lines[0]
    assert seed["text"].startswith("WASHINGTON — The Trump administration")
    assert seed["meta"]["date"] == "2017-11-30" and seed["meta"]["article_id"] == 1
    # Prodigy's "dataset-session" ids: the scheme's name, then the annotator.
    assert seed["answer"] == "accept" and seed["_annotator_id"] == "news-claims-gold" == seed["_session_id"]
    assert seed["_status"] == "done" and seed["_view_id"] == "relations"  # it has relations
    assert all(line["_view_id"] == ("relations" if line["relations"] else "spans_manual") for line in lines)
    assert isinstance(seed["_input_hash"], int) and isinstance(seed["_task_hash"], int)
    for line in lines:
        tokens = line["tokens"]
        assert [t["id"] for t in tokens] == list(range(len(tokens)))
        assert all(line["text"][t["start"] : t["end"]] == t["text"] for t in tokens)
        for span in line["spans"]:
            assert line["text"][span["start"] : span["end"]] == span["text"]
            first, last = tokens[span["token_start"]], tokens[span["token_end"]]
            assert first["start"] <= span["start"] and span["end"] <= last["end"]
        spans = {(s["start"], s["end"], s["label"]) for s in line["spans"]}
        for rel in line["relations"]:
            assert (
                rel["head"] == rel["head_span"]["token_end"]
                and rel["child"] == rel["child_span"]["token_end"]
            )
            assert (rel["head_span"]["start"], rel["head_span"]["end"], rel["head_span"]["label"]) in spans
    # The denial in the seed article's worked example, with its attribute as an extra key.
    denial = next(
        s for s in seed["spans"] if s["text"] == "There are no personnel announcements at this time,"
    )
    # The attribute under a key of its own: Prodigy's relations interface writes "type": "span".
    assert denial["label"] == "DENIAL" and denial["quote_type"] == "direct" and "type" not in denial
    speaker = next(
        r for r in seed["relations"] if r["label"] == "SPEAKER" and r["head_span"]["start"] == denial["start"]
    )
    assert (
        seed["text"][speaker["child_span"]["start"] : speaker["child_span"]["end"]]
        == "Sarah Huckabee Sanders"
    )


def test_jsonl_round_trip_keeps_annotations_status_and_article_fields(
    gold_project: Project, tmp_path: Path
) -> None:
    first = tmp_path / "first.jsonl"
    export(gold_project, "jsonl", first, GOLD)
    with new_project(tmp_path / "copy.annotator") as copy:
        report = import_paths(copy, [first])  # no --annotator, no --done: both come from the lines
        assert report.ok and report.imported == 8
        second = tmp_path / "second.jsonl"
        export(copy, "jsonl", second, GOLD)
    for a, b in zip(_lines(first), _lines(second), strict=True):
        for key in ("text", "tokens", "spans", "relations", "_annotator_id", "_status", "_task_hash"):
            assert a[key] == b[key], key
        a["meta"].pop("article_id"), b["meta"].pop("article_id")
        assert a["meta"] == b["meta"]


def test_pending_work_needs_include_pending(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    task = {"text": "Alice Smith said no.", "spans": [{"start": 0, "end": 11, "label": "PERSON"}]}
    source.write_text(json.dumps(task) + "\n", encoding="utf-8")
    with new_project(tmp_path / "p.annotator") as project:
        import_paths(project, [source], annotator="alice")
        out = tmp_path / "alice.jsonl"
        with pytest.raises(NothingToExport) as refused:
            export(project, "jsonl", out, Selection(annotator="alice"))
        assert refused.value.pending_would_help
        assert re.search(r"holds no article.*--include-pending", cli_message(refused.value))
        assert not out.exists() and list(tmp_path.glob(".alice.jsonl*")) == []
        export(project, "jsonl", out, Selection(annotator="alice", include_pending=True))
        [line] = _lines(out)
        assert line["_status"] == "in_progress" and line["spans"][0]["text"] == "Alice Smith"
        assert line["answer"] == "ignore"  # Prodigy's tools read only "answer": never "accept" for this
        with new_project(tmp_path / "copy.annotator") as copy:
            import_paths(copy, [out])
            [row] = copy.list_articles()
            assert row.statuses == {"alice": "in_progress"}


def test_suggestions_exported_as_the_suggester_with_scores_and_origin(tmp_path: Path) -> None:
    text = 'Sanders said, "There are no announcements."'
    with new_project(tmp_path / "p.annotator") as project:
        source = tmp_path / "a.jsonl"
        source.write_text(json.dumps({"text": text}) + "\n", encoding="utf-8")
        import_paths(project, [source])
        [row] = project.list_articles()
        origin = Origin("rules", "1.2", "en_core_web_sm", "3.8.0")
        person, cue = Span(0, 7, "PERSON"), Span(8, 12, "CUE")
        quote = Span(15, 42, "DENIAL", {"type": "direct"})
        result = SuggestionSet(
            origin,
            (Suggestion(person, 0.9, origin), Suggestion(cue, 0.8, origin), Suggestion(quote, 0.75, origin)),
            (SuggestedRelation(Relation("SPEAKER", quote, person), 0.7),),
        )
        project.replace_suggestions(row.id, result)
        out = tmp_path / "suggested.jsonl"
        report = export(project, "jsonl", out, Selection(suggestions=True))
        assert report.written.annotators == {"rules": 1}
    [line] = _lines(out)
    assert line["_annotator_id"] == "news-claims-rules" and "_status" not in line
    assert "answer" not in line  # a stream to correct, not anyone's answer
    assert line["meta"]["origin"] == {
        "suggester": "rules",
        "suggester_version": "1.2",
        "pipeline": "en_core_web_sm",
        "pipeline_version": "3.8.0",
    }
    by_label = {s["label"]: s for s in line["spans"]}
    assert by_label["PERSON"]["score"] == 0.9 and by_label["DENIAL"]["quote_type"] == "direct"
    assert [r["label"] for r in line["relations"]] == ["SPEAKER"]


@pytest.mark.parametrize(
    ("selection", "message"),
    [
        (Selection(annotator="bob"), "no annotator named 'bob' \\(annotators: gold\\)"),
        (Selection(), "say what to export"),
        (Selection(gold=True, everyone=True), "say what to export"),
        (Selection(suggestions=True), "holds no article"),
    ],
)
def test_bad_requests_are_refused_and_write_nothing(
    gold_project: Project, tmp_path: Path, selection: Selection, message: str
) -> None:
    out = tmp_path / "out.jsonl"
    with pytest.raises(ExportError) as refused:
        export(gold_project, "jsonl", out, selection)
    assert re.search(message, cli_message(refused.value))  # as the command line says it
    assert list(tmp_path.iterdir()) == []


def test_empty_project_and_missing_gold_are_refused(tmp_path: Path) -> None:
    with new_project(tmp_path / "p.annotator") as project:
        with pytest.raises(ExportError, match="has no articles yet"):
            export(project, "jsonl", tmp_path / "o.jsonl", GOLD)
        source = tmp_path / "a.jsonl"
        source.write_text(json.dumps({"text": "Some text."}) + "\n", encoding="utf-8")
        import_paths(project, [source])
        with pytest.raises(ExportError, match="no gold annotations yet"):
            export(project, "jsonl", tmp_path / "o.jsonl", GOLD)
        with pytest.raises(ExportError, match="nobody has annotated"):
            export(project, "jsonl", tmp_path / "o.jsonl", Selection(everyone=True))


def test_progress_is_told_and_a_cancel_leaves_nothing(gold_project: Project, tmp_path: Path) -> None:
    heard: list[tuple[int, int]] = []
    out = tmp_path / "all.jsonl"
    export(gold_project, "jsonl", out, GOLD, progress=lambda d, t: heard.append((d, t)))
    assert heard[-1] == (8, 8) and [d for d, _ in heard] == sorted(d for d, _ in heard)
    asked: list[bool] = []

    def cancelled() -> bool:  # cancelled once the first batch is written
        asked.append(True)
        return len(asked) > 1

    for target, check in ((tmp_path / "now.jsonl", lambda: True), (tmp_path / "later.jsonl", cancelled)):
        with pytest.raises(Cancelled, match="cancelled") as stop:
            export(gold_project, "jsonl", target, GOLD, cancelled=check)
        assert stop.value.kept is False
        assert not target.exists()
    assert len(asked) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["all.jsonl"]  # no temporary file left
