"""The plain JSONL writer: one line with ``json.dumps`` and spaCy's tokenizer.

It writes the same bytes as :mod:`.writer`'s fast path, which tests hold to it
(``tests/export/test_jsonl_reference.py``), and writes the lines of articles
whose own tokens a Prodigy import kept (so their token indices count those).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from annotator.io.exported import WriteReport, article_meta
from annotator.io.jsonl.hashes import hashes_of
from annotator.io.jsonl.writer import (
    ANSWERS,
    LINE_BREAKS,
    MISALIGNED,
    RELATIONS_VIEW_ID,
    VIEW_ID,
    prodigy_attrs,
)
from annotator.io.spacy_tokenizer import shared_tokenizer, token_range

if TYPE_CHECKING:
    from annotator.io.jsonl.batches import WorkLine


def spacy_tokens(text: str) -> list[dict[str, Any]]:
    """Prodigy's ``tokens`` of a text, split by spaCy's blank English tokenizer."""
    return [
        {"text": t.text, "start": t.idx, "end": t.idx + len(t.text), "id": t.i, "ws": bool(t.whitespace_)}
        for t in shared_tokenizer()(text)
    ]


def reference_line(
    work: WorkLine,
    dataset: str = "",
    tokens: Sequence[Mapping[str, Any]] | None = None,
    report: WriteReport | None = None,
) -> bytes:
    """One task line, the plain way; ``tokens`` default to spaCy's."""
    text = work.article.text
    tokens = spacy_tokens(text) if tokens is None else tokens
    starts = [t["start"] for t in tokens]
    ends = [t["end"] for t in tokens]
    report = report if report is not None else WriteReport()
    spans = list(zip(work.starts, work.ends, work.labels, work.attrs, strict=True))

    def ref(start: int, end: int, label: str) -> dict[str, Any]:
        first, last, _ = token_range(starts, ends, start, end) if tokens else (0, 0, False)
        return {"start": start, "end": end, "token_start": first, "token_end": last, "label": label}

    refs = [ref(start, end, label) for start, end, label, _ in spans]
    full = []
    for (start, end, _, attrs), made, k in zip(spans, refs, range(len(spans)), strict=True):
        if not (tokens and token_range(starts, ends, start, end)[2]):
            report.adjusted[MISALIGNED] += 1
        made = {**made, "text": text[start:end], **prodigy_attrs(json.loads(attrs) if attrs else {})}
        score = work.scores[k] if work.scores is not None else None
        full.append({**made, "score": score} if score is not None else made)
    input_hash, task_hash = hashes_of(text, full)
    relations = [
        {
            "head": refs[head]["token_end"],
            "child": refs[child]["token_end"],
            "label": label,
            "head_span": refs[head],
            "child_span": refs[child],
        }
        for head, child, label in zip(work.heads, work.children, work.relation_labels, strict=True)
    ]
    annotator = f"{dataset}-{work.annotator}" if dataset else work.annotator
    tail: dict[str, Any] = {}
    if work.status is not None:
        tail["answer"] = ANSWERS[work.status]
    tail.update({"_annotator_id": annotator, "_session_id": annotator})
    tail["_view_id"] = RELATIONS_VIEW_ID if relations else VIEW_ID
    if work.status is not None:
        tail["_status"] = work.status
    tail.update({"_input_hash": input_hash, "_task_hash": task_hash})
    compact = {"separators": (",", ":"), "ensure_ascii": False}
    line = (
        '{"text":' + json.dumps(text, ensure_ascii=False)
        + ',"meta":' + json.dumps(article_meta(work.article, work.origin), ensure_ascii=False)
        + ',"tokens":' + json.dumps(list(tokens), **compact)  # type: ignore[arg-type]
        + "," + json.dumps({"spans": full, "relations": relations}, ensure_ascii=False)[1:-1]
        + "," + json.dumps(tail, **compact)[1:]  # type: ignore[arg-type]
    )  # fmt: skip
    for char, escaped in LINE_BREAKS:
        line = line.replace(char, escaped)
    report.add(work.annotator, len(spans), len(relations))
    return (line + "\n").encode("utf-8")
