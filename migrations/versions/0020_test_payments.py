"""test payments: the built-in test gateway's checkouts and refunds

Revision ID: 0020_test_payments
Revises: 0019_bookings
Create Date: 2026-12-07 05:30:00

The embedded default takes payments on its own "test payment" page; it keeps its checkouts
and refunds here as a real gateway keeps them on its side.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0020_test_payments'
down_revision: str | None = '0019_bookings'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'test_checkouts',
        sa.Column('ref', sa.String(length=64), nullable=False),
        sa.Column('idempotency_key', sa.String(length=200), nullable=False),
        sa.Column('session_id', sa.Uuid(), nullable=False),
        sa.Column('amount', sa.BigInteger(), nullable=False),
        sa.Column('currency', sa.String(length=3), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('customer_email', sa.String(length=320), nullable=False),
        sa.Column('success_url', sa.Text(), nullable=False),
        sa.Column('cancel_url', sa.Text(), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('payment_ref', sa.String(length=64), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status in ('open', 'paid', 'expired')",
                           name=op.f('ck_test_checkouts_status')),
        sa.PrimaryKeyConstraint('ref', name=op.f('pk_test_checkouts')),
        sa.UniqueConstraint('idempotency_key', name='uq_test_checkouts_idempotency_key'),
    )
    op.create_table(
        'test_refunds',
        sa.Column('idempotency_key', sa.String(length=200), nullable=False),
        sa.Column('ref', sa.String(length=64), nullable=False),
        sa.Column('payment_ref', sa.String(length=64), nullable=False),
        sa.Column('amount', sa.BigInteger(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('amount > 0', name=op.f('ck_test_refunds_amount')),
        sa.PrimaryKeyConstraint('idempotency_key', name=op.f('pk_test_refunds')),
    )
    op.create_index('ix_test_refunds_payment_ref', 'test_refunds', ['payment_ref'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_test_refunds_payment_ref', table_name='test_refunds')
    op.drop_table('test_refunds')
    op.drop_table('test_checkouts')
