"""Prodigy-compatible JSONL: one task per article and annotator (formats.md).

Each line carries the text, ``meta``, spaCy ``tokens``, ``spans`` with token
indices, ``relations`` with their head and child spans, ``answer``,
``_annotator_id``/``_session_id``, hashes computed the way Prodigy computes
them (MurmurHash of the sorted JSON of the input, then of the task) and an
extra ``_status`` (``done``/``in_progress``) that ``annotator import`` reads
back. Suggestions carry their ``score`` in each span and their origin in ``meta``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.core.model import Span
from annotator.io.exported import Annotated, WriteReport, article_meta
from annotator.io.tokens import Tokenizer, bounds, shared_tokenizer, token_range

VIEW_ID = "spans_manual"
_LINE_BREAKS = (("\u2028", "\\u2028"), ("\u2029", "\\u2029"), ("\x85", "\\u0085"))
MISALIGNED = "spans not on token boundaries (character offsets kept, token indices widened)"


def murmur(text: str) -> int:
    """Prodigy's hash: 32-bit MurmurHash3 of the string (signed)."""
    import murmurhash

    return int(murmurhash.hash(text))


def write_jsonl(items: Iterable[Annotated], path: Path, report: WriteReport) -> None:
    """Write one task per item to ``path`` (a temporary file the caller renames)."""
    tokenizer = shared_tokenizer()
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for item in items:
            out.write(task_line(item, tokenizer, report))
            out.write("\n")
            report.count(item)


def task_line(item: Annotated, tokenizer: Tokenizer, report: WriteReport) -> str:
    """One item as one JSON line (without the line end)."""
    text = item.article.text
    doc = tokenizer(text)
    starts, ends = bounds(doc)
    spans: list[dict[str, Any]] = []
    refs: dict[tuple[int, int, str], dict[str, Any]] = {}
    for span in item.sorted_spans():
        ref = _span_ref(span, starts, ends)
        if not ref.pop("exact"):
            report.adjusted[MISALIGNED] += 1
        refs[span.key] = ref
        full = {**ref, "text": text[span.start : span.end], **span.attrs}
        score = item.scores.get(span.key)
        if score is not None:
            full["score"] = score
        spans.append(full)
    relations = [
        {
            "head": refs[r.head.key]["token_end"],
            "child": refs[r.child.key]["token_end"],
            "label": r.label,
            "head_span": refs[r.head.key],
            "child_span": refs[r.child.key],
        }
        for r in item.sorted_relations()
    ]
    dumps = json.dumps
    text_json = dumps(text, ensure_ascii=False)
    annotations_json = dumps({"spans": spans, "relations": relations}, ensure_ascii=False)
    input_hash = murmur('{"text": ' + dumps(text) + "}")
    task_hash = murmur(str(input_hash) + annotations_json)
    annotator = dumps(item.annotator, ensure_ascii=False)
    parts = [
        '{"text":',
        text_json,
        ',"meta":',
        dumps(article_meta(item.article, item.origin), ensure_ascii=False),
        ',"tokens":',
        tokenizer.tokens_json(doc),
        ",",
        annotations_json[1:-1],
        ',"answer":"accept","_annotator_id":',
        annotator,
        ',"_session_id":',
        annotator,
        ',"_view_id":"',
        VIEW_ID,
        '"',
    ]
    if item.status is not None:
        parts += [',"_status":', dumps(item.status)]
    parts += [',"_input_hash":', str(input_hash), ',"_task_hash":', str(task_hash), "}"]
    line = "".join(parts)
    # Valid JSON as they are, but line breaks to readers that split with str.splitlines().
    for char, escaped in _LINE_BREAKS:
        if char in line:
            line = line.replace(char, escaped)
    return line


def _span_ref(span: Span, starts: list[int], ends: list[int]) -> dict[str, Any]:
    first, last, exact = token_range(starts, ends, span.start, span.end)
    return {
        "start": span.start,
        "end": span.end,
        "token_start": first,
        "token_end": last,
        "label": span.label,
        "exact": exact,
    }
