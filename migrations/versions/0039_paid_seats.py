"""paid seats: a group session's seat held until its checkout is paid, and the ledger's seats

Revision ID: 0039_paid_seats
Revises: 0038_session_topic
Create Date: 2026-12-08 00:20:00

A seat of a priced group session is ``held`` (counted against the capacity, taking its
student's time like a taken seat) until the gateway reports its payment, or ``expired`` when
that never comes. Seats keep their price, checkout, payment and refunds; ledger postings name
the seat they concern (``seat_id``), as they name a one-to-one session (``session_id``).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0039_paid_seats'
down_revision: str | None = '0038_session_topic'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The seats' trigger function of migration 0037, claiming time while a seat is in STATUSES.
_SEAT_CLAIMS = """
        CREATE OR REPLACE FUNCTION group_seats_claim_time() RETURNS trigger
        LANGUAGE plpgsql AS $$
        DECLARE
            claims boolean;
        BEGIN
            IF TG_OP = 'DELETE' THEN
                DELETE FROM time_claims WHERE source_id = OLD.id;
                RETURN OLD;
            END IF;
            claims := NEW.status IN (STATUSES);
            IF TG_OP = 'UPDATE' AND claims AND OLD.status IN (STATUSES)
                    AND OLD.student_id = NEW.student_id THEN
                RETURN NEW;
            END IF;
            IF claims THEN
                PERFORM lock_calendars(ARRAY[NEW.student_id]);
            END IF;
            IF TG_OP = 'UPDATE' THEN
                DELETE FROM time_claims WHERE source_id = OLD.id;
            END IF;
            IF claims THEN
                INSERT INTO time_claims (source_id, user_id, party, starts_at, ends_at)
                SELECT NEW.id, NEW.student_id, 'student', g.starts_at, g.ends_at
                FROM group_sessions g WHERE g.id = NEW.group_session_id;
            END IF;
            RETURN NEW;
        END $$"""


def upgrade() -> None:
    op.add_column('group_seats', sa.Column('price', sa.BigInteger(), server_default='0',
                                           nullable=False))
    op.add_column('group_seats', sa.Column('hold_expires_at', sa.DateTime(timezone=True),
                                           nullable=True))
    op.add_column('group_seats', sa.Column('checkout_ref', sa.String(length=255),
                                           nullable=True))
    op.add_column('group_seats', sa.Column('payment_ref', sa.String(length=255),
                                           nullable=True))
    op.add_column('group_seats', sa.Column('paid', sa.BigInteger(), server_default='0',
                                           nullable=False))
    op.add_column('group_seats', sa.Column('refunded', sa.BigInteger(), server_default='0',
                                           nullable=False))
    op.create_check_constraint(
        op.f('ck_group_seats_money'), 'group_seats',
        'price >= 0 and paid >= 0 and 0 <= refunded and refunded <= paid')
    op.drop_constraint(op.f('ck_group_seats_status'), 'group_seats', type_='check')
    op.create_check_constraint(
        op.f('ck_group_seats_status'), 'group_seats',
        "status in ('held', 'expired', 'taken', 'cancelled', 'released')")
    # The gateway's events find their seat by its checkout.
    op.create_index('uq_group_seats_checkout_ref', 'group_seats', ['checkout_ref'],
                    unique=True, postgresql_where=sa.text('checkout_ref IS NOT NULL'))
    # One held or taken seat per student and session.
    op.drop_index('uq_group_seats_student', table_name='group_seats',
                  postgresql_where=sa.text("status = 'taken'"))
    op.create_index('uq_group_seats_student', 'group_seats',
                    ['group_session_id', 'student_id'], unique=True,
                    postgresql_where=sa.text("status in ('held', 'taken')"))
    op.execute(_SEAT_CLAIMS.replace("STATUSES", "'held', 'taken'"))

    op.add_column('ledger_postings', sa.Column('seat_id', sa.Uuid(), nullable=True))
    op.create_foreign_key(op.f('fk_ledger_postings_seat_id_group_seats'), 'ledger_postings',
                          'group_seats', ['seat_id'], ['id'], ondelete='RESTRICT')
    op.create_index('ix_ledger_postings_seat_id', 'ledger_postings', ['seat_id'],
                    postgresql_where=sa.text('seat_id IS NOT NULL'))


def downgrade() -> None:
    op.drop_index('ix_ledger_postings_seat_id', table_name='ledger_postings',
                  postgresql_where=sa.text('seat_id IS NOT NULL'))
    op.drop_constraint(op.f('fk_ledger_postings_seat_id_group_seats'), 'ledger_postings',
                       type_='foreignkey')
    op.drop_column('ledger_postings', 'seat_id')
    op.execute("DELETE FROM group_seats WHERE status IN ('held', 'expired')")
    op.execute(_SEAT_CLAIMS.replace("STATUSES", "'taken'"))
    op.drop_index('uq_group_seats_student', table_name='group_seats',
                  postgresql_where=sa.text("status in ('held', 'taken')"))
    op.create_index('uq_group_seats_student', 'group_seats',
                    ['group_session_id', 'student_id'], unique=True,
                    postgresql_where=sa.text("status = 'taken'"))
    op.drop_index('uq_group_seats_checkout_ref', table_name='group_seats',
                  postgresql_where=sa.text('checkout_ref IS NOT NULL'))
    op.drop_constraint(op.f('ck_group_seats_status'), 'group_seats', type_='check')
    op.create_check_constraint(op.f('ck_group_seats_status'), 'group_seats',
                               "status in ('taken', 'cancelled', 'released')")
    op.drop_constraint(op.f('ck_group_seats_money'), 'group_seats', type_='check')
    for column in ('refunded', 'paid', 'payment_ref', 'checkout_ref', 'hold_expires_at',
                   'price'):
        op.drop_column('group_seats', column)
