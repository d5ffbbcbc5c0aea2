"""content items made by the content assistant are marked as machine-suggested

Revision ID: 0032_machine_suggested
Revises: 0031_devices
Create Date: 2026-12-07 18:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0032_machine_suggested'
down_revision: str | None = '0031_devices'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A constant default: PostgreSQL adds the column without rewriting the table.
    op.add_column('content_items', sa.Column('machine_suggested', sa.Boolean(), nullable=False,
                                             server_default=sa.text('false')))


def downgrade() -> None:
    op.drop_column('content_items', 'machine_suggested')
