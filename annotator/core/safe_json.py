"""Reading untrusted JSON and TOML without a traceback, and writing only strict JSON.

Python's parsers raise RecursionError on data nested a few thousand deep,
ValueError on integers over 4,300 digits (its int-string limit), and accept
``NaN``/``Infinity`` (and floats like ``1e400`` become infinity), which strict
readers elsewhere refuse. :func:`loads` and :func:`loads_toml` turn all of that
into :class:`InputError`; :func:`check_depth` bounds what is stored as it came
(an article's ``meta``), so that nothing deeper reaches the encoders later.
"""

from __future__ import annotations

import json
import math
import tomllib
from typing import Any

from annotator.core.errors import InputError

# Deeper than any real metadata; far below Python's recursion limit (1,000).
MAX_DEPTH = 32


def _no_constant(name: str) -> Any:
    raise InputError(f"{name} is not valid JSON (write null, or the number as a string)")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise InputError(f"number {text[:30]} is too large for a JSON number (write it as a string)")
    return value


def loads(text: str | bytes) -> Any:
    """Parse strict JSON; InputError says what is wrong (never RecursionError or ValueError)."""
    try:
        return json.loads(text, parse_constant=_no_constant, parse_float=_finite)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise InputError("JSON nested too deeply") from None
    except ValueError as exc:  # Python's int-string limit
        raise InputError(f"a number with too many digits ({_short(exc)})") from None


def loads_toml(text: str) -> Any:
    """Parse TOML; InputError says what is wrong."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not valid TOML: {exc}") from None
    except RecursionError:
        raise InputError("TOML nested too deeply") from None
    except ValueError as exc:
        raise InputError(f"a number with too many digits ({_short(exc)})") from None


def check_depth(value: Any, what: str, limit: int = MAX_DEPTH) -> None:
    """Refuse lists and objects nested deeper than ``limit`` (iteratively: no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item  # type: ignore[assignment]
        else:
            continue
        if depth > limit:
            raise InputError(f"{what} is nested more than {limit} levels deep")
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))


def finite_or_none(value: Any) -> Any:
    """The value with NaN and infinite floats (at any depth) as None, for strict JSON out."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite_or_none(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finite_or_none(v) for v in value]
    return value


def _short(exc: Exception) -> str:
    return str(exc).split(";")[0][:80]
