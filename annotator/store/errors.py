"""Errors about project files."""

from __future__ import annotations

from annotator.core.errors import AnnotatorError


class ProjectError(AnnotatorError):
    """A project that cannot be created or opened."""


class NotAProjectError(ProjectError):
    """The path or database is not an annotator project."""


class NewerProjectError(ProjectError):
    """The project was written by a newer version; it is left untouched."""
