"""rejected relations

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06

Gold's rejected relations move from the settings table (a list under
``adjudication/<article id>``, a key that merge did not carry) into a table of
their own, one row per relation, tied to its article and to the gold annotator.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GOLD = "gold"  # the adjudicated annotator (annotator.core.model.GOLD, as it was at this revision)
PREFIX = "adjudication/"


def relation_key(label: str, head: list, child: list) -> str:
    """The canonical JSON of a rejected relation (the same as annotator.store.gold's)."""
    return json.dumps([label, head, child], separators=(",", ":"), ensure_ascii=False)


def upgrade() -> None:
    table = op.create_table('rejected_relations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('annotator_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=64), nullable=False),
    sa.Column('head', sa.JSON(), nullable=False),
    sa.Column('child', sa.JSON(), nullable=False),
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['annotator_id'], ['annotators.id'], name=op.f('fk_rejected_relations_annotator_id_annotators'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_rejected_relations_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rejected_relations')),
    sa.UniqueConstraint('article_id', 'annotator_id', 'key', name=op.f('uq_rejected_relations_article_id_annotator_id_key'))
    )
    with op.batch_alter_table('rejected_relations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rejected_relations_article_id'), ['article_id'], unique=False)
    _move_settings(table)


def _move_settings(table: sa.Table) -> None:
    """Each ``adjudication/<id>`` setting becomes rows of the new table; the setting goes."""
    conn = op.get_bind()
    settings = sa.table("settings", sa.column("key", sa.String), sa.column("value", sa.JSON))
    annotators = sa.table("annotators", sa.column("id", sa.Integer), sa.column("name", sa.String))
    articles = sa.table("articles", sa.column("id", sa.Integer))
    rows = conn.execute(sa.select(settings.c.key, settings.c.value).where(settings.c.key.like(PREFIX + "%"))).all()
    if not rows:
        return
    gold = conn.scalar(sa.select(annotators.c.id).where(annotators.c.name == GOLD))
    known = set(conn.scalars(sa.select(articles.c.id)))
    now = dt.datetime.now(dt.UTC)
    values = []
    for key, value in rows:
        suffix = key[len(PREFIX):]
        article = int(suffix) if suffix.isdigit() else None
        note = value if isinstance(value, dict) else {}
        if gold is None or article not in known:
            continue  # no gold, or the article is gone: nothing these rejections could apply to
        seen = set()
        for label, head, child in note.get("rejected_relations", []):
            k = relation_key(label, head, child)
            if k not in seen:
                seen.add(k)
                values.append({"article_id": article, "annotator_id": gold, "label": label,
                               "head": head, "child": child, "key": k, "created_at": now})
    if values:
        conn.execute(sa.insert(table), values)
    conn.execute(sa.delete(settings).where(settings.c.key.like(PREFIX + "%")))


def downgrade() -> None:
    with op.batch_alter_table('rejected_relations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rejected_relations_article_id'))
    op.drop_table('rejected_relations')
