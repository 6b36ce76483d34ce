"""Errors the use cases raise, as facts; each client words them for its users.

``str(error)`` is a plain wording that names no command-line flag and no menu.
The CLI (:mod:`annotator.cli.wording`) adds its flags and the GUI
(:mod:`annotator.gui.wording`) its menus, from the fields.
"""

from __future__ import annotations

from pathlib import Path

from annotator.core.errors import AnnotatorError


class ExportError(AnnotatorError):
    """An export that cannot be made as asked."""


class SelectionError(ExportError):
    """Whose work to export (or to train on) cannot be found as asked."""


class ChoiceNeeded(SelectionError):
    """None or several of the ways to choose whose work were given (``choices``)."""

    def __init__(self, choices: tuple[str, ...]) -> None:
        self.choices = choices
        super().__init__(f"say whose work to use: one of {', '.join(choices)}")


class NoSuchAnnotator(SelectionError):
    """No annotator of that name in the project (``choices``: those there are)."""

    def __init__(self, location: str, name: str, choices: list[str]) -> None:
        self.location, self.name, self.choices = location, name, choices
        listed = ", ".join(choices) or "none yet"
        super().__init__(f"{location}: no annotator named {name!r} (annotators: {listed})")


class NobodyYet(SelectionError):
    """Everyone's work was asked for and nobody has annotated anything."""

    def __init__(self, location: str) -> None:
        self.location = location
        super().__init__(f"{location}: nobody has annotated anything yet")


class NoArticlesYet(SelectionError):
    """The project holds no article."""

    def __init__(self, location: str) -> None:
        self.location = location
        super().__init__(f"{location}: the project has no articles yet")


class NoGoldYet(SelectionError):
    """The gold set was asked for and nothing was adjudicated or imported as gold."""

    def __init__(self, location: str, gold: str) -> None:
        self.location, self.gold = location, gold
        super().__init__(f"{location}: no gold annotations yet")


class NothingToExport(ExportError):
    """The selection holds no article; ``pending_would_help``: work in progress would."""

    def __init__(self, selection: str, *, pending_would_help: bool) -> None:
        self.selection, self.pending_would_help = selection, pending_would_help
        super().__init__(f"nothing to export: {selection} holds no article")


class UnknownFormat(ExportError):
    """A format name that no writer has (``choices``: those there are)."""

    def __init__(self, name: str, choices: tuple[str, ...]) -> None:
        self.name, self.choices = name, choices
        super().__init__(f"unknown format {name!r} (one of {', '.join(choices)})")


class OptionsNeedFormat(ExportError):
    """Options (by their ``ExportOptions`` field names) that only ``format`` takes."""

    def __init__(self, options: tuple[str, ...], format: str) -> None:
        self.options, self.format = options, format
        super().__init__(f"{', '.join(options)}: apply to the {format} format only")


class ShareOutOfRange(ExportError):
    """A train/dev split share not strictly between 0 and 1."""

    def __init__(self, share: float) -> None:
        self.share = share
        super().__init__(f"the training share must be between 0 and 1 (exclusive), not {share}")


class UnknownLabels(ExportError):
    """Labels the scheme does not have (``option``: the ``ExportOptions`` field)."""

    def __init__(self, option: str, unknown: list[str], known: tuple[str, ...]) -> None:
        self.option, self.unknown, self.known = option, unknown, known
        super().__init__(f"unknown label {', '.join(unknown)} (scheme has {', '.join(known)})")


class SplitNeedsFolder(ExportError):
    """A train/dev split was asked for with a file (or a missing folder's child) as output."""

    def __init__(self, output: Path, *, parent_missing: bool) -> None:
        self.output, self.parent_missing = output, parent_missing
        reason = (
            f"folder {output.parent} does not exist"
            if parent_missing
            else "a train/dev split needs a folder (for train.spacy and dev.spacy)"
        )
        super().__init__(f"{output}: {reason}")


class TooFewToSplit(ExportError):
    """A train/dev split of fewer than two articles."""

    def __init__(self, selection: str, count: int) -> None:
        self.selection, self.count = selection, count
        super().__init__(f"a train/dev split needs at least 2 articles; {selection} holds {count}")


class TooFewAnnotators(AnnotatorError):
    """Agreement (or adjudication) of fewer than two annotators (``found``: those chosen)."""

    def __init__(self, location: str, found: list[str]) -> None:
        self.location, self.found = location, found
        super().__init__(
            f"{location}: agreement needs at least two annotators (found: {', '.join(found) or 'none'})"
        )
