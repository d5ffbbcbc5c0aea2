"""exchange rates

Revision ID: 0010_exchange_rates
Revises: 0009_content_search
Create Date: 2026-12-06 22:50:00

An ``exchange_rates`` table (value of one major unit in USD, exact NUMERIC), seeded with
approximate rates for every currency mentors can charge in, so mentor search compares prices
across currencies. JPY rates move from hundredths of a yen to whole yen, its ISO 4217 minor
unit.
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

revision: str = '0010_exchange_rates'
down_revision: str | None = '0009_content_search'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Approximate demo values (USD per unit); admins keep them current.
SEED = {
    'USD': '1', 'EUR': '1.08', 'GBP': '1.27', 'CHF': '1.13', 'AUD': '0.66', 'CAD': '0.73',
    'CNY': '0.14', 'INR': '0.012', 'JPY': '0.0067', 'NGN': '0.00065',
}


def upgrade() -> None:
    rates = op.create_table(
        'exchange_rates',
        sa.Column('currency', sa.String(length=3), nullable=False),
        sa.Column('rate', sa.Numeric(precision=18, scale=9), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_by', sa.Uuid(), nullable=True),
        sa.CheckConstraint('rate > 0', name=op.f('ck_exchange_rates_rate_positive')),
        sa.ForeignKeyConstraint(['updated_by'], ['users.id'],
                                name=op.f('fk_exchange_rates_updated_by_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('currency', name=op.f('pk_exchange_rates')),
    )
    seeded = datetime.now(UTC)
    op.bulk_insert(rates, [{'currency': code, 'rate': Decimal(rate), 'updated_at': seeded}
                           for code, rate in SEED.items()])
    op.execute("update mentor_profiles set hourly_rate_cents = greatest(1, round("
               "hourly_rate_cents / 100.0)) where currency = 'JPY' "
               "and hourly_rate_cents is not null")


def downgrade() -> None:
    op.execute("update mentor_profiles set hourly_rate_cents = hourly_rate_cents * 100 "
               "where currency = 'JPY' and hourly_rate_cents is not null")
    op.drop_table('exchange_rates')
