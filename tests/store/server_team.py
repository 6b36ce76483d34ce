"""A team project on the test server: a lead, annotators A and B, one article with suggestions, A's work."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import psycopg
import pytest
from postgres_server import Server
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from annotator.cli import app
from annotator.core.model import (
    ArticleInput,
    ArticleRecord,
    Origin,
    Relation,
    Span,
    SuggestedRelation,
    Suggestion,
    SuggestionSet,
)
from annotator.usecases.annotating import AnnotationSession
from annotator.usecases.projects import open_existing

TEXT = "Senator Tom Cotton told reporters the plan was real."
ORIGIN = Origin("rules", "1")
runner = CliRunner()


@dataclass
class Team:
    admin: str
    lead: str
    a: str
    b: str
    names: tuple[str, str, str]


def _login(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert "shown once" in result.stderr
    return result.stdout.strip()


def _drop_roles(server: Server, names: tuple[str, ...]) -> None:
    with server.admin() as conn:
        for name in names:
            conn.execute(f'DROP ROLE IF EXISTS "{name}"')


@pytest.fixture
def team(postgresql_server: Server, new_database: Callable[[], str]) -> Iterator[Team]:
    """A server project with a lead, annotators A and B, an article with suggestions; A's work on it."""
    admin = new_database()
    db = make_url(admin).database
    names = (f"lead_{db}", f"ann_a_{db}", f"ann_b_{db}")
    lead = _login(["server", "init", admin, "--lead", names[0]])
    a = _login(["server", "add-annotator", admin, names[1]])
    b = _login(["server", "add-annotator", admin, names[2]])
    with open_existing(lead) as project:
        [saved] = project.save_articles([ArticleRecord(ArticleInput(TEXT))])
        person, role = Span(8, 18, "PERSON"), Span(0, 7, "ROLE")
        project.replace_suggestions(
            saved.article_id,
            SuggestionSet(
                ORIGIN,
                (Suggestion(role, 0.9, ORIGIN), Suggestion(person, 0.9, ORIGIN)),
                (SuggestedRelation(Relation("ROLE_OF", role, person), 0.8),),
            ),
        )
    with open_existing(a) as project:
        session = AnnotationSession(project, names[1])
        view = session.open(saved.article_id)
        session.accept_all()
        session.create(19, 23, "CUE")
        session.mark_done()
        assert len(view.items) == 2
    yield Team(admin, lead, a, b, names)
    # Roles are the server's, not the database's: drop them with it.
    with postgresql_server.admin(make_url(admin).database) as conn:
        for name in names:
            conn.execute(f'DROP OWNED BY "{name}"')
    _drop_roles(postgresql_server, names)
    lead_group, annotator_group = f"{db}_lead", f"{db}_annotator"
    with postgresql_server.admin(db) as conn:
        for group in (lead_group, annotator_group):
            conn.execute(f'DROP OWNED BY "{group}"')
    _drop_roles(postgresql_server, (lead_group, annotator_group))


def connect(url: str) -> psycopg.Connection:
    parts = make_url(url)
    return psycopg.connect(
        host=parts.host,
        port=parts.port,
        dbname=parts.database,
        user=parts.username,
        password=parts.password,
        autocommit=True,
    )
