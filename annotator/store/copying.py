"""A project file that can be copied while the app is open.

SQLite in WAL mode keeps recent commits in ``PROJECT-wal`` until a checkpoint
copies them into the main file; a copy of the main file alone would miss them.
:func:`checkpoint` runs after each burst of work and on close; :func:`save_copy`
writes a consistent copy with SQLite's online backup API.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from sqlalchemy.exc import OperationalError

from annotator.store.errors import ProjectError
from annotator.store.project import Project


def is_file_project(project: Project) -> bool:
    return project.engine.dialect.name == "sqlite"


def checkpoint(project: Project, truncate: bool = False) -> bool:
    """Copy the WAL into the project file (PASSIVE: never waits for other connections;
    TRUNCATE also empties the WAL, for closing). True when every frame was copied."""
    if not is_file_project(project):
        return True  # a server has no file to copy
    mode = "TRUNCATE" if truncate else "PASSIVE"
    try:
        with project.engine.connect() as conn:
            busy, _frames, _copied = conn.exec_driver_sql(f"PRAGMA wal_checkpoint({mode})").one()
    except OperationalError:
        return False  # another process holds the database: the next burst tries again
    return not busy


def save_copy(project: Project, target: Path) -> Path:
    """A consistent copy of the project in one file (no -wal beside it), written whole
    or not at all."""
    if not is_file_project(project):
        raise ProjectError(
            f"{project.location}: a project on a server has no file to copy; use `annotator pull`"
        )
    target = Path(target)
    if target.resolve() == Path(project.engine.url.database or "").resolve():
        raise ProjectError(f"{target}: that is the project itself; choose another name")
    try:
        handle, temporary = tempfile.mkstemp(prefix=".copy-", suffix=".annotator", dir=target.parent)
    except OSError as exc:
        raise ProjectError(f"{target}: cannot save a copy there ({exc.strerror})") from None
    os.close(handle)
    try:
        raw = project.engine.raw_connection()
        try:
            source = raw.driver_connection
            assert isinstance(source, sqlite3.Connection)
            copy = sqlite3.connect(temporary)
            try:
                source.backup(copy)
                copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            finally:
                copy.close()
        finally:
            raw.close()
        os.replace(temporary, target)
    except (OSError, sqlite3.Error) as exc:
        Path(temporary).unlink(missing_ok=True)
        raise ProjectError(f"{target}: cannot save a copy ({exc})") from None
    return target
