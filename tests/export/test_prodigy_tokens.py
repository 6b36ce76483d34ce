"""Tokens that came with a Prodigy file are kept when valid for the text, written back
unchanged (spans' token indices count them), and replaced by spaCy's, with one
counted note, when not; checked on real rel.manual output (tests/data/fixtures/README.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.io.jsonl.reader import INVALID_TOKENS, token_problem
from annotator.usecases.exporting import Selection, export
from annotator.usecases.importing import import_paths
from annotator.usecases.projects import new_project
from tests.export.test_jsonl_reference import NLP, recomputed_hashes

REAL = Path(__file__).resolve().parents[1] / "data" / "fixtures" / "prodigy_real"
TASKS = REAL / "rel_component_annotations.jsonl"


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _export(tmp_path: Path, source: Path, name: str) -> tuple[list[dict[str, Any]], Any]:
    with new_project(tmp_path / f"{name}.annotator", REAL / "genia.toml") as project:
        report = import_paths(project, [source], annotator="carol", done=True)
        assert report.ok, report.refused
        out = tmp_path / f"{name}.jsonl"
        export(project, "jsonl", out, Selection(annotator="carol"))
    return _lines(out), report


def test_real_prodigy_tokens_are_written_back_unchanged(tmp_path: Path) -> None:
    given = _lines(TASKS)
    written, report = _export(tmp_path, TASKS, "real")
    assert INVALID_TOKENS not in report.notes
    assert len(written) == len(given) == 2
    for theirs, ours in zip(given, written, strict=True):
        assert ours["text"] == theirs["text"]
        assert ours["tokens"] == theirs["tokens"]  # "disabled" and all
        spans = {(s["start"], s["end"]): (s["token_start"], s["token_end"]) for s in theirs["spans"]}
        assert {(s["start"], s["end"]): (s["token_start"], s["token_end"]) for s in ours["spans"]} == spans
        for relation in ours["relations"]:
            assert relation["head"] == relation["head_span"]["token_end"]
        assert (ours["_input_hash"], ours["_task_hash"]) == recomputed_hashes(ours)


def _broken(tokens: list[dict[str, Any]], how: str) -> list[dict[str, Any]]:
    tokens = [dict(t) for t in tokens]
    if how == "offsets":
        tokens[3]["start"] += 1
    elif how == "text":
        tokens[2]["text"] = "Smud"
    elif how == "order":
        tokens[4], tokens[5] = tokens[5], tokens[4]
    elif how == "ws":
        tokens[0]["ws"] = True
    elif how == "gap":
        del tokens[6]
    elif how == "past the end":
        tokens[-1]["end"] += 5
    return tokens


@pytest.mark.parametrize("how", ["offsets", "text", "order", "ws", "gap", "past the end"])
def test_invalid_tokens_are_counted_and_replaced_by_spacys(tmp_path: Path, how: str) -> None:
    tasks = _lines(TASKS)
    tasks[0]["tokens"] = _broken(tasks[0]["tokens"], how)
    assert token_problem(tasks[0]["tokens"], tasks[0]["text"]) is not None
    source = tmp_path / "broken.jsonl"
    source.write_text("".join(json.dumps(t) + "\n" for t in tasks), encoding="utf-8")
    written, report = _export(tmp_path, source, how)
    assert report.notes[INVALID_TOKENS] == 1
    spacy_tokens = [
        {"text": t.text, "start": t.idx, "end": t.idx + len(t.text), "id": t.i, "ws": bool(t.whitespace_)}
        for t in NLP(tasks[0]["text"])
    ]
    assert written[0]["tokens"] == spacy_tokens
    assert written[1]["tokens"] == tasks[1]["tokens"]  # the valid ones are still kept


def test_token_rules() -> None:
    text = "Hi  there.\n"
    good = [
        {"text": "Hi", "start": 0, "end": 2, "ws": True},
        {"text": " ", "start": 3, "end": 4, "ws": False},
        {"text": "there", "start": 4, "end": 9, "ws": False},
        {"text": ".", "start": 9, "end": 10, "ws": False},
        {"text": "\n", "start": 10, "end": 11, "ws": False},
    ]
    assert token_problem(good, text) is None
    assert token_problem(good[:-1], text) is not None  # "ws" false, yet white space follows
    assert token_problem([], text) is not None
    assert token_problem("Hi", text) is not None
    assert token_problem([{**good[0], "start": True}, *good[1:]], text) is not None
    assert token_problem([{**good[0], "id": 3}, *good[1:]], text) is not None
    assert (
        token_problem([good[0], {**good[1], "start": 1, "end": 2, "text": "i"}, *good[2:]], text) is not None
    )
