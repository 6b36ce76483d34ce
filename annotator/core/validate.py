"""Checking spans and relations against an article's text and a scheme."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from annotator.core.errors import InputError
from annotator.core.limits import MAX_NAME, has_control
from annotator.core.model import Relation, Span
from annotator.core.scheme import Scheme


def check_span(span: Span, text: str, scheme: Scheme, where: str) -> None:
    """Refuse a span outside the text, with an unknown label or attribute value."""
    if not 0 <= span.start < span.end <= len(text):
        raise InputError(
            f"{where}: offsets {span.start}-{span.end} are outside the text (0-{len(text)}) or empty"
        )
    label = scheme.label(span.label)
    if label is None:
        raise InputError(
            f"{where}: unknown label {span.label!r} (scheme has {', '.join(scheme.label_names)})"
        )
    for name, value in span.attrs.items():
        allowed = label.attributes.get(name)
        if allowed is None:
            raise InputError(f"{where}: label {span.label} has no attribute {name!r}")
        if value not in allowed:
            raise InputError(
                f"{where}: {name}={value!r} not allowed for {span.label} (one of {', '.join(allowed)})"
            )


def check_relation(relation: Relation, scheme: Scheme, where: str) -> None:
    """Refuse an unknown relation type or one whose ends have the wrong labels."""
    rel = scheme.relation(relation.label)
    if rel is None:
        known = ", ".join(scheme.relation_names) or "none"
        raise InputError(f"{where}: unknown relation {relation.label!r} (scheme has {known})")
    if relation.head.label not in rel.head:
        allowed = ", ".join(rel.head)
        raise InputError(
            f"{where}: {rel.name} cannot start at a {relation.head.label} span (allowed: {allowed})"
        )
    if relation.child.label not in rel.child:
        allowed = ", ".join(rel.child)
        raise InputError(
            f"{where}: {rel.name} cannot point at a {relation.child.label} span (allowed: {allowed})"
        )


def span_from_dict(data: Any, text: str, scheme: Scheme, where: str, ignore: Sequence[str] = ()) -> Span:
    """Build a span from a Prodigy-style dict (``start``, ``end``, ``label``, attributes).

    Keys that are attributes of the label in the scheme become attributes; a
    ``text`` key, when present, must equal the text at those offsets.
    """
    if not isinstance(data, Mapping):
        raise InputError(f"{where}: a span must be an object")
    for key in ("start", "end", "label"):
        if key not in data:
            raise InputError(f"{where}: span has no {key!r}")
    start, end, label = data["start"], data["end"], data["label"]
    if (
        not (isinstance(start, int) and isinstance(end, int))
        or isinstance(start, bool)
        or isinstance(end, bool)
    ):
        raise InputError(f"{where}: 'start' and 'end' must be integers")
    if not isinstance(label, str):
        raise InputError(f"{where}: 'label' must be a string")
    label_def = scheme.label(label)
    names = label_def.attributes if label_def else {}
    attrs = {k: v for k, v in data.items() if k in names and k not in ignore}
    for key, value in attrs.items():
        if not isinstance(value, str):
            raise InputError(f"{where}: attribute {key!r} must be a string")
    span = Span(start, end, label, attrs)
    check_span(span, text, scheme, where)
    if isinstance(data.get("text"), str) and data["text"] != text[start:end]:
        found, given = text[start:end], data["text"]
        raise InputError(f"{where}: offsets {start}-{end} give {found!r}, but the span's text is {given!r}")
    return span


def check_span_ref(ref: Mapping[str, Any], where: str) -> None:
    """Refuse a reference to a span (``start``, ``end``, ``label``) of the wrong shape."""
    start, end, label = ref["start"], ref["end"], ref["label"]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
        raise InputError(f"{where}: 'start' and 'end' must be integers")
    if not isinstance(label, str):
        raise InputError(f"{where}: 'label' must be a string")


def check_annotator_name(name: str, where: str = "annotator name") -> str:
    """The name stripped; refused when empty, too long or holding control characters."""
    name = name.strip()
    if not name:
        raise InputError(f"{where} is empty")
    if len(name) > MAX_NAME:
        raise InputError(f"{where} is {len(name)} characters long; at most {MAX_NAME} are allowed")
    if has_control(name):
        raise InputError(f"{where} {name!r} holds control characters")
    return name
