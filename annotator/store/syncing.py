"""Push and pull between a laptop's SQLite project and a server, by the merge rules.

The rules are those of :mod:`annotator.store.merging` (articles by content hash,
annotators by uid, the side changed last wins), with two differences:

- one transaction per article, so that a server shared with others is never
  held for a whole file, and an interrupted push or pull is simply run again;
- ``identity``: on a server the login is the person. Pushing (or pulling) as
  annotator NAME maps the NAME of one side to the NAME of the other whatever
  their uids, and leaves the other annotators' work alone.

Pull also copies the suggestions of the articles it brings, so that the laptop
can be annotated offline.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from annotator.store import suggestions as suggestion_store
from annotator.store.merging import (
    NEW,
    SAME,
    AnnotatorMerge,
    MergeReport,
    Work,
    check_schemes,
    clear_work,
    copy_work,
    map_annotators,
    read_work,
    span_key,
)
from annotator.store.project import Project
from annotator.store.rows import ensure_annotator
from annotator.store.tables import AnnotatorRow, ArticleRow

Progress = Callable[[int, int], None]
T = TypeVar("T")


@dataclass(slots=True)
class SyncReport(MergeReport):
    """A merge report, and the articles left out because the target may not receive them."""

    skipped: int = 0


def sync(
    target: Project,
    source: Project,
    tag: str,
    *,
    identity: tuple[str, str] | None = None,
    new_articles: bool = True,
    with_suggestions: bool = False,
    progress: Progress | None = None,
) -> SyncReport:
    """Bring ``source``'s articles and work into ``target``, one transaction per article.

    ``identity`` (source name, target name): only that annotator's work, matched
    by name. ``new_articles``: copy texts the target lacks (False for an
    annotator pushing to a server, who may not add articles: those are skipped).
    """
    check_schemes(target, source)
    report = SyncReport(source.location)
    with source.reading() as conn:
        query = select(AnnotatorRow)
        if identity is not None:
            query = query.where(AnnotatorRow.name == identity[0])
        annotators = conn.execute(query).all()
        src_articles = dict(conn.execute(select(ArticleRow.id, ArticleRow.content_hash)).all())
        src_work = read_work(conn, [a.id for a in annotators], None)

    def mapped() -> tuple[dict[int, int], dict[str, int]]:
        report.annotators.clear()  # a second look reports once
        with target.writing() as conn:
            if identity is None:
                who = map_annotators(conn, annotators, tag, report)
            else:
                who = {a.id: ensure_annotator(conn, identity[1]) for a in annotators}
                report.annotators.extend(AnnotatorMerge(a.name, identity[1], SAME) for a in annotators)
            return who, _known_articles(conn, sorted(set(src_articles.values())))

    # Another push may add the same annotator (by uid) meanwhile: then ours finds theirs.
    who, known = _retried(mapped)
    work_by_article: dict[int, list[tuple[int, Work]]] = {}
    for (article, annotator), work in src_work.items():
        work_by_article.setdefault(article, []).append((annotator, work))
    order = sorted(src_articles)
    for done, article in enumerate(order, 1):
        _retried(
            _one_article,
            target,
            source,
            article,
            src_articles[article],
            known,
            who,
            work_by_article.get(article, []),
            report,
            new_articles=new_articles,
            with_suggestions=with_suggestions,
        )
        if progress is not None:
            progress(done, len(order))
    return report


def _retried(step: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Once more when another writer added the same article, annotator (or status)
    meanwhile: the unique constraint refused ours, the transaction left nothing, the
    next look finds theirs."""
    try:
        return step(*args, **kwargs)
    except IntegrityError:
        return step(*args, **kwargs)


def _known_articles(conn: Any, hashes: Sequence[str]) -> dict[str, int]:
    from annotator.store.reading import chunked

    known: dict[str, int] = {}
    for some in chunked(list(hashes), 500):
        rows = conn.execute(
            select(ArticleRow.content_hash, ArticleRow.id).where(ArticleRow.content_hash.in_(some))
        )
        known.update({h: i for h, i in rows})
    return known


def _one_article(
    target: Project,
    source: Project,
    article: int,
    digest: str,
    known: dict[str, int],
    who: dict[int, int],
    items: list[tuple[int, Work]],
    report: SyncReport,
    *,
    new_articles: bool,
    with_suggestions: bool,
) -> None:
    added_here = False
    if digest not in known and not new_articles:
        report.skipped += 1  # not on the server: only the lead adds articles
        return
    columns = [c for c in ArticleRow.__table__.columns if c.name != "id"]
    src_sets = []
    if digest not in known:
        with source.reading() as src:
            values = src.execute(select(*columns).where(ArticleRow.id == article)).one()._asdict()
            if with_suggestions:
                src_sets = suggestion_store.read(src, [article]).get(article, [])
    src_keys = {r.id: span_key(r) for _, w in items for r in w.spans}
    counts: Counter[str] = Counter()  # applied to the report once the transaction is in
    with target.writing() as conn:
        target_id = known.get(digest)
        if target_id is None:
            # Another process may have added it meanwhile: look again inside the transaction.
            target_id = conn.scalar(select(ArticleRow.id).where(ArticleRow.content_hash == digest))
            if target_id is None:
                target_id = conn.execute(insert(ArticleRow).returning(ArticleRow.id), values).scalar_one()
                added_here = True
                for result in src_sets:
                    suggestion_store.replace(conn, target_id, result)
        mine = read_work(conn, sorted({who[a] for a, _ in items}), [target_id])
        tgt_keys = {r.id: span_key(r) for w in mine.values() for r in w.spans}
        to_copy: list[tuple[int, int, Work]] = []
        to_clear: list[tuple[int, int]] = []
        for annotator, work in sorted(items, key=lambda item: item[0]):
            key = (target_id, who[annotator])
            theirs = mine.get(key)
            if theirs is None or not (theirs.spans or theirs.relations or theirs.status is not None):
                if not (work.spans or work.relations or work.status is not None):
                    continue
                counts["added"] += 1
            elif theirs.fingerprint(tgt_keys) == work.fingerprint(src_keys):
                counts["unchanged"] += 1
                continue
            elif work.changed_at > theirs.changed_at:
                counts["replaced"] += 1
                to_clear.append(key)
            else:
                counts["kept"] += 1
                continue
            to_copy.append((*key, work))
        clear_work(conn, to_clear)
        copy_work(conn, to_copy)
    known[digest] = target_id
    for name, n in counts.items():
        setattr(report, name, getattr(report, name) + n)
    if added_here:
        report.articles_added += 1
    else:
        report.articles_matched += 1


__all__ = ["NEW", "SyncReport", "sync"]
