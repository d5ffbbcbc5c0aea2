"""account security

Revision ID: 0011_account_security
Revises: 0010_exchange_rates
Create Date: 2026-12-06 22:40:00

Sessions remember when they were last used, from which device and address, and after how long
idle they end; accounts may carry a TOTP second factor (its recovery codes are one-time tokens).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011_account_security'
down_revision: str | None = '0010_exchange_rates'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('auth_sessions', sa.Column('last_used_at', sa.DateTime(timezone=True)))
    op.add_column('auth_sessions', sa.Column('idle_timeout_seconds', sa.Integer()))
    op.add_column('auth_sessions', sa.Column('user_agent', sa.String(length=255)))
    op.add_column('auth_sessions', sa.Column('client_address', sa.String(length=64)))
    op.execute("update auth_sessions set last_used_at = created_at")

    op.add_column('users', sa.Column('totp_secret', sa.String(length=64)))
    op.add_column('users', sa.Column('totp_enabled_at', sa.DateTime(timezone=True)))
    op.add_column('users', sa.Column('totp_last_step', sa.BigInteger()))


def downgrade() -> None:
    op.drop_column('users', 'totp_last_step')
    op.drop_column('users', 'totp_enabled_at')
    op.drop_column('users', 'totp_secret')
    op.drop_column('auth_sessions', 'client_address')
    op.drop_column('auth_sessions', 'user_agent')
    op.drop_column('auth_sessions', 'idle_timeout_seconds')
    op.drop_column('auth_sessions', 'last_used_at')
