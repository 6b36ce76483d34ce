"""One annotator's edits on one article, each user action one short transaction.

:func:`edit` opens a write transaction and yields an :class:`Editor`; what the
block does is on disk when it ends. :meth:`Editor.state` and
:meth:`Editor.restore` read and put back the annotator's whole state on the
article (spans with their ids, relations, status), which is what undo needs.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import (
    BindParameter,
    Connection,
    Select,
    bindparam,
    delete,
    func,
    insert,
    select,
    tuple_,
    update,
)

from annotator.core.model import AnnotationStatus, ArticleStatus, Span
from annotator.store.project import Project
from annotator.store.tables import (
    AnnotationRow,
    AnnotatorRow,
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


def annotator_id(project: Project, name: str) -> int:
    """The annotator's id, created on first use."""
    return project.ensure_annotator(name)


def suggestions(
    project: Project, article_id: int
) -> tuple[list[StoredSuggestion], list[StoredSuggestedRelation]]:
    """All suggestions for an article (every suggester), with ids."""
    with project._read() as conn:
        spans = [
            StoredSuggestion(r.id, Span(r.start, r.end, r.label, r.attrs or {}), r.score)
            for r in conn.execute(
                select(SuggestionRow)
                .where(SuggestionRow.article_id == article_id)
                .order_by(SuggestionRow.start)
            )
        ]
        rels = [
            StoredSuggestedRelation(r.label, r.head_id, r.child_id, r.score)
            for r in conn.execute(
                select(SuggestedRelationRow).where(SuggestedRelationRow.article_id == article_id)
            )
        ]
    return spans, rels


def state(project: Project, article_id: int, annotator: int) -> ArticleState:
    """The annotator's state on an article (read only)."""
    with project._read() as conn:
        return _state(conn, article_id, annotator)


def _state(conn: Connection, article_id: int, annotator: int) -> ArticleState:
    spans = tuple(
        StoredSpan(r.id, Span(r.start, r.end, r.label, r.attrs or {}), r.status, r.suggestion_id)
        for r in conn.execute(
            select(AnnotationRow)
            .where(AnnotationRow.article_id == article_id, AnnotationRow.annotator_id == annotator)
            .order_by(AnnotationRow.start, AnnotationRow.end, AnnotationRow.label)
        )
    )
    relations = tuple(
        StoredRelation(r.id, r.label, r.head_id, r.child_id)
        for r in conn.execute(
            select(RelationRow)
            .where(RelationRow.article_id == article_id, RelationRow.annotator_id == annotator)
            .order_by(RelationRow.id)
        )
    )
    status = conn.scalar(
        select(ArticleStatusRow.status).where(
            ArticleStatusRow.article_id == article_id, ArticleStatusRow.annotator_id == annotator
        )
    )
    return ArticleState(spans, relations, ArticleStatus(status) if status else ArticleStatus.TODO)


def _fingerprint(conn: Connection, article_id: int) -> tuple[int, int, int]:
    row = conn.execute(
        select(func.count(), func.min(SuggestionRow.id), func.max(SuggestionRow.id)).where(
            SuggestionRow.article_id == article_id
        )
    ).one()
    return (row[0] or 0, row[1] or 0, row[2] or 0)


def suggestion_fingerprint(project: Project, article_id: int) -> tuple[int, int, int]:
    """What identifies the article's current suggestions (they are replaced, never edited)."""
    with project._read() as conn:
        return _fingerprint(conn, article_id)


def _work_version(conn: Connection, annotator: int, article_id: int | None) -> object:
    where = [ArticleStatusRow.annotator_id == annotator]
    if article_id is not None:
        where.append(ArticleStatusRow.article_id == article_id)
    row = conn.execute(select(func.max(ArticleStatusRow.updated_at), func.count()).where(*where)).one()
    return (row[0], row[1])


def work_version(project: Project, annotator: int, article_id: int | None = None) -> object:
    """What changes whenever the annotator's work (on one article, or anywhere) is written,
    by this process or another: every edit touches the article's status row."""
    with project._read() as conn:
        return _work_version(conn, annotator, article_id)


class Editor:
    """Edits inside one open write transaction."""

    def __init__(self, conn: Connection, article_id: int, annotator: int) -> None:
        self.conn = conn
        self.article_id = article_id
        self.annotator = annotator

    def state(self) -> ArticleState:
        return _state(self.conn, self.article_id, self.annotator)

    def suggestion_fingerprint(self) -> tuple[int, int, int]:
        return _fingerprint(self.conn, self.article_id)

    def work_version(self) -> object:
        """:func:`work_version` of this article, as this transaction leaves it."""
        return _work_version(self.conn, self.annotator, self.article_id)

    def project_version(self) -> object:
        """:func:`work_version` of all the annotator's work, as this transaction sees it."""
        return _work_version(self.conn, self.annotator, None)

    def add_span(
        self, span: Span, status: str = AnnotationStatus.ACCEPTED, suggestion_id: int | None = None
    ) -> int:
        """Store a span (or update the one with the same label and offsets); its id."""
        now = utcnow()
        found = self.find_span(span)
        if found is not None:
            values = {"status": status, "attrs": dict(span.attrs), "updated_at": now}
            if suggestion_id is not None:
                values["suggestion_id"] = suggestion_id
            self.conn.execute(update(AnnotationRow).where(AnnotationRow.id == found).values(**values))
            return found
        row = {
            "article_id": self.article_id,
            "annotator_id": self.annotator,
            "label": span.label,
            "start": span.start,
            "end": span.end,
            "attrs": dict(span.attrs),
            "status": status,
            "suggestion_id": suggestion_id,
            "created_at": now,
            "updated_at": now,
        }
        return self.conn.execute(insert(AnnotationRow).returning(AnnotationRow.id), row).scalar_one()

    def find_span(self, span: Span) -> int | None:
        """The id of the annotator's span with this label and these offsets (any status)."""
        return self.conn.scalar(
            select(AnnotationRow.id).where(
                AnnotationRow.article_id == self.article_id,
                AnnotationRow.annotator_id == self.annotator,
                AnnotationRow.label == span.label,
                AnnotationRow.start == span.start,
                AnnotationRow.end == span.end,
            )
        )

    def change_span(self, span_id: int, span: Span) -> None:
        """New offsets, label or attributes for a stored span; an earlier record of
        the same span (say, a rejected suggestion) gives way, as two would be one span."""
        other = self.find_span(span)
        if other is not None and other != span_id:
            self.remove_span(other)
        self.conn.execute(
            update(AnnotationRow)
            .where(AnnotationRow.id == span_id)
            .values(
                label=span.label, start=span.start, end=span.end, attrs=dict(span.attrs), updated_at=utcnow()
            )
        )

    def remove_span(self, span_id: int) -> None:
        """Delete a span; its relations go with it (ON DELETE CASCADE)."""
        self.conn.execute(delete(AnnotationRow).where(AnnotationRow.id == span_id))

    def add_relation(self, label: str, head_id: int, child_id: int) -> int:
        found = self.conn.scalar(
            select(RelationRow.id).where(
                RelationRow.annotator_id == self.annotator,
                RelationRow.label == label,
                RelationRow.head_id == head_id,
                RelationRow.child_id == child_id,
            )
        )
        if found is not None:
            return found
        row = {
            "article_id": self.article_id,
            "annotator_id": self.annotator,
            "label": label,
            "head_id": head_id,
            "child_id": child_id,
            "created_at": utcnow(),
        }
        return self.conn.execute(insert(RelationRow).returning(RelationRow.id), row).scalar_one()

    def remove_relation(self, relation_id: int) -> None:
        self.conn.execute(delete(RelationRow).where(RelationRow.id == relation_id))

    def review_counts(self) -> tuple[int, int, str]:
        """:func:`review_counts` of this article, as this transaction leaves it."""
        counts = _review_counts(self.conn, self.annotator, [self.article_id])
        return counts.get(self.article_id, (0, 0, ArticleStatus.TODO.value))

    def set_status(self, status: ArticleStatus) -> None:
        Project._set_status(self.conn, self.article_id, self.annotator, status, utcnow())

    def touch(self) -> None:
        """Mark the annotator's work on the article as changed now, whatever changed
        (a deletion leaves no row behind; merges compare this time)."""
        row = ArticleStatusRow
        where = (row.article_id == self.article_id, row.annotator_id == self.annotator)
        if self.conn.scalar(select(row.status).where(*where)) is None:
            self.set_status(ArticleStatus.IN_PROGRESS)
        else:
            self.conn.execute(update(row).where(*where).values(updated_at=utcnow()))

    def restore(self, target: ArticleState) -> None:
        """Make the annotator's state on the article ``target``, with the same ids where
        they are still free (another writer may have been given a deleted row's id)."""
        where = (AnnotationRow.article_id == self.article_id, AnnotationRow.annotator_id == self.annotator)
        self.conn.execute(delete(AnnotationRow).where(*where))  # relations cascade
        now = utcnow()
        taken = set(
            self.conn.scalars(
                select(AnnotationRow.id).where(AnnotationRow.id.in_([s.id for s in target.spans]))
            )
        )
        ids: dict[int, int] = {}
        for s in target.spans:
            row = {
                "article_id": self.article_id,
                "annotator_id": self.annotator,
                "label": s.span.label,
                "start": s.span.start,
                "end": s.span.end,
                "attrs": dict(s.span.attrs),
                "status": s.status,
                "suggestion_id": s.suggestion_id,
                "created_at": now,
                "updated_at": now,
            }
            if s.id not in taken:
                row["id"] = s.id
            ids[s.id] = self.conn.execute(insert(AnnotationRow).returning(AnnotationRow.id), row).scalar_one()
        taken_relations = set(
            self.conn.scalars(
                select(RelationRow.id).where(RelationRow.id.in_([r.id for r in target.relations]))
            )
        )
        for r in target.relations:
            rel = {
                "article_id": self.article_id,
                "annotator_id": self.annotator,
                "label": r.label,
                "head_id": ids[r.head_id],
                "child_id": ids[r.child_id],
                "created_at": now,
            }
            if r.id not in taken_relations:
                rel["id"] = r.id
            self.conn.execute(insert(RelationRow), rel)
        self.set_status(target.status)
        self.touch()


@contextmanager
def edit(project: Project, article_id: int, annotator: int) -> Iterator[Editor]:
    """One user action: a write transaction (BEGIN IMMEDIATE) committed at the end."""
    with project._write() as conn:
        yield Editor(conn, article_id, annotator)


def annotator_names(project: Project) -> dict[int, str]:
    with project._read() as conn:
        return dict(conn.execute(select(AnnotatorRow.id, AnnotatorRow.name)).all())


def review_counts(
    project: Project, annotator: int, article_ids: Sequence[int] | None = None
) -> dict[int, tuple[int, int, str]]:
    """Per article (every one, or these): suggestions still pending for the annotator, their
    accepted spans, their status."""
    with project._read() as conn:
        return _review_counts(conn, annotator, article_ids)


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


@functools.cache
def _count_queries(
    some: bool,
) -> tuple[Select[int, int], Select[int, int], Select[int, str]]:
    """:func:`review_counts`' three queries (for every article, or ``some``), built once:
    the open article's row is counted after every key."""
    a, s = AnnotationRow, SuggestionRow
    who: BindParameter[int] = bindparam("annotator")
    ids: BindParameter[list[int]] = bindparam("ids", expanding=True)
    mine = [a.annotator_id == who]
    if some:
        mine.append(a.article_id.in_(ids))
    # A suggestion is pending until the annotator has a span from it (accepted or rejected)
    # or has the same span (label and offsets) by hand: what the review screen shows. Two
    # IN lists (each made once), not a subquery per suggestion: an article may have 1,500.
    from_them = select(a.suggestion_id).where(*mine, a.suggestion_id.is_not(None))
    same = select(a.article_id, a.label, a.start, a.end).where(*mine)
    reviewed = s.id.in_(from_them) | tuple_(s.article_id, s.label, s.start, s.end).in_(same)
    pending_q = select(s.article_id, func.count()).where(~reviewed).group_by(s.article_id)
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
