"""The article list as one annotator sees it: one row per article, made by one function
for the whole list and for the open article's row after each action (so both agree)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from annotator.core.model import ArticleStatus
from annotator.store import Project
from annotator.store import annotating as store


@dataclass(frozen=True, slots=True)
class ArticleListRow:
    """One article's line in the list: title, date (ISO), the annotator's status, pending
    suggestions and accepted spans."""

    id: int
    title: str
    date: str
    status: ArticleStatus
    pending: int
    accepted: int

    @property
    def status_words(self) -> str:
        """The status as the list shows it ("in progress")."""
        return self.status.value.replace("_", " ")


def list_row(
    article_id: int, title: str, date: dt.date | None, counts: tuple[int, int, str] | None
) -> ArticleListRow:
    """An article's row from :func:`annotator.store.annotating.review_counts`' counts."""
    pending, accepted, status = counts or (0, 0, ArticleStatus.TODO.value)
    return ArticleListRow(
        article_id, title, date.isoformat() if date else "", ArticleStatus(status), pending, accepted
    )


def article_list(project: Project, annotator: str) -> list[ArticleListRow]:
    """Every article with the annotator's status, pending suggestions and accepted spans."""
    counts = store.review_counts(project, annotator)  # read only: no annotator is created
    return [list_row(a.id, a.title, a.date, counts.get(a.id)) for a in project.list_articles()]
