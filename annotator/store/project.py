"""A project: one database holding articles, suggestions and annotations.

Every write is one short transaction (BEGIN IMMEDIATE on SQLite), so what a
method returned is on disk; readers never see half an article.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.exc import ArgumentError, DatabaseError, DBAPIError, OperationalError, ProgrammingError

from annotator.core.errors import SchemeError
from annotator.core.model import (
    AnnotationSet,
    AnnotationStatus,
    Article,
    ArticleInput,
    ArticleRecord,
    ArticleStatus,
    ArticleSummary,
    Origin,
    SuggestionSet,
)
from annotator.core.scheme import Scheme
from annotator.core.text import content_hash
from annotator.store import article_tokens, migrate, reading, suggestions
from annotator.store.bulk import BulkReads
from annotator.store.engine import describe_error, make_engine, shown, writer
from annotator.store.errors import NotAProjectError, ProjectError, damaged, is_damage
from annotator.store.tables import (
    AnnotationRow,
    AnnotatorRow,
    ArticleRow,
    ArticleStatusRow,
    RelationRow,
    Setting,
    SuggestionRow,
    utcnow,
)

SCHEME_KEY = "scheme"
# libpq's words for a server that is down, restarting or gone mid-transaction.
_UNREACHABLE = re.compile(
    r"connection refused|could not connect|server closed the connection|terminating connection|"
    r"starting up|shutting down|connection to server .* failed|consuming input failed",
    re.IGNORECASE,
)
CREATED_KEY = "created"


class SaveResult(StrEnum):
    NEW = "new"
    DUPLICATE = "duplicate"


@dataclass(frozen=True, slots=True)
class SaveOutcome:
    result: SaveResult
    article_id: int
    annotations_added: int = 0
    # True when the annotator already had annotations there, left as they were.
    annotations_kept: bool = False


@dataclass(frozen=True, slots=True)
class ProjectCounts:
    articles: int
    annotators: int
    suggestions: int
    annotations: int
    relations: int
    status: dict[str, dict[str, int]]


class Project(BulkReads):
    """Open with :func:`create_project` or :func:`open_project`."""

    def __init__(self, target: str | Path) -> None:
        # For messages: a server URL's password stays hidden; ``target`` reopens it.
        self.target = str(target)
        self.location = shown(target)
        try:
            self.engine = make_engine(target)
        except ImportError as exc:  # no driver for it
            hint = "; install it with: pip install 'annotator[server]'" if "psycopg" in str(exc) else ""
            raise ProjectError(f"{self.location}: cannot use this database ({exc}){hint}") from None
        except ArgumentError as exc:  # a bad URL
            raise ProjectError(f"{self.location}: cannot use this database ({exc})") from None
        self._writer = writer(self.engine)
        self._scheme: Scheme | None = None

    # -- lifecycle -----------------------------------------------------------
    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def disconnect(self) -> None:
        """Close the pooled connections; the next read or write opens new ones.

        Called before a fork: an SQLite connection must not cross one.
        """
        self.engine.dispose()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        try:
            with self._writer.begin() as conn:
                yield conn
        except (OperationalError, ProgrammingError) as exc:
            # ProgrammingError: on a server, a role without the right (permission, row policy).
            raise ProjectError(self._explain(exc)) from None
        except DatabaseError as exc:
            self._if_damaged(exc)
            raise

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self.engine.begin() as conn:
                yield conn
        except (OperationalError, ProgrammingError) as exc:
            raise ProjectError(self._explain(exc)) from None
        except DatabaseError as exc:
            self._if_damaged(exc)
            raise

    def _if_damaged(self, exc: DatabaseError) -> None:
        # Damage found after opening (opening checks the pages, see migrate.sqlite_revision).
        if is_damage(str(exc.orig)):
            raise damaged(self.location, str(exc.orig)) from None

    def _explain(self, exc: DBAPIError) -> str:
        reason = describe_error(exc)
        if is_damage(reason):
            return str(damaged(self.location, reason))
        if "locked" in reason or "busy" in reason:
            return f"{self.location}: the project is busy (another program is writing to it); try again"
        if exc.connection_invalidated or _UNREACHABLE.search(reason):
            return (
                f"{self.location}: the server cannot be reached ({reason}); this action was not saved, "
                "everything before it is; try again when the server is back"
            )
        return f"{self.location}: the database refused the operation ({reason})"

    # -- settings ------------------------------------------------------------
    @property
    def scheme(self) -> Scheme:
        """The project's annotation scheme."""
        if self._scheme is None:
            try:
                with self._read() as conn:
                    value = conn.scalar(select(Setting.value).where(Setting.key == SCHEME_KEY))
            except (RecursionError, ValueError):  # JSON nested too deep, or a 5,000-digit number
                raise NotAProjectError(
                    f"{self.location}: the project's scheme is not readable JSON"
                ) from None
            if value is None:
                raise NotAProjectError(f"{self.location}: project has no scheme")
            try:
                self._scheme = Scheme.from_dict(value)
            except SchemeError as exc:
                raise NotAProjectError(f"{self.location}: the project's scheme is unusable ({exc})") from None
        return self._scheme

    @property
    def schema_revision(self) -> str | None:
        """The database schema revision (Alembic)."""
        return migrate.current_revision(self.engine)

    @property
    def created(self) -> dict[str, Any]:
        """When and by which version of annotator the project was created."""
        with self._read() as conn:
            return conn.scalar(select(Setting.value).where(Setting.key == CREATED_KEY)) or {}

    def setting(self, key: str) -> Any:
        """A project-wide setting (None when unset)."""
        with self._read() as conn:
            return conn.scalar(select(Setting.value).where(Setting.key == key))

    def set_setting(self, key: str, value: Any) -> None:
        """Store a project-wide setting (a JSON value)."""
        with self._write() as conn:
            put_setting(conn, key, value)

    def _init_settings(self, scheme: Scheme, app_version: str) -> None:
        with self._write() as conn:
            conn.execute(
                insert(Setting),
                [
                    {"key": SCHEME_KEY, "value": scheme.to_dict()},
                    {"key": CREATED_KEY, "value": {"version": app_version, "at": utcnow().isoformat()}},
                ],
            )

    # -- annotators ----------------------------------------------------------
    def annotators(self) -> list[str]:
        """Names of the project's annotators, alphabetically."""
        with self._read() as conn:
            return list(conn.scalars(select(AnnotatorRow.name).order_by(AnnotatorRow.name)))

    def ensure_annotator(self, name: str) -> int:
        """The id of annotator ``name``, created if new."""
        with self._write() as conn:
            return self._annotator_id(conn, name)

    @staticmethod
    def _annotator_id(conn: Connection, name: str) -> int:
        found = conn.scalar(select(AnnotatorRow.id).where(AnnotatorRow.name == name))
        if found is not None:
            return found
        row = {"name": name, "uid": str(uuid.uuid4()), "created_at": utcnow()}
        return conn.execute(insert(AnnotatorRow).returning(AnnotatorRow.id), row).scalar_one()

    # -- articles ------------------------------------------------------------
    def save_articles(self, records: Sequence[ArticleRecord]) -> list[SaveOutcome]:
        """Store a batch of articles (and annotations) in one transaction.

        A text already in the project is a duplicate: not stored again, but its
        annotations are added for an annotator who has none on it yet.
        """
        try:
            return self._save_articles(records)
        except DBAPIError as exc:
            raise ProjectError(f"the database refused the write: {describe_error(exc)}") from None

    def _save_articles(self, records: Sequence[ArticleRecord]) -> list[SaveOutcome]:
        hashes = [content_hash(r.article.text) for r in records]
        now = utcnow()
        with self._write() as conn:
            known: dict[str, int] = {}
            for chunk in reading.chunked(list(set(hashes)), 500):
                rows = conn.execute(
                    select(ArticleRow.content_hash, ArticleRow.id).where(ArticleRow.content_hash.in_(chunk))
                )
                known.update({h: i for h, i in rows})
            fresh: dict[str, dict[str, Any]] = {}
            for record, digest in zip(records, hashes, strict=True):
                if digest not in known and digest not in fresh:
                    fresh[digest] = _article_row(record.article, digest, now)
            if fresh:
                ids = conn.scalars(
                    insert(ArticleRow).returning(ArticleRow.id, sort_by_parameter_order=True),
                    list(fresh.values()),
                ).all()
                new_ids = dict(zip(fresh, ids, strict=True))
            else:
                new_ids = {}
            outcomes = []
            created: set[str] = set()
            for record, digest in zip(records, hashes, strict=True):
                if digest in new_ids and digest not in created:
                    created.add(digest)
                    article_id, result = new_ids[digest], SaveResult.NEW
                else:
                    article_id, result = known.get(digest) or new_ids[digest], SaveResult.DUPLICATE
                added, kept = 0, False
                if record.annotations is not None:
                    added, kept = self._add_annotations(conn, article_id, record.annotations, now)
                outcomes.append(SaveOutcome(result, article_id, added, kept))
            article_tokens.save(
                conn,
                {
                    o.article_id: r.tokens
                    for r, o in zip(records, outcomes, strict=True)
                    if r.tokens and o.result is SaveResult.NEW
                },
            )
        return outcomes

    def _add_annotations(
        self, conn: Connection, article_id: int, annotations: AnnotationSet, now: dt.datetime
    ) -> tuple[int, bool]:
        annotator_id = self._annotator_id(conn, annotations.annotator)
        existing = conn.scalar(
            select(func.count())
            .select_from(AnnotationRow)
            .where(AnnotationRow.article_id == article_id, AnnotationRow.annotator_id == annotator_id)
        )
        if existing:
            return 0, True
        unique = list({span.key: span for span in annotations.spans}.values())
        ids: dict[tuple[int, int, str], int] = {}
        if unique:
            rows = [
                {
                    "article_id": article_id,
                    "annotator_id": annotator_id,
                    "label": s.label,
                    "start": s.start,
                    "end": s.end,
                    "attrs": dict(s.attrs),
                    "status": AnnotationStatus.ACCEPTED.value,
                    "created_at": now,
                    "updated_at": now,
                }
                for s in unique
            ]
            new = conn.scalars(
                insert(AnnotationRow).returning(AnnotationRow.id, sort_by_parameter_order=True), rows
            ).all()
            ids = {s.key: i for s, i in zip(unique, new, strict=True)}
        relations = {(r.label, ids[r.head.key], ids[r.child.key]) for r in annotations.relations}
        if relations:
            conn.execute(
                insert(RelationRow),
                [
                    {
                        "article_id": article_id,
                        "annotator_id": annotator_id,
                        "label": label,
                        "head_id": head,
                        "child_id": child,
                        "created_at": now,
                    }
                    for label, head, child in sorted(relations)
                ],
            )
        if annotations.done:
            self._set_status(conn, article_id, annotator_id, ArticleStatus.DONE, now)
        elif unique:
            self._set_status(conn, article_id, annotator_id, ArticleStatus.IN_PROGRESS, now)
        return len(unique), False

    @staticmethod
    def _set_status(
        conn: Connection, article_id: int, annotator_id: int, status: ArticleStatus, now: dt.datetime
    ) -> None:
        row = ArticleStatusRow
        where = (row.article_id == article_id, row.annotator_id == annotator_id)
        current = conn.scalar(select(row.status).where(*where))
        if current is None:
            values = {"article_id": article_id, "annotator_id": annotator_id, "status": status.value}
            conn.execute(insert(row), {**values, "updated_at": now})
        elif current != status.value:
            conn.execute(update(row).where(*where).values(status=status.value, updated_at=now))

    def set_status(self, article_id: int, annotator: str, status: ArticleStatus) -> None:
        """Record an annotator's status on an article."""
        with self._write() as conn:
            self._set_status(conn, article_id, self._annotator_id(conn, annotator), status, utcnow())

    def article(self, article_id: int) -> Article:
        """One article by id."""
        with self._read() as conn:
            found = reading.articles(conn, [article_id]).get(article_id)
        if found is None:
            raise ProjectError(f"{self.location}: no article with id {article_id}")
        return found

    def find_article(self, text: str) -> int | None:
        """The id of the article with exactly this text, if the project has it."""
        with self._read() as conn:
            return conn.scalar(select(ArticleRow.id).where(ArticleRow.content_hash == content_hash(text)))

    def list_articles(self) -> list[ArticleSummary]:
        """Every article with its per-annotator status and counts, in id order."""
        with self._read() as conn:
            names = dict(conn.execute(select(AnnotatorRow.id, AnnotatorRow.name)).all())
            statuses: dict[int, dict[str, ArticleStatus]] = defaultdict(dict)
            for article_id, annotator_id, status in conn.execute(
                select(ArticleStatusRow.article_id, ArticleStatusRow.annotator_id, ArticleStatusRow.status)
            ):
                statuses[article_id][names[annotator_id]] = ArticleStatus(status)
            suggestions = dict(
                conn.execute(
                    select(SuggestionRow.article_id, func.count()).group_by(SuggestionRow.article_id)
                ).all()
            )
            annotations = dict(
                conn.execute(
                    select(AnnotationRow.article_id, func.count()).group_by(AnnotationRow.article_id)
                ).all()
            )
            rows = conn.execute(
                select(ArticleRow.id, ArticleRow.title, ArticleRow.date, ArticleRow.source).order_by(
                    ArticleRow.id
                )
            ).all()
        # Most articles have no status rows yet: share one read-only default.
        todo = dict.fromkeys(sorted(names.values()), ArticleStatus.TODO)
        return [
            ArticleSummary(
                id,
                title,
                date,
                source,
                {**todo, **statuses[id]} if id in statuses else todo,
                suggestions.get(id, 0),
                annotations.get(id, 0),
            )
            for id, title, date, source in rows
        ]

    def annotation_set(self, article_id: int, annotator: str) -> AnnotationSet:
        """An annotator's accepted spans and relations on one article."""
        with self._read() as conn:
            who = reading.annotator_id(conn, annotator)
            if who is None:
                return AnnotationSet(annotator)
            return reading.annotation_sets(conn, who, annotator, [article_id])[article_id]

    # -- suggestions ---------------------------------------------------------
    def articles_to_suggest(self, origin: Origin) -> list[int]:
        """Articles this suggester (at this version) has not run on yet."""
        with self._read() as conn:
            return suggestions.article_ids_without(conn, origin)

    def replace_suggestions(self, article_id: int, result: SuggestionSet) -> None:
        """Store a suggester's result for an article, replacing its earlier one."""
        with self._write() as conn:
            suggestions.replace(conn, article_id, result)

    def suggestion_sets(self, article_id: int) -> list[SuggestionSet]:
        """Every suggester's suggestions for one article."""
        with self._read() as conn:
            return suggestions.read(conn, [article_id]).get(article_id, [])

    def counts(self) -> ProjectCounts:
        """How much the project holds."""
        with self._read() as conn:

            def count(table: Any) -> int:
                return conn.scalar(select(func.count()).select_from(table)) or 0

            status: dict[str, dict[str, int]] = defaultdict(dict)
            for name, value, n in conn.execute(
                select(AnnotatorRow.name, ArticleStatusRow.status, func.count())
                .join(AnnotatorRow, AnnotatorRow.id == ArticleStatusRow.annotator_id)
                .group_by(AnnotatorRow.name, ArticleStatusRow.status)
            ):
                status[name][value] = n
            return ProjectCounts(
                articles=count(ArticleRow),
                annotators=count(AnnotatorRow),
                suggestions=count(SuggestionRow),
                annotations=count(AnnotationRow),
                relations=count(RelationRow),
                status=dict(status),
            )


def _article_row(article: ArticleInput, digest: str, now: dt.datetime) -> dict[str, Any]:
    return {
        "content_hash": digest,
        "text": article.text,
        "title": article.title[:1024],
        "date": article.date,
        "source": article.source[:1024],
        "url": article.url[:2048],
        "external_id": article.external_id[:512],
        "meta": dict(article.meta),
        "created_at": now,
    }


def put_setting(conn: Connection, key: str, value: Any) -> None:
    """Store a project-wide setting inside an open write transaction."""
    if conn.scalar(select(Setting.key).where(Setting.key == key)) is None:
        conn.execute(insert(Setting), {"key": key, "value": value})
    else:
        conn.execute(update(Setting).where(Setting.key == key).values(value=value))
