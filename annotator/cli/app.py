"""The ``annotator`` command: registers one module per subcommand."""

from __future__ import annotations

from typing import Annotated

import typer

from annotator import __version__
from annotator.cli import (
    adjudicate,
    agreement,
    evaluate,
    export,
    gui,
    importing,
    merge,
    projects,
    server,
    suggest,
    sync,
)
from annotator.cli import train as train_cli
from annotator.cli.json_option import LegacyJsonGroup
from annotator.paths import default_projects_dir

app = typer.Typer(
    name="annotator",
    cls=LegacyJsonGroup,
    help="Annotate claims in news: people, roles, quotes with their speakers, denials.",
    epilog=f"A project is one SQLite file (or a SQLAlchemy URL). Suggested home: {default_projects_dir()}",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"annotator {__version__}")
        raise typer.Exit()


def _self_test(value: bool) -> None:
    if value:
        from annotator.cli.selftest import self_test

        raise typer.Exit(self_test())


def _startup_probe(project: str | None) -> None:
    # Hidden: measures the cold start to a usable window (packaging/measure.sh).
    if project is not None:
        from annotator.gui.selfcheck import startup_probe

        raise typer.Exit(startup_probe(project or None))


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    self_test: Annotated[
        bool,
        typer.Option(
            "--self-test",
            callback=_self_test,
            is_eager=True,
            help="Check this installation on a temporary project (no display needed); exit 1 on failure.",
        ),
    ] = False,
    startup_probe: Annotated[
        str | None, typer.Option("--startup-probe", callback=_startup_probe, is_eager=True, hidden=True)
    ] = None,
) -> None:
    """Annotate claims in news."""


app.command()(projects.new)
app.command("import")(importing.import_)
app.command()(projects.articles)
app.command()(projects.info)
app.command("open")(gui.open_)
app.command()(gui.demo)
app.command()(suggest.suggest)
app.command()(train_cli.train)
app.command()(evaluate.evaluate)
app.command()(export.export)
app.command()(adjudicate.adjudicate)
app.command(hidden=True)(adjudicate.review)  # the old name: says it is now adjudicate
app.command()(merge.merge)
app.command()(agreement.agreement)
app.add_typer(server.app)
app.command()(sync.push)
app.command()(sync.pull)


def main() -> None:
    """Entry point of the ``annotator`` console script."""
    app(prog_name="annotator")
