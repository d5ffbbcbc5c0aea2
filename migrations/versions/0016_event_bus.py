"""event bus: delivery and retry per (event, handler); durable schedules

Revision ID: 0016_event_bus
Revises: 0015_email_change
Create Date: 2026-12-07 02:10:00

Each handler of an outbox event gets its own delivery row: a failing handler is retried alone
(the others of the same event are not run again), and a handler runs after its claim was
committed, with no row lock held.

Scheduled events are durable timers: an event stored now, raised through the outbox once when it
falls due (or dropped when it is found more than its grace late).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0016_event_bus'
down_revision: str | None = '0015_email_change'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'event_deliveries',
        sa.Column('event_id', sa.Uuid(), nullable=False),
        sa.Column('handler', sa.String(length=200), nullable=False),
        sa.Column('status', sa.String(length=10), server_default='pending', nullable=False),
        sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
        sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status in ('pending', 'done', 'failed')",
                           name=op.f('ck_event_deliveries_status')),
        sa.ForeignKeyConstraint(['event_id'], ['outbox.event_id'],
                                name=op.f('fk_event_deliveries_event_id_outbox'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('event_id', 'handler', name=op.f('pk_event_deliveries')),
    )
    op.create_index('ix_event_deliveries_due', 'event_deliveries', ['due_at'], unique=False,
                    postgresql_where=sa.text("status = 'pending'"))
    op.create_table(
        'scheduled_events',
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('event_id', sa.Uuid(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('payload', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('stale_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('status', sa.String(length=10), server_default='pending', nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status in ('pending', 'fired', 'dropped', 'cancelled')",
                           name=op.f('ck_scheduled_events_status')),
        sa.CheckConstraint('stale_at >= due_at', name=op.f('ck_scheduled_events_grace')),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_scheduled_events')),
    )
    op.create_index('ix_scheduled_events_due', 'scheduled_events', ['due_at'], unique=False,
                    postgresql_where=sa.text("status = 'pending'"))


def downgrade() -> None:
    op.drop_index('ix_scheduled_events_due', table_name='scheduled_events')
    op.drop_table('scheduled_events')
    op.drop_index('ix_event_deliveries_due', table_name='event_deliveries')
    op.drop_table('event_deliveries')
