"""Errors about project files."""

from __future__ import annotations

from annotator.core.errors import AnnotatorError


class ProjectError(AnnotatorError):
    """A project that cannot be created or opened."""


class NotAProjectError(ProjectError):
    """The path or database is not an annotator project."""


class NewerProjectError(ProjectError):
    """The project was written by a newer version; it is left untouched."""


class DamagedProjectError(ProjectError):
    """The project file is damaged (corrupted pages); nothing was written to it."""


def damaged(location: str, reason: str) -> DamagedProjectError:
    """The error for a damaged SQLite project, with how to recover what it holds."""
    from shlex import quote

    where = quote(location)
    # quick_check's report spans lines ("*** in database main ***\nOn tree page 30 ..."): one line.
    reason = " ".join(reason.replace("*** in database main ***", "").split())
    return DamagedProjectError(
        f"{location}: the project file is damaged ({reason}); it was not modified. "
        f"Recover what it holds into a new file with: sqlite3 {where} .recover | sqlite3 recovered.annotator"
    )


def is_busy(reason: str) -> bool:
    """Whether the database's message means another connection holds the write lock."""
    return "locked" in reason or "busy" in reason


def is_damage(reason: str) -> bool:
    """Whether SQLite's message means a damaged file (rather than a busy or refused one)."""
    # ("file is not a database" is what a foreign file gives at opening: not ours, not damaged.)
    return "malformed" in reason
