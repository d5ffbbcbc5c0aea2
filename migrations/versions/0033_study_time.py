"""study time: each person's latest heartbeat and the seconds credited per item and local day

Revision ID: 0033_study_time
Revises: 0032_machine_suggested
Create Date: 2026-12-07 17:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0033_study_time'
down_revision: str | None = '0032_machine_suggested'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'study_presence',
        sa.Column('user_id', sa.Uuid(), nullable=False),
        sa.Column('last_beat_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_study_presence_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_study_presence')),
    )
    op.create_table(
        'study_time',
        sa.Column('user_id', sa.Uuid(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('item_id', sa.Uuid(), nullable=False),
        sa.Column('seconds', sa.Integer(), nullable=False),
        sa.Column('last_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('seconds >= 0', name=op.f('ck_study_time_seconds')),
        sa.ForeignKeyConstraint(['item_id'], ['content_items.id'],
                                name=op.f('fk_study_time_item_id_content_items'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_study_time_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'day', 'item_id', name=op.f('pk_study_time')),
    )
    op.create_index('ix_study_time_item_day', 'study_time', ['item_id', 'day'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_study_time_item_day', table_name='study_time')
    op.drop_table('study_time')
    op.drop_table('study_presence')
