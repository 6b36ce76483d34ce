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
from annotator.io.tokens import Tokenizer, shared_tokenizer, token_range

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
    with path.open("wb") as out:
        for item in items:
            out.write(task_bytes(item, tokenizer, report))
            report.count(item)


def task_line(item: Annotated, tokenizer: Tokenizer, report: WriteReport) -> str:
    """One item as one JSON line (without the line end)."""
    return task_bytes(item, tokenizer, report)[:-1].decode("utf-8")


# What json.dumps(value) and json.dumps(value, ensure_ascii=False) write, without making
# an encoder per call (identical output: json.dumps uses these very functions).
_ascii = json.encoder.encode_basestring_ascii
_string = json.encoder.encode_basestring
_encode = json.JSONEncoder(ensure_ascii=False).encode
# Keys a span's JSON writes itself: attributes with these names take the slow path.
_SPAN_KEYS = frozenset({"start", "end", "token_start", "token_end", "label", "text", "score"})


def task_bytes(item: Annotated, tokenizer: Tokenizer, report: WriteReport) -> bytes:
    """One item as one JSON line, line end included, encoded as UTF-8.

    Written piece by piece, exactly as ``json.dumps`` writes the task (the task
    hash covers the spans' JSON as ``json.dumps`` writes it), but much faster.
    """
    text = item.article.text
    tokens, starts, ends = tokenizer.token_list(tokenizer(text))
    spans = item.sorted_spans()
    refs: dict[tuple[int, int, str], tuple[str, int]] = {}
    span_parts: list[str] = []
    scores = item.scores
    labels: dict[str, str] = {}
    for span, (first, last, exact) in zip(spans, _token_ranges(spans, starts, ends), strict=True):
        if not exact:
            report.adjusted[MISALIGNED] += 1
        label = labels.get(span.label)
        if label is None:
            label = labels[span.label] = _string(span.label)
        ref = (
            f'{{"start": {span.start}, "end": {span.end}, "token_start": {first}, '
            f'"token_end": {last}, "label": {label}}}'
        )
        refs[span.key] = (ref, last)
        score = scores.get(span.key)
        attrs = span.attrs
        if attrs and not _SPAN_KEYS.isdisjoint(attrs):
            full = {**json.loads(ref), "text": text[span.start : span.end], **attrs}
            if score is not None:
                full["score"] = score
            span_parts.append(_encode(full))
            continue
        full_json = ref[:-1] + ', "text": ' + _string(text[span.start : span.end])
        if attrs:
            full_json += ", " + _encode(dict(attrs))[1:-1]
        if score is not None:
            full_json += ', "score": ' + _encode(score)
        span_parts.append(full_json + "}")
    relation_parts = []
    for r in item.sorted_relations():
        head, head_end = refs[r.head.key]
        child, child_end = refs[r.child.key]
        relation_parts.append(
            f'{{"head": {head_end}, "child": {child_end}, "label": {_string(r.label)}, '
            f'"head_span": {head}, "child_span": {child}}}'
        )
    annotations_json = (
        '{"spans": [' + ", ".join(span_parts) + '], "relations": [' + ", ".join(relation_parts) + "]}"
    )
    input_hash = murmur('{"text": ' + _ascii(text) + "}")
    task_hash = murmur(str(input_hash) + annotations_json)
    annotator = _string(item.annotator)
    meta = _encode(article_meta(item.article, item.origin))
    head = '{"text":' + _string(text) + ',"meta":' + meta + ',"tokens":'
    tail = [
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
        tail += [',"_status":', _ascii(item.status)]
    tail += [',"_input_hash":', str(input_hash), ',"_task_hash":', str(task_hash), "}\n"]
    rest = "".join(tail)
    # Valid JSON as they are, but line breaks to readers that split with str.splitlines().
    for char, escaped in _LINE_BREAKS:
        if char in head:
            head = head.replace(char, escaped)
            # Token texts come from the text: only then can they hold one.
            tokens = tokens.decode("utf-8").replace(char, escaped).encode("utf-8")
        if char in rest:
            rest = rest.replace(char, escaped)
    return head.encode("utf-8") + tokens + rest.encode("utf-8")


def _token_ranges(spans: list[Span], starts: Any, ends: Any) -> list[tuple[int, int, bool]]:
    """:func:`token_range` of every span, at once."""
    if not spans:
        return []
    if len(starts) == 0:
        return [token_range([], [], span.start, span.end) for span in spans]
    import numpy as np

    span_starts = np.fromiter((s.start for s in spans), dtype=np.int64, count=len(spans))
    span_ends = np.fromiter((s.end for s in spans), dtype=np.int64, count=len(spans))
    # As token_range: the first token ending after the span starts, the last starting before it ends.
    first = np.minimum(np.searchsorted(ends, span_starts, side="right"), len(starts) - 1)
    last = np.searchsorted(starts, span_ends, side="left") - 1
    inverted = last < first
    both = np.maximum(np.minimum(first, last), 0)
    first = np.where(inverted, both, first)
    last = np.where(inverted, both, last)
    exact = (starts[first] == span_starts) & (ends[last] == span_ends)
    return list(zip(first.tolist(), last.tolist(), exact.tolist(), strict=True))
