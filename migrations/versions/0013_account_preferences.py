"""account preferences

Revision ID: 0013_account_preferences
Revises: 0012_learning_progress
Create Date: 2026-12-06 22:45:00

A profile picture per account (the blob key of its re-encoded copy) and the notification
choices people made: a row per notification type and channel that differs from the default.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0013_account_preferences'
down_revision: str | None = '0012_learning_progress'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('users', sa.Column('avatar_key', sa.String(length=200), nullable=True))
    op.create_table(
        'notification_preferences',
        sa.Column('user_id', sa.Uuid(), nullable=False),
        sa.Column('kind', sa.String(length=64), nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=False),
        sa.Column('enabled', sa.Boolean(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("channel in ('email','in_app')",
                           name=op.f('ck_notification_preferences_channel')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_notification_preferences_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'kind', 'channel',
                                name=op.f('pk_notification_preferences')),
    )


def downgrade() -> None:
    op.drop_table('notification_preferences')
    op.drop_column('users', 'avatar_key')
