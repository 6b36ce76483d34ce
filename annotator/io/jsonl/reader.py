"""Prodigy-style JSONL: one task per line with ``text`` and optional ``meta``,
``spans`` and ``relations`` (see formats.md)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from annotator.core import safe_json
from annotator.core.errors import InputError
from annotator.core.limits import MAX_ARTICLE_BYTES, too_big
from annotator.core.model import AnnotationSet, ArticleInput, ArticleRecord, Relation, Span
from annotator.core.scheme import Scheme
from annotator.core.text import guess_title, newline_offset_map, normalise_newlines
from annotator.core.validate import (
    check_annotator_name,
    check_relation,
    check_span,
    check_span_ref,
    span_from_dict,
)
from annotator.io.items import Parsed, ReadItem, ReadOptions, Refused


def read_jsonl_file(
    path: Path,
    data: bytes,
    scheme: Scheme,
    *,
    annotator: str | None = None,
    done: bool = False,
    options: ReadOptions | None = None,
    tool: str | None = None,
) -> Iterator[ReadItem]:
    """Every line of a JSONL file as a record or a refusal naming the line.

    A line with another tool's keys is read as that tool's (doccano, Label
    Studio) or refused; ``tool="doccano"`` reads every line as doccano's.
    """
    options = options or ReadOptions(annotator, done)
    if b"\x00" in data:
        yield Refused(str(path), "binary file (contains NUL bytes), not JSONL text", len(data))
        return
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    lines = data.split(b"\n")
    if not any(line.strip() for line in lines):
        yield Refused(str(path), "no articles in the file (it is empty or holds only blank lines)", len(data))
        return
    for number, raw in enumerate(lines, 1):
        size = len(raw) + (1 if number < len(lines) else 0)
        if not raw.strip():
            continue
        where = f"{path}:{number}"
        if len(raw) > MAX_ARTICLE_BYTES:
            yield Refused(where, too_big("the line", len(raw)), size)
            continue
        try:
            yield from read_task(_decode(raw), scheme, options, where, size, tool)
        except InputError as exc:
            yield Refused(where, exc.reason, size)


def read_json_array(path: Path, data: bytes, scheme: Scheme, *, options: ReadOptions) -> Iterator[ReadItem]:
    """A JSON array of tasks (Prodigy's, doccano's...), each read as a JSONL line would
    be, or one task written over several lines (doccano's own examples)."""
    try:
        tasks = safe_json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        yield Refused(str(path), "not UTF-8", len(data))
        return
    except InputError as exc:
        yield Refused(str(path), exc.reason, len(data))
        return
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list):
        yield Refused(str(path), "a JSON file of tasks must hold an array or an object", len(data))
        return
    share = len(data) // max(1, len(tasks))
    for k, task in enumerate(tasks, 1):
        where = f"{path}: task {k}"
        try:
            yield from read_task(task, scheme, options, where, share)
        except InputError as exc:
            yield Refused(where, exc.reason, share)


def read_task(
    task: Any, scheme: Scheme, options: ReadOptions, where: str, size: int, tool: str | None = None
) -> Iterator[ReadItem]:
    """One decoded task by whose keys it has: doccano's, Label Studio's, or Prodigy's."""
    from annotator.io.doccano import doccano_task, is_doccano
    from annotator.io.label_studio import label_studio_task

    if not isinstance(task, Mapping):
        raise InputError(f"a line must be a JSON object, not {type(task).__name__}")
    if tool == "doccano" or is_doccano(task):
        record, notes = doccano_task(task, scheme, options)
        yield Parsed(record, where, size, notes)
        return
    if "annotations" in task or "completions" in task or isinstance(task.get("data"), Mapping):
        for record, notes in label_studio_task(task, scheme, options):
            yield Parsed(record, where, size, notes)
        return
    if "result" in task and "text" not in task:
        raise InputError("a Label Studio annotation without its task's text: export the project as JSON")
    if isinstance(task.get("label"), str) and "spans" not in task:
        raise InputError(
            f"a classification task (label {task['label']!r}) has no spans to import; "
            "only span and relation annotations are read"
        )
    record = parse_task(task, scheme, annotator=options.annotator, done=options.done)
    answer = task.get("answer", "accept")
    said: tuple[tuple[str, int], ...] = ()
    if not keeps_annotations(task):
        kind = repr(answer) if answer in ("reject", "ignore") else "other than accept"
        said = ((f"Prodigy tasks with answer {kind}: text imported, annotations not kept", 1),)
    if task.get("tokens"):  # an empty list gives none
        if token_problem(task["tokens"], record.article.text) is None:
            kept = json.dumps(task["tokens"], separators=(",", ":"), ensure_ascii=False)
            record = replace(record, tokens=kept)
        else:
            said += ((INVALID_TOKENS, 1),)
    yield Parsed(record, where, size, said)


INVALID_TOKENS = "Prodigy token lists not valid for their text (replaced by spaCy's on export)"


def token_problem(tokens: Any, text: str) -> str | None:
    """Why a Prodigy ``tokens`` list is not valid for ``text``, or None when it is.

    Valid: objects with ``text``, ``start``, ``end`` and ``ws``, in order, not
    overlapping, each ``text`` the slice of the text it covers, only white space
    between and around them, and ``ws`` true exactly when white space follows a
    token before the next (``id``, if given, its place).
    """
    if not isinstance(tokens, list) or not tokens:
        return "not a list of tokens"
    at = 0
    for k, token in enumerate(tokens):
        if not isinstance(token, Mapping):
            return f"token {k}: not an object"
        start, end, ws = token.get("start"), token.get("end"), token.get("ws")
        if type(start) is not int or type(end) is not int or not at <= start < end <= len(text):
            return f"token {k}: start and end not in order within the text"
        if token.get("text") != text[start:end]:
            return f"token {k}: its text is not the text at {start}-{end}"
        if not isinstance(ws, bool) or token.get("id", k) != k:
            return f"token {k}: no 'ws' true or false, or an 'id' other than {k}"
        if text[at:start].strip():
            return f"token {k}: text before it is in no token"
        if k and tokens[k - 1]["ws"] != (start > at):
            return f"token {k - 1}: 'ws' does not say whether white space follows"
        at = end
    if text[at:].strip() or tokens[-1]["ws"] != (at < len(text)):
        return "the text after the last token is in no token, or its 'ws' is wrong"
    return None


def _decode(raw: bytes) -> Any:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8: invalid byte 0x{raw[exc.start : exc.start + 1].hex()}") from None
    return safe_json.loads(line)


def parse_task(
    task: Any, scheme: Scheme, *, annotator: str | None = None, done: bool = False
) -> ArticleRecord:
    """One decoded JSONL task to an article record, validated against ``scheme``."""
    if not isinstance(task, Mapping):
        raise InputError(f"a line must be a JSON object, not {type(task).__name__}")
    raw_text = task.get("text")
    if not isinstance(raw_text, str):
        raise InputError("no 'text' string")
    text = normalise_newlines(raw_text)
    if not text.strip():
        raise InputError("empty 'text'")
    meta = task.get("meta", {})
    if not isinstance(meta, Mapping):
        raise InputError("'meta' must be an object")
    safe_json.check_depth(meta, "'meta'")
    article = ArticleInput(
        text=text,
        title=_string(task, meta, "title") or guess_title(text),
        date=_date(task, meta),
        source=_string(task, meta, "source"),
        url=_string(task, meta, "url"),
        external_id=_string(task, meta, "id"),
        meta=dict(meta),
    )
    has_annotations = "spans" in task or "relations" in task
    if not has_annotations and not (done and annotator):
        return ArticleRecord(article)
    if not keeps_annotations(task):
        # A task the annotator rejected or skipped carries no annotations to keep.
        return ArticleRecord(article)
    name = annotator or _own_name(task.get("_annotator_id"), scheme)
    if not isinstance(name, str) or not name.strip():
        raise InputError("has spans but no annotator: pass --annotator NAME or give '_annotator_id'")
    spans, relations = _annotations(task, raw_text, scheme)
    # ``annotator export`` writes each line's status; a line marked done stays done.
    done = done or task.get("_status") == "done"
    return ArticleRecord(article, AnnotationSet(check_annotator_name(name), spans, relations, done))


def keeps_annotations(task: Mapping[str, Any]) -> bool:
    """Whether a task's annotations are someone's: accepted, or our own work in progress
    (written with ``answer: ignore`` and its ``_status``, so that Prodigy skips it)."""
    return task.get("answer", "accept") == "accept" or task.get("_status") in ("done", "in_progress")


def _own_name(value: Any, scheme: Scheme) -> Any:
    """Our export's ``dataset-session`` ids (the scheme's name, then the annotator) back to the annotator."""
    prefix = f"{scheme.name}-"
    if isinstance(value, str) and value.startswith(prefix) and len(value) > len(prefix):
        return value[len(prefix) :]
    return value


def _our_attributes(item: Any) -> Any:
    """A span's attributes under our names: ``quote_type`` is ``type``; a legacy
    ``"type": "direct"`` still is; Prodigy's own ``"type": "span"`` is not an attribute."""
    if not isinstance(item, Mapping) or ("quote_type" not in item and "type" not in item):
        return item
    span = dict(item)
    kind = span.pop("type", None)
    if "quote_type" in span:
        span["type"] = span.pop("quote_type")
    elif kind is not None and kind != "span":
        span["type"] = kind
    return span


def _annotations(
    task: Mapping[str, Any], raw_text: str, scheme: Scheme
) -> tuple[tuple[Span, ...], tuple[Relation, ...]]:
    raw_spans = task.get("spans") or []
    raw_relations = task.get("relations") or []
    if not isinstance(raw_spans, list):
        raise InputError("'spans' must be a list")
    if not isinstance(raw_relations, list):
        raise InputError("'relations' must be a list")
    # Offsets count against the text as given; CRLF collapses on import, so map them.
    convert = newline_offset_map(raw_text)
    text = normalise_newlines(raw_text)
    spans: dict[tuple[int, int, str], Span] = {}
    by_raw_key: dict[tuple[int, int, str], Span] = {}
    for i, item in enumerate(raw_spans, 1):
        where = f"span {i}"
        span = span_from_dict(_our_attributes(item), raw_text, scheme, where)
        moved = Span(convert(span.start), convert(span.end), span.label, span.attrs)
        if moved.start >= moved.end:
            raise InputError(f"{where}: covers only part of a line break")
        check_span(moved, text, scheme, where)
        spans.setdefault(moved.key, moved)
        by_raw_key[span.key] = spans[moved.key]
    relations = []
    for i, item in enumerate(raw_relations, 1):
        where = f"relation {i}"
        if not isinstance(item, Mapping):
            raise InputError(f"{where}: must be an object")
        label = item.get("label")
        if not isinstance(label, str):
            raise InputError(f"{where}: no 'label' string")
        ends = []
        for end in ("head_span", "child_span"):
            ref = item.get(end)
            if not isinstance(ref, Mapping) or not all(k in ref for k in ("start", "end", "label")):
                raise InputError(f"{where}: '{end}' must be an object with start, end and label")
            check_span_ref(ref, f"{where}: '{end}'")
            key = (ref["start"], ref["end"], ref["label"])
            if key not in by_raw_key:
                raise InputError(f"{where}: {end} {key[0]}-{key[1]} {key[2]} is not among the task's spans")
            ends.append(by_raw_key[key])
        relation = Relation(label, ends[0], ends[1])
        check_relation(relation, scheme, where)
        relations.append(relation)
    return tuple(spans.values()), tuple(relations)


def _string(task: Mapping[str, Any], meta: Mapping[str, Any], key: str) -> str:
    value = task.get(key, meta.get(key, ""))
    if value is None:
        return ""
    if isinstance(value, dict | list):
        raise InputError(f"{key!r} must be a string, not {type(value).__name__}")
    return value if isinstance(value, str) else str(value)


def _date(task: Mapping[str, Any], meta: Mapping[str, Any]) -> dt.date | None:
    value = task.get("date", meta.get("date"))
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise InputError(f"'date' must be a YYYY-MM-DD string, not {value!r}")
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise InputError(f"invalid date {value!r} (expected YYYY-MM-DD)") from None
