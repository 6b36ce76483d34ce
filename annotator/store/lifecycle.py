"""Creating and opening projects: refuse what is not ours, migrate what is older."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from annotator.core.scheme import Scheme
from annotator.store import migrate
from annotator.store.engine import database_url, describe_error, is_url, shown
from annotator.store.errors import ProjectError
from annotator.store.project import Project


def _existing_file(target: str | Path) -> Path | None:
    """The file of a SQLite project, named by path or by a ``sqlite:///`` URL."""
    return sqlite_file(target)


def sqlite_file(target: str | Path) -> Path | None:
    """The file a path or ``sqlite:///`` URL names (None for other databases and memory)."""
    if not is_url(str(target)):
        return Path(target).expanduser()
    try:
        url = make_url(str(target))
    except ArgumentError:
        return None
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database).expanduser()


def create_project(target: str | Path, scheme: Scheme, app_version: str) -> Project:
    """Create a new, empty project; refuses a path that already exists."""
    path = _existing_file(target)
    if path is not None:
        if path.exists():
            raise ProjectError(f"{path}: already exists; choose a new file name")
        if not path.parent.is_dir():
            raise ProjectError(f"{path}: folder {path.parent} does not exist")
    project = Project(target)
    try:
        if path is None and migrate.current_revision(project.engine) is not None:
            raise ProjectError(
                f"{project.location}: already holds a project; open it, or name another database"
            )
        migrate.upgrade(project.engine)
        project.init_settings(scheme, app_version)
    except DBAPIError as exc:
        project.close()
        raise ProjectError(f"{project.location}: cannot create project ({describe_error(exc)})") from None
    except BaseException:
        project.close()
        raise
    return project


def open_project(target: str | Path) -> Project:
    """Open a project, migrating it to the current schema if it is older.

    A project written by a newer version is refused before anything touches it.
    """
    path = _existing_file(target)
    if path is not None:
        if not path.exists():
            raise ProjectError(f"{path}: no such project (create one with: annotator new {path})")
        if path.is_dir():
            raise ProjectError(f"{path}: is a folder, not a project file")
        migrate.check_revision(migrate.sqlite_revision(path), str(path))
    project = Project(target)
    try:
        # Again through the engine: another process may have migrated meanwhile.
        revision = migrate.current_revision(project.engine)
        migrate.check_revision(revision, shown(database_url(target)) if path is None else str(path))
        if revision != migrate.head_revision():
            migrate.upgrade(project.engine)
        project.scheme  # noqa: B018 - fail now, not later, on a project without one
    except DBAPIError as exc:
        project.close()
        raise ProjectError(f"{project.location}: cannot open project ({describe_error(exc)})") from None
    except BaseException:
        project.close()
        raise
    return project
