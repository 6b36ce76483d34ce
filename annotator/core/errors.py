"""Errors the core raises; each names what was wrong so a user can fix it."""

from __future__ import annotations


class AnnotatorError(Exception):
    """Base of every error meant to be shown to a user as it is."""


class InputError(AnnotatorError):
    """Bad input: a file, line or record that cannot be imported."""

    def __init__(self, reason: str, *, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line

    def located(self, path: str) -> str:
        """The message with the file (and line, if known) in front."""
        where = f"{path}:{self.line}" if self.line is not None else path
        return f"{where}: {self.reason}"


class SchemeError(AnnotatorError):
    """A scheme file that cannot be used."""


class Cancelled(AnnotatorError):
    """Work stopped because the user cancelled it; what it would have written is not."""
