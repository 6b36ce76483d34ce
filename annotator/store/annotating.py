"""One annotator's work in a project: what an annotating session reads and writes.

:class:`AnnotatorWork` is the annotator's door: :meth:`~AnnotatorWork.open` reads
an article with its suggestions and the annotator's state in one transaction;
:meth:`~AnnotatorWork.edit` opens the write transaction of one user action and
yields an :class:`Editor`, whose first query reads the state the action starts
from (:attr:`Editor.before`) and whose :meth:`Editor.finish` marks the work
changed and reads what the action left. Each read is one query for the
versions and status, one for spans and relations: few round trips to a server.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BindParameter,
    Connection,
    Select,
    String,
    bindparam,
    cast,
    delete,
    func,
    insert,
    literal_column,
    null,
    select,
    tuple_,
    union_all,
    update,
)

from annotator.core.model import AnnotationStatus, Article, ArticleStatus, Span
from annotator.store import reading, rows
from annotator.store.errors import ProjectError
from annotator.store.project import Project
from annotator.store.tables import (
    AnnotationRow,
    ArticleStatusRow,
    RelationRow,
    SuggestedRelationRow,
    SuggestionRow,
    utcnow,
)


@dataclass(frozen=True, slots=True)
class StoredSpan:
    """An annotation with its id: accepted, or a rejected suggestion."""

    id: int
    span: Span
    status: str
    suggestion_id: int | None


@dataclass(frozen=True, slots=True)
class StoredRelation:
    id: int
    label: str
    head_id: int
    child_id: int


@dataclass(frozen=True, slots=True)
class StoredSuggestion:
    id: int
    span: Span
    score: float


@dataclass(frozen=True, slots=True)
class StoredSuggestedRelation:
    label: str
    head_id: int  # suggestion ids
    child_id: int
    score: float


@dataclass(frozen=True, slots=True)
class ArticleState:
    """Everything one annotator has on one article."""

    spans: tuple[StoredSpan, ...]
    relations: tuple[StoredRelation, ...]
    status: ArticleStatus


@dataclass(frozen=True, slots=True)
class Versions:
    """What changes whenever the annotator's work is written, by this process or another
    (every write goes through :func:`annotator.store.rows.write_status`), and whenever
    an article's suggestions are replaced (they are never edited)."""

    everything: object  # all the annotator's work: their status rows' count and newest time
    article: object = None  # their work on the article: its status row
    suggestions: tuple[int, int, int] = (0, 0, 0)  # the article's: count, lowest and highest id


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The annotator's state on an article and the versions it was read at."""

    state: ArticleState
    versions: Versions
    counts: tuple[int, int, str] | None = None  # pending, accepted, status: when asked for


@dataclass(frozen=True, slots=True)
class Opened:
    """An article as a session opens it: text, suggestions, the annotator's state."""

    article: Article
    suggestions: list[StoredSuggestion]
    suggested_relations: list[StoredSuggestedRelation]
    snapshot: Snapshot


class AnnotatorWork:
    """One annotator's reads and edits in a project (the annotator is created on first use)."""

    def __init__(self, project: Project, name: str) -> None:
        self.project = project
        self.name = name
        self.id = project.ensure_annotator(name)

    def open(self, article_id: int) -> Opened:
        """The article, its suggestions and the annotator's state, in one read transaction."""
        with self.project.reading() as conn:
            found = reading.articles(conn, [article_id]).get(article_id)
            if found is None:
                raise ProjectError(f"{self.project.location}: no article with id {article_id}")
            spans, relations = _suggestions(conn, article_id)
            return Opened(found, spans, relations, _snapshot(conn, article_id, self.id))

    def snapshot(self, article_id: int) -> Snapshot:
        """The annotator's state on an article, with its versions (read only)."""
        with self.project.reading() as conn:
            return _snapshot(conn, article_id, self.id)

    def state(self, article_id: int) -> ArticleState:
        """The annotator's state on an article (read only)."""
        return self.snapshot(article_id).state

    def versions(self, article_id: int | None = None) -> Versions:
        """The versions of the annotator's work (and of one article): one query."""
        with self.project.reading() as conn:
            return _versions(conn, self.id, article_id)[0]

    @contextmanager
    def edit(self, article_id: int) -> Iterator[Editor]:
        """One user action: a write transaction (BEGIN IMMEDIATE), committed at the end."""
        with self.project.writing() as conn:
            editor = Editor(conn, article_id, self.id)
            yield editor
            editor.flush()

    def review_counts(self, article_ids: Sequence[int] | None = None) -> dict[int, tuple[int, int, str]]:
        """Per article (every one, or these): suggestions still pending for the annotator,
        their accepted spans, their status."""
        with self.project.reading() as conn:
            return _review_counts(conn, self.id, article_ids)


def _suggestions(
    conn: Connection, article_id: int
) -> tuple[list[StoredSuggestion], list[StoredSuggestedRelation]]:
    spans = [
        StoredSuggestion(r.id, Span(r.start, r.end, r.label, r.attrs or {}), r.score)
        for r in conn.execute(
            select(SuggestionRow).where(SuggestionRow.article_id == article_id).order_by(SuggestionRow.start)
        )
    ]
    rels = [
        StoredSuggestedRelation(r.label, r.head_id, r.child_id, r.score)
        for r in conn.execute(
            select(SuggestedRelationRow).where(SuggestedRelationRow.article_id == article_id)
        )
    ]
    return spans, rels


_WHO: BindParameter[int] = bindparam("annotator")
_ARTICLE: BindParameter[int] = bindparam("article")


def _version_columns(with_article: bool) -> list[Any]:
    """Scalar subqueries: the count and newest time of the annotator's status rows; with
    the article, its status and time there, and its suggestions' count, lowest and
    highest id. Times as text: they are only compared, and fit the snapshot's union."""
    st, sug = ArticleStatusRow, SuggestionRow
    mine = st.annotator_id == _WHO
    columns: list[Any] = [
        select(func.count()).select_from(st).where(mine).scalar_subquery(),
        select(cast(func.max(st.updated_at), String)).where(mine).scalar_subquery(),
    ]
    if with_article:
        here = (mine, st.article_id == _ARTICLE)
        of_article = sug.article_id == _ARTICLE
        columns += [
            select(st.status).where(*here).scalar_subquery(),
            select(cast(st.updated_at, String)).where(*here).scalar_subquery(),
            select(func.count()).select_from(sug).where(of_article).scalar_subquery(),
            select(func.min(sug.id)).where(of_article).scalar_subquery(),
            select(func.max(sug.id)).where(of_article).scalar_subquery(),
        ]
    return columns


@functools.cache
def _versions_query(with_article: bool) -> Select[Any]:
    return select(*_version_columns(with_article))


def _versions(conn: Connection, annotator: int, article_id: int | None) -> tuple[Versions, ArticleStatus]:
    """The versions, and the annotator's status on the article, in one query."""
    row = conn.execute(
        _versions_query(article_id is not None), {"annotator": annotator, "article": article_id}
    ).one()
    if article_id is None:
        return Versions((row[0], row[1])), ArticleStatus.TODO
    return _read_versions(*row)


def _read_versions(
    count: int, newest: str | None, status: str | None, here: str | None, n: int, low: int, high: int
) -> tuple[Versions, ArticleStatus]:
    versions = Versions((count, newest), (status, here), (n or 0, low or 0, high or 0))
    return versions, ArticleStatus(status) if status else ArticleStatus.TODO


@functools.cache
def _snapshot_query(with_counts: bool) -> Any:
    """The union :func:`_snapshot` runs, built once (its parameters: annotator, article).
    With counts, the versions row also carries the article's pending and accepted counts
    (the list row), in two columns that row has free."""
    a, r = AnnotationRow, RelationRow
    count, newest, status, here, n, low, high = _version_columns(True)
    none = null()
    mine = (a.article_id == _ARTICLE, a.annotator_id == _WHO)
    spans_query: Select[Any] = select(
        literal_column("0"), a.id, a.label, a.start, a.end, a.attrs, a.status, a.suggestion_id,
        none, none, none, none,
    ).where(*mine)  # fmt: skip
    relations_query: Select[Any] = select(  # type: ignore[assignment]
        literal_column("1"), r.id, r.label, none, none, none, none, none, r.head_id, r.child_id, none, none
    ).where(r.article_id == _ARTICLE, r.annotator_id == _WHO)
    pending: Any = none
    accepted: Any = none
    if with_counts:
        s = SuggestionRow
        pending = (
            select(func.count()).select_from(s).where(s.article_id == _ARTICLE, ~_reviewed(list(mine)))
        ).scalar_subquery()
        accepted = (
            select(func.count()).select_from(a).where(*mine, a.status == AnnotationStatus.ACCEPTED)
        ).scalar_subquery()
    versions_query: Select[Any] = select(
        literal_column("2"), count, none, n, low, none, status, high, pending, accepted, newest, here
    )
    return union_all(spans_query, relations_query, versions_query)


def _snapshot(conn: Connection, article_id: int, annotator: int, with_counts: bool = False) -> Snapshot:
    """The annotator's spans and relations on the article, and the versions: one query
    (a union whose rows say what they are: 0 a span, 1 a relation, 2 the versions)."""
    spans: list[StoredSpan] = []
    relations: list[StoredRelation] = []
    found: tuple[Versions, ArticleStatus] | None = None
    counts: tuple[int, int, str] | None = None
    row: Any
    params = {"annotator": annotator, "article": article_id}
    for row in conn.execute(_snapshot_query(with_counts), params):
        kind, id, label, start, end, attrs, span_status, suggestion, head, child, stamp, stamp_here = row
        if kind == 0:
            spans.append(StoredSpan(id, Span(start, end, label, attrs or {}), span_status, suggestion))
        elif kind == 1:
            relations.append(StoredRelation(id, label, head, child))
        else:
            found = _read_versions(id, stamp, span_status, stamp_here, start, end, suggestion)
            if with_counts:
                counts = (int(head), int(child), span_status or ArticleStatus.TODO.value)
    assert found is not None
    spans.sort(key=lambda s: (s.span.start, s.span.end, s.span.label))
    relations.sort(key=lambda rel: rel.id)
    versions, article_status = found
    return Snapshot(ArticleState(tuple(spans), tuple(relations), article_status), versions, counts)


class Editor:
    """Edits inside one open write transaction (see :meth:`AnnotatorWork.edit`)."""

    def __init__(self, conn: Connection, article_id: int, annotator: int) -> None:
        self.conn = conn
        self.article_id = article_id
        self.annotator = annotator
        self._before: Snapshot | None = None
        self._status: ArticleStatus | None = None
        self._dirty = False
        self._counted: tuple[int, int, str] | None = None  # the list row's counts, as finish() left them

    @property
    def before(self) -> Snapshot:
        """The state and versions as the transaction found them (read on first use)."""
        if self._before is None:
            self._before = _snapshot(self.conn, self.article_id, self.annotator)
        return self._before

    def add_span(
        self, span: Span, status: str = AnnotationStatus.ACCEPTED, suggestion_id: int | None = None
    ) -> int:
        """Store a span (or update the one with the same label and offsets); its id."""
        self._dirty = True
        now = utcnow()
        a = AnnotationRow
        values = {"status": status, "attrs": dict(span.attrs), "updated_at": now}
        row = {
            **values,
            "article_id": self.article_id,
            "annotator_id": self.annotator,
            "label": span.label,
            "start": span.start,
            "end": span.end,
            "suggestion_id": suggestion_id,
            "created_at": now,
        }
        statement = rows.upsert(self.conn, a).values(row)
        changed: dict[str, Any] = dict(values)
        if suggestion_id is not None:
            changed["suggestion_id"] = suggestion_id
        keys = [a.article_id, a.annotator_id, a.label, a.start, a.end]
        upsert = statement.on_conflict_do_update(index_elements=keys, set_=changed).returning(a.id)
        return int(self.conn.execute(upsert).scalar_one())

    def change_span(self, span_id: int, span: Span) -> None:
        """New offsets, label or attributes for a stored span; an earlier record of
        the same span (say, a rejected suggestion) gives way, as two would be one span."""
        self._dirty = True
        a = AnnotationRow
        self.conn.execute(
            delete(a).where(
                a.article_id == self.article_id,
                a.annotator_id == self.annotator,
                a.label == span.label,
                a.start == span.start,
                a.end == span.end,
                a.id != span_id,
            )
        )
        self.conn.execute(
            update(a)
            .where(a.id == span_id)
            .values(
                label=span.label, start=span.start, end=span.end, attrs=dict(span.attrs), updated_at=utcnow()
            )
        )

    def remove_span(self, span_id: int) -> None:
        """Delete a span; its relations go with it (ON DELETE CASCADE)."""
        self._dirty = True
        self.conn.execute(delete(AnnotationRow).where(AnnotationRow.id == span_id))

    def add_relation(self, label: str, head_id: int, child_id: int) -> int:
        """Relate two stored spans (or find the relation there is); its id."""
        self._dirty = True
        r = RelationRow
        row = {
            "article_id": self.article_id,
            "annotator_id": self.annotator,
            "label": label,
            "head_id": head_id,
            "child_id": child_id,
            "created_at": utcnow(),
        }
        keys = [r.annotator_id, r.label, r.head_id, r.child_id]
        new = self.conn.scalar(
            rows.upsert(self.conn, r).values(row).on_conflict_do_nothing(index_elements=keys).returning(r.id)
        )
        if new is not None:
            return int(new)
        found = self.conn.scalar(
            select(r.id).where(
                r.annotator_id == self.annotator,
                r.label == label,
                r.head_id == head_id,
                r.child_id == child_id,
            )
        )
        assert found is not None
        return int(found)

    def remove_relation(self, relation_id: int) -> None:
        self._dirty = True
        self.conn.execute(delete(RelationRow).where(RelationRow.id == relation_id))

    def review_counts(self) -> tuple[int, int, str]:
        """:meth:`AnnotatorWork.review_counts` of this article, as this transaction leaves it."""
        if self._counted is not None and not self._dirty:
            return self._counted  # read by finish(), nothing written since
        self.flush()  # the status is written at the end otherwise
        params = {"annotator": self.annotator, "article": self.article_id}
        pending, accepted, status = self.conn.execute(_article_counts_query(), params).one()
        return pending, accepted, status or ArticleStatus.TODO.value

    def set_status(self, status: ArticleStatus) -> None:
        """The annotator's status on the article, written with the change's time at the end."""
        self._dirty = True
        self._status = status

    def touch(self) -> None:
        """Mark the annotator's work on the article as changed, whatever changed (a
        deletion leaves no row behind; merges and other windows compare this time)."""
        self._dirty = True

    def flush(self) -> None:
        """Write the status and the time of the change (one statement), when anything changed."""
        if self._dirty:
            rows.write_status(self.conn, self.article_id, self.annotator, self._status)
            self._dirty, self._status = False, None

    def finish(self) -> Snapshot:
        """Mark the work changed now, and read the state and versions it leaves."""
        self.touch()
        self.flush()
        after = _snapshot(self.conn, self.article_id, self.annotator, with_counts=True)
        self._counted = after.counts
        return after

    def restore(self, target: ArticleState) -> None:
        """Make the annotator's state on the article ``target``, with the same ids where
        they are still free (another writer may have been given a deleted row's id).

        Only what differs is written: an undo of one accept deletes one row (an undo is
        as cheap as the action it undoes, on a server too)."""
        a, r = AnnotationRow, RelationRow
        current = self.before.state
        now = utcnow()
        stored = {s.id: s for s in current.spans}
        kept = {s.id for s in target.spans if stored.get(s.id) == s}
        if gone := [s.id for s in current.spans if s.id not in kept]:
            self.conn.execute(delete(a).where(a.id.in_(gone)))  # their relations cascade
        new = [s for s in target.spans if s.id not in kept]
        # An id deleted just now is free (ids come from a sequence, never handed out twice).
        wanted = [s.id for s in new if s.id not in set(gone)]
        taken = set(self.conn.scalars(select(a.id).where(a.id.in_(wanted)))) if wanted else set()
        ids = {i: i for i in kept}
        with_ids: list[dict[str, Any]] = []
        for span in new:
            row = {
                "article_id": self.article_id,
                "annotator_id": self.annotator,
                "label": span.span.label,
                "start": span.span.start,
                "end": span.span.end,
                "attrs": dict(span.span.attrs),
                "status": span.status,
                "suggestion_id": span.suggestion_id,
                "created_at": now,
                "updated_at": now,
            }
            if span.id in taken:
                ids[span.id] = self.conn.execute(insert(a).returning(a.id), row).scalar_one()
            else:
                with_ids.append({"id": span.id, **row})
                ids[span.id] = span.id
        if with_ids:
            self.conn.execute(insert(a), with_ids)  # one statement for all (ids known)
        # Relations between kept spans are still there; the others went with their spans.
        there = {rel.id: rel for rel in current.relations if rel.head_id in kept and rel.child_id in kept}
        aimed = {rel.id: rel for rel in target.relations}
        if extra := [i for i, rel in there.items() if aimed.get(i) != rel]:
            self.conn.execute(delete(r).where(r.id.in_(extra)))
        wanted_relations = [rel for rel in target.relations if there.get(rel.id) != rel]
        wanted = [rel.id for rel in wanted_relations]
        taken = set(self.conn.scalars(select(r.id).where(r.id.in_(wanted)))) if wanted else set()
        relations = [
            {
                **({} if rel.id in taken else {"id": rel.id}),
                "article_id": self.article_id,
                "annotator_id": self.annotator,
                "label": rel.label,
                "head_id": ids[rel.head_id],
                "child_id": ids[rel.child_id],
                "created_at": now,
            }
            for rel in wanted_relations
        ]
        for group in ([x for x in relations if "id" in x], [x for x in relations if "id" not in x]):
            if group:
                self.conn.execute(insert(r), group)
        self.set_status(target.status)


def review_counts(project: Project, name: str) -> dict[int, tuple[int, int, str]]:
    """:meth:`AnnotatorWork.review_counts` of every article for annotator ``name``, read
    only: an annotator not in the project yet is not created (no row has id -1, so every
    suggestion is pending for them)."""
    with project.reading() as conn:
        annotator = rows.annotator_id(conn, name)
        return _review_counts(conn, -1 if annotator is None else annotator, None)


def _review_counts(
    conn: Connection, annotator: int, article_ids: Sequence[int] | None
) -> dict[int, tuple[int, int, str]]:
    pending_q, accepted_q, status_q = _count_queries(article_ids is not None)
    params = {"annotator": annotator, "ids": list(article_ids or ())}
    pending: dict[int, int] = dict(conn.execute(pending_q, params).all())
    accepted: dict[int, int] = dict(conn.execute(accepted_q, params).all())
    statuses: dict[int, str] = dict(conn.execute(status_q, params).all())
    ids = set(pending) | set(accepted) | set(statuses)
    return {
        i: (pending.get(i, 0), accepted.get(i, 0), statuses.get(i, ArticleStatus.TODO.value)) for i in ids
    }


def _reviewed(mine: list[Any]) -> Any:
    """Whether a suggestion is reviewed by the annotator (``mine`` picks their annotations):
    they have a span from it (accepted or rejected) or the same span (label and offsets)
    by hand, which is what the annotating screen shows. Two IN lists (each made once),
    not a subquery per suggestion: an article may have 1,500."""
    a, s = AnnotationRow, SuggestionRow
    from_them = select(a.suggestion_id).where(*mine, a.suggestion_id.is_not(None))
    same = select(a.article_id, a.label, a.start, a.end).where(*mine)
    return s.id.in_(from_them) | tuple_(s.article_id, s.label, s.start, s.end).in_(same)


@functools.cache
def _count_queries(
    some: bool,
) -> tuple[Select[int, int], Select[int, int], Select[int, str]]:
    """:meth:`AnnotatorWork.review_counts`' three queries (for every article, or ``some``),
    built once."""
    a, s = AnnotationRow, SuggestionRow
    who: BindParameter[int] = bindparam("annotator")
    ids: BindParameter[list[int]] = bindparam("ids", expanding=True)
    mine = [a.annotator_id == who]
    if some:
        mine.append(a.article_id.in_(ids))
    pending_q = select(s.article_id, func.count()).where(~_reviewed(mine)).group_by(s.article_id)
    accepted_q = (
        select(a.article_id, func.count())
        .where(a.annotator_id == who, a.status == AnnotationStatus.ACCEPTED)
        .group_by(a.article_id)
    )
    status_q = select(ArticleStatusRow.article_id, ArticleStatusRow.status).where(
        ArticleStatusRow.annotator_id == who
    )
    if some:
        pending_q = pending_q.where(s.article_id.in_(ids))
        accepted_q = accepted_q.where(a.article_id.in_(ids))
        status_q = status_q.where(ArticleStatusRow.article_id.in_(ids))
    return pending_q, accepted_q, status_q


@functools.cache
def _article_counts_query() -> Select[int, int, str | None]:
    """The same counts for one article in one statement: the open article's row is
    counted inside every action's transaction."""
    a, s, st = AnnotationRow, SuggestionRow, ArticleStatusRow
    who: BindParameter[int] = bindparam("annotator")
    article: BindParameter[int] = bindparam("article")
    mine = [a.annotator_id == who, a.article_id == article]
    pending = select(func.count()).select_from(s).where(s.article_id == article, ~_reviewed(mine))
    accepted = select(func.count()).select_from(a).where(*mine, a.status == AnnotationStatus.ACCEPTED)
    status = select(st.status).where(st.annotator_id == who, st.article_id == article)
    return select(pending.scalar_subquery(), accepted.scalar_subquery(), status.scalar_subquery())
