"""The ``annotator`` command and its subcommands."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from annotator import __version__
from annotator.cli import output
from annotator.cli.errors import guarded
from annotator.paths import default_projects_dir

app = typer.Typer(
    name="annotator",
    help="Annotate claims in news: people, roles, quotes with their speakers, denials.",
    epilog=f"A project is one SQLite file (or a SQLAlchemy URL). Suggested home: {default_projects_dir()}",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

ProjectArg = Annotated[str, typer.Argument(help="Project file (or SQLAlchemy URL).", metavar="PROJECT")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"annotator {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Annotate claims in news."""


@app.command()
@guarded
def new(
    project: ProjectArg,
    scheme: Annotated[
        Path | None,
        typer.Option("--scheme", help="Scheme file (.toml/.json) instead of news-claims.", dir_okay=False),
    ] = None,
) -> None:
    """Create a new, empty project."""
    from annotator.usecases.projects import new_project

    with new_project(project, scheme) as created:
        labels = ", ".join(created.scheme.label_names)
        typer.echo(f"Created {project} (scheme {created.scheme.name}: {labels})")


@app.command("import")
@guarded
def import_(
    project: ProjectArg,
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt, .jsonl).", metavar="PATH...")],
    annotator: Annotated[
        str | None,
        typer.Option("--annotator", help="Store the files' spans as this annotator's annotations."),
    ] = None,
    done: Annotated[
        bool, typer.Option("--done", help="Mark the imported articles done for --annotator.")
    ] = False,
) -> None:
    """Import articles from plain-text or JSONL files and folders."""
    from annotator.usecases.importing import import_paths
    from annotator.usecases.projects import open_existing

    if done and not annotator:
        raise typer.BadParameter("--done needs --annotator NAME", param_hint="--done")
    with open_existing(project) as opened, output.progress("Importing") as advance:
        report = import_paths(opened, paths, annotator=annotator, done=done, progress=advance)
    output.import_summary(report)
    if not report.ok:
        raise typer.Exit(1)


@app.command()
@guarded
def articles(
    project: ProjectArg,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON array on standard output.")] = False,
) -> None:
    """List the project's articles with each annotator's status."""
    from annotator.usecases.projects import list_articles, open_existing

    with open_existing(project) as opened:
        rows = list_articles(opened)
    if as_json:
        json.dump([output.article_json(row) for row in rows], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        output.article_table(rows)


@app.command()
@guarded
def info(
    project: ProjectArg,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """Show what a project holds: counts, scheme, schema version."""
    from annotator.usecases.projects import open_existing, project_info

    with open_existing(project) as opened:
        details = project_info(opened)
    if as_json:
        json.dump(output.info_json(details), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        output.info_text(details)


def main() -> None:
    """Entry point of the ``annotator`` console script."""
    app()
