"""Label Studio's JSON export (a list of tasks: ``data`` with the text,
``annotations[].result[]`` with ``labels`` regions and ``relation`` items
``from_id``/``to_id``) and its JSON-MIN export (one object per annotation: the
text, ``annotator``, and each control's regions under its name).

Every region's ``value.text`` is checked against the text at its offsets.
Label Studio's browser counts offsets in UTF-16 units, so after an emoji they
drift from Python's code points: when the UTF-16 reading gives ``value.text``
the offsets are converted (and counted), otherwise the region is refused.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from annotator.core import safe_json
from annotator.core.errors import InputError
from annotator.core.scheme import Scheme
from annotator.io.foreign import ForeignRelation, ForeignSpan, foreign_record, utf16_to_code_points
from annotator.io.items import Parsed, ReadItem, ReadOptions, Refused
from annotator.io.label_studio_export import META_ANNOTATORS, META_STATUS, annotators_from_meta

TOOL = "label-studio"
UTF16_FIXED = "Label Studio offsets counted in UTF-16 units (after emoji): converted to characters"
# JSON-MIN keys that are the task's or the annotation's, not a control's regions.
_MIN_KEYS = {"id", "text", "annotator", "annotation_id", "created_at", "updated_at", "lead_time", "relations"}


def is_label_studio(value: Any) -> bool:
    """Whether a decoded JSON value (or one task of it) is a Label Studio export."""
    first = value[0] if isinstance(value, list) and value else value
    if not isinstance(first, Mapping):
        return False
    if "annotations" in first or "completions" in first or isinstance(first.get("data"), Mapping):
        return True
    if "spans" in first or "tokens" in first:  # Prodigy's
        return False
    return "text" in first and any(_is_regions(v) for k, v in first.items() if k not in _MIN_KEYS)


def read_label_studio_file(
    path: Path, data: bytes, scheme: Scheme, options: ReadOptions
) -> Iterator[ReadItem]:
    """Every annotation of every task in a Label Studio JSON or JSON-MIN file."""
    try:
        value = safe_json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        yield Refused(str(path), "not Label Studio JSON (not UTF-8)", len(data))
        return
    except InputError as exc:
        yield Refused(str(path), f"not Label Studio JSON ({exc.reason})", len(data))
        return
    tasks = value if isinstance(value, list) else [value]
    share = len(data) // max(1, len(tasks))
    for k, task in enumerate(tasks, 1):
        where = f"{path}: task {k}"
        try:
            for record, notes in label_studio_task(task, scheme, options):
                yield Parsed(record, where, share, notes)
        except InputError as exc:
            yield Refused(where, exc.reason, share)


def label_studio_task(
    task: Any, scheme: Scheme, options: ReadOptions
) -> Iterator[tuple[Any, tuple[tuple[str, int], ...]]]:
    """One task as one record per annotation (the text alone when it has none)."""
    if not isinstance(task, Mapping):
        raise InputError("a Label Studio task must be an object")
    if "annotations" in task or "completions" in task or "data" in task:
        yield from _full_task(task, scheme, options)
    else:
        yield _min_task(task, scheme, options)


def _full_task(task: Mapping[str, Any], scheme: Scheme, options: ReadOptions) -> Iterator[Any]:
    data = task.get("data")
    if not isinstance(data, Mapping):
        raise InputError("Label Studio task without a 'data' object")
    text_key, text = _text(data)
    annotations = task.get("annotations", task.get("completions", []))
    if not isinstance(annotations, list):
        raise InputError("'annotations' must be a list")
    found = task.get("meta")
    given: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    ours = META_ANNOTATORS in given  # written by our export: its meta is the article's
    meta: dict[str, Any] = (
        {} if ours else {"label_studio_task": task.get("id"), "label_studio_data": text_key}
    )
    meta.update({k: v for k, v in given.items() if k not in (META_ANNOTATORS, META_STATUS)})
    live = [a for a in annotations if isinstance(a, Mapping) and not a.get("was_cancelled")]
    cancelled = len(annotations) - len(live)
    if options.annotator and len(live) > 1:
        raise InputError(
            f"task has {len(live)} annotations by different people: import without --annotator "
            "to keep them apart"
        )
    if not live:
        record, notes = foreign_record(text, [], [], scheme, options, tool=TOOL, meta=meta)
        yield record, notes + _cancelled(cancelled)
        return
    names = annotators_from_meta(given)
    statuses = given.get(META_STATUS)
    for n, annotation in enumerate(live):
        result = annotation.get("result", [])
        if not isinstance(result, list):
            raise InputError("an annotation's 'result' must be a list")
        spans, relations, notes = _regions(result, text)
        # Our own export names each annotator in the task's meta; Label Studio, by email or id.
        name = names[n] if len(names) == len(live) else _person(annotation.get("completed_by"))
        done = options.done or (
            isinstance(statuses, list) and len(statuses) == len(live) and statuses[n] == "done"
        )
        record, said = foreign_record(
            text,
            spans,
            relations,
            scheme,
            ReadOptions(options.annotator, done, options.label_map),
            tool=TOOL,
            annotator=name,
            meta=meta,
            title=str(meta.get("title") or ""),
            date=meta.get("date"),
            source=str(meta.get("source") or ""),
            url=str(meta.get("url") or ""),
            external_id=str(meta.get("id") or ""),
            tool_meta=not ours,
        )
        yield record, notes + said + (_cancelled(cancelled) if n == 0 else ())


def _min_task(task: Mapping[str, Any], scheme: Scheme, options: ReadOptions) -> Any:
    text = task.get("text")
    if not isinstance(text, str):
        raise InputError("Label Studio JSON-MIN item without a 'text' string")
    spans: list[ForeignSpan] = []
    notes: Counter[str] = Counter()
    for key, regions in task.items():
        if key in _MIN_KEYS or not _is_regions(regions):
            continue
        for i, region in enumerate(regions, 1):
            spans.extend(_span(region, text, f"{key} {i}", region.get("id", (key, i)), notes))
    relations = [
        ForeignRelation(label, r.get("from_id"), r.get("to_id"))
        for r in task.get("relations", []) or []
        if isinstance(r, Mapping)
        for label in _labels(r, "relation")
    ]
    record, said = foreign_record(
        text,
        spans,
        relations,
        scheme,
        options,
        tool=TOOL,
        annotator=_person(task.get("annotator")),
        meta={"label_studio_task": task.get("id")},
    )
    return record, _told(notes) + said


def _regions(
    result: Sequence[Any], text: str
) -> tuple[list[ForeignSpan], list[ForeignRelation], tuple[tuple[str, int], ...]]:
    spans: list[ForeignSpan] = []
    relations: list[ForeignRelation] = []
    notes: Counter[str] = Counter()
    # Per-region choices (our attributes) carry their region's id.
    choices: dict[Any, dict[str, str]] = {}
    for item in result:
        value = item.get("value") if isinstance(item, Mapping) else None
        if isinstance(value, Mapping) and item.get("type") == "choices":
            region, control, picked = item.get("id"), item.get("from_name"), value.get("choices")
            per_region = "start" in value and isinstance(region, str) and isinstance(control, str)
            if per_region and isinstance(picked, list) and len(picked) == 1 and isinstance(picked[0], str):
                choices.setdefault(region, {})[str(control)] = picked[0]
    for i, item in enumerate(result, 1):
        if not isinstance(item, Mapping):
            raise InputError(f"result {i} must be an object")
        kind = item.get("type")
        if kind == "choices" and item.get("id") in choices:
            continue
        if kind == "relation":
            head, child = item.get("from_id"), item.get("to_id")
            if not isinstance(head, str) or not isinstance(child, str):
                raise InputError(f"result {i}: a relation needs from_id and to_id strings")
            if item.get("direction") == "left":
                head, child = child, head
            labels = _labels(item, "relation")
            if not labels:
                notes["Label Studio relations without a label, left out"] += 1
            relations.extend(ForeignRelation(label, head, child) for label in labels)
            continue
        value = item.get("value")
        if kind not in ("labels", "hypertextlabels") or not isinstance(value, Mapping):
            notes[f"Label Studio results of type {kind!r} (not text spans), left out"] += 1
            continue
        spans.extend(_span(value, text, f"result {i}", item.get("id"), notes, choices.get(item.get("id"))))
    return spans, relations, _told(notes)


def _span(
    value: Any, text: str, where: str, ref: Any, notes: Counter[str], attrs: Mapping[str, str] | None = None
) -> list[ForeignSpan]:
    if not isinstance(value, Mapping):
        raise InputError(f"{where} must be an object")
    start, end = value.get("start"), value.get("end")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
        raise InputError(f"{where}: 'start' and 'end' must be integers (text spans only)")
    assert isinstance(start, int) and isinstance(end, int)
    if isinstance(ref, (dict, list)):
        raise InputError(f"{where}: 'id' must be a string")
    said = value.get("text")
    if isinstance(said, str) and text[start:end] != said:
        table = utf16_to_code_points(text)
        fixed = (
            (table[start], table[end])
            if 0 <= start < end < len(table) and min(table[start], table[end]) >= 0
            else None
        )
        if fixed is None or text[fixed[0] : fixed[1]] != said:
            raise InputError(
                f"{where}: offsets {start}-{end} give {text[start:end]!r}, but the region's text is {said!r} "
                "(neither as characters nor as UTF-16 units)"
            )
        start, end = fixed
        notes[UTF16_FIXED] += 1
    labels = _labels(value, "labels")
    if not labels:
        raise InputError(f"{where}: a region without labels")
    attrs = attrs or {}
    return [
        ForeignSpan(start, end, label, ref if len(labels) == 1 else (ref, label), attrs) for label in labels
    ]


def _labels(value: Mapping[str, Any], key: str) -> list[str]:
    labels = value.get(key if key in value else "labels", [])
    if isinstance(labels, str):
        return [labels]
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        raise InputError(f"'{key}' must be a list of strings")
    return labels


def _text(data: Mapping[str, Any]) -> tuple[str, str]:
    if isinstance(data.get("text"), str):
        return "text", data["text"]
    strings = [(k, v) for k, v in data.items() if isinstance(v, str)]
    if len(strings) == 1:
        return strings[0]
    raise InputError("cannot tell which field of the task's 'data' is the text (no 'text' key)")


def _is_regions(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, Mapping) and "start" in v and "end" in v and "labels" in v for v in value)
    )


def _person(value: Any) -> str | None:
    """Label Studio's annotator: an email in full exports' user objects, else the user's id."""
    if isinstance(value, Mapping):
        value = value.get("email") or value.get("id")
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return f"label-studio-user-{value}"
    return None


def _cancelled(n: int) -> tuple[tuple[str, int], ...]:
    return (("Label Studio annotations cancelled (skipped), left out", n),) if n else ()


def _told(notes: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(notes.items()))
