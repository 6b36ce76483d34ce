"""What readers yield: a parsed record or a refusal, with where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.core.model import ArticleRecord
from annotator.io.mapping import EMPTY, LabelMap


@dataclass(frozen=True, slots=True)
class Parsed:
    """A record read from ``where`` (``path`` or ``path:line``)."""

    record: ArticleRecord
    where: str
    size: int  # bytes of input consumed, for progress
    # What the import should tell about this record: a Prodigy answer that kept no
    # annotations, labels the mapping dropped, offsets that had to be repaired...
    notes: tuple[tuple[str, int], ...] = ()  # (what, how many)


@dataclass(frozen=True, slots=True)
class Refused:
    """Input that could not be read, and why; ``skipped`` when it was not named but found
    in a folder, and is no file of ours to read (not an import failure)."""

    where: str
    reason: str
    size: int = 0
    skipped: bool = False

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


ReadItem = Parsed | Refused


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """What every reader is told: whose annotations they are, whether done, the mapping."""

    annotator: str | None = None
    done: bool = False
    label_map: LabelMap = field(default=EMPTY)
