"""payout accounts: mentors' accounts at the payment gateway and the transfers to them

Revision ID: 0023_payout_accounts
Revises: 0022_finance_indexes
Create Date: 2026-12-07 09:00:00

Each mentor has at most one payout account (Stripe Connect, or the test gateway's own); each
session's share transferred to it, and each reversal after a refund, is recorded before the
gateway is called and completed with the gateway's reference once it answered.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0023_payout_accounts'
down_revision: str | None = '0022_finance_indexes'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STATES = "state in ('onboarding', 'ready', 'restricted')"


def upgrade() -> None:
    op.create_table(
        'payout_accounts',
        sa.Column('mentor_id', sa.Uuid(), nullable=False),
        sa.Column('gateway', sa.String(length=20), nullable=False),
        sa.Column('account_ref', sa.String(length=255), nullable=False),
        sa.Column('state', sa.String(length=12), nullable=False),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(_STATES, name=op.f('ck_payout_accounts_state')),
        sa.ForeignKeyConstraint(['mentor_id'], ['users.id'],
                                name=op.f('fk_payout_accounts_mentor_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('mentor_id', name=op.f('pk_payout_accounts')),
        sa.UniqueConstraint('account_ref', name='uq_payout_accounts_account_ref'),
    )
    op.create_table(
        'payout_transfers',
        sa.Column('session_id', sa.Uuid(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('mentor_id', sa.Uuid(), nullable=False),
        sa.Column('destination', sa.String(length=255), nullable=False),
        sa.Column('amount', sa.BigInteger(), nullable=False),
        sa.Column('currency', sa.String(length=3), nullable=False),
        sa.Column('ref', sa.String(length=255), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint('amount > 0', name=op.f('ck_payout_transfers_amount')),
        sa.CheckConstraint('number >= 0', name=op.f('ck_payout_transfers_number')),
        sa.ForeignKeyConstraint(['session_id'], ['mentoring_sessions.id'],
                                name=op.f('fk_payout_transfers_session_id_mentoring_sessions'),
                                ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('session_id', 'number', name=op.f('pk_payout_transfers')),
    )
    op.create_index('ix_payout_transfers_unsent', 'payout_transfers', ['created_at'],
                    unique=False, postgresql_where=sa.text('sent_at is null'))
    op.create_table(
        'test_payout_accounts',
        sa.Column('ref', sa.String(length=64), nullable=False),
        sa.Column('idempotency_key', sa.String(length=200), nullable=False),
        sa.Column('mentor_id', sa.Uuid(), nullable=False),
        sa.Column('email', sa.String(length=320), nullable=False),
        sa.Column('country', sa.String(length=2), nullable=False),
        sa.Column('state', sa.String(length=12), nullable=False),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('return_url', sa.Text(), nullable=True),
        sa.Column('refresh_url', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(_STATES, name=op.f('ck_test_payout_accounts_state')),
        sa.PrimaryKeyConstraint('ref', name=op.f('pk_test_payout_accounts')),
        sa.UniqueConstraint('idempotency_key',
                            name='uq_test_payout_accounts_idempotency_key'),
    )


def downgrade() -> None:
    op.drop_table('test_payout_accounts')
    op.drop_index('ix_payout_transfers_unsent', table_name='payout_transfers')
    op.drop_table('payout_transfers')
    op.drop_table('payout_accounts')
