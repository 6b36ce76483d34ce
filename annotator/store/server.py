"""A project on a PostgreSQL server: roles, grants and row-level security.

Two group roles per database, ``<db>_lead`` and ``<db>_annotator``; each person
logs in with their own role, a member of one group, and their login name *is*
their annotator name. The database enforces what each may do:

- annotators read articles, suggestions, the scheme and their own annotations,
  relations and statuses only, and write only their own rows;
- the lead reads and writes everything but the schema (import, suggest,
  adjudicate into gold, merge, export);
- only the administrator who ran ``server init`` (the tables' owner) changes
  the schema.

Passwords are generated here and hashed (SCRAM) on the client before they reach
the server, so not even the server's statement log sees them in clear.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import uuid
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, create_engine, func, insert, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError

from annotator.store.engine import database_url, describe_error, shown
from annotator.store.errors import ProjectError
from annotator.store.project import Project
from annotator.store.tables import AnnotatorRow, ArticleRow, ArticleStatusRow, utcnow

# Role names become annotator names and URL user names: keep them plain.
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,40}$")
# Tables whose rows belong to one annotator (column annotator_id).
OWN_ROWS = ("annotations", "relations", "article_status", "rejected_relations")
# Tables everybody reads and only the lead writes.
SHARED = (
    "articles",
    "suggestions",
    "suggested_relations",
    "suggestion_runs",
    "settings",
    "article_tokens",
    "alembic_version",
)
_ME = "(SELECT a.id FROM annotators a WHERE a.name = current_user)"


@dataclass(frozen=True, slots=True)
class Login:
    """A role created on the server, with the connection string to give its owner."""

    name: str
    url: str | None  # None: the role existed already, its password unchanged


def check_role_name(name: str) -> str:
    """A name fit for a login role (and an annotator): lower-case letters, digits, _."""
    if not _ROLE_NAME.match(name):
        raise ProjectError(
            f"{name!r}: not a valid name on a server (lower-case letters, digits and _, "
            "starting with a letter; at most 41 characters)"
        )
    return name


def server_url(target: str) -> URL:
    url = make_url(database_url(target))
    if url.get_backend_name() != "postgresql":
        raise ProjectError(f"{url.render_as_string(hide_password=True)}: not a PostgreSQL URL")
    return url


def plain_url(host: str, port: int, database: str, user: str) -> str:
    """``postgresql+psycopg://user@host:port/database``, every part escaped, no password."""
    url = URL.create("postgresql+psycopg", username=user, host=host, port=port, database=database)
    return url.render_as_string(hide_password=False)


def holds_project(target: str) -> bool:
    """True when the database already has an annotator schema."""
    engine = _admin_engine(server_url(target))
    try:
        with engine.connect() as conn:
            return conn.scalar(text("SELECT to_regclass('public.alembic_version') IS NOT NULL")) is True
    except DBAPIError as exc:
        raise ProjectError(f"{shown(target)}: cannot connect ({describe_error(exc)})") from None
    finally:
        engine.dispose()


def group_roles(database: str) -> tuple[str, str]:
    """The lead and annotator group roles of one database."""
    base = re.sub(r"[^a-z0-9_]", "_", database.lower())[:40]
    return f"{base}_lead", f"{base}_annotator"


def _admin_engine(url: URL) -> Engine:
    return create_engine(url, connect_args={"connect_timeout": 10}, isolation_level="AUTOCOMMIT")


def _quote(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote_identifier(name)


def _role_exists(conn: Connection, name: str) -> bool:
    return conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}) is not None


def _member(conn: Connection, role: str, group: str) -> bool:
    query = text("SELECT pg_has_role(:role, :group, 'MEMBER')")
    return bool(conn.scalar(query, {"role": role, "group": group}))


def _scram(conn: Connection, name: str, password: str) -> str:
    """The SCRAM verifier of a password, computed by libpq on the client."""
    pgconn = conn.connection.driver_connection.pgconn  # type: ignore[union-attr]
    verifier: bytes = pgconn.encrypt_password(password.encode(), name.encode(), b"scram-sha-256")
    return verifier.decode()


def ensure_database(url: URL) -> None:
    """Create the database of ``url`` when the server has none of that name."""
    engine = _admin_engine(url.set(database="postgres"))
    try:
        with engine.connect() as conn:
            exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": url.database})
            if not exists:
                conn.exec_driver_sql(f"CREATE DATABASE {_quote(conn, url.database or '')}")
    except DBAPIError as exc:
        raise ProjectError(f"{_shown(url)}: cannot create the database ({describe_error(exc)})") from None
    finally:
        engine.dispose()


def _shown(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def secure(target: str, lead: str) -> Login:
    """Create (or refresh) the groups, grants and policies; create the lead's login role.

    Run by an administrator (the tables' owner, who may create roles) after the
    schema exists; running it again after an upgrade grants on the new tables.
    """
    url = server_url(target)
    check_role_name(lead)
    lead_group, annotator_group = group_roles(url.database or "")
    engine = _admin_engine(url)
    try:
        with engine.connect() as conn:
            q = lambda name: _quote(conn, name)  # noqa: E731
            for group in (lead_group, annotator_group):
                if not _role_exists(conn, group):
                    conn.exec_driver_sql(f"CREATE ROLE {q(group)} NOLOGIN")
            db = q(url.database or "")
            conn.exec_driver_sql(f"REVOKE ALL ON DATABASE {db} FROM PUBLIC")
            conn.exec_driver_sql("REVOKE ALL ON SCHEMA public FROM PUBLIC")
            conn.exec_driver_sql("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC")
            for group in (lead_group, annotator_group):
                conn.exec_driver_sql(f"GRANT CONNECT ON DATABASE {db} TO {q(group)}")
                conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA public TO {q(group)}")
                conn.exec_driver_sql(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {q(group)}")
            conn.exec_driver_sql(
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {q(lead_group)}"
            )
            conn.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {q(annotator_group)}")
            conn.exec_driver_sql(f"GRANT SELECT ON {', '.join(SHARED)} TO {q(annotator_group)}")
            conn.exec_driver_sql(f"GRANT SELECT, INSERT ON annotators TO {q(annotator_group)}")
            conn.exec_driver_sql(
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON {', '.join(OWN_ROWS)} TO {q(annotator_group)}"
            )
            _policies(conn, q(lead_group), q(annotator_group))
        with engine.connect() as conn:
            again = _role_exists(conn, lead) and _member(conn, lead, lead_group)
        # Run again (after an upgrade): the lead keeps their login and password.
        login = Login(lead, None) if again else _login(engine, url, lead, lead_group, annotator=False)
    except DBAPIError as exc:
        raise ProjectError(f"{_shown(url)}: cannot set up the server ({describe_error(exc)})") from None
    finally:
        engine.dispose()
    return login


def _policies(conn: Connection, lead: str, annotator: str) -> None:
    """Row-level security: the lead sees every row, an annotator only their own."""

    def policy(table: str, name: str, body: str) -> None:
        conn.exec_driver_sql(f"DROP POLICY IF EXISTS {name} ON {table}")
        conn.exec_driver_sql(f"CREATE POLICY {name} ON {table} {body}")

    for table in ("annotators", *OWN_ROWS):
        conn.exec_driver_sql(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        policy(table, "lead_all", f"FOR ALL TO {lead} USING (true) WITH CHECK (true)")
    policy("annotators", "self_read", f"FOR SELECT TO {annotator} USING (name = current_user)")
    policy("annotators", "self_insert", f"FOR INSERT TO {annotator} WITH CHECK (name = current_user)")
    own = f"annotator_id = {_ME}"
    for table in ("annotations", "article_status", "rejected_relations"):
        policy(table, "own_rows", f"FOR ALL TO {annotator} USING ({own}) WITH CHECK ({own})")
    # A relation joins two of the annotator's own spans (the subquery sees only theirs).
    ends = "head_id IN (SELECT id FROM annotations) AND child_id IN (SELECT id FROM annotations)"
    policy("relations", "own_rows", f"FOR ALL TO {annotator} USING ({own}) WITH CHECK ({own} AND {ends})")


def _login(engine: Engine, url: URL, name: str, group: str, annotator: bool) -> Login:
    """A new login role in ``group`` with a generated password (and its annotator row)."""
    password = secrets.token_urlsafe(18)
    with engine.connect() as conn:
        if _role_exists(conn, name):
            raise ProjectError(
                f"{_shown(url)}: a role named {name!r} already exists on this server; choose another name"
            )
        verifier = _scram(conn, name, password)
        conn.exec_driver_sql(
            f"CREATE ROLE {_quote(conn, name)} LOGIN PASSWORD '{verifier}' IN ROLE {_quote(conn, group)}"
        )
        known = conn.scalar(select(AnnotatorRow.id).where(AnnotatorRow.name == name))
        if annotator and known is None:
            conn.execute(
                insert(AnnotatorRow), {"name": name, "uid": str(uuid.uuid4()), "created_at": utcnow()}
            )
    shown = url.set(username=name, password=password)
    return Login(name, shown.render_as_string(hide_password=False))


def add_annotator(target: str, name: str) -> Login:
    """Create annotator ``name``'s login role (run by the administrator)."""
    url = server_url(target)
    check_role_name(name)
    _, annotator_group = group_roles(url.database or "")
    engine = _admin_engine(url)
    try:
        with engine.connect() as conn:
            if not _role_exists(conn, annotator_group):
                raise ProjectError(f"{_shown(url)}: not set up for a team yet (run: annotator server init)")
        return _login(engine, url, name, annotator_group, annotator=True)
    except DBAPIError as exc:
        raise ProjectError(f"{_shown(url)}: cannot add the annotator ({describe_error(exc)})") from None
    finally:
        engine.dispose()


def team_role(project: Project) -> tuple[str, str | None] | None:
    """On a server: the login name and its team role ('lead', 'annotator' or None); None on SQLite."""
    if project.engine.dialect.name != "postgresql":
        return None
    with project.reading() as conn:
        name = str(conn.scalar(text("SELECT current_user")))
        database = str(conn.scalar(text("SELECT current_database()")))
        lead, annotator = group_roles(database)
        for group, role in ((lead, "lead"), (annotator, "annotator")):
            member = conn.scalar(
                text("SELECT pg_has_role(current_user, oid, 'MEMBER') FROM pg_roles WHERE rolname = :g"),
                {"g": group},
            )
            if member:
                return name, role
    return name, None


def status_changes(
    project: Project, since: dt.datetime | None
) -> tuple[dt.datetime | None, list[StatusChange]]:
    """Statuses written after ``since`` (all that the login may see), and the new mark to ask from.

    Cheap when nothing changed: one aggregate over ``article_status``.
    """
    row = ArticleStatusRow
    with project.reading() as conn:
        newest = conn.scalar(select(func.max(row.updated_at)))
        if newest is None or (since is not None and newest <= since):
            return since if since is not None else newest, []
        if since is None:
            return newest, []
        found = conn.execute(
            select(AnnotatorRow.name, row.article_id, ArticleRow.title, row.status)
            .join(AnnotatorRow, AnnotatorRow.id == row.annotator_id)
            .join(ArticleRow, ArticleRow.id == row.article_id)
            .where(row.updated_at > since)
            .order_by(row.updated_at)
        ).all()
    return newest, [StatusChange(*r) for r in found]


@dataclass(frozen=True, slots=True)
class StatusChange:
    annotator: str
    article_id: int
    title: str
    status: str
