"""Reading ``.spacy`` DocBin files: ours back (spans from ``doc.spans["sc"]``;
relations, attributes, annotator, status and article from ``doc.user_data``,
see :mod:`annotator.io.docbin`) and other people's (every span group and
``doc.ents``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from annotator.core.errors import InputError
from annotator.core.scheme import Scheme
from annotator.io.docbin import SPANS_KEY
from annotator.io.exported import DONE
from annotator.io.foreign import ForeignRelation, ForeignSpan, foreign_record
from annotator.io.items import Parsed, ReadItem, ReadOptions, Refused

TOOL = "spacy"


def read_docbin_file(path: Path, data: bytes, scheme: Scheme, options: ReadOptions) -> Iterator[ReadItem]:
    """Every Doc of a DocBin as an article."""
    import spacy
    from spacy.tokens import DocBin

    try:
        docs = list(DocBin(store_user_data=True).from_bytes(data).get_docs(spacy.blank("xx").vocab))
    except Exception as exc:  # noqa: BLE001 (zlib, msgpack and spaCy each raise their own)
        yield Refused(str(path), f"not a spaCy DocBin ({type(exc).__name__}: {exc})", len(data))
        return
    share = len(data) // max(1, len(docs))
    for n, doc in enumerate(docs, 1):
        where = f"{path}: doc {n}"
        try:
            record, notes = _record(doc, scheme, options)
        except InputError as exc:
            yield Refused(where, exc.reason, share)
            continue
        yield Parsed(record, where, share, notes)


def _record(doc: Any, scheme: Scheme, options: ReadOptions) -> Any:
    # msgpack gives lists back as lists or tuples alike.
    data = doc.user_data if isinstance(doc.user_data, Mapping) else {}
    ours = isinstance(data.get("annotator"), str)
    groups = [SPANS_KEY] if ours and SPANS_KEY in doc.spans else list(doc.spans)
    keys: dict[tuple[int, int, str], None] = {}
    for group in groups:
        for span in doc.spans[group]:
            keys[(span.start_char, span.end_char, span.label_)] = None
    if not ours:
        for ent in doc.ents:
            keys[(ent.start_char, ent.end_char, ent.label_)] = None
    attrs = {}
    for item in data.get("attributes", []) or []:
        if isinstance(item, (list, tuple)) and len(item) == 4 and isinstance(item[3], Mapping):
            attrs[(item[0], item[1], item[2])] = item[3]
    spans = [ForeignSpan(s, e, label, (s, e, label), attrs.get((s, e, label), {})) for s, e, label in keys]
    relations = []
    for i, rel in enumerate(data.get("relations", []) or [], 1):
        if not (isinstance(rel, Mapping) and isinstance(rel.get("label"), str)):
            raise InputError(f"user_data relation {i} must be an object with a label")
        head, child = rel.get("head"), rel.get("child")
        if not (
            isinstance(head, (list, tuple))
            and isinstance(child, (list, tuple))
            and len(head) == len(child) == 3
        ):
            raise InputError(f"user_data relation {i}: head and child must be [start, end, label]")
        relations.append(ForeignRelation(rel["label"], tuple(head), tuple(child)))
    found = data.get("article")
    article: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    done = options.done or (ours and data.get("status") == DONE)
    opts = ReadOptions(options.annotator, done, options.label_map)
    title = article.get("title")
    return foreign_record(
        doc.text,
        spans,
        relations,
        scheme,
        opts,
        tool=TOOL,
        annotator=data.get("annotator") if ours else None,
        title=title if isinstance(title, str) else "",
        meta={k: v for k, v in article.items() if isinstance(k, str)},
    )
