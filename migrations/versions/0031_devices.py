"""devices: a name and a push token per sign-in; push as a notification channel

Revision ID: 0031_devices
Revises: 0030_annotation_selector_text
Create Date: 2026-12-07 18:00:00

A mobile app names its device at sign-in and registers where its notifications are pushed;
both live on the session row, so revoking a device stops its pushes in the same write.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0031_devices'
down_revision: str | None = '0030_annotation_selector_text'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('auth_sessions', sa.Column('device_name', sa.String(length=80)))
    op.add_column('auth_sessions', sa.Column('push_platform', sa.String(length=16)))
    op.add_column('auth_sessions', sa.Column('push_token', sa.String(length=512)))
    op.add_column('auth_sessions',
                  sa.Column('push_registered_at', sa.DateTime(timezone=True)))
    op.create_check_constraint(op.f('ck_auth_sessions_push_platform'), 'auth_sessions',
                               "push_platform in ('ios','android','expo')")
    op.create_check_constraint(op.f('ck_auth_sessions_push_pair'), 'auth_sessions',
                               "(push_token is null) = (push_platform is null)")
    op.create_index('ix_auth_sessions_push_token', 'auth_sessions', ['push_token'],
                    postgresql_where=sa.text('push_token is not null'))
    op.drop_constraint(op.f('ck_notification_preferences_channel'), 'notification_preferences',
                       type_='check')
    op.create_check_constraint(op.f('ck_notification_preferences_channel'),
                               'notification_preferences',
                               "channel in ('email','in_app','push')")


def downgrade() -> None:
    op.execute("DELETE FROM notification_preferences WHERE channel = 'push'")
    op.drop_constraint(op.f('ck_notification_preferences_channel'), 'notification_preferences',
                       type_='check')
    op.create_check_constraint(op.f('ck_notification_preferences_channel'),
                               'notification_preferences', "channel in ('email','in_app')")
    op.drop_index('ix_auth_sessions_push_token', table_name='auth_sessions')
    op.drop_constraint(op.f('ck_auth_sessions_push_pair'), 'auth_sessions', type_='check')
    op.drop_constraint(op.f('ck_auth_sessions_push_platform'), 'auth_sessions', type_='check')
    for column in ('push_registered_at', 'push_token', 'push_platform', 'device_name'):
        op.drop_column('auth_sessions', column)
