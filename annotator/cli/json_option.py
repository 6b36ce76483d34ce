"""``--json``: one meaning everywhere (a flag: JSON on standard output).

Before, ``agreement`` and ``evaluate`` took ``--json PATH``. That spelling still
works: :func:`legacy_json_paths` turns it into the hidden ``--json-file PATH``
before typer parses the line (:class:`LegacyJsonGroup`), and the command says
it is deprecated.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from annotator.cli.style import YELLOW, echo, json_text
from annotator.usecases.reports import versioned

JsonFlag = Annotated[
    bool, typer.Option("--json", help="Print the result as one JSON object on standard output.")
]
JsonFileOpt = Annotated[Path | None, typer.Option("--json-file", hidden=True, dir_okay=False)]

# The commands whose --json took a path, with their positional argument count
# and the options that take a value (so that their values are not counted).
_LEGACY = {
    "agreement": (1, {"--annotators", "--html", "--lowest"}),
    "evaluate": (2, set()),
}


def legacy_json_paths(argv: Sequence[str]) -> list[str]:
    """``agreement P --json OUT`` -> ``agreement P --json-file OUT`` (the old spelling)."""
    args = list(argv)
    command = next((a for a in args if not a.startswith("-")), None)
    if command not in _LEGACY:
        return args
    positionals, valued = _LEGACY[command]
    out: list[str] = []
    bare = 0
    pending_json: int | None = None
    i = args.index(command) + 1
    out.extend(args[:i])
    while i < len(args):
        arg = args[i]
        if arg.startswith("--json="):
            out.append("--json-file=" + arg.split("=", 1)[1])
        elif arg == "--json" and i + 1 < len(args) and not args[i + 1].startswith("-"):
            pending_json = len(out)
            out.append(arg)
        elif arg.split("=", 1)[0] in valued and "=" not in arg:
            out.extend(args[i : i + 2])
            i += 1
        elif not arg.startswith("-"):
            bare += 1
            out.append(arg)
        else:
            out.append(arg)
        i += 1
    # "--json X": X is the old path only if the command's arguments are all there without it.
    if pending_json is not None and bare > positionals:
        out[pending_json] = "--json-file"
    return out


def print_json(payload: dict[str, Any]) -> None:
    """``payload`` as versioned, strict, terminal-safe JSON on standard output."""
    sys.stdout.write(json_text(versioned(payload)))


def warn_legacy(path: Path | None) -> None:
    """The deprecation note for ``--json PATH``."""
    if path is not None:
        echo(
            f"note: --json PATH is deprecated; use --json > {path} (JSON on standard output)",
            err=True,
            fg=YELLOW,
        )


class LegacyJsonGroup(TyperGroup):
    """The command group, reading the old ``--json PATH`` spelling before parsing."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # typer's own (vendored) Context
        return super().parse_args(ctx, legacy_json_paths(args))
