"""article tokens

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06

An article's own tokens from a Prodigy import get a table (the JSONL export
writes them back). The saved token splits go, and their setting: the export
now tokenizes as it writes.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('article_tokens',
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('tokens', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_tokens_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', name=op.f('pk_article_tokens'))
    )
    op.drop_table('token_splits')
    settings = sa.table("settings", sa.column("key", sa.String))
    op.get_bind().execute(sa.delete(settings).where(settings.c.key == "token_splits"))


def downgrade() -> None:
    op.create_table('token_splits',
    sa.Column('kind', sa.SmallInteger(), nullable=False),
    sa.Column('chunk', sa.Text(), nullable=False),
    sa.Column('tokens', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'chunk', name=op.f('pk_token_splits'))
    )
    op.drop_table('article_tokens')
