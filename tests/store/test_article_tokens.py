"""Revision 0005: articles' own tokens get a table; the saved token splits and their
setting go. Migrated from 0004 on each backend."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import inspect, select, text

from annotator.core.model import ArticleInput, ArticleRecord
from annotator.resources import default_scheme
from annotator.store import open_project
from annotator.store.engine import make_engine
from annotator.store.migrate import head_revision, upgrade
from annotator.store.tables import ArticleTokensRow, Setting

NewTarget = Callable[[str], str | Path]
TOKENS = json.dumps([{"text": "Hi", "start": 0, "end": 2, "id": 0, "ws": False}])


def test_revision_0004_loses_token_splits_and_gains_article_tokens(new_target: NewTarget) -> None:
    target = new_target("old.annotator")
    engine = make_engine(target)
    upgrade(engine, "0004")
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO settings (key, value) VALUES ('scheme', :v), ('token_splits', :t)"),
            {"v": json.dumps(default_scheme().to_dict()), "t": json.dumps({"tokenizer": "spacy 3 blank en"})},
        )
        conn.execute(text("INSERT INTO token_splits (kind, chunk, tokens) VALUES (0, 'Hi', '=')"))
    engine.dispose()
    with open_project(target) as project:
        assert project.schema_revision == head_revision() == "0005"
        outcome = project.save_articles([ArticleRecord(ArticleInput("Hi"), tokens=TOKENS)])[0]
        with project.engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            assert "token_splits" not in tables and "article_tokens" in tables
            assert conn.scalar(select(Setting.key).where(Setting.key == "token_splits")) is None
            assert conn.scalar(select(Setting.key).where(Setting.key == "scheme")) == "scheme"
            stored = conn.execute(select(ArticleTokensRow.article_id, ArticleTokensRow.tokens)).all()
        assert stored == [(outcome.article_id, TOKENS)]
        # A duplicate's tokens do not replace the first's.
        again = project.save_articles([ArticleRecord(ArticleInput("Hi"), tokens="[]")])[0]
        assert again.article_id == outcome.article_id
        with project.engine.connect() as conn:
            assert conn.scalar(select(ArticleTokensRow.tokens)) == TOKENS
