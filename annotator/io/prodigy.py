"""Prodigy-compatible JSONL: one task per article and annotator (formats.md).

Each line carries the text, ``meta``, spaCy ``tokens``, ``spans`` with token
indices, ``relations`` with their head and child spans, ``answer``,
``_annotator_id``/``_session_id`` (Prodigy's ``dataset-session``: the
scheme's name, then the annotator), ``_view_id`` (``relations`` when the task
has relations, else ``spans_manual``), the hashes (see :func:`hashes`) and an
extra ``_status`` (``done``/``in_progress``) that ``annotator import`` reads
back. Only finished work is ``"answer": "accept"``; work in progress is
``"ignore"``, so that Prodigy's tools never take it for done; suggestions are a
stream to correct, with no ``answer``, their ``score`` in each span and their
origin in ``meta``. An attribute named like a key Prodigy writes in spans is
written under a key of its own (``type`` as ``quote_type``: Prodigy's relations
interface puts ``"type": "span"`` in every span).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import Any, BinaryIO

from annotator.core.model import Origin, WorkRows
from annotator.io.exported import Annotated, WriteReport, article_meta
from annotator.io.span_json import SpanJson
from annotator.io.token_lists import TokenLists

VIEW_ID = "spans_manual"
RELATIONS_VIEW_ID = "relations"
# Our attribute names that are keys Prodigy writes in a span, and the keys they are written as.
ATTRIBUTE_KEYS = {"type": "quote_type"}
ANSWERS = {"done": "accept", "in_progress": "ignore"}  # by status; suggestions have none
_LINE_BREAKS = (("\u2028", "\\u2028"), ("\u2029", "\\u2029"), ("\x85", "\\u0085"))
MISALIGNED = "spans not on token boundaries (character offsets kept, token indices widened)"


def prodigy_attrs(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """A span's attributes under the keys the JSONL writes them as."""
    return {ATTRIBUTE_KEYS.get(k, k): v for k, v in attrs.items()}


def hashes(text: str, spans_json: str) -> tuple[int, int]:
    """``_input_hash`` and ``_task_hash``, as the README states them.

    The input hash is MurmurHash3 (32 bits, seed 0, signed) of the UTF-8 bytes of
    ``json.dumps({"text": text}, sort_keys=True)``; the task hash, of
    ``str(input_hash) + '{"spans": [' + the spans' JSON, as written in the line but
    without any "score", joined by ", " + ']}'``. Of the keys Prodigy documents for the
    task hash (spans, label, options, arcs) our tasks have only spans.
    """
    input_hash = murmur('{"text": ' + _ascii(text) + "}")
    return input_hash, murmur(f'{input_hash}{{"spans": [{spans_json}]}}'.encode())


def murmur(text: str | bytes) -> int:
    """Prodigy's hash: 32-bit MurmurHash3 of the string (signed; str is hashed as UTF-8)."""
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
    rows = WorkRows.of(
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
    tokens: TokenLists | None = None,
    dataset: str = "",
) -> None:
    """Write one line per task to ``path`` (a temporary file the caller renames);
    ``after_batch`` hears how many tasks each batch wrote; ``tokens`` may come with
    saved splits (see :meth:`TokenLists.preload`); ``dataset`` prefixes the annotator ids."""
    writer = TaskWriter(tokens, dataset)
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


# What json.dumps(value) and json.dumps(value, ensure_ascii=False) write, without making
# an encoder per call (identical output: json.dumps uses these very functions).
_ascii = json.encoder.encode_basestring_ascii
_string = json.encoder.encode_basestring
_encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode
# Keys a span's JSON writes itself: attributes with these names take the slow path.
_SPAN_KEYS = frozenset({"start", "end", "token_start", "token_end", "label", "text", "score"})


class TaskWriter:
    """Writes tasks as JSON lines, reusing token and label work across lines."""

    def __init__(self, tokens: TokenLists | None = None, dataset: str = "") -> None:
        self.tokens = tokens if tokens is not None else TokenLists()
        self.dataset = dataset  # the "dataset" of Prodigy's "dataset-session" annotator ids
        self.json = SpanJson()
        # The attributes' part of a span's JSON by the mapping's id (the store shares one
        # mapping per distinct value); the mappings are kept so that no id is reused.
        self._attr_parts: dict[int, str | None] = {}
        self._attr_kept: list[Mapping[str, Any]] = []

    def _attrs_parts(self, attrs: list[Mapping[str, Any]]) -> list[str | None]:
        """Each span's ``, "key": value...`` (None when a key clashes with a span key)."""
        known = self._attr_parts
        parts = list(map(known.get, map(id, attrs)))
        if None in parts:
            for one in attrs:
                if id(one) not in known:
                    self._attr_kept.append(one)
                    if not one:
                        known[id(one)] = ""
                    elif _SPAN_KEYS.isdisjoint(prodigy_attrs(one)):
                        known[id(one)] = ", " + _encode(prodigy_attrs(one))[1:-1]
                    else:
                        known[id(one)] = None
            parts = list(map(known.get, map(id, attrs)))
        return parts

    def lines(
        self, tasks: Iterable[Task], report: WriteReport, batch: int = 100
    ) -> Iterator[tuple[int, list[bytes]]]:
        """The tasks' lines, in pieces, a batch at a time (tokens are made for a batch at
        once), with the number of tasks in each batch."""
        import numpy as np

        it = iter(tasks)
        while chunk := list(islice(it, batch)):
            texts = [task.rows.article.text for task in chunk]
            tokens = self.tokens.batch(texts)
            counts = [len(task.rows.starts) for task in chunk]
            n = sum(counts)
            text_of = np.repeat(np.arange(len(chunk)), counts)
            starts = np.fromiter(chain.from_iterable(t.rows.starts for t in chunk), dtype=np.int64, count=n)
            ends = np.fromiter(chain.from_iterable(t.rows.ends for t in chunk), dtype=np.int64, count=n)
            first, last, exact = tokens.span_tokens(text_of, starts, ends)
            if misaligned := n - int(exact.sum()):
                report.adjusted[MISALIGNED] += misaligned
            labels = list(chain.from_iterable(t.rows.labels for t in chunk))
            attrs = list(chain.from_iterable(t.rows.attrs for t in chunk))
            # Each span's text, from the texts joined.
            joined = "".join(texts)
            shift = tokens.text_starts[text_of]
            bounds = map(slice, (starts + shift).tolist(), (ends + shift).tolist())
            span_texts = list(map(joined.__getitem__, bounds))
            parts = self._attrs_parts(attrs)
            if None not in parts and all(task.scores is None for task in chunk):
                texts_json = list(map(_string, span_texts))
                refs, full = self.json.spans(starts, ends, first, last, labels, texts_json, parts)  # type: ignore[arg-type]
                hashed = full
            else:
                refs, _ = self.json.spans(starts, ends, first, last, labels)
                scores = chain.from_iterable(task.scores or [None] * len(task.rows.starts) for task in chunk)
                scored = list(scores)
                full = [
                    _full_span(ref, span_text, span_attrs, score)
                    for ref, span_text, span_attrs, score in zip(refs, span_texts, attrs, scored, strict=True)
                ]
                # The task hash never covers scores.
                hashed = [
                    _full_span(ref, span_text, span_attrs, None) if score is not None else made
                    for ref, span_text, span_attrs, score, made in zip(
                        refs, span_texts, attrs, scored, full, strict=True
                    )
                ]
            relation_counts = [len(task.rows.heads) for task in chunk]
            m = sum(relation_counts)
            # Relation ends are places among their article's spans: make them places in the batch.
            offsets = np.repeat(np.cumsum([0, *counts[:-1]]), relation_counts)
            heads = (
                np.fromiter(chain.from_iterable(t.rows.heads for t in chunk), dtype=np.int64, count=m)
                + offsets
            )
            children = (
                np.fromiter(chain.from_iterable(t.rows.children for t in chunk), dtype=np.int64, count=m)
                + offsets
            )
            relation_labels = list(chain.from_iterable(t.rows.relation_labels for t in chunk))
            linked = self.json.relations(heads, children, relation_labels, np.array(refs, dtype=object), last)
            made: list[bytes] = []
            at = linked_at = 0
            for task, json_list, count, relation_count in zip(
                chunk, tokens.json_lists, counts, relation_counts, strict=True
            ):
                span_parts = full[at : at + count]
                relation_parts = linked[linked_at : linked_at + relation_count]
                made += self.line(task, json_list, span_parts, relation_parts, hashed[at : at + count])
                at += count
                linked_at += relation_count
                report.add(task.rows.annotator, count, relation_count)
            yield len(chunk), made

    def line(
        self,
        task: Task,
        tokens: bytes,
        span_parts: list[str],
        relation_parts: list[str],
        hashed_parts: list[str] | None = None,
    ) -> list[bytes]:
        """One task as one JSON line, line end included, encoded as UTF-8 in pieces, given
        the JSON of its tokens, spans and relations.

        Written piece by piece, exactly as ``json.dumps`` writes the task (the task
        hash covers the spans' JSON as ``json.dumps`` writes it), but much faster.
        """
        rows = task.rows
        text = rows.article.text
        annotations = (
            '"spans": [' + ", ".join(span_parts) + '], "relations": [' + ", ".join(relation_parts) + "]"
        )
        hashed = ", ".join(span_parts if hashed_parts is None else hashed_parts)
        input_hash, task_hash = hashes(text, hashed)
        encoded = annotations.encode("utf-8")
        annotator = _string(f"{self.dataset}-{rows.annotator}" if self.dataset else rows.annotator)
        meta = _encode(article_meta(rows.article, task.origin))
        head = '{"text":' + _string(text) + ',"meta":' + meta + ',"tokens":'
        answer = ANSWERS.get(task.status) if task.status is not None else None
        tail = [
            f',"answer":"{answer}"' if answer else "",
            ',"_annotator_id":',
            annotator,
            ',"_session_id":',
            annotator,
            ',"_view_id":"',
            RELATIONS_VIEW_ID if relation_parts else VIEW_ID,
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
                encoded = annotations.encode("utf-8")
            if char in rest:
                rest = rest.replace(char, escaped)
        return [head.encode("utf-8"), tokens, b",", encoded, rest.encode("utf-8")]


def _full_span(ref: str, text: str, attrs: Mapping[str, Any], score: float | None) -> str:
    """A span's JSON the slow way: attributes whose keys clash, or a score."""
    attrs = prodigy_attrs(attrs)
    if not attrs or _SPAN_KEYS.isdisjoint(attrs):
        full_json = ref[:-1] + ', "text": ' + _string(text)
        if attrs:
            full_json += ", " + _encode(attrs)[1:-1]
        if score is not None:
            full_json += ', "score": ' + _encode(score)
        return full_json + "}"
    full = {**json.loads(ref), "text": text, **attrs}
    if score is not None:
        full["score"] = score
    return _encode(full)
