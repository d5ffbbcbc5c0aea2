"""one version column: content items' optimistic lock is called ``version`` like every other

Revision ID: 0017_one_version_column
Revises: 0016_event_bus
Create Date: 2026-12-07 02:05:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0017_one_version_column'
down_revision: str | None = '0016_event_bus'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.alter_column('content_items', 'row_version', new_column_name='version')


def downgrade() -> None:
    op.alter_column('content_items', 'version', new_column_name='row_version')
