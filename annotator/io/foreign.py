"""What the importers of other tools' files share: their spans and relations,
renamed through the ``--map`` file, checked against the text and the scheme,
as one article record."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.core.errors import InputError
from annotator.core.model import AnnotationSet, ArticleInput, ArticleRecord, Relation, Span
from annotator.core.scheme import Scheme
from annotator.core.text import guess_title, newline_offset_map, normalise_newlines
from annotator.core.validate import check_relation, check_span
from annotator.io.items import ReadOptions
from annotator.io.mapping import shaped_span

MAP_HINT = "rename or drop it with --map FILE"


@dataclass(frozen=True, slots=True)
class ForeignSpan:
    """A span as another tool wrote it (offsets in code points, end exclusive)."""

    start: int
    end: int
    label: str
    ref: Hashable = None  # the tool's id, for relations
    attrs: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ForeignRelation:
    label: str
    head: Hashable  # a span's ref
    child: Hashable


def foreign_record(
    raw_text: str,
    spans: Sequence[ForeignSpan],
    relations: Sequence[ForeignRelation],
    scheme: Scheme,
    options: ReadOptions,
    *,
    tool: str,
    annotator: str | None = None,
    meta: Mapping[str, Any] | None = None,
    title: str = "",
    source: str = "",
    external_id: str = "",
    date: Any = None,
    url: str = "",
    tool_meta: bool = True,
) -> tuple[ArticleRecord, tuple[tuple[str, int], ...]]:
    """The article with its annotations, and notes on what the mapping dropped.

    ``meta`` is kept with the article, with the tool's name unless ``tool_meta`` is false
    (a file our own export wrote, whose meta is the article's).

    InputError names the span or relation at fault (an unknown label says how to map it).
    """
    if not isinstance(raw_text, str):
        raise InputError("no text string")
    text = normalise_newlines(raw_text)
    if not text.strip():
        raise InputError("empty text")
    article = ArticleInput(
        text=text,
        title=title or guess_title(text),
        date=_date(date),
        source=source,
        url=url,
        external_id=external_id,
        meta={"tool": tool, **(meta or {})} if tool_meta else dict(meta or {}),
    )
    notes: Counter[str] = Counter()
    convert = newline_offset_map(raw_text)
    mapping = options.label_map
    ours: dict[Hashable, Span] = {}
    kept: dict[tuple[int, int, str], Span] = {}
    dropped: set[Hashable] = set()
    for i, raw in enumerate(spans, 1):
        where = f"span {i} ({raw.label} {raw.start}-{raw.end})"
        label = mapping.label(raw.label)
        if label is None:
            notes[f"{tool} spans labelled {raw.label} dropped (--map)"] += 1
            dropped.add(raw.ref)
            continue
        if not 0 <= raw.start < raw.end <= len(raw_text):
            raise InputError(f"{where}: offsets outside the text (0-{len(raw_text)}) or empty")
        if scheme.label(label) is None:
            raise InputError(
                f"{where}: unknown label {label!r} (scheme has {', '.join(scheme.label_names)}; {MAP_HINT})"
            )
        span = Span(
            convert(raw.start), convert(raw.end), label, _attributes(raw.attrs, label, scheme, options)
        )
        if span.start >= span.end:
            raise InputError(f"{where}: covers only part of a line break")
        if (label_rule := mapping.rule(raw.label)).shapes_spans:  # quotation marks, head words, pronouns
            shaped = shaped_span(text, label_rule, span.start, span.end)
            if shaped is None:
                notes[f"{tool} spans labelled {raw.label} that are only a pronoun dropped (--map)"] += 1
                dropped.add(raw.ref)
                continue
            span = Span(shaped.start, shaped.end, shaped.label, {**span.attrs, **shaped.attrs})
        check_span(span, text, scheme, where)
        span = kept.setdefault(span.key, span)
        if raw.ref is not None:
            ours[raw.ref] = span
    relations_out: list[Relation] = []
    for i, raw_relation in enumerate(relations, 1):
        where = f"relation {i} ({raw_relation.label})"
        rule = mapping.relation(raw_relation.label)
        if rule.label is None:
            notes[f"{tool} relations of type {raw_relation.label} dropped (--map)"] += 1
            continue
        if raw_relation.head in dropped or raw_relation.child in dropped:
            notes[f"{tool} relations whose span was dropped, dropped too"] += 1
            continue
        try:
            head, child = ours[raw_relation.head], ours[raw_relation.child]
        except KeyError as exc:
            raise InputError(
                f"{where}: refers to span {exc.args[0]!r}, which the task does not have"
            ) from None
        if rule.reverse:
            head, child = child, head
        relation = Relation(rule.label, head, child)
        if scheme.relation(rule.label) is None:
            known = ", ".join(scheme.relation_names) or "none"
            raise InputError(f"{where}: unknown relation {rule.label!r} (scheme has {known}; {MAP_HINT})")
        check_relation(relation, scheme, where)
        if relation not in relations_out:
            relations_out.append(relation)
    said = tuple(sorted(notes.items()))
    name = options.annotator or annotator
    if not kept and not relations_out and not (options.done and name):
        return ArticleRecord(article), said
    if not isinstance(name, str) or not name.strip():
        raise InputError(f"has {tool} annotations but no annotator: pass --annotator NAME")
    annotations = AnnotationSet(name.strip(), tuple(kept.values()), tuple(relations_out), options.done)
    return ArticleRecord(article, annotations), said


def _date(value: Any) -> dt.date | None:
    """An ISO date another tool (or our own export) gave; anything else is no date."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _attributes(raw: Mapping[str, Any], label: str, scheme: Scheme, options: ReadOptions) -> dict[str, str]:
    """The tool's attributes that are ours for this label (renamed by the mapping); a
    value is matched to the scheme's ignoring case (brat's and INCEpTION's ``Direct``)."""
    allowed = scheme.label(label)
    names = allowed.attributes if allowed else {}
    attrs: dict[str, str] = {}
    for key, value in raw.items():
        name = options.label_map.attribute(key)
        if name not in names or value in (None, ""):
            continue
        value = str(value)
        attrs[name] = next((v for v in names[name] if v.lower() == value.lower()), value)
    return attrs


def utf16_to_code_points(text: str) -> list[int]:
    """For each UTF-16 offset into ``text`` (0..its UTF-16 length), the code point
    offset; offsets inside a surrogate pair map to -1."""
    table: list[int] = []
    for k, char in enumerate(text):
        table.append(k)
        if ord(char) > 0xFFFF:
            table.append(-1)
    table.append(len(text))
    return table
