"""The article list as one annotator sees it."""

from __future__ import annotations

import datetime as dt
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

    @classmethod
    def of(
        cls, article_id: int, title: str, date: dt.date | None, status: str, pending: int, accepted: int
    ) -> ArticleRow:
        """A row as the list shows it (ISO date, status in words)."""
        return cls(
            article_id, title, date.isoformat() if date else "", status.replace("_", " "), pending, accepted
        )


def article_rows(project: Project, annotator: str) -> list[ArticleRow]:
    """Every article with the annotator's status, pending suggestions and accepted spans."""
    counts = store.AnnotatorWork(project, annotator).review_counts()
    rows = []
    for summary in project.list_articles():
        pending, accepted, status = counts.get(summary.id, (0, 0, ArticleStatus.TODO.value))
        rows.append(ArticleRow.of(summary.id, summary.title, summary.date, status, pending, accepted))
    return rows
