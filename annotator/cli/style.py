"""What the CLI prints: made safe for a terminal, and coloured only where wanted.

Colour honours ``NO_COLOR`` (https://no-color.org) and ``TERM=dumb``; control
characters from files or projects (ESC starts the sequences that clear a screen
or set a window title) never reach the terminal raw.
"""

from __future__ import annotations

import json
import os
import re
import sys
from typing import Any

import typer

RED = typer.colors.RED
YELLOW = typer.colors.YELLOW
GREEN = typer.colors.GREEN

# Control characters, DEL, C1 controls, line separators and bidirectional
# overrides, except the line break and tab we print ourselves.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: str, *, one_line: bool = False) -> str:
    """``text`` safe for a terminal: control characters shown as ``\\x1b``-style escapes
    (with ``one_line``, line breaks and tabs too). Everything the CLI prints from a
    file or project goes through here (titles, names, paths, messages)."""
    text = _UNSAFE.sub(_escape, text)
    if one_line:
        text = text.replace("\n", "\\n").replace("\t", "\\t")
    return text


def colour_allowed(err: bool = False) -> bool:
    """Whether to colour a line: a terminal, no ``NO_COLOR``, not ``TERM=dumb``."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    stream = sys.stderr if err else sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)())


def echo(message: object = "", *, err: bool = False, fg: str | None = None) -> None:
    """One message made safe by :func:`clean`, coloured ``fg`` only where colour is allowed."""
    text = clean(str(message))
    allowed = colour_allowed(err)
    if fg is not None and allowed:
        text = typer.style(text, fg=fg)
    typer.echo(text, err=err, color=allowed)


def json_text(data: Any) -> str:
    """Strict JSON for standard output: C1 controls and the like as ``\\u`` escapes
    (``json.dumps`` escapes only those below U+0020), never NaN."""
    dumped = json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False)
    # Outside strings JSON has no such characters: each escape stays inside its string.
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped) + "\n"
