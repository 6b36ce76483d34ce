"""The use cases' errors worded for the command line: with its commands and flags."""

from __future__ import annotations

from functools import singledispatch

from annotator.core.errors import AnnotatorError
from annotator.usecases import errors

# Selection and ExportOptions fields, as `annotator export` spells them.
FLAGS = {
    "annotator": "--annotator NAME",
    "gold": "--gold",
    "everyone": "--all",
    "suggestions": "--suggestions",
    "split": "--split",
    "spancat_config": "--spancat-config",
    "type_labels": "--type-labels",
    "rel_component": "--rel-component",
    "ent_labels": "--ents",
}


def _flags(fields: tuple[str, ...] | list[str], joined: str = "and") -> str:
    names = [FLAGS.get(f, f) for f in fields]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {joined} {names[-1]}"


@singledispatch
def message(error: AnnotatorError) -> str:
    """What ``error: ...`` says for ``error`` (its plain wording unless worded here)."""
    return str(error)


@message.register
def _(error: errors.ChoiceNeeded) -> str:
    return f"say what to export: one of {_flags(error.choices, 'or')}"


@message.register
def _(error: errors.NoArticlesYet) -> str:
    return f"{error.location}: the project has no articles yet (add some with annotator import)"


@message.register
def _(error: errors.NoGoldYet) -> str:
    return (
        f"{error.location}: no gold annotations yet (adjudicate, or import them with "
        f"annotator import PROJECT FILE --annotator {error.gold} --done)"
    )


@message.register
def _(error: errors.NothingToExport) -> str:
    hint = " (--include-pending adds work in progress)" if error.pending_would_help else ""
    return f"nothing to export: {error.selection} holds no article{hint}"


@message.register
def _(error: errors.OptionsNeedFormat) -> str:
    verb = "applies" if len(error.options) == 1 else "apply"
    return f"{_flags(error.options)} {verb} to --format {error.format} only"


@message.register
def _(error: errors.ShareOutOfRange) -> str:
    return f"--split must be between 0 and 1 (exclusive), not {error.share}"


@message.register
def _(error: errors.UnknownLabels) -> str:
    return f"{FLAGS.get(error.option, error.option)}: {error}"


@message.register
def _(error: errors.SplitNeedsFolder) -> str:
    if error.parent_missing:
        return str(error)
    return f"{error.output}: with --split, name a folder (for train.spacy and dev.spacy)"


@message.register
def _(error: errors.TooFewToSplit) -> str:
    return f"--split needs at least 2 articles; {error.selection} holds {error.count}"


@message.register
def _(error: errors.TooFewAnnotators) -> str:
    return f"{error}; merge their projects with annotator merge"
