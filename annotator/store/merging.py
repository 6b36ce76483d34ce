"""Bringing another project's articles and annotators' work into a project.

- Articles are matched by content hash; a new text is copied with its metadata.
- Annotators are matched by their per-project identity (``uid``): the same uid
  is the same person, whatever the name. A *different* person with a name the
  target already has is kept apart as ``name@SOURCE`` (reported as a conflict),
  with the source's uid, so that merging the same file again finds them again.
- Work is merged per article and annotator (spans, relations, status, with
  their timestamps): copied when the target has none, left alone when equal,
  and when both differ the side changed last wins (an annotator re-sending a
  file after more work replaces what the lead merged before).

The work is written in transactions of :data:`MERGE_CHUNK` articles (with all
the work on them), each short, so that an annotator writing to the project
meanwhile waits well under a second for the lock; an interrupted merge leaves
whole articles with whole work, and running it again completes it (what is
already there is found equal).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, tuple_

from annotator.store.errors import ProjectError
from annotator.store.project import Project
from annotator.store.reading import chunked
from annotator.store.tables import (
    AnnotationRow,
    AnnotatorRow,
    ArticleRow,
    ArticleStatusRow,
    RejectedRelationRow,
    RelationRow,
)

NEW, SAME, RENAMED = "new", "same", "renamed"
MERGE_CHUNK = 100  # articles per write transaction
_EPOCH = dt.datetime.min.replace(tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True)
class AnnotatorMerge:
    """How one of the source's annotators landed in the target."""

    source_name: str
    target_name: str
    state: str  # NEW, SAME (same uid) or RENAMED (same name, different person)


@dataclass(slots=True)
class MergeReport:
    """What one merge changed: articles, annotators, per-article work."""

    source: str
    articles_added: int = 0
    articles_matched: int = 0
    annotators: list[AnnotatorMerge] = field(default_factory=list)
    added: int = 0  # (article, annotator) sets copied because the target had none
    replaced: int = 0  # sets where the source's newer work replaced the target's
    unchanged: int = 0  # sets already identical in the target
    kept: int = 0  # sets where the target's own newer work was kept

    @property
    def conflicts(self) -> list[AnnotatorMerge]:
        return [a for a in self.annotators if a.state == RENAMED]

    @property
    def changed(self) -> bool:
        return bool(
            self.articles_added
            or self.added
            or self.replaced
            or any(a.state != SAME for a in self.annotators)
        )


@dataclass(slots=True)
class Work:
    """One annotator's work on one article, as rows of its database."""

    spans: list[Any] = field(default_factory=list)
    relations: list[Any] = field(default_factory=list)
    rejections: list[Any] = field(default_factory=list)  # relations the adjudicator rejected
    status: Any = None

    @property
    def empty(self) -> bool:
        return not (self.spans or self.relations or self.rejections or self.status is not None)

    def fingerprint(self, keys: dict[int, tuple[Any, ...]]) -> tuple[frozenset[Any], ...]:
        spans = frozenset(keys[s.id] + (s.status,) for s in self.spans)
        rels = frozenset((r.label, keys[r.head_id], keys[r.child_id]) for r in self.relations)
        status = frozenset([self.status.status] if self.status is not None else [])
        return spans, rels, frozenset(r.key for r in self.rejections), status

    @property
    def changed_at(self) -> dt.datetime:
        times = [s.updated_at for s in self.spans] + [
            r.created_at for r in (*self.relations, *self.rejections)
        ]
        if self.status is not None:
            times.append(self.status.updated_at)
        return max((t for t in times if t is not None), default=_EPOCH)


def span_key(row: Any) -> tuple[Any, ...]:
    return (row.label, row.start, row.end, json.dumps(row.attrs or {}, sort_keys=True))


def read_work(conn: Connection, annotators: Sequence[int], articles: Sequence[int] | None) -> dict[Any, Work]:
    """(article id, annotator id) -> work, for these annotators (and articles, if given)."""
    work: dict[tuple[int, int], Work] = defaultdict(Work)
    if not annotators:
        return work
    chunks: Iterable[Sequence[int] | None] = [None] if articles is None else chunked(articles, 500)
    for chunk in chunks:
        tables = (
            (AnnotationRow, "spans"),
            (RelationRow, "relations"),
            (RejectedRelationRow, "rejections"),
            (ArticleStatusRow, None),
        )
        for table, attr in tables:
            query = select(table).where(table.annotator_id.in_(annotators))
            if chunk is not None:
                query = query.where(table.article_id.in_(chunk))
            for row in conn.execute(query).all():
                item = work[(row.article_id, row.annotator_id)]
                if attr is None:
                    item.status = row
                else:
                    getattr(item, attr).append(row)
    return work


def merge_into(target: Project, source: Project, tag: str) -> MergeReport:
    """Merge everything of ``source`` into ``target``; ``tag`` names the source in renamed annotators."""
    check_schemes(target, source)
    report = MergeReport(source.location)
    with source.reading() as conn:
        annotators = conn.execute(select(AnnotatorRow)).all()
        src_articles = dict(conn.execute(select(ArticleRow.id, ArticleRow.content_hash)).all())
    with target.writing() as conn:
        who = map_annotators(conn, annotators, tag, report)
    for chunk in chunked(sorted(src_articles), MERGE_CHUNK):
        _merge_chunk(target, source, who, {i: src_articles[i] for i in chunk}, report)
    return report


def _merge_chunk(
    target: Project, source: Project, who: dict[int, int], src_articles: dict[int, str], report: MergeReport
) -> None:
    """Merge these source articles and all work on them, in one short write transaction."""
    with source.reading() as conn:
        src_work = read_work(conn, list(who), sorted(src_articles))
        src_keys = {r.id: span_key(r) for w in src_work.values() for r in w.spans}
    with target.writing() as conn:
        where = _map_articles(conn, source, src_articles, report)
        tgt_work = read_work(conn, sorted(set(who.values())), sorted(set(where.values())))
        tgt_keys = {r.id: span_key(r) for w in tgt_work.values() for r in w.spans}
        to_copy: list[tuple[int, int, Work]] = []
        to_clear: list[tuple[int, int]] = []
        for (article, annotator), work in sorted(src_work.items(), key=lambda kv: kv[0]):
            key = (where[article], who[annotator])
            mine = tgt_work.get(key)
            if mine is None or mine.empty:
                report.added += 1
            elif mine.fingerprint(tgt_keys) == work.fingerprint(src_keys):
                report.unchanged += 1
                continue
            elif work.changed_at > mine.changed_at:
                report.replaced += 1
                to_clear.append(key)
            else:
                report.kept += 1
                continue
            to_copy.append((*key, work))
        clear_work(conn, to_clear)
        copy_work(conn, to_copy)


def check_schemes(target: Project, source: Project) -> None:
    mine, theirs = target.scheme, source.scheme
    labels = sorted(set(theirs.label_names) - set(mine.label_names))
    relations = sorted(set(theirs.relation_names) - set(mine.relation_names))
    if labels or relations:
        missing = ", ".join(labels + relations)
        raise ProjectError(
            f"{source.location}: its scheme has labels or relations this project's scheme lacks ({missing}); "
            f"merge it into a project with scheme {theirs.name!r}"
        )


def map_annotators(
    conn: Connection, annotators: Sequence[Any], tag: str, report: MergeReport
) -> dict[int, int]:
    rows = conn.execute(select(AnnotatorRow.id, AnnotatorRow.name, AnnotatorRow.uid)).all()
    by_uid = {r.uid: (r.id, r.name) for r in rows}
    names = {r.name for r in rows}
    out = {}
    for a in sorted(annotators, key=lambda a: a.name):
        if a.uid in by_uid:
            out[a.id], name = by_uid[a.uid]
            report.annotators.append(AnnotatorMerge(a.name, name, SAME))
            continue
        name, state = a.name, NEW
        if name in names:
            name, state = f"{a.name}@{tag}", RENAMED
            n = 2
            while name in names:
                name, n = f"{a.name}@{tag}-{n}", n + 1
        values = {"name": name, "uid": a.uid, "created_at": a.created_at}
        out[a.id] = conn.execute(insert(AnnotatorRow).returning(AnnotatorRow.id), values).scalar_one()
        names.add(name)
        report.annotators.append(AnnotatorMerge(a.name, name, state))
    return out


def _map_articles(
    conn: Connection, source: Project, articles: dict[int, str], report: MergeReport
) -> dict[int, int]:
    """Source article id -> target id, copying texts the target lacks."""
    known: dict[str, int] = {}
    hashes = sorted(set(articles.values()))
    for some in chunked(hashes, 500):
        found = conn.execute(
            select(ArticleRow.content_hash, ArticleRow.id).where(ArticleRow.content_hash.in_(some))
        )
        known.update({h: i for h, i in found})
    missing = sorted(i for i, h in articles.items() if h not in known)
    report.articles_matched += len(articles) - len(missing)
    report.articles_added += len(missing)
    columns = [c for c in ArticleRow.__table__.columns if c.name != "id"]
    for chunk in chunked(missing, 500):
        with source.reading() as src:
            rows = src.execute(select(*columns).where(ArticleRow.id.in_(chunk)).order_by(ArticleRow.id)).all()
        values = [row._asdict() for row in rows]
        ids = conn.scalars(
            insert(ArticleRow).returning(ArticleRow.id, sort_by_parameter_order=True), values
        ).all()
        known.update({v["content_hash"]: i for v, i in zip(values, ids, strict=True)})
    return {i: known[h] for i, h in articles.items()}


def clear_work(conn: Connection, keys: Sequence[tuple[int, int]]) -> None:
    """Delete the target's work on these (article, annotator) pairs, before it is replaced."""
    for chunk in chunked(keys, 400):
        for table in (RelationRow, RejectedRelationRow, AnnotationRow, ArticleStatusRow):
            conn.execute(delete(table).where(tuple_(table.article_id, table.annotator_id).in_(chunk)))


def copy_work(conn: Connection, items: Sequence[tuple[int, int, Work]]) -> None:
    spans = [(article, annotator, s) for article, annotator, w in items for s in w.spans]
    new_ids: dict[int, int] = {}
    values = [
        {
            "article_id": article,
            "annotator_id": annotator,
            "label": s.label,
            "start": s.start,
            "end": s.end,
            "attrs": s.attrs or {},
            "status": s.status,
            "created_at": s.created_at,
            "updated_at": s.updated_at,
        }
        for article, annotator, s in spans
    ]
    if values and conn.dialect.name == "sqlite":
        # RETURNING in a stable order makes SQLAlchemy insert row by row on SQLite; the
        # write transaction holds the database's only write lock, so number the rows here.
        first = (conn.scalar(select(func.max(AnnotationRow.id))) or 0) + 1
        for n, row in enumerate(values):
            row["id"] = first + n
        conn.execute(insert(AnnotationRow), values)
        new_ids = {s.id: first + n for n, (_, _, s) in enumerate(spans)}
    elif values:
        ids = conn.scalars(
            insert(AnnotationRow).returning(AnnotationRow.id, sort_by_parameter_order=True), values
        )
        new_ids = {s.id: i for (_, _, s), i in zip(spans, ids.all(), strict=True)}
    relations = [
        {
            "article_id": article,
            "annotator_id": annotator,
            "label": r.label,
            "head_id": new_ids[r.head_id],
            "child_id": new_ids[r.child_id],
            "created_at": r.created_at,
        }
        for article, annotator, w in items
        for r in w.relations
    ]
    if relations:
        conn.execute(insert(RelationRow), relations)
    rejections = [
        {
            "article_id": article,
            "annotator_id": annotator,
            "label": r.label,
            "head": r.head,
            "child": r.child,
            "key": r.key,
            "created_at": r.created_at,
        }
        for article, annotator, w in items
        for r in w.rejections
    ]
    if rejections:
        conn.execute(insert(RejectedRelationRow), rejections)
    # The target had no status on these pairs, or clear_work removed it.
    statuses = [
        {"article_id": a, "annotator_id": b, "status": w.status.status, "updated_at": w.status.updated_at}
        for a, b, w in items
        if w.status is not None
    ]
    if statuses:
        conn.execute(insert(ArticleStatusRow), statuses)
