"""suggestion runs

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24

Records that a suggester ran on an article, even when it found nothing,
so that `annotator suggest` is idempotent and resumable.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('suggestion_runs',
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('suggester', sa.String(length=128), nullable=False),
    sa.Column('suggester_version', sa.String(length=64), nullable=False),
    sa.Column('pipeline', sa.String(length=128), nullable=False),
    sa.Column('pipeline_version', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_suggestion_runs_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', 'suggester', name=op.f('pk_suggestion_runs'))
    )


def downgrade() -> None:
    op.drop_table('suggestion_runs')
