"""Arguments and options shared by several commands."""

from __future__ import annotations

from typing import Annotated

import typer

ProjectArg = Annotated[str, typer.Argument(help="Project file (or SQLAlchemy URL).", metavar="PROJECT")]
