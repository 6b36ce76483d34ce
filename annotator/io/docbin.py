"""spaCy DocBin (``.spacy``) for ``spacy train`` (formats.md).

Every span goes to ``doc.spans["sc"]`` (spancat's default key; overlaps
allowed). The spans of the chosen labels that overlap nothing else of those
labels also go to ``doc.ents``; tokens outside them are "O" on articles marked
done and *missing* otherwise, so unreviewed text never teaches "not an entity".
Relations, attributes, the annotator and the status ride in ``doc.user_data``.
Offsets off token boundaries are widened with ``alignment_mode="expand"`` and counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from annotator.io.exported import DONE, Annotated, WriteReport, article_meta
from annotator.io.spacy_tokenizer import aligned_span, shared_tokenizer

if TYPE_CHECKING:
    from spacy.tokens import Doc, DocBin
    from spacy.tokens import Span as SpacySpan

SPANS_KEY = "sc"
# The few attributes a blank pipeline has; DocBin always adds ORTH and SPACY.
ATTRS = ("ENT_IOB", "ENT_TYPE")


def overlapping(labels: Sequence[str]) -> str:
    return f"{'/'.join(labels)} spans overlapping a longer one: in doc.spans only, not in doc.ents"


class DocBinWriter:
    """Turns items into Docs, into one DocBin or into train and dev DocBins by article."""

    def __init__(
        self,
        ent_labels: Sequence[str],
        train_ids: set[int] | None = None,
        *,
        type_labels: bool = False,
        rel_labels: Sequence[str] | None = None,
    ) -> None:
        from spacy.tokens import DocBin

        self.ent_labels = tuple(ent_labels)
        self.type_labels = type_labels  # QUOTE with type=direct also as the span label QUOTE_DIRECT
        # With relation labels: doc._.rel as Explosion's rel_component tutorial reads it.
        self.rel_labels = tuple(rel_labels) if rel_labels is not None else None
        self.longest = 0  # tokens in the longest span written, for the spancat suggester
        self.train_ids = train_ids
        self.tokenizer = shared_tokenizer()
        self.train: DocBin = DocBin(attrs=ATTRS, store_user_data=True)
        self.dev: DocBin = DocBin(attrs=ATTRS, store_user_data=True)
        self.articles: dict[str, set[int]] = {"train": set(), "dev": set()}

    def add_all(self, items: Iterable[Annotated], report: WriteReport) -> None:
        for item in items:
            side = "dev" if self.train_ids is not None and item.article.id not in self.train_ids else "train"
            (self.dev if side == "dev" else self.train).add(self.doc(item, report))
            self.articles[side].add(item.article.id)
            report.count(item)

    def doc(self, item: Annotated, report: WriteReport) -> Doc:
        """One item as a Doc with its spans, entities and user data."""
        from spacy.util import filter_spans

        doc = self.tokenizer(item.article.text)
        spans: list[SpacySpan] = []
        for span in item.sorted_spans():
            got = aligned_span(doc, span, report)
            if got is None:
                continue
            if self.type_labels and span.attrs.get("type"):
                got = doc[got.start : got.end]
                got.label_ = type_label(span.label, span.attrs["type"])
            spans.append(got)
            self.longest = max(self.longest, len(got))
        doc.spans[SPANS_KEY] = spans
        candidates = [s for s in spans if s.label_ in self.ent_labels]
        ents = filter_spans(candidates)  # keeps the longest of overlapping spans
        if len(ents) < len(candidates):
            report.left_out[overlapping(self.ent_labels)] += len(candidates) - len(ents)
        doc.set_ents(ents, default="outside" if item.status == DONE else "missing")
        doc.user_data.update(user_data(item))
        if self.rel_labels is not None:
            doc.user_data[REL_KEY] = rel_table(doc, item, self.rel_labels)  # type: ignore[index]
        return doc


def type_label(label: str, kind: str) -> str:
    """The span label that carries an attribute too (``--type-labels``): QUOTE_DIRECT."""
    return f"{label}_{kind.upper()}"


# Where a DocBin keeps ``doc._.rel`` (spaCy stores extension values in user_data under this key).
REL_KEY = ("._.", "rel", None, None)


def rel_table(doc: Doc, item: Annotated, labels: Sequence[str]) -> dict[tuple[int, int], dict[str, float]]:
    """``doc._.rel`` in the shape of Explosion's rel_component tutorial: for every ordered
    pair of entity (or relation end) start tokens, each relation label with 1.0 or 0.0."""
    starts = {ent.start for ent in doc.ents}
    found: dict[tuple[int, int], set[str]] = {}
    for relation in item.sorted_relations():
        head = doc.char_span(relation.head.start, relation.head.end, alignment_mode="expand")
        child = doc.char_span(relation.child.start, relation.child.end, alignment_mode="expand")
        if head is None or child is None:
            continue
        starts |= {head.start, child.start}
        found.setdefault((head.start, child.start), set()).add(relation.label)
    every = sorted(set(labels) | {label for names in found.values() for label in names})
    return {
        (a, b): {label: 1.0 if label in found.get((a, b), ()) else 0.0 for label in every}
        for a in sorted(starts)
        for b in sorted(starts)
        if a != b
    }


def user_data(item: Annotated) -> dict[str, Any]:
    """Everything a Doc cannot hold itself, by character offsets: (start, end, label)."""
    return {
        "annotator": item.annotator,
        "status": item.status,
        "article": article_meta(item.article, item.origin),
        "attributes": [[s.start, s.end, s.label, dict(s.attrs)] for s in item.sorted_spans() if s.attrs],
        "relations": [
            {"label": r.label, "head": list(r.head.key), "child": list(r.child.key)}
            for r in item.sorted_relations()
        ],
        "scores": [[*key, score] for key, score in sorted(item.scores.items())],
    }
