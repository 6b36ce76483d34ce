"""The JSONL export's fast path (token lists, span JSON by the batch, hashes) writes
exactly the bytes of the plain reference writer (json.dumps and spaCy's tokenizer),
on the gold corpus and on random texts, spans, attributes, relations, statuses and
suggestion scores; the reference's tokens and token indices are spaCy's own, and
the hashes recomputed from each line read back, by the rule the README states,
are the ones written."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import murmurhash
import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.model import Origin, Relation, Span, SuggestedRelation, Suggestion, SuggestionSet
from annotator.io.exported import Annotated, status_to_write
from annotator.io.jsonl.batches import WorkLine
from annotator.io.jsonl.reference import reference_line
from annotator.io.jsonl.writer import annotated_line
from annotator.store import Project
from annotator.usecases.exporting import Selection, export
from annotator.usecases.importing import import_paths
from annotator.usecases.projects import new_project

NLP = spacy.blank("en")
WORDS = st.sampled_from(
    ["Ana", "Ruiz", "said", "no", "🙂", "é", "“yes”", "back\\slash", 'a"b', "x\u2028y", "\x85", "42"]
)
SEPARATORS = st.sampled_from([" ", " ", "\n", "  "])
LABELS = ["PERSON", "ROLE", "QUOTE", "DENIAL", "CUE"]
RELATIONS = [("SPEAKER", {"QUOTE", "DENIAL"}, {"PERSON", "ROLE"}), ("ROLE_OF", {"ROLE"}, {"PERSON"})]
_names = (f"person {i}" for i in itertools.count())


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Project, Path]]:
    folder = tmp_path_factory.mktemp("reference")
    with new_project(folder / "p.annotator") as made:
        yield made, folder


@st.composite
def work(draw: st.DrawFn) -> tuple[str, list[Span], list[Relation]]:
    words = draw(st.lists(WORDS, min_size=1, max_size=12))
    seps = draw(st.lists(SEPARATORS, min_size=len(words), max_size=len(words)))
    text, bounds = "", []
    for word, sep in zip(words, seps, strict=True):
        bounds.append((len(text), len(text) + len(word)))
        text += word + sep
    text += "."
    spans: dict[tuple[int, int, str], Span] = {}
    for a, b, label, kind in draw(
        st.lists(
            st.tuples(
                st.integers(0, len(bounds) - 1),
                st.integers(0, len(bounds) - 1),
                st.sampled_from(LABELS),
                st.sampled_from(["direct", "indirect", None]),
            ),
            max_size=6,
        )
    ):
        start, end = bounds[min(a, b)][0], bounds[max(a, b)][1]
        attrs = {"type": kind} if kind and label in ("QUOTE", "DENIAL") else {}
        spans.setdefault((start, end, label), Span(start, end, label, attrs))
    unique = list(spans.values())
    relations: list[Relation] = []
    if unique:
        for head, child in draw(
            st.lists(st.tuples(st.sampled_from(unique), st.sampled_from(unique)), max_size=4)
        ):
            for label, heads, children in RELATIONS:
                relation = Relation(label, head, child)
                if head.label in heads and child.label in children and relation not in relations:
                    relations.append(relation)
    return text, unique, relations


def recomputed_hashes(line: dict[str, Any]) -> tuple[int, int]:
    """The README's rule, from the line as read back: the input hash of the text, the
    task hash of the spans without their scores (of spans, label, options and arcs,
    our tasks have only spans)."""
    input_hash = murmurhash.hash(json.dumps({"text": line["text"]}, sort_keys=True))
    spans = [{k: v for k, v in span.items() if k != "score"} for span in line["spans"]]
    task_hash = murmurhash.hash(str(input_hash) + json.dumps({"spans": spans}, ensure_ascii=False))
    return input_hash, task_hash


def check_line(written: bytes, work: WorkLine, dataset: str = "news-claims") -> None:
    """The fast path's line is the reference's, spaCy's tokens and token indices are in
    it, and its hashes are the ones recomputed from it."""
    assert written == reference_line(work, dataset)
    line = json.loads(written)
    doc = NLP(line["text"])
    assert line["tokens"] == [
        {"text": t.text, "start": t.idx, "end": t.idx + len(t.text), "id": t.i, "ws": bool(t.whitespace_)}
        for t in doc
    ]
    for span in line["spans"]:
        got = doc.char_span(span["start"], span["end"], alignment_mode="expand")
        assert (span["token_start"], span["token_end"]) == (got.start, got.end - 1)
    assert (line["_input_hash"], line["_task_hash"]) == recomputed_hashes(line)


def _work(project: Project, name: str, article_id: int) -> WorkLine:
    """The line the export writes for ``name`` on the article, from per-article reads."""
    work = project.annotation_set(article_id, name)
    status = status_to_write(work.done, bool(work.spans))
    return annotated_line(Annotated(project.article(article_id), work, status))


def test_gold_lines_are_the_references(gold_project: Project, tmp_path: Path) -> None:
    out = tmp_path / "gold.jsonl"
    export(gold_project, "jsonl", out, Selection(gold=True))
    lines = out.read_bytes().splitlines(keepends=True)
    assert len(lines) == 8
    for written in lines:
        check_line(written, _work(gold_project, "gold", json.loads(written)["meta"]["article_id"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drawn=work(), done=st.booleans())
def test_fast_path_writes_the_reference_bytes(
    project: tuple[Project, Path], drawn: tuple, done: bool
) -> None:
    made, folder = project
    text, spans, relations = drawn
    name = next(_names)
    task = {
        "text": text,
        "spans": [{"start": s.start, "end": s.end, "label": s.label, **s.attrs} for s in spans],
        "relations": [
            {"label": r.label, "head_span": {"start": r.head.start, "end": r.head.end, "label": r.head.label},
             "child_span": {"start": r.child.start, "end": r.child.end, "label": r.child.label}}
            for r in relations
        ],
        "_annotator_id": name,
        "_status": "done" if done else "in_progress",
    }  # fmt: skip
    source = folder / "task.jsonl"
    source.write_text(json.dumps(task, ensure_ascii=False) + "\n", encoding="utf-8")
    assert import_paths(made, [source]).ok
    out = folder / "out.jsonl"
    if not spans and not done:
        return  # in progress with nothing accepted: not exported (tested elsewhere)
    export(made, "jsonl", out, Selection(annotator=name, include_pending=True))
    article_id = made.find_article(text)
    assert article_id is not None
    work = _work(made, name, article_id)
    assert work.status == ("done" if done else "in_progress") and len(work.starts) == len(spans)
    check_line(out.read_bytes(), work)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drawn=work(), score=st.floats(0, 1))
def test_suggestions_with_scores_write_the_reference_bytes(
    tmp_path_factory: pytest.TempPathFactory, drawn: tuple, score: float
) -> None:
    text, spans, relations = drawn
    folder = tmp_path_factory.mktemp("suggested")
    origin = Origin("rules", "1.0")
    with new_project(folder / "p.annotator") as made:
        source = folder / "a.jsonl"
        source.write_text(json.dumps({"text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
        assert import_paths(made, [source]).ok
        article_id = made.find_article(text)
        assert article_id is not None
        scores = {s.key: round(score / (k + 1), 6) for k, s in enumerate(spans)}
        made.replace_suggestions(
            article_id,
            SuggestionSet(
                origin,
                tuple(Suggestion(s, scores[s.key], origin) for s in spans),
                tuple(SuggestedRelation(r, 0.5) for r in relations),
            ),
        )
        out = folder / "s.jsonl"
        if not spans:
            return
        export(made, "jsonl", out, Selection(suggestions=True))
        article, result = next(made.iter_suggested())
        item = Annotated(article, result.as_annotations("rules"), None, origin, scores)
    check_line(out.read_bytes(), annotated_line(item))
    assert [span["score"] for span in json.loads(out.read_bytes())["spans"]] == [
        scores[s.key] for s in sorted(spans, key=lambda s: s.key)
    ]
