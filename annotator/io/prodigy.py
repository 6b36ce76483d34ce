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
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO

from annotator.core.model import Origin, PlainSpan, WorkRows
from annotator.io.exported import Annotated, WriteReport, article_meta
from annotator.io.token_lists import TokenLists
from annotator.io.tokens import shared_tokenizer

VIEW_ID = "spans_manual"
_LINE_BREAKS = (("\u2028", "\\u2028"), ("\u2029", "\\u2029"), ("\x85", "\\u0085"))
MISALIGNED = "spans not on token boundaries (character offsets kept, token indices widened)"


def murmur(text: str) -> int:
    """Prodigy's hash: 32-bit MurmurHash3 of the string (signed)."""
    import murmurhash

    return int(murmurhash.hash(text))


@dataclass(frozen=True, slots=True)
class Task:
    """What one JSONL line is written from: an annotator's work as plain rows, the
    status to record, and for suggestions their origin and each span's score."""

    rows: WorkRows
    status: str | None
    origin: Origin | None = None
    scores: Sequence[float | None] | None = None


def task_of(item: Annotated) -> Task:
    """An :class:`Annotated` item as a :class:`Task`."""
    spans = item.sorted_spans()
    place = {span.key: k for k, span in enumerate(spans)}
    relations = sorted((place[r.head.key], place[r.child.key], r.label) for r in item.annotations.relations)
    rows = WorkRows(
        item.article,
        item.annotator,
        item.annotations.done,
        [(s.start, s.end, s.label, s.attrs) for s in spans],
        relations,
    )
    scores = [item.scores.get(s.key) for s in spans] if item.scores else None
    return Task(rows, item.status, item.origin, scores)


def write_jsonl(
    tasks: Iterable[Task],
    path: Path,
    report: WriteReport,
    after_batch: Callable[[int], None] | None = None,
) -> None:
    """Write one line per task to ``path`` (a temporary file the caller renames);
    ``after_batch`` hears how many tasks each batch wrote."""
    writer = TaskWriter()
    with path.open("wb", buffering=0) as out:
        for count, pieces in writer.lines(tasks, report):
            write_all(out, pieces)
            if after_batch is not None:
                after_batch(count)


def write_all(out: BinaryIO, pieces: list[bytes]) -> None:
    """Write the pieces in order with as few system calls as the platform allows
    (``os.writev`` gathers them: no joined copy of a batch's 7 MB)."""
    writev = getattr(os, "writev", None)
    if writev is None:
        out.write(b"".join(pieces))
        return
    fd = out.fileno()
    for at in range(0, len(pieces), _IOV_MAX):
        group = pieces[at : at + _IOV_MAX]
        written = writev(fd, group)
        if written < sum(map(len, group)):  # a short write: finish piece by piece
            rest = b"".join(group)[written:]
            while rest:
                rest = rest[os.write(fd, rest) :]


_IOV_MAX = 1024  # the least any platform with writev allows


def task_line(item: Annotated, report: WriteReport) -> str:
    """One item as one JSON line (without the line end)."""
    lines = b"".join(piece for _, pieces in TaskWriter().lines([task_of(item)], report) for piece in pieces)
    return lines[:-1].decode("utf-8")


# What json.dumps(value) and json.dumps(value, ensure_ascii=False) write, without making
# an encoder per call (identical output: json.dumps uses these very functions).
_ascii = json.encoder.encode_basestring_ascii
_string = json.encoder.encode_basestring
_encode = json.JSONEncoder(ensure_ascii=False).encode
# Keys a span's JSON writes itself: attributes with these names take the slow path.
_SPAN_KEYS = frozenset({"start", "end", "token_start", "token_end", "label", "text", "score"})


class _Labels(dict[str, str]):
    """Each label's JSON string, made once."""

    def __missing__(self, label: str) -> str:
        self[label] = encoded = _string(label)
        return encoded


class TaskWriter:
    """Writes tasks as JSON lines, reusing token and label work across lines."""

    def __init__(self) -> None:
        self.tokens = TokenLists(shared_tokenizer().nlp.tokenizer)
        self._labels = _Labels()
        # The attributes' part of a span's JSON by the mapping's id (the store shares one
        # mapping per distinct value); the mappings are kept so that no id is reused.
        self._attr_parts: dict[int, str | None] = {}
        self._attr_kept: list[Mapping[str, Any]] = []

    def _attrs_parts(self, spans: list[PlainSpan]) -> list[str | None]:
        """Each span's ``, "key": value...`` (None when a key clashes with a span key)."""
        known = self._attr_parts
        parts = list(map(known.get, map(id, map(itemgetter(3), spans))))
        if None in parts:
            for _, _, _, attrs in spans:
                if id(attrs) not in known:
                    self._attr_kept.append(attrs)
                    if not attrs:
                        known[id(attrs)] = ""
                    elif _SPAN_KEYS.isdisjoint(attrs):
                        known[id(attrs)] = ", " + _encode(dict(attrs))[1:-1]
                    else:
                        known[id(attrs)] = None
            parts = list(map(known.get, map(id, map(itemgetter(3), spans))))
        return parts

    def lines(
        self, tasks: Iterable[Task], report: WriteReport, batch: int = 100
    ) -> Iterator[tuple[int, list[bytes]]]:
        """The tasks' lines, in pieces, a batch at a time (tokens are made for a batch at
        once), with the number of tasks in each batch."""
        import numpy as np

        it = iter(tasks)
        while chunk := list(islice(it, batch)):
            tokens = self.tokens.batch([task.rows.article.text for task in chunk])
            counts = [len(task.rows.spans) for task in chunk]
            spans = list(chain.from_iterable(task.rows.spans for task in chunk))
            text_of = np.repeat(np.arange(len(chunk)), counts)
            starts = np.fromiter(map(itemgetter(0), spans), dtype=np.int64, count=len(spans))
            ends = np.fromiter(map(itemgetter(1), spans), dtype=np.int64, count=len(spans))
            first, last, exact = tokens.span_tokens(text_of, starts, ends)
            if misaligned := len(spans) - int(exact.sum()):
                report.adjusted[MISALIGNED] += misaligned
            firsts, lasts = first.tolist(), last.tolist()
            made: list[bytes] = []
            at = 0
            for task, json_list, count in zip(chunk, tokens.json_lists, counts, strict=True):
                made += self.line(task, json_list, firsts[at : at + count], lasts[at : at + count])
                at += count
                report.add(task.rows.annotator, count, len(task.rows.relations))
            yield len(chunk), made

    def line(self, task: Task, tokens: bytes, firsts: list[int], lasts: list[int]) -> list[bytes]:
        """One task as one JSON line, line end included, encoded as UTF-8 in pieces, given
        its tokens' JSON and the first and last token of each span.

        Written piece by piece, exactly as ``json.dumps`` writes the task (the task
        hash covers the spans' JSON as ``json.dumps`` writes it), but much faster.
        """
        rows = task.rows
        text = rows.article.text
        spans = rows.spans
        labels = self._labels
        # Each span's JSON up to its label, then as a relation's head or child and in full.
        opened = [
            f'{{"start": {s}, "end": {e}, "token_start": {f}, "token_end": {t}, "label": {labels[label]}'
            for (s, e, label, _), f, t in zip(spans, firsts, lasts, strict=True)
        ]
        refs = [o + "}" for o in opened]
        texts = map(
            _string, map(text.__getitem__, map(slice, map(itemgetter(0), spans), map(itemgetter(1), spans)))
        )
        parts = self._attrs_parts(spans)
        if task.scores is None and None not in parts:
            span_parts = [f'{o}, "text": {t}{a}}}' for o, t, a in zip(opened, texts, parts, strict=True)]
        else:
            scores = task.scores or [None] * len(spans)
            span_parts = [
                _full_span(ref, text[s:e], attrs, score)
                for ref, (s, e, _, attrs), score in zip(refs, spans, scores, strict=True)
            ]
        relation_parts = [
            f'{{"head": {lasts[h]}, "child": {lasts[c]}, "label": {labels[label]}, '
            f'"head_span": {refs[h]}, "child_span": {refs[c]}}}'
            for h, c, label in rows.relations
        ]
        annotations = (
            '"spans": [' + ", ".join(span_parts) + '], "relations": [' + ", ".join(relation_parts) + "]"
        )
        input_hash = murmur('{"text": ' + _ascii(text) + "}")
        task_hash = murmur(str(input_hash) + "{" + annotations + "}")
        annotator = _string(rows.annotator)
        meta = _encode(article_meta(rows.article, task.origin))
        head = '{"text":' + _string(text) + ',"meta":' + meta + ',"tokens":'
        tail = [
            ',"answer":"accept","_annotator_id":',
            annotator,
            ',"_session_id":',
            annotator,
            ',"_view_id":"',
            VIEW_ID,
            '"',
        ]
        if task.status is not None:
            tail += [',"_status":', _ascii(task.status)]
        tail += [',"_input_hash":', str(input_hash), ',"_task_hash":', str(task_hash), "}\n"]
        rest = "".join(tail)
        # Valid JSON as they are, but line breaks to readers that split with str.splitlines().
        for char, escaped in _LINE_BREAKS:
            if char in head:
                head = head.replace(char, escaped)
                # Token texts come from the text: only then can they hold one.
                tokens = tokens.decode("utf-8").replace(char, escaped).encode("utf-8")
            if char in annotations:
                annotations = annotations.replace(char, escaped)
            if char in rest:
                rest = rest.replace(char, escaped)
        return [head.encode("utf-8"), tokens, b",", annotations.encode("utf-8"), rest.encode("utf-8")]


def _full_span(ref: str, text: str, attrs: Mapping[str, Any], score: float | None) -> str:
    """A span's JSON the slow way: attributes whose keys clash, or a score."""
    if not attrs or _SPAN_KEYS.isdisjoint(attrs):
        full_json = ref[:-1] + ', "text": ' + _string(text)
        if attrs:
            full_json += ", " + _encode(dict(attrs))[1:-1]
        if score is not None:
            full_json += ', "score": ' + _encode(score)
        return full_json + "}"
    full = {**json.loads(ref), "text": text, **attrs}
    if score is not None:
        full["score"] = score
    return _encode(full)
