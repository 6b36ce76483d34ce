"""Engines for project databases: a SQLite file by path, or any SQLAlchemy URL.

SQLite gets WAL, foreign keys on every connection, a busy timeout, and explicit
BEGIN statements so that write units can start with BEGIN IMMEDIATE (Python's
sqlite3 would otherwise begin lazily, and a read that turns into a write fails
at once with "database is locked" when another connection wrote in between).
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, DisconnectionError

from annotator.store.errors import is_busy

BUSY_TIMEOUT_MS = 10_000
BEGIN_OPTION = "annotator_begin"
# How long a write asks for the lock every millisecond before SQLite's own wait takes over.
EAGER_WAIT_S = 1.0


def is_url(target: str) -> bool:
    """True when ``target`` is a SQLAlchemy URL rather than a file path."""
    return "://" in target


def database_url(target: str | Path) -> str:
    """The SQLAlchemy URL for a project path or URL (``postgresql://`` means psycopg 3)."""
    text = str(target)
    if is_url(text):
        for plain in ("postgresql://", "postgres://"):
            if text.startswith(plain):
                return "postgresql+psycopg://" + text[len(plain) :]
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def shown(target: str | Path) -> str:
    """How to name a project in messages: a URL's password hidden."""
    text = str(target)
    if not is_url(text):
        return text
    try:
        url = make_url(text)
    except ArgumentError:
        return text.split("@", 1)[-1] if "@" in text else text
    return url.render_as_string(hide_password=True) if url.password else text


def describe_error(exc: DBAPIError) -> str:
    """The database's reason in one line (libpq's messages run over several)."""
    reason = " ".join(str(exc.orig).split())
    return reason.removeprefix("connection failed: ")


def make_engine(target: str | Path) -> Engine:
    """An engine for the project at ``target`` (path or URL)."""
    url = make_url(database_url(target))
    if url.get_backend_name() == "postgresql":
        # A server that is down or a wrong address fails within seconds, not minutes.
        args = (
            {"connect_timeout": 10, "application_name": "annotator"}
            if url.get_driver_name() == "psycopg"
            else {}
        )
        # No pool_pre_ping (one round trip more per transaction): _check_alive asks the
        # socket instead, and pings only when the server has said something meanwhile.
        engine = create_engine(url, connect_args=args)
        event.listen(engine, "checkout", _check_alive(engine))
        if url.password is None:

            @event.listens_for(engine, "do_connect")
            def _password(_dialect: Any, _record: Any, _cargs: Any, cparams: dict[str, Any]) -> None:
                from annotator.store.credentials import lookup

                # Typed in this session or kept in the OS keyring; else libpq reads ~/.pgpass.
                password = lookup(url)
                if password is not None:
                    cparams["password"] = password

        return engine
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module (see above).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        # In WAL mode NORMAL survives an application crash or kill; FULL adds
        # power-loss durability for one fsync per commit, cheap at human pace.
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get(BEGIN_OPTION, "DEFERRED")
        if mode == "IMMEDIATE" and _eager_begin(conn.connection.driver_connection):
            return
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _eager_begin(raw: sqlite3.Connection) -> bool:
    """Try BEGIN IMMEDIATE every millisecond for up to EAGER_WAIT_S; False if still busy.

    SQLite's busy handler sleeps 1, 2, 5, 10 ... 100 ms between its tries, so a process
    that writes often takes the lock again before a waiting one wakes: an annotator's key
    waited 100 ms and more beside a busy second writer. Asked this often, the waiting
    write gets the lock within a millisecond of its release.
    """
    began = False
    try:
        raw.execute("PRAGMA busy_timeout = 0")
        deadline = time.monotonic() + EAGER_WAIT_S
        while not began:
            try:
                raw.execute("BEGIN IMMEDIATE")
                began = True
            except sqlite3.OperationalError as exc:
                if not is_busy(str(exc)) or time.monotonic() > deadline:
                    break
                time.sleep(0.001)
        raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except sqlite3.Error:
        # Another failure: the plain BEGIN below meets it again and reports it as usual.
        if began:
            with contextlib.suppress(sqlite3.Error):
                raw.execute("ROLLBACK")
        return False
    return began


def _check_alive(engine: Engine) -> Any:
    """A pool ``checkout`` listener that refuses a pooled connection the server dropped
    (restarted, or ended the session), so that the pool opens a new one; without a
    round trip in the usual case.

    An idle connection's socket has nothing to read; when it has (the server's
    "terminating connection", its closing, a notice), one ping tells whether the
    session is still there. A server gone without a word is found by the action's
    first statement, which then fails with the usual clear message, and the next
    action connects afresh (the pool is emptied on a disconnect)."""
    import select

    def check(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        try:
            if dbapi_connection.closed or dbapi_connection.broken:
                raise DisconnectionError("the connection was closed")
            ready, _, _ = select.select([dbapi_connection.pgconn.socket], [], [], 0)
            if ready and not engine.dialect.do_ping(dbapi_connection):
                raise DisconnectionError("the server ended the session")
        except DisconnectionError:
            raise
        except Exception as exc:
            raise DisconnectionError(str(exc)) from exc

    return check


def writer(engine: Engine) -> Engine:
    """The same engine, whose transactions start with BEGIN IMMEDIATE on SQLite."""
    return engine.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
