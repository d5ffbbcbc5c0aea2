"""chat sharing: the student's choice about their name, and the forum thread a chat became

Revision ID: 0026_chat_sharing
Revises: 0025_session_chat
Create Date: 2026-12-07 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0026_chat_sharing'
down_revision: str | None = '0025_session_chat'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'chat_sharing',
        sa.Column('session_id', sa.Uuid(), nullable=False),
        sa.Column('student_name_shown', sa.Boolean(), server_default='false', nullable=False),
        sa.Column('thread_id', sa.Uuid(), nullable=True),
        sa.Column('shared_by', sa.Uuid(), nullable=True),
        sa.Column('shared_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['session_id'], ['mentoring_sessions.id'],
                                name=op.f('fk_chat_sharing_session_id_mentoring_sessions'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['thread_id'], ['forum_threads.id'],
                                name=op.f('fk_chat_sharing_thread_id_forum_threads'),
                                ondelete='SET NULL', deferrable=True, initially='DEFERRED'),
        sa.ForeignKeyConstraint(['shared_by'], ['users.id'],
                                name=op.f('fk_chat_sharing_shared_by_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('session_id', name=op.f('pk_chat_sharing')),
    )


def downgrade() -> None:
    op.drop_table('chat_sharing')
