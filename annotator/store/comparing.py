"""Bulk reads for agreement and adjudication: several annotators' finished work per article."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from sqlalchemy import select

from annotator.core.model import AnnotationSet, Article, ArticleStatus
from annotator.store import reading
from annotator.store.errors import ProjectError
from annotator.store.project import Project
from annotator.store.rows import annotator_id
from annotator.store.tables import AnnotatorRow, ArticleStatusRow


def done_ids(project: Project, annotators: Sequence[str]) -> dict[str, set[int]]:
    """For each annotator, the ids of the articles they marked done."""
    with project.reading() as conn:
        ids = dict(conn.execute(select(AnnotatorRow.name, AnnotatorRow.id)).all())
        missing = [name for name in annotators if name not in ids]
        if missing:
            known = ", ".join(sorted(ids)) or "none"
            raise ProjectError(f"{project.location}: no annotator named {missing[0]!r} (known: {known})")
        done: dict[str, set[int]] = {name: set() for name in annotators}
        by_id = {ids[name]: name for name in annotators}
        for article_id, annotator_id in conn.execute(
            select(ArticleStatusRow.article_id, ArticleStatusRow.annotator_id).where(
                ArticleStatusRow.status == ArticleStatus.DONE.value,
                ArticleStatusRow.annotator_id.in_(list(by_id)),
            )
        ):
            done[by_id[annotator_id]].add(article_id)
    return done


def iter_sets(
    project: Project, wanted: Mapping[int, Sequence[str]], *, batch: int = 500
) -> Iterator[tuple[Article, dict[str, AnnotationSet]]]:
    """Articles (in id order) with the accepted work of the annotators wanted on each."""
    ids = sorted(wanted)
    names = sorted({n for who in wanted.values() for n in who})
    with project.reading() as conn:
        annotator_ids = {name: annotator_id(conn, name) for name in names}
    for chunk in reading.chunked(ids, batch):
        with project.reading() as conn:
            arts = reading.articles(conn, chunk)
            sets = {}
            for name in names:
                who = annotator_ids[name]
                if who is None:
                    raise ProjectError(f"{project.location}: no annotator named {name!r}")
                mine = [i for i in chunk if name in wanted[i]]
                sets[name] = reading.annotation_sets(conn, who, name, mine) if mine else {}
        for i in chunk:
            yield arts[i], {name: sets[name][i] for name in wanted[i]}
