"""What readers yield: a parsed record or a refusal, with where it came from."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.model import ArticleRecord


@dataclass(frozen=True, slots=True)
class Parsed:
    """A record read from ``where`` (``path`` or ``path:line``)."""

    record: ArticleRecord
    where: str
    size: int  # bytes of input consumed, for progress


@dataclass(frozen=True, slots=True)
class Refused:
    """Input that could not be read, and why."""

    where: str
    reason: str
    size: int = 0

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


Item = Parsed | Refused
