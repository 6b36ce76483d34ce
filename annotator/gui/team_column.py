"""The lead's article list on a server project: a Team column with the others' statuses.

One compact cell per article ("alice ✓  bob …": done, in progress, not started),
the full words in its tooltip. Only a login that sees others' work (the lead) gets
it; an annotator sees nobody else's (row-level security) and no column.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem

from annotator.gui.panels import COLUMNS, ID_ROLE, ArticleList
from annotator.usecases.team import TeamStatus

HEADER = "Team (✓ done, … in progress, · not started)"
TEAM_COLUMN = len(COLUMNS)  # after the list's own columns


def show_team(articles: ArticleList, statuses: dict[int, TeamStatus] | None) -> None:
    """Fill (or, with None, remove) the Team column of the article list."""
    model = articles.model
    if statuses is None:
        if model.columnCount() > TEAM_COLUMN:
            model.setColumnCount(TEAM_COLUMN)
        return
    if model.columnCount() <= TEAM_COLUMN:
        model.setColumnCount(TEAM_COLUMN + 1)
        header = QStandardItem("Team")
        header.setToolTip(HEADER)
        model.setHorizontalHeaderItem(TEAM_COLUMN, header)
        articles.table.setColumnWidth(TEAM_COLUMN, 160)
    for row in range(model.rowCount()):
        first = model.item(row, 0)
        article_id = first.data(ID_ROLE) if first is not None else None
        team = statuses.get(article_id) if article_id is not None else None
        cell = QStandardItem()
        cell.setData(team.compact if team else "", Qt.ItemDataRole.DisplayRole)
        cell.setData(article_id, ID_ROLE)
        cell.setToolTip(team.described if team else "")
        model.setItem(row, TEAM_COLUMN, cell)


def team_text(articles: ArticleList, article_id: int) -> str:
    """The Team cell of an article ("" when there is none)."""
    model = articles.model
    if model.columnCount() <= TEAM_COLUMN:
        return ""
    for row in range(model.rowCount()):
        first = model.item(row, 0)
        if first is not None and first.data(ID_ROLE) == article_id:
            cell = model.item(row, TEAM_COLUMN)
            return cell.text() if cell is not None else ""
    return ""
