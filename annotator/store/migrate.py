"""Schema versions: bring a project to the current schema, refuse newer ones."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from annotator.store.engine import writer
from annotator.store.errors import NewerProjectError, NotAProjectError, damaged, is_damage

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest revision, known without loading Alembic so that opening a current
# project stays fast; a test checks it against the migration scripts.
HEAD = "0005"
_EXPECTED_TABLES = {"articles", "annotators", "settings"}


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config that runs this package's migrations on ``connection``."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest schema revision this version of the app knows."""
    return HEAD


def known_revision(revision: str) -> bool:
    """True when this version of the app has a migration with that id."""
    if revision == HEAD:
        return True
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False


def sqlite_revision(path: Path) -> str | None:
    """Read a SQLite project's revision without modifying the file in any way."""
    # Without a write-ahead log beside it, the file alone is the database:
    # 'immutable' then reads it without creating -wal/-shm files next to it.
    wal = path.with_name(path.name + "-wal").exists()
    uri = f"{path.resolve().as_uri()}?mode=ro" + ("" if wal else "&immutable=1")
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise NotAProjectError(f"{path}: cannot open ({exc})") from None
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in tables or not tables >= _EXPECTED_TABLES:
            raise NotAProjectError(f"{path}: not an annotator project (a SQLite file without its tables)")
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        # Ours only with a scheme: a look-alike is refused before anything writes to it.
        if conn.execute("SELECT 1 FROM settings WHERE key = 'scheme'").fetchone() is None:
            raise NotAProjectError(f"{path}: not an annotator project (it has no scheme)")
        # Every command checks the pages before it reads or writes anything else.
        problem = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
        if problem != "ok":
            raise damaged(str(path), problem)
        return row[0] if row else None
    except sqlite3.DatabaseError as exc:
        if is_damage(str(exc)):
            raise damaged(str(path), str(exc)) from None
        raise NotAProjectError(f"{path}: not an annotator project ({exc})") from None
    finally:
        conn.close()


def check_revision(revision: str | None, where: str) -> None:
    """Refuse a project whose schema this version of the app does not know."""
    if revision is not None and not known_revision(revision):
        raise NewerProjectError(
            f"{where}: this project was written by a newer version of annotator "
            f"(schema {revision}; this version knows up to {head_revision()}). "
            "Upgrade annotator to open it; the project was not modified."
        )


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database to ``revision`` in one transaction."""
    with writer(engine).connect() as conn:
        raw = conn.connection.driver_connection if conn.dialect.name == "sqlite" else None
        if raw is not None:
            # Batch migrations copy tables, so foreign keys must be off meanwhile;
            # the pragma only takes effect outside a transaction, hence the raw
            # connection before SQLAlchemy begins one.
            raw.execute("PRAGMA foreign_keys = OFF")
        from alembic import command

        try:
            command.upgrade(alembic_config(conn), revision)
            if raw is not None:
                bad = raw.execute("PRAGMA foreign_key_check").fetchall()
                if bad:
                    raise RuntimeError(f"migration left broken foreign keys: {bad[:5]}")
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys = ON")


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
