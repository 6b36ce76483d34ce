"""The project store: the only package that imports SQLAlchemy (and Alembic)."""

from annotator.store.errors import NewerProjectError, NotAProjectError, ProjectError
from annotator.store.lifecycle import create_project, open_project
from annotator.store.lifecycle import sqlite_file as sqlite_file
from annotator.store.project import Project, ProjectCounts
from annotator.store.saving import SaveOutcome, SaveResult

__all__ = [
    "NewerProjectError",
    "NotAProjectError",
    "Project",
    "ProjectCounts",
    "ProjectError",
    "SaveOutcome",
    "SaveResult",
    "create_project",
    "open_project",
]
