"""Row helpers the store's modules share inside an open transaction: annotators by
name, an annotator's status on an article, project settings."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from annotator.core.model import ArticleStatus
from annotator.store.tables import AnnotatorRow, ArticleStatusRow, Setting, utcnow


def annotator_id(conn: Connection, name: str) -> int | None:
    """The id of annotator ``name`` (None when the project has none of that name)."""
    return conn.scalar(select(AnnotatorRow.id).where(AnnotatorRow.name == name))


def ensure_annotator(conn: Connection, name: str) -> int:
    """The id of annotator ``name``, created if new (in a write transaction)."""
    found = annotator_id(conn, name)
    if found is not None:
        return found
    row = {"name": name, "uid": str(uuid.uuid4()), "created_at": utcnow()}
    return conn.execute(insert(AnnotatorRow).returning(AnnotatorRow.id), row).scalar_one()


def upsert(conn: Connection, table: Any) -> Any:
    """``INSERT`` with ``ON CONFLICT`` for this connection's database (SQLite and PostgreSQL
    spell it the same; SQLAlchemy has one construct per dialect)."""
    return (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(table)


def write_status(
    conn: Connection,
    article_id: int,
    annotator: int,
    status: ArticleStatus | None,
    now: dt.datetime | None = None,
) -> None:
    """Mark the annotator's work on the article as changed ``now``, in one statement.

    ``status`` None keeps the status there is ("in progress" when there is none yet);
    every write of an annotator's work goes through here, which is what
    :class:`annotator.store.annotating.Versions` relies on."""
    now = now or utcnow()
    row = ArticleStatusRow
    new = {"status": (status or ArticleStatus.IN_PROGRESS).value, "updated_at": now}
    changed: dict[str, Any] = {"updated_at": now}
    if status is not None:
        changed["status"] = status.value
    statement = upsert(conn, row).values(article_id=article_id, annotator_id=annotator, **new)
    conn.execute(
        statement.on_conflict_do_update(index_elements=[row.article_id, row.annotator_id], set_=changed)
    )


def set_status(
    conn: Connection, article_id: int, annotator: int, status: ArticleStatus, now: dt.datetime
) -> None:
    """Record a status; its time changes only when the status does (imports, merges)."""
    row = ArticleStatusRow
    where = (row.article_id == article_id, row.annotator_id == annotator)
    current = conn.scalar(select(row.status).where(*where))
    if current is None:
        values = {"article_id": article_id, "annotator_id": annotator, "status": status.value}
        conn.execute(insert(row), {**values, "updated_at": now})
    elif current != status.value:
        conn.execute(update(row).where(*where).values(status=status.value, updated_at=now))


def setting(conn: Connection, key: str) -> Any:
    return conn.scalar(select(Setting.value).where(Setting.key == key))


def put_setting(conn: Connection, key: str, value: Any) -> None:
    """Store a project-wide setting inside an open write transaction."""
    if conn.scalar(select(Setting.key).where(Setting.key == key)) is None:
        conn.execute(insert(Setting), {"key": key, "value": value})
    else:
        conn.execute(update(Setting).where(Setting.key == key).values(value=value))
