"""token splits

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24

How spaCy's tokenizer splits each distinct chunk of the project's texts, saved
at import, so that a JSONL export need not load spaCy.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('token_splits',
    sa.Column('kind', sa.SmallInteger(), nullable=False),
    sa.Column('chunk', sa.Text(), nullable=False),
    sa.Column('tokens', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'chunk', name=op.f('pk_token_splits'))
    )


def downgrade() -> None:
    op.drop_table('token_splits')
