"""finance: indexes for the disputes queue and the disputes of a period

Revision ID: 0022_finance_indexes
Revises: 0021_reviews
Create Date: 2026-12-07 08:00:00

The admins' dispute queue reads the disputed sessions, the longest waiting first; the finance
dashboard counts the disputes opened and decided in a period. Both are small partial indexes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0022_finance_indexes'
down_revision: str | None = '0021_reviews'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_mentoring_sessions_disputed', 'mentoring_sessions',
                    ['updated_at', 'id'], unique=False,
                    postgresql_where=sa.text("status = 'disputed'"))
    op.create_index('ix_session_transitions_disputes', 'session_transitions', ['at'],
                    unique=False,
                    postgresql_where=sa.text("to_status = 'disputed' or "
                                             "from_status = 'disputed'"))


def downgrade() -> None:
    op.drop_index('ix_session_transitions_disputes', table_name='session_transitions')
    op.drop_index('ix_mentoring_sessions_disputed', table_name='mentoring_sessions')
