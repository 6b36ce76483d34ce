"""The article list as one annotator sees it."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.model import ArticleStatus
from annotator.store import Project
from annotator.store import annotating as store


@dataclass(frozen=True, slots=True)
class ArticleRow:
    id: int
    title: str
    date: str
    status: str
    pending: int
    accepted: int


def article_rows(project: Project, annotator: str) -> list[ArticleRow]:
    """Every article with the annotator's status, pending suggestions and accepted spans."""
    counts = store.review_counts(project, store.annotator_id(project, annotator))
    rows = []
    for summary in project.list_articles():
        pending, accepted, status = counts.get(summary.id, (0, 0, ArticleStatus.TODO.value))
        rows.append(
            ArticleRow(
                summary.id,
                summary.title,
                summary.date.isoformat() if summary.date else "",
                status.replace("_", " "),
                pending,
                accepted,
            )
        )
    return rows
