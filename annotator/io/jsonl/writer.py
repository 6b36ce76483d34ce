"""Prodigy-compatible JSONL, written fast: one task per article and annotator (formats.md).

Each line carries the text, ``meta``, spaCy ``tokens``, ``spans`` with token
indices, ``relations`` with their head and child spans, ``answer``,
``_annotator_id``/``_session_id`` (Prodigy's ``dataset-session``: the
scheme's name, then the annotator), ``_view_id`` (``relations`` when the task
has relations, else ``spans_manual``), the hashes (:mod:`.hashes`) and an
extra ``_status`` (``done``/``in_progress``) that ``annotator import`` reads
back. Only finished work is ``"answer": "accept"``; work in progress is
``"ignore"``, so that Prodigy's tools never take it for done; suggestions are a
stream to correct, with no ``answer``, their ``score`` in each span and their
origin in ``meta``. An attribute named like a key Prodigy writes in spans is
written under a key of its own (``type`` as ``quote_type``: Prodigy's relations
interface puts ``"type": "span"`` in every span).

The lines are made a batch of articles at a time, from plain columns: tokens
by :class:`.tokens.TokenLists`, spans and relations joined from cached pieces
(:mod:`.pieces`). They are exactly the bytes :mod:`.reference` writes the plain
way (``tests/export/test_jsonl_reference.py``), which also writes the articles
whose own tokens came with a Prodigy import.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any

from annotator.core.errors import Cancelled
from annotator.io.exported import Annotated, WriteReport, article_meta
from annotator.io.jsonl.batches import LineBatch, LineHead, WorkLine, from_lines
from annotator.io.jsonl.hashes import hashes
from annotator.io.jsonl.pieces import SpanJson
from annotator.io.jsonl.tokens import TokenBatch, TokenLists

VIEW_ID = "spans_manual"
RELATIONS_VIEW_ID = "relations"
# Our attribute names that are keys Prodigy writes in a span, and the keys they are written as.
ATTRIBUTE_KEYS = {"type": "quote_type"}
ANSWERS = {"done": "accept", "in_progress": "ignore"}  # by status; suggestions have none
LINE_BREAKS = (("\u2028", "\\u2028"), ("\u2029", "\\u2029"), ("\x85", "\\u0085"))
MISALIGNED = "spans not on token boundaries (character offsets kept, token indices widened)"
BATCH = 100  # articles whose tokens and spans are made at once

Progress = Callable[[int, int], None]  # (articles done, articles in all)


def prodigy_attrs(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """A span's attributes under the keys the JSONL writes them as."""
    return {ATTRIBUTE_KEYS.get(k, k): v for k, v in attrs.items()}


def annotated_line(item: Annotated, tokens: str | None = None) -> WorkLine:
    """An :class:`Annotated` item (suggestions) as a line to write."""
    spans = item.sorted_spans()
    place = {span.key: k for k, span in enumerate(spans)}
    relations = sorted((place[r.head.key], place[r.child.key], r.label) for r in item.annotations.relations)
    return WorkLine(
        item.article,
        item.annotator,
        item.status,
        [s.start for s in spans],
        [s.end for s in spans],
        [s.label for s in spans],
        [json.dumps(dict(s.attrs), ensure_ascii=False) if s.attrs else None for s in spans],
        [r[0] for r in relations],
        [r[1] for r in relations],
        [r[2] for r in relations],
        item.origin,
        [item.scores.get(s.key) for s in spans] if item.scores else None,
        tokens,
    )


def write_jsonl(
    batches: Iterable[LineBatch],
    path: Path,
    report: WriteReport,
    *,
    dataset: str = "",
    total: int = 0,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> None:
    """Write each batch's lines to ``path`` (a temporary file the caller renames).

    ``dataset`` prefixes the annotator ids; ``progress`` hears (articles written or
    left out, ``total``) after each batch; ``cancelled`` is asked between batches and
    stops the export with :class:`Cancelled` (the caller's temporary file goes with it).
    """
    writer = LineWriter(dataset)
    writer.tokens.load()  # while the caller's first batch may be on its way
    done = 0
    with _no_cycle_collection(), path.open("wb") as out:
        for batch in batches:
            if cancelled():
                raise Cancelled("export cancelled; nothing was written")
            out.write(b"".join(writer.lines(batch, report)))
            done += batch.articles_read
            if progress is not None:
                progress(done, max(total, done))
    if cancelled():
        raise Cancelled("export cancelled; nothing was written")


def line_batches(lines: Iterable[WorkLine], size: int = BATCH) -> Iterator[LineBatch]:
    """The lines as batches of ``size``."""
    it = iter(lines)
    while chunk := list(islice(it, size)):
        yield from_lines(chunk)


# What json.dumps(value) and json.dumps(value, ensure_ascii=False) write, without making
# an encoder per call (identical output: json.dumps uses these very functions).
_ascii = json.encoder.encode_basestring_ascii
_string = json.encoder.encode_basestring
_encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode
# Keys a span's JSON writes itself: attributes with these names take the slow path.
_SPAN_KEYS = frozenset({"start", "end", "token_start", "token_end", "label", "text", "score"})


class _Attrs(dict[str | None, tuple[dict[str, Any], str | None]]):
    """Stored attribute JSON -> (the attributes as written, their part of a span's JSON:
    ``, "key": value...``, or None when a key clashes with a span's own keys)."""

    def __missing__(self, raw: str | None) -> tuple[dict[str, Any], str | None]:
        attrs = prodigy_attrs(json.loads(raw)) if raw else {}
        part = ("" if not attrs else ", " + _encode(attrs)[1:-1]) if _SPAN_KEYS.isdisjoint(attrs) else None
        self[raw] = made = (attrs, part)
        return made


class LineWriter:
    """Writes lines, keeping token, label and attribute work from batch to batch."""

    def __init__(self, dataset: str = "", tokens: TokenLists | None = None) -> None:
        self.tokens = tokens if tokens is not None else TokenLists()
        self.dataset = dataset  # the "dataset" of Prodigy's "dataset-session" annotator ids
        self.json = SpanJson()
        self.attrs = _Attrs()

    def lines(self, batch: LineBatch, report: WriteReport) -> list[bytes]:
        """The lines of a batch, in pieces (encoded, line ends included), in order.

        An article's own tokens that are not exactly ours (as after a re-import of our
        own export) are written by the reference writer, which counts them.
        """
        from annotator.io.jsonl.reference import reference_line

        tokens = self.tokens.batch(batch.texts)
        own = [
            head.tokens is not None and head.tokens.encode("utf-8") != made
            for head, made in zip(batch.heads, tokens.json_lists, strict=True)
        ]
        if not any(own):
            return self._batch(batch, tokens, report)
        lines = batch.work_lines()
        ours = from_lines([line for line, theirs in zip(lines, own, strict=True) if not theirs])
        made = iter(self._batch(ours, self.tokens.batch(ours.texts), report) if len(ours) else [])
        pieces: list[bytes] = []
        for line, theirs in zip(lines, own, strict=True):
            if theirs:
                pieces.append(reference_line(line, self.dataset, json.loads(line.tokens or "[]"), report))
            else:
                pieces += [next(made) for _ in range(_PIECES)]
        return pieces

    def _batch(self, batch: LineBatch, tokens: TokenBatch, report: WriteReport) -> list[bytes]:
        import numpy as np

        counts = batch.span_counts
        starts, ends = batch.starts, batch.ends
        n = len(starts)
        text_of = np.repeat(np.arange(len(batch)), counts)
        first, last, exact = tokens.span_tokens(text_of, starts, ends)
        if misaligned := n - int(exact.sum()):
            report.adjusted[MISALIGNED] += misaligned
        labels = batch.labels
        attrs = list(map(self.attrs.__getitem__, batch.attrs))
        parts = [part for _, part in attrs]
        # Each span's text, from the texts joined.
        joined = "".join(batch.texts)
        shift = tokens.text_starts[text_of]
        bounds = map(slice, (starts + shift).tolist(), (ends + shift).tolist())
        span_texts = list(map(joined.__getitem__, bounds))
        if None not in parts and batch.scores is None:
            texts_json = list(map(_string, span_texts))
            refs, full = self.json.spans(starts, ends, first, last, labels, texts_json, parts)  # type: ignore[arg-type]
            hashed = full
        else:
            refs, _ = self.json.spans(starts, ends, first, last, labels)
            scored = batch.scores if batch.scores is not None else [None] * n
            full = [
                _full_span(ref, text, span_attrs, score)
                for ref, text, (span_attrs, _), score in zip(refs, span_texts, attrs, scored, strict=True)
            ]
            # The task hash never covers scores.
            hashed = [
                _full_span(ref, text, span_attrs, None) if score is not None else made
                for ref, text, (span_attrs, _), score, made in zip(
                    refs, span_texts, attrs, scored, full, strict=True
                )
            ]
        relation_counts = batch.relation_counts
        linked = self.json.relations(
            batch.relation_heads,
            batch.relation_children,
            batch.relation_labels,
            np.array(refs, dtype=object),
            last,
        )
        made: list[bytes] = []
        at = linked_at = 0
        for head, json_list, count, relation_count in zip(
            batch.heads, tokens.json_lists, counts, relation_counts, strict=True
        ):
            span_parts = full[at : at + count]
            relation_parts = linked[linked_at : linked_at + relation_count]
            made += self.line(head, json_list, span_parts, relation_parts, hashed[at : at + count])
            at += count
            linked_at += relation_count
            report.add(head.annotator, count, relation_count)
        return made

    def line(
        self,
        work: LineHead,
        tokens: bytes,
        span_parts: list[str],
        relation_parts: list[str],
        hashed_parts: list[str],
    ) -> list[bytes]:
        """One task as one JSON line, line end included, encoded as UTF-8 in
        :data:`_PIECES` pieces, given the JSON of its tokens, spans and relations.

        Written piece by piece, exactly as ``json.dumps`` writes the task (the task
        hash covers the spans' JSON as ``json.dumps`` writes it), but much faster.
        """
        text = work.article.text
        annotations = (
            '"spans": [' + ", ".join(span_parts) + '], "relations": [' + ", ".join(relation_parts) + "]"
        )
        input_hash, task_hash = hashes(text, ", ".join(hashed_parts))
        annotator = _string(f"{self.dataset}-{work.annotator}" if self.dataset else work.annotator)
        meta = _encode(article_meta(work.article, work.origin))
        head = '{"text":' + _string(text) + ',"meta":' + meta + ',"tokens":'
        answer = ANSWERS.get(work.status) if work.status is not None else None
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
        if work.status is not None:
            tail += [',"_status":', _ascii(work.status)]
        tail += [',"_input_hash":', str(input_hash), ',"_task_hash":', str(task_hash), "}\n"]
        rest = "".join(tail)
        # Valid JSON as they are, but line breaks to readers that split with str.splitlines().
        for char, escaped in LINE_BREAKS:
            if char in head:
                head = head.replace(char, escaped)
                # Token texts come from the text: only then can they hold one.
                tokens = tokens.decode("utf-8").replace(char, escaped).encode("utf-8")
            if char in annotations:
                annotations = annotations.replace(char, escaped)
            if char in rest:
                rest = rest.replace(char, escaped)
        return [head.encode("utf-8"), tokens, b",", annotations.encode("utf-8"), rest.encode("utf-8")]


_PIECES = 5  # pieces of a line made by LineWriter.line


def _full_span(ref: str, text: str, attrs: dict[str, Any], score: float | None) -> str:
    """A span's JSON the slow way: attributes whose keys clash, or a score."""
    if _SPAN_KEYS.isdisjoint(attrs):
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


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector: an export makes millions of small objects
    and no cycles, and its passes over them cost a tenth of the time."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
