"""Team projects on a PostgreSQL server: set one up, add annotators."""

from __future__ import annotations

from annotator.store import Project, credentials, open_project
from annotator.store import server as store
from annotator.store.server import Login, StatusChange, check_role_name
from annotator.usecases.projects import new_project

__all__ = [
    "Login",
    "StatusChange",
    "add_annotator",
    "check_role_name",
    "init_server",
    "login_annotator",
    "remember_password",
    "server_url",
    "status_changes",
]


def init_server(url: str, lead: str) -> Login:
    """Create the database (if needed), the schema, the roles and the lead's login.

    ``url`` names an administrator of the server (the schema's owner). On a
    database that already holds a project, the schema is migrated and the grants
    and policies refreshed; the lead's role must be new.
    """
    check_role_name(lead)
    store.ensure_database(store.server_url(url))
    project = open_project(url) if store.holds_project(url) else new_project(url)
    project.close()
    return store.secure(url, lead)


def add_annotator(url: str, name: str) -> Login:
    """A login role for annotator ``name`` (its password is shown once, in the returned URL)."""
    return store.add_annotator(url, name)


def login_annotator(project: Project) -> str | None:
    """On a server, the annotator name is the login name (row-level security allows no other)."""
    role = store.team_role(project)
    return role[0] if role is not None else None


def server_url(host: str, port: int, database: str, user: str) -> str:
    """A server URL without password (the password is looked up when connecting)."""
    return store.plain_url(host, port, database, user)


def remember_password(url: str, password: str, *, keep: bool) -> None:
    """Use this password for the login of ``url``; ``keep``: in the OS keyring too (never in settings)."""
    credentials.remember(url, password, keep=keep)


def status_changes(project: Project, since: object) -> tuple[object, list[StatusChange]]:
    """Statuses others (or this login) wrote since the mark ``since`` (None: start watching now)."""
    return store.status_changes(project, since)  # type: ignore[arg-type]
