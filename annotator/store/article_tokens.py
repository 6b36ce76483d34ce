"""Articles' own tokens (a Prodigy import's, checked against the text), kept for the JSONL export."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import Connection, insert, select

from annotator.store.reading import driver_rows
from annotator.store.tables import ArticleTokensRow


def save(conn: Connection, tokens: Mapping[int, str]) -> None:
    """Keep these tokens (JSON, by article id) for new articles."""
    if tokens:
        conn.execute(insert(ArticleTokensRow), [{"article_id": i, "tokens": t} for i, t in tokens.items()])


def read(conn: Connection, ids: Sequence[int]) -> dict[int, str]:
    """The kept tokens of those of these articles that have them."""
    query = select(ArticleTokensRow.article_id, ArticleTokensRow.tokens).where(
        ArticleTokensRow.article_id.in_(ids)
    )
    return dict(driver_rows(conn, query))
