"""Plain data types the whole application speaks: articles, spans, relations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

# The annotator whose work is the gold set (adjudicated, or imported as gold).
GOLD = "gold"


class ArticleStatus(StrEnum):
    """An annotator's progress on one article."""

    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class AnnotationStatus(StrEnum):
    """What an annotator decided about a span."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled stretch of an article's text, ``start`` inclusive, ``end`` exclusive."""

    start: int
    end: int
    label: str
    attrs: Mapping[str, str] = field(default_factory=dict)

    @property
    def key(self) -> tuple[int, int, str]:
        """Two spans with the same label and offsets are one span."""
        return (self.start, self.end, self.label)

    def overlaps(self, other: Span) -> bool:
        """True when the two spans share at least one character."""
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed link between two spans of one article (head -> child)."""

    label: str
    head: Span
    child: Span


@dataclass(frozen=True, slots=True)
class Origin:
    """Which suggester produced a suggestion, on which spaCy pipeline."""

    suggester: str
    suggester_version: str
    pipeline: str = ""
    pipeline_version: str = ""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A span proposed by a suggester, with its confidence."""

    span: Span
    score: float
    origin: Origin


@dataclass(frozen=True, slots=True)
class SuggestedRelation:
    """A relation proposed by a suggester between two of its suggestions."""

    relation: Relation
    score: float


@dataclass(frozen=True, slots=True)
class SuggestionSet:
    """What one suggester proposed for one article."""

    origin: Origin
    suggestions: tuple[Suggestion, ...] = ()
    relations: tuple[SuggestedRelation, ...] = ()

    def as_annotations(self, annotator: str) -> AnnotationSet:
        """The suggestions as if an annotator named ``annotator`` had made them."""
        return AnnotationSet(
            annotator,
            tuple(s.span for s in self.suggestions),
            tuple(r.relation for r in self.relations),
        )


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """An article as read from a file, before it has an id in a project."""

    text: str
    title: str = ""
    date: dt.date | None = None
    source: str = ""
    url: str = ""
    external_id: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AnnotationSet:
    """One annotator's spans and relations on one article."""

    annotator: str
    spans: tuple[Span, ...] = ()
    relations: tuple[Relation, ...] = ()
    done: bool = False


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """An article to store, with one annotator's annotations if it carries any, and its
    own tokens (Prodigy's ``tokens`` list as JSON) when an import brought valid ones."""

    article: ArticleInput
    annotations: AnnotationSet | None = None
    tokens: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """One row of a project's article list."""

    id: int
    title: str
    date: dt.date | None
    source: str
    statuses: Mapping[str, ArticleStatus]
    suggestions: int = 0
    annotations: int = 0


@dataclass(frozen=True, slots=True)
class Article:
    """An article stored in a project."""

    id: int
    text: str
    title: str
    date: dt.date | None
    source: str
    url: str
    external_id: str
    content_hash: str
    meta: Mapping[str, Any]
