"""``annotator server init`` and ``annotator server add-annotator``: a team project on PostgreSQL."""

from __future__ import annotations

from typing import Annotated

import typer

from annotator.cli.errors import guarded

app = typer.Typer(
    name="server",
    help="Set up a team project on a PostgreSQL server: roles, and row-level security.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

UrlArg = Annotated[
    str,
    typer.Argument(
        help="The database, as its administrator: postgresql://ADMIN@HOST/DB (the password from ~/.pgpass).",
        metavar="URL",
    ),
]


def _hand_over(name: str, url: str) -> None:
    typer.echo(url)
    typer.secho(
        f"This is {name}'s connection string, shown once: the password is stored nowhere in clear "
        "(the server keeps only its hash). Give it to them privately.",
        err=True,
        fg=typer.colors.YELLOW,
    )


@app.command("init")
@guarded
def init(
    url: UrlArg,
    lead: Annotated[str, typer.Option("--lead", help="The lead's login name (a new role).", metavar="NAME")],
) -> None:
    """Create the schema, the lead and annotator roles and the row-level security policies,
    and the lead's login (its connection string is printed once)."""
    from annotator.usecases.server import init_server

    login = init_server(url, lead)
    if login.url is None:
        typer.echo(f"schema, grants and policies up to date; the lead {lead!r} keeps their password")
    else:
        _hand_over(login.name, login.url)


@app.command("add-annotator")
@guarded
def add_annotator(
    url: UrlArg,
    name: Annotated[str, typer.Argument(help="The annotator's login name (a new role).", metavar="NAME")],
) -> None:
    """Create an annotator's login role; prints its connection string once (generated password)."""
    from annotator.usecases.server import add_annotator as add

    login = add(url, name)
    assert login.url is not None
    _hand_over(login.name, login.url)
