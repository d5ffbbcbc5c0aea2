"""email change

Revision ID: 0015_email_change
Revises: 0014_search_trigram
Create Date: 2026-12-07 01:50:00

An account may move to another e-mail address: the confirmation link mailed there is a one-time
token that carries the new address until it is followed.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0015_email_change'
down_revision: str | None = '0014_search_trigram'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('one_time_tokens', sa.Column('new_email', sa.String(length=254)))


def downgrade() -> None:
    op.execute("delete from one_time_tokens where purpose = 'change_email'")
    op.drop_column('one_time_tokens', 'new_email')
