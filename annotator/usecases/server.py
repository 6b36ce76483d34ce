"""Team projects on a PostgreSQL server: set one up, add annotators."""

from __future__ import annotations

from annotator.store import open_project
from annotator.store import server as store
from annotator.store.server import Login, check_role_name
from annotator.usecases.projects import new_project

__all__ = ["Login", "add_annotator", "check_role_name", "init_server"]


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
