"""Shape checks of values read from files, before the readers use them.

A value of the wrong type must end in one clear line, never in a TypeError
deep inside a reader (a list where an offset should be, a string where a
mapping should be).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from annotator.core import safe_json
from annotator.core.errors import InputError
from annotator.core.limits import MAX_ARTICLE_BYTES, too_big

_TID = re.compile(r"T\d{1,9}")


def read_limited(path: Path) -> bytes:
    """A file's bytes, refused unread when over the size of one article."""
    size = path.stat().st_size
    if size > MAX_ARTICLE_BYTES:
        raise InputError(too_big(path.name, size))
    return path.read_bytes()


def brat_sidecar(raw: bytes, name: str) -> Mapping[str, Any]:
    """Our brat sidecar ``NNNNNN.json``, checked: ``annotator`` and ``status`` strings,
    ``article`` an object, ``exact_offsets`` an object of ``T<n>: [start, end]``."""
    try:
        side = safe_json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(f"{name}: not UTF-8") from None
    except InputError as exc:
        raise InputError(f"{name}: {exc.reason}") from None
    if not isinstance(side, Mapping):
        raise InputError(f"{name}: must hold a JSON object, not {_kind(side)}")
    for key in ("annotator", "status"):
        if side.get(key) is not None and not isinstance(side[key], str):
            raise InputError(f"{name}: {key!r} must be a string, not {_kind(side[key])}")
    article = side.get("article")
    if article is not None:
        if not isinstance(article, Mapping):
            raise InputError(f"{name}: 'article' must be an object, not {_kind(article)}")
        safe_json.check_depth(article, f"{name}: 'article'")
    exact = side.get("exact_offsets")
    if exact is not None:
        if not isinstance(exact, Mapping):
            raise InputError(f"{name}: 'exact_offsets' must be an object, not {_kind(exact)}")
        for tid, pair in exact.items():
            if not _TID.fullmatch(tid):
                raise InputError(f"{name}: 'exact_offsets' key {tid[:20]!r} is not a T id")
            if not (
                isinstance(pair, list)
                and len(pair) == 2
                and all(isinstance(v, int) and not isinstance(v, bool) for v in pair)
            ):
                raise InputError(f"{name}: exact_offsets[{tid!r}] must be [start, end] integers")
    return side


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )
