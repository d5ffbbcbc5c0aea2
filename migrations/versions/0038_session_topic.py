"""session topic: what a student booked a session about (a weak topic's "book a session")

Revision ID: 0038_session_topic
Revises: 0037_group_sessions
Create Date: 2026-12-07 22:10:00

Optional and kept when the topic is removed from the catalog (set to null): the booking stands
without it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0038_session_topic'
down_revision: str | None = '0037_group_sessions'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('mentoring_sessions', sa.Column('topic_id', sa.Uuid(), nullable=True))
    op.create_foreign_key(op.f('fk_mentoring_sessions_topic_id_topics'), 'mentoring_sessions',
                          'topics', ['topic_id'], ['id'], ondelete='SET NULL')
    # Removing a topic finds its sessions through this index, not a scan.
    op.create_index('ix_mentoring_sessions_topic', 'mentoring_sessions', ['topic_id'],
                    postgresql_where=sa.text('topic_id IS NOT NULL'))


def downgrade() -> None:
    op.drop_index('ix_mentoring_sessions_topic', table_name='mentoring_sessions')
    op.drop_constraint(op.f('fk_mentoring_sessions_topic_id_topics'), 'mentoring_sessions',
                       type_='foreignkey')
    op.drop_column('mentoring_sessions', 'topic_id')
