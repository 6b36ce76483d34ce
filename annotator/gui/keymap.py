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
    Command("next", ("J", "Down"), "next pending suggestion"),
    Command("previous", ("K", "Up"), "previous pending suggestion"),
    Command("accept", ("A",), "accept the focused suggestion"),
    Command("reject", ("X",), "reject the focused suggestion / remove the span"),
    Command("delete", ("Delete", "Backspace"), "delete the focused span"),
    Command("accept_all", ("Shift+A",), "accept all remaining suggestions of the article"),
    Command("grow_left", ("Shift+Left",), "grow the focused span by one token on the left"),
    Command("grow_right", ("Shift+Right",), "grow the focused span by one token on the right"),
    Command("shrink_left", ("Alt+Right",), "shrink the focused span by one token on the left"),
    Command("shrink_right", ("Alt+Left",), "shrink the focused span by one token on the right"),
    Command("speaker", ("S",), "link the focused quote to its speaker"),
    Command("role_of", ("R",), "link the focused role to its person"),
    Command("denies", ("D",), "link the focused denial to the claim it answers"),
    Command("cue_of", ("C",), "link the focused cue to its quote"),
    Command("done", ("Ctrl+Return", "Ctrl+Enter"), "mark the article done and go to the next"),
    Command("undo", ("Ctrl+Z",), "undo"),
    Command("redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "redo"),
    Command("clear", ("Escape",), "clear the focus (then Shift+arrows select text)"),
    Command("help", ("F1", "?"), "show the keys"),
    Command("zoom_in", ("Ctrl++", "Ctrl+="), "larger text"),
    Command("zoom_out", ("Ctrl+-",), "smaller text"),
    Command("save", ("Ctrl+S",), "save (everything is already saved)"),
)


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
