"""The use cases' errors worded for the desktop app: menus and keys, never flags."""

from __future__ import annotations

from functools import singledispatch

from annotator.core.errors import AnnotatorError
from annotator.usecases import errors

IMPORT_MENU = "File > Import files…"
ADJUDICATE_MENU = "Adjudicate > Disagreements…"
EXPORT_MENU = "File > Export my work"
DONE_KEY = "Ctrl+Return"  # the keymap's "done" command
FORMAT_NAMES = {
    "jsonl": "Prodigy JSONL",
    "spacy": "spaCy DocBin",
    "brat": "brat folder",
    "conll": "CoNLL",
    "quotes-csv": "quote table",
    "label-studio": "Label Studio JSON",
    "cas-xmi": "INCEpTION (UIMA CAS XMI folder)",
}


@singledispatch
def message(error: AnnotatorError) -> str:
    """What the window shows for ``error`` (its plain wording unless worded here)."""
    return str(error)


@message.register
def _(error: errors.ChoiceNeeded) -> str:
    return f"choose whose work to use ({EXPORT_MENU} exports your own)"


@message.register
def _(error: errors.NoArticlesYet) -> str:
    return f"{error.location}: the project has no articles yet (add some with {IMPORT_MENU})"


@message.register
def _(error: errors.NoGoldYet) -> str:
    return f"{error.location}: no gold annotations yet (decide some with {ADJUDICATE_MENU})"


@message.register
def _(error: errors.NothingToExport) -> str:
    hint = f" (mark articles done with {DONE_KEY} first)" if error.pending_would_help else ""
    return f"nothing to export: {error.selection} holds no article{hint}"


@message.register
def _(error: errors.OptionsNeedFormat) -> str:
    return f"these choices apply to the {FORMAT_NAMES.get(error.format, error.format)} export only"


@message.register
def _(error: errors.TooFewAnnotators) -> str:
    return f"{error}; bring the others' project files into this one first"
