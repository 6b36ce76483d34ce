"""Projects where three annotators annotated the same articles, in real SQLite files."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from annotator.core.model import AnnotationSet, ArticleInput, ArticleRecord, Relation, Span
from annotator.usecases.projects import new_project

P = TypeVar("P", str, Path)

TEXTS = [
    'Press Secretary Sarah Sanders said, "There are no announcements." Officials said so.',
    "Senator Tom Cotton told reporters the plan was real, according to NBC News.",
    "The minister denied the report. A spokeswoman declined to comment on Friday.",
]


def article_one(variant: str) -> AnnotationSet:
    """Annotator ``variant``'s work on TEXTS[0]; a and b agree, c differs."""
    text = TEXTS[0]
    role = Span(0, 15, "ROLE")
    person = Span(16, 29, "PERSON") if variant != "c" else Span(22, 29, "PERSON")
    cue = Span(30, 34, "CUE")
    start = text.index("There")
    quote = Span(start, text.index('."') + 1, "DENIAL" if variant != "c" else "QUOTE", {"type": "direct"})
    spans = (role, person, cue, quote)
    relations = (
        Relation("ROLE_OF", role, person),
        Relation("SPEAKER", quote, person),
        Relation("CUE_OF", cue, quote),
    )
    return AnnotationSet(variant, spans, relations if variant != "b" else relations[:2], done=True)


def article_two(variant: str) -> AnnotationSet:
    text = TEXTS[1]
    role, person = Span(0, 7, "ROLE"), Span(8, 18, "PERSON")
    org = Span(text.index("NBC"), text.index("NBC") + 8, "ORG")
    spans = (role, person, org) if variant != "a" else (role, person)
    return AnnotationSet(variant, spans, (Relation("ROLE_OF", role, person),), done=True)


def article_three(variant: str) -> AnnotationSet:
    text = TEXTS[2]
    claim = Span(text.index("the report"), text.index("the report") + 10, "CLAIM")
    spans = (Span(4, 12, "ROLE"), claim) if variant == "a" else (Span(4, 12, "ROLE"),)
    return AnnotationSet(variant, spans, (), done=variant != "c")  # c has not finished it


def build(path: P, annotators: tuple[str, ...] = ("a", "b", "c")) -> P:
    """A project with TEXTS annotated by a, b and c (c has not marked the third done)."""
    makers = (article_one, article_two, article_three)
    with new_project(path) as project:
        for name in annotators:
            records = [
                ArticleRecord(ArticleInput(text, title=f"Article {i + 1}"), _renamed(make(name), name))
                for i, (text, make) in enumerate(zip(TEXTS, makers, strict=True))
            ]
            project.save_articles(records)
    return path


def _renamed(s: AnnotationSet, name: str) -> AnnotationSet:
    return AnnotationSet(name, s.spans, s.relations, s.done)
