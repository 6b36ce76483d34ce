"""A server project's connection: told when it drops, asked whether it is back.

The engine's pool already replaces a connection the server closed while it was
idle (``pool_pre_ping``), so that alone is no outage; what is reported is an
error on a connection in use, or a new connection that cannot be made.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from annotator.store.engine import database_url, describe_error, make_engine
from annotator.store.project import Project

DRIVER = "psycopg"


def watch_drops(project: Project, on_drop: Callable[[str], None]) -> None:
    """Call ``on_drop(reason)`` (from whichever thread hit it) when the server may be gone."""

    @event.listens_for(project.engine, "handle_error")
    def _failed(context: Any) -> None:
        if getattr(context, "is_pre_ping", False):
            return  # the pool replaces that connection by itself
        dbapi = context.dialect.loaded_dbapi if context.dialect is not None else None
        operational = dbapi is not None and isinstance(context.original_exception, dbapi.OperationalError)
        if context.is_disconnect or operational:
            on_drop(" ".join(str(context.original_exception).split()).removeprefix("connection failed: "))


def ping(project: Project) -> str | None:
    """None when the server answers; else its reason in one line (connection refused, ...)."""
    try:
        with project.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except DBAPIError as exc:
        return describe_error(exc)
    return None


def driver_check(host: str = "localhost") -> str:
    """The PostgreSQL driver and its libpq, loaded as a server project would use them (no connection).

    Raises ImportError (or the driver's own error) when the driver or libpq is missing.
    """
    url = make_url(database_url(f"postgresql://annotator@{host}/annotator"))
    engine = make_engine(url.render_as_string(hide_password=False))
    try:
        if engine.dialect.driver != DRIVER:
            raise ImportError(f"{engine.dialect.driver}: not the {DRIVER} driver")
        import psycopg

        libpq = psycopg.pq.version()  # loads libpq: fails when the library is missing
        major, minor = divmod(libpq, 10000)
        return f"psycopg {psycopg.__version__} ({psycopg.pq.__impl__}), libpq {major}.{minor}"
    finally:
        engine.dispose()
