"""``annotator new``, ``articles`` and ``info``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from annotator.cli import output
from annotator.cli.common import ProjectArg
from annotator.cli.errors import guarded, guarded_reader
from annotator.cli.json_option import JsonFlag, print_json
from annotator.cli.style import echo


@guarded
def new(
    project: ProjectArg,
    scheme: Annotated[
        Path | None,
        typer.Option("--scheme", help="Scheme file (.toml/.json) instead of news-claims."),
    ] = None,
) -> None:
    """Create a new, empty project."""
    from annotator.usecases.projects import new_project

    with new_project(project, scheme) as created:
        labels = ", ".join(created.scheme.label_names)
        echo(f"Created {project} (scheme {created.scheme.name}: {labels})")


@guarded_reader
def articles(
    project: ProjectArg,
    as_json: JsonFlag = False,
) -> None:
    """List the project's articles with each annotator's status."""
    from annotator.usecases.projects import list_articles, open_existing

    with open_existing(project) as opened:
        rows = list_articles(opened)
    if as_json:
        print_json({"articles": [output.article_json(row) for row in rows]})
    else:
        output.article_table(rows)


@guarded_reader
def info(
    project: ProjectArg,
    as_json: JsonFlag = False,
) -> None:
    """Show what a project holds: counts, scheme, schema version."""
    from annotator.usecases.projects import open_existing, project_info

    with open_existing(project) as opened:
        details = project_info(opened)
    if as_json:
        print_json(output.info_json(details))
    else:
        output.info_text(details)
