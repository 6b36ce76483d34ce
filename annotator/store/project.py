"""A project: one database holding articles, suggestions and annotations.

Every write is one short transaction (BEGIN IMMEDIATE on SQLite), so what a
method returned is on disk; readers never see half an article.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, insert, select
from sqlalchemy.exc import ArgumentError, DatabaseError, DBAPIError, OperationalError, ProgrammingError

from annotator.core.errors import SchemeError
from annotator.core.model import (
    AnnotationSet,
    Article,
    ArticleRecord,
    ArticleStatus,
    ArticleSummary,
    Origin,
    SuggestionSet,
)
from annotator.core.scheme import Scheme
from annotator.core.text import content_hash
from annotator.store import migrate, reading, rows, saving, suggestions
from annotator.store.engine import describe_error, make_engine, shown, writer
from annotator.store.errors import NotAProjectError, ProjectError, damaged, is_busy, is_damage
from annotator.store.saving import SaveOutcome
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
from annotator.store.work_rows import WorkBatch, work_batch

SCHEME_KEY = "scheme"
# libpq's words for a server that is down, restarting or gone mid-transaction.
_UNREACHABLE = re.compile(
    r"connection refused|could not connect|server closed the connection|terminating connection|"
    r"starting up|shutting down|connection to server .* failed|consuming input failed",
    re.IGNORECASE,
)
CREATED_KEY = "created"


@dataclass(frozen=True, slots=True)
class ProjectCounts:
    articles: int
    annotators: int
    suggestions: int
    annotations: int
    relations: int
    status: dict[str, dict[str, int]]


class Project:
    """Open with :func:`create_project` or :func:`open_project`.

    Reads and writes of one concern live in their own modules (:mod:`.annotating`
    for one annotator's edits, :mod:`.gold`, :mod:`.comparing`, :mod:`.merging`...),
    each working inside the transactions :meth:`reading` and :meth:`writing` open.
    """

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
    def writing(self) -> Iterator[Connection]:
        """A write transaction (BEGIN IMMEDIATE on SQLite), committed when the block ends;
        a database error comes out as one clear ProjectError."""
        with self._errors_explained(), self._writer.begin() as conn:
            yield conn

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A read transaction: one consistent view of the project."""
        with self._errors_explained(), self.engine.begin() as conn:
            yield conn

    @contextmanager
    def _errors_explained(self) -> Iterator[None]:
        try:
            yield
        except (OperationalError, ProgrammingError) as exc:
            # ProgrammingError: on a server, a role without the right (permission, row policy).
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
        if is_busy(reason):
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
                with self.reading() as conn:
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
        with self.reading() as conn:
            return conn.scalar(select(Setting.value).where(Setting.key == CREATED_KEY)) or {}

    def setting(self, key: str) -> Any:
        """A project-wide setting (None when unset)."""
        with self.reading() as conn:
            return conn.scalar(select(Setting.value).where(Setting.key == key))

    def set_setting(self, key: str, value: Any) -> None:
        """Store a project-wide setting (a JSON value)."""
        with self.writing() as conn:
            rows.put_setting(conn, key, value)

    def init_settings(self, scheme: Scheme, app_version: str) -> None:
        """The settings of a new project: its scheme, and when and by what it was made."""
        with self.writing() as conn:
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
        with self.reading() as conn:
            return list(conn.scalars(select(AnnotatorRow.name).order_by(AnnotatorRow.name)))

    def ensure_annotator(self, name: str) -> int:
        """The id of annotator ``name``, created if new."""
        with self.writing() as conn:
            return rows.ensure_annotator(conn, name)

    # -- articles ------------------------------------------------------------
    def save_articles(self, records: Sequence[ArticleRecord]) -> list[SaveOutcome]:
        """Store a batch of articles (and annotations) in one transaction.

        A text already in the project is a duplicate: not stored again, but its
        annotations are added for an annotator who has none on it yet.
        """
        try:
            with self.writing() as conn:
                return saving.save_articles(conn, records)
        except DBAPIError as exc:
            raise ProjectError(f"the database refused the write: {describe_error(exc)}") from None

    def set_status(self, article_id: int, annotator: str, status: ArticleStatus) -> None:
        """Record an annotator's status on an article."""
        with self.writing() as conn:
            rows.set_status(conn, article_id, rows.ensure_annotator(conn, annotator), status, utcnow())

    def article(self, article_id: int) -> Article:
        """One article by id."""
        with self.reading() as conn:
            found = reading.articles(conn, [article_id]).get(article_id)
        if found is None:
            raise ProjectError(f"{self.location}: no article with id {article_id}")
        return found

    def find_article(self, text: str) -> int | None:
        """The id of the article with exactly this text, if the project has it."""
        with self.reading() as conn:
            return conn.scalar(select(ArticleRow.id).where(ArticleRow.content_hash == content_hash(text)))

    def list_articles(self) -> list[ArticleSummary]:
        """Every article with its per-annotator status and counts, in id order."""
        with self.reading() as conn:
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
        with self.reading() as conn:
            who = rows.annotator_id(conn, annotator)
            if who is None:
                return AnnotationSet(annotator)
            return reading.annotation_sets(conn, who, annotator, [article_id])[article_id]

    # -- suggestions ---------------------------------------------------------
    def articles_to_suggest(self, origin: Origin) -> list[int]:
        """Articles this suggester (at this version) has not run on yet."""
        with self.reading() as conn:
            return suggestions.article_ids_without(conn, origin)

    def replace_suggestions(self, article_id: int, result: SuggestionSet) -> None:
        """Store a suggester's result for an article, replacing its earlier one."""
        with self.writing() as conn:
            suggestions.replace(conn, article_id, result)

    def suggestion_sets(self, article_id: int) -> list[SuggestionSet]:
        """Every suggester's suggestions for one article."""
        with self.reading() as conn:
            return suggestions.read(conn, [article_id]).get(article_id, [])

    # -- bulk reads (exports, training): many articles, a batch per transaction --
    def iter_annotated(
        self, annotator: str, *, include_pending: bool = False, batch: int = 500
    ) -> Iterator[tuple[Article, AnnotationSet]]:
        """Articles with the annotator's work: those marked done, or all they touched."""
        who, ids = self._annotated(annotator, include_pending)
        for chunk in reading.chunked(ids, batch):
            with self.reading() as conn:
                arts = reading.articles(conn, chunk)
                sets = reading.annotation_sets(conn, who, annotator, chunk)
            for i in chunk:
                yield arts[i], sets[i]

    def iter_work_rows(
        self,
        annotator: str,
        *,
        include_pending: bool = False,
        ids: Sequence[int] | None = None,
        batch: int = 500,
    ) -> Iterator[WorkBatch]:
        """:meth:`iter_annotated` as batches of plain rows, for bulk exports; ``ids``
        (from :meth:`annotated_ids`) reads only those articles, in that order."""
        who, found = self._annotated(annotator, include_pending, known=ids)
        for chunk in reading.chunked(found, batch):
            with self.reading() as conn:
                batch_rows = work_batch(conn, who, chunk)
            yield batch_rows

    def _annotated(
        self, annotator: str, include_pending: bool, known: Sequence[int] | None = None
    ) -> tuple[int, Sequence[int]]:
        with self.reading() as conn:
            who = rows.annotator_id(conn, annotator)
            if who is None:
                raise ProjectError(f"{self.location}: no annotator named {annotator!r}")
            if known is not None:
                return who, known
            return who, reading.annotated_article_ids(conn, who, include_pending)

    def annotated_ids(self, annotator: str, *, include_pending: bool = False) -> list[int]:
        """Ids of the articles :meth:`iter_annotated` yields, in the same order."""
        with self.reading() as conn:
            who = rows.annotator_id(conn, annotator)
            return [] if who is None else reading.annotated_article_ids(conn, who, include_pending)

    def suggested_ids(self) -> list[int]:
        """Ids of the articles that have suggestions, in id order."""
        with self.reading() as conn:
            return reading.suggested_article_ids(conn)

    def iter_suggested(self, *, batch: int = 500) -> Iterator[tuple[Article, SuggestionSet]]:
        """Articles with suggestions, one item per article and suggester."""
        for chunk in reading.chunked(self.suggested_ids(), batch):
            with self.reading() as conn:
                arts = reading.articles(conn, chunk)
                sets = suggestions.read(conn, chunk)
            for i in chunk:
                for result in sets.get(i, []):
                    yield arts[i], result

    def counts(self) -> ProjectCounts:
        """How much the project holds."""
        with self.reading() as conn:

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
