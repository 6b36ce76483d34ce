"""Reading and replacing a suggester's suggestions for an article."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, delete, insert, select

from annotator.core.model import Origin, Relation, Span, SuggestedRelation, Suggestion, SuggestionSet
from annotator.store.tables import (
    ArticleRow,
    SuggestedRelationRow,
    SuggestionRow,
    SuggestionRunRow,
    utcnow,
)


def article_ids_without(conn: Connection, origin: Origin) -> list[int]:
    """Articles this suggester has not run on at this version, in id order."""
    done = select(SuggestionRunRow.article_id).where(
        SuggestionRunRow.suggester == origin.suggester,
        SuggestionRunRow.suggester_version == origin.suggester_version,
    )
    return list(conn.scalars(select(ArticleRow.id).where(ArticleRow.id.not_in(done)).order_by(ArticleRow.id)))


def replace(conn: Connection, article_id: int, result: SuggestionSet) -> None:
    """Drop this suggester's earlier suggestions on the article (any version), store these.

    Annotations that came from a dropped suggestion keep their spans; only
    their link to it is cleared (ON DELETE SET NULL).
    """
    o = result.origin
    conn.execute(
        delete(SuggestionRow).where(
            SuggestionRow.article_id == article_id, SuggestionRow.suggester == o.suggester
        )
    )
    conn.execute(
        delete(SuggestionRunRow).where(
            SuggestionRunRow.article_id == article_id, SuggestionRunRow.suggester == o.suggester
        )
    )
    now = utcnow()
    conn.execute(
        insert(SuggestionRunRow),
        {
            "article_id": article_id,
            "suggester": o.suggester,
            "suggester_version": o.suggester_version,
            "pipeline": o.pipeline,
            "pipeline_version": o.pipeline_version,
            "created_at": now,
        },
    )
    unique = list({s.span.key: s for s in result.suggestions}.values())
    if not unique:
        return
    rows = [
        {
            "article_id": article_id,
            "label": s.span.label,
            "start": s.span.start,
            "end": s.span.end,
            "attrs": dict(s.span.attrs),
            "score": s.score,
            "suggester": o.suggester,
            "suggester_version": o.suggester_version,
            "pipeline": o.pipeline,
            "pipeline_version": o.pipeline_version,
            "created_at": now,
        }
        for s in unique
    ]
    new = conn.scalars(
        insert(SuggestionRow).returning(SuggestionRow.id, sort_by_parameter_order=True), rows
    ).all()
    ids = {s.span.key: i for s, i in zip(unique, new, strict=True)}
    relations = [
        {
            "article_id": article_id,
            "label": r.relation.label,
            "head_id": ids[r.relation.head.key],
            "child_id": ids[r.relation.child.key],
            "score": r.score,
        }
        for r in result.relations
        if r.relation.head.key in ids and r.relation.child.key in ids
    ]
    if relations:
        conn.execute(insert(SuggestedRelationRow), relations)


def read(conn: Connection, article_ids: Sequence[int]) -> dict[int, list[SuggestionSet]]:
    """Every suggester's suggestions for these articles, grouped by origin."""
    spans: dict[int, Span] = {}
    origin_of: dict[int, tuple[int, Origin]] = {}
    grouped: dict[tuple[int, Origin], list[Suggestion]] = {}
    rows = conn.execute(
        select(SuggestionRow)
        .where(SuggestionRow.article_id.in_(article_ids))
        .order_by(SuggestionRow.article_id, SuggestionRow.start, SuggestionRow.end, SuggestionRow.label)
    )
    for row in rows:
        origin = Origin(row.suggester, row.suggester_version, row.pipeline, row.pipeline_version)
        span = Span(row.start, row.end, row.label, row.attrs or {})
        spans[row.id] = span
        origin_of[row.id] = (row.article_id, origin)
        grouped.setdefault((row.article_id, origin), []).append(Suggestion(span, row.score, origin))
    relations: dict[tuple[int, Origin], list[SuggestedRelation]] = {}
    rel_rows = conn.execute(
        select(SuggestedRelationRow).where(SuggestedRelationRow.article_id.in_(article_ids))
    )
    for rel in rel_rows:
        if rel.head_id in spans and rel.child_id in spans:
            relation = Relation(rel.label, spans[rel.head_id], spans[rel.child_id])
            relations.setdefault(origin_of[rel.head_id], []).append(SuggestedRelation(relation, rel.score))
    result: dict[int, list[SuggestionSet]] = {}
    for key, items in grouped.items():
        rels = sorted(
            relations.get(key, []),
            key=lambda r: (r.relation.head.key, r.relation.child.key, r.relation.label),
        )
        result.setdefault(key[0], []).append(SuggestionSet(key[1], tuple(items), tuple(rels)))
    return result
