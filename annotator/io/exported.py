"""What every writer receives: one article with one annotator's work on it, and
what every writer reports back."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.model import AnnotationSet, Article, ArticleStatus, Origin, Relation, Span
from annotator.core.safe_json import finite_or_none

DONE = ArticleStatus.DONE.value
IN_PROGRESS = ArticleStatus.IN_PROGRESS.value
NOTHING_YET = "articles in progress with nothing accepted yet"


def status_to_write(done: bool, has_spans: bool) -> str | None:
    """The status a written item records, or None when there is nothing to write:
    work in progress without any accepted span (nothing to import back either)."""
    if done:
        return DONE
    return IN_PROGRESS if has_spans else None


@dataclass(frozen=True, slots=True)
class Annotated:
    """An article and one annotator's (or suggester's) spans and relations on it.

    ``status`` is ``done`` or ``in_progress`` for people, None for suggestions;
    ``scores`` holds each suggestion's score by span key.
    """

    article: Article
    annotations: AnnotationSet
    status: str | None = DONE
    origin: Origin | None = None
    scores: Mapping[tuple[int, int, str], float] = field(default_factory=dict)

    @property
    def annotator(self) -> str:
        return self.annotations.annotator

    def sorted_spans(self) -> list[Span]:
        return sorted(self.annotations.spans, key=lambda s: s.key)

    def sorted_relations(self) -> list[Relation]:
        return sorted(self.annotations.relations, key=lambda r: (r.head.key, r.child.key, r.label))


def article_meta(article: Article, origin: Origin | None = None) -> dict[str, Any]:
    """The article's metadata for an export: its own ``meta`` and the stored fields.

    The JSONL and brat importers read ``title``, ``date``, ``source``, ``url``
    and ``id`` back from it, so they round-trip.
    """
    # Strict JSON out: NaN or infinity that an older version let in is written as null.
    meta: dict[str, Any] = finite_or_none(dict(article.meta))
    meta["article_id"] = article.id
    for key, value in (
        ("title", article.title),
        ("date", article.date.isoformat() if article.date else ""),
        ("source", article.source),
        ("url", article.url),
        ("id", article.external_id),
    ):
        if value:
            meta[key] = value
        else:
            meta.pop(key, None)
    if origin is not None:
        meta["origin"] = {
            "suggester": origin.suggester,
            "suggester_version": origin.suggester_version,
            "pipeline": origin.pipeline,
            "pipeline_version": origin.pipeline_version,
        }
    return meta


@dataclass(slots=True)
class WriteReport:
    """What a writer wrote and what it had to leave out, with the reason as key."""

    files: list[Path] = field(default_factory=list)
    documents: int = 0
    spans: int = 0
    relations: int = 0
    annotators: Counter[str] = field(default_factory=Counter)
    left_out: Counter[str] = field(default_factory=Counter)  # not written, by reason
    adjusted: Counter[str] = field(default_factory=Counter)  # written, but changed or widened
    notes: list[str] = field(default_factory=list)

    def count(self, item: Annotated, *, spans: int | None = None, relations: int | None = None) -> None:
        """One document written, with all its spans and relations unless told how many."""
        self.add(
            item.annotator,
            len(item.annotations.spans) if spans is None else spans,
            len(item.annotations.relations) if relations is None else relations,
        )

    def add(self, annotator: str, spans: int, relations: int) -> None:
        """One document written, by ``annotator``, with so many spans and relations."""
        self.documents += 1
        self.spans += spans
        self.relations += relations
        self.annotators[annotator] += 1
