"""Alembic environment: migrations run on the connection the app hands over."""

from __future__ import annotations

from typing import Any

from alembic import context

from annotator.store.engine import make_engine
from annotator.store.tables import Base, UTCDateTime

config = context.config


def _render_item(type_: str, obj: object, autogen_context: object) -> Any:
    # Revisions must not import the app: render our column type as plain SQLAlchemy.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things: copy-and-move tables
        compare_type=True,
        render_item=_render_item,
        # SQLite's DDL is transactional once sqlite3 stops managing transactions
        # (see engine.py): a failed migration leaves the project as it was.
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:  # the alembic command line, for writing new revisions
    url = config.get_main_option("sqlalchemy.url") or "sqlite:///dev-migrations.annotator"
    with make_engine(url).connect() as conn:
        _run(conn)
