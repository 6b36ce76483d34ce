"""Where the files shipped with the app live (schemes, samples).

In a source checkout or editable install they are the repository's
``resources/``; in a wheel they are packaged as ``annotator/_resources``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from annotator.core.scheme import Scheme, load_scheme

_HERE = Path(__file__).resolve().parent


@cache
def resources_dir() -> Path:
    """The folder holding the shipped resources."""
    for candidate in (_HERE / "_resources", _HERE.parent / "resources"):
        if (candidate / "schemes").is_dir():
            return candidate
    raise FileNotFoundError("annotator's resources folder is missing from this installation")


def default_scheme_path() -> Path:
    """The news-claims scheme file."""
    return resources_dir() / "schemes" / "news-claims.toml"


def default_scheme() -> Scheme:
    """The news-claims scheme, loaded and validated."""
    return load_scheme(default_scheme_path())


@cache
def lexicon(name: str) -> frozenset[str]:
    """A shipped word list (``lexicons/NAME.txt``): one entry a line, lower case,
    ``#`` starts a comment (each list says where its words come from)."""
    if not name.replace("_", "").isalnum():
        raise FileNotFoundError(name)
    path = resources_dir() / "lexicons" / f"{name}.txt"
    entries = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip().lower()
        if entry:
            entries.add(entry)
    return frozenset(entries)
