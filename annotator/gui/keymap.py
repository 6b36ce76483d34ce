"""Keyboard commands, their default keys, and user overrides (keys.toml)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from annotator.paths import config_dir


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    keys: tuple[str, ...]  # QKeySequence strings
    help: str


DEFAULTS: tuple[Command, ...] = (
    Command("next", ("J",), "next suggestion still to review"),
    Command("previous", ("K",), "previous suggestion still to review"),
    Command("next_span", ("N", "Down"), "next span, accepted or suggested (Down: when a span is focused)"),
    Command("previous_span", ("P", "Up"), "previous span, accepted or suggested"),
    Command("accept", ("A",), "accept the focused suggestion (and its suggested links to accepted spans)"),
    Command("reject", ("X",), "reject the focused suggestion / remove the focused span"),
    Command("delete", ("Delete",), "remove the focused span"),
    Command("accept_all", ("Shift+A",), "accept all remaining suggestions of the article"),
    Command("grow_left", ("Shift+Left",), "focused span one word longer on the left"),
    Command("grow_right", ("Shift+Right",), "focused span one word longer on the right"),
    Command("shrink_left", ("Alt+Right",), "focused span one word shorter on the left"),
    Command("shrink_right", ("Alt+Left",), "focused span one word shorter on the right"),
    Command("done", ("Ctrl+Return", "Ctrl+Enter"), "mark the article done and go to the next"),
    Command("undo", ("Ctrl+Z",), "undo (names what it undid)"),
    Command("redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "redo"),
    Command(
        "clear",
        ("Escape",),
        "leave the span: then arrows move a caret, Shift+arrows select, a label key makes a span "
        "over the selection or the caret's word",
    ),
    Command("find", ("Ctrl+F", "/"), "filter the article list (Escape or Enter comes back)"),
    Command("help", ("F1", "?"), "show the keys"),
    Command("zoom_in", ("Ctrl++", "Ctrl+=", "Ctrl+Shift+="), "larger text"),
    Command("zoom_out", ("Ctrl+-",), "smaller text"),
    Command("save", ("Ctrl+S",), "save (everything is already saved)"),
)
"""Relation keys are not here: each comes from the scheme (``[[relations]] key``)."""


def keys_file() -> Path:
    return config_dir() / "keys.toml"


def load_keymap(path: Path | None = None) -> dict[str, tuple[str, ...]]:
    """Default keys, with the user's ``keys.toml`` (``command = ["Key", ...]``) on top."""
    keys = {c.name: c.keys for c in DEFAULTS}
    path = path or keys_file()
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            return keys  # a broken file must not lock anyone out of the app
        for name, value in data.items():
            if name in keys and isinstance(value, list) and all(isinstance(v, str) for v in value):
                keys[name] = tuple(value)
    return keys
