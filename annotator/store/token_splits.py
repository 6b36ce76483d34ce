"""Saved token splits: how the tokenizer splits each distinct chunk of the texts.

Saved when articles come in, so that an export can tokenize from them without
loading spaCy. They are only used for the tokenizer that made them (its name
and version, in the ``token_splits`` setting); splits by another one are
dropped when new ones are saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from annotator.store.project import Project, put_setting
from annotator.store.reading import driver_rows
from annotator.store.tables import Setting, TokenSplitRow

SETTING = "token_splits"
Split = tuple[int, str, str]  # kind, chunk, tokens (see TokenSplitRow)


def load(project: Project, tokenizer: str) -> list[Split]:
    """The saved splits, if ``tokenizer`` made them (else none)."""
    with project._read() as conn:
        if _tokenizer(conn) != tokenizer:
            return []
        return driver_rows(conn, select(TokenSplitRow.kind, TokenSplitRow.chunk, TokenSplitRow.tokens))


def save(project: Project, tokenizer: str, splits: Sequence[Split]) -> None:
    """Add splits made by ``tokenizer`` (those already saved stay as they are)."""
    with project._write() as conn:
        if _tokenizer(conn) != tokenizer:
            conn.execute(delete(TokenSplitRow))
            put_setting(conn, SETTING, {"tokenizer": tokenizer})
        if not splits:
            return
        unique = list(dict.fromkeys(splits))
        saved = _saved(conn, [chunk for _, chunk, _ in unique])
        new = [{"kind": k, "chunk": c, "tokens": t} for k, c, t in unique if (k, c) not in saved]
        if new:
            conn.execute(insert(TokenSplitRow), new)


def _saved(conn: Connection, chunks: list[str]) -> set[tuple[int, str]]:
    """Which (kind, chunk) of these chunks are saved (asked 500 at a time)."""
    found: set[tuple[int, str]] = set()
    for at in range(0, len(chunks), 500):
        query = select(TokenSplitRow.kind, TokenSplitRow.chunk).where(
            TokenSplitRow.chunk.in_(chunks[at : at + 500])
        )
        found.update((kind, chunk) for kind, chunk in driver_rows(conn, query))
    return found


def _tokenizer(conn: Connection) -> Any:
    value = conn.scalar(select(Setting.value).where(Setting.key == SETTING))
    return value.get("tokenizer") if isinstance(value, dict) else None
