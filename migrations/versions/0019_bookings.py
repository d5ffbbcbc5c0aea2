"""bookings: booking terms, sessions without double booking, their history, the ledger

Revision ID: 0019_bookings
Revises: 0018_background_jobs
Create Date: 2026-12-07 05:20:00

Two sessions that take their time range (held, awaiting payment, confirmed) cannot overlap for
one mentor nor for one student: exclusion constraints over ``tstzrange`` (btree_gist for the
``=`` on the ids). The ledger is append-only, and a deferred constraint trigger refuses a
commit that leaves any posting's entries not summing to zero.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0019_bookings'
down_revision: str | None = '0018_background_jobs'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BLOCKING = "status in ('held', 'awaiting_payment', 'confirmed')"
STATUSES = ("'held', 'awaiting_payment', 'confirmed', 'completed', 'cancelled', "
            "'no_show_student', 'no_show_mentor', 'disputed', 'expired'")


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    op.create_table(
        'booking_policies',
        sa.Column('mentor_id', sa.Uuid(), nullable=False),
        sa.Column('free_until_hours', sa.Integer(), nullable=False),
        sa.Column('late_refund_percent', sa.Integer(), nullable=False),
        sa.Column('trial_minutes', sa.Integer(), nullable=True),
        sa.Column('trial_price_percent', sa.Integer(), nullable=True),
        sa.Column('max_sessions_per_day', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), server_default='1', nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['mentor_id'], ['mentor_profiles.user_id'],
                                name=op.f('fk_booking_policies_mentor_id_mentor_profiles'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('mentor_id', name=op.f('pk_booking_policies')),
    )
    op.create_table(
        'mentoring_sessions',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('student_id', sa.Uuid(), nullable=False),
        sa.Column('mentor_id', sa.Uuid(), nullable=False),
        sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('price', sa.BigInteger(), nullable=False),
        sa.Column('currency', sa.String(length=3), nullable=False),
        sa.Column('trial', sa.Boolean(), server_default='false', nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('hold_expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('checkout_ref', sa.String(length=255), nullable=True),
        sa.Column('payment_ref', sa.String(length=255), nullable=True),
        sa.Column('paid', sa.BigInteger(), server_default='0', nullable=False),
        sa.Column('refunded', sa.BigInteger(), server_default='0', nullable=False),
        sa.Column('cancelled_by', sa.String(length=10), nullable=True),
        sa.Column('sequence', sa.Integer(), server_default='0', nullable=False),
        sa.Column('reschedules', sa.Integer(), server_default='0', nullable=False),
        sa.Column('meeting_url', sa.Text(), server_default='', nullable=False),
        sa.Column('notes', sa.Text(), server_default='', nullable=False),
        sa.Column('free_until_hours', sa.Integer(), nullable=False),
        sa.Column('late_refund_percent', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), server_default='1', nullable=False),
        sa.CheckConstraint(f'status in ({STATUSES})', name=op.f('ck_mentoring_sessions_status')),
        sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_mentoring_sessions_range')),
        sa.CheckConstraint('0 <= refunded and refunded <= paid',
                           name=op.f('ck_mentoring_sessions_refund')),
        sa.CheckConstraint('student_id <> mentor_id', name=op.f('ck_mentoring_sessions_parties')),
        sa.ForeignKeyConstraint(['mentor_id'], ['users.id'],
                                name=op.f('fk_mentoring_sessions_mentor_id_users'),
                                ondelete='RESTRICT'),
        sa.ForeignKeyConstraint(['student_id'], ['users.id'],
                                name=op.f('fk_mentoring_sessions_student_id_users'),
                                ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_sessions')),
        postgresql.ExcludeConstraint(
            (sa.column('mentor_id'), '='),
            (sa.func.tstzrange(sa.column('starts_at'), sa.column('ends_at')), '&&'),
            where=sa.text(BLOCKING), using='gist', name='ex_mentoring_sessions_mentor_time'),
        postgresql.ExcludeConstraint(
            (sa.column('student_id'), '='),
            (sa.func.tstzrange(sa.column('starts_at'), sa.column('ends_at')), '&&'),
            where=sa.text(BLOCKING), using='gist', name='ex_mentoring_sessions_student_time'),
    )
    op.create_index('uq_mentoring_sessions_trial', 'mentoring_sessions',
                    ['student_id', 'mentor_id'], unique=True,
                    postgresql_where=sa.text("trial and status not in ('expired', 'cancelled')"))
    op.create_index('ix_mentoring_sessions_mentor_starts', 'mentoring_sessions',
                    ['mentor_id', 'starts_at'], unique=False)
    op.create_index('ix_mentoring_sessions_student_starts', 'mentoring_sessions',
                    ['student_id', 'starts_at'], unique=False)
    op.create_index('ix_mentoring_sessions_checkout_ref', 'mentoring_sessions',
                    ['checkout_ref'], unique=False)
    op.create_table(
        'session_transitions',
        sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column('session_id', sa.Uuid(), nullable=False),
        sa.Column('from_status', sa.String(length=20), nullable=True),
        sa.Column('to_status', sa.String(length=20), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('by_user', sa.Uuid(), nullable=True),
        sa.Column('reason', sa.Text(), server_default='', nullable=False),
        sa.ForeignKeyConstraint(['session_id'], ['mentoring_sessions.id'],
                                name=op.f('fk_session_transitions_session_id_mentoring_sessions'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_session_transitions')),
    )
    op.create_index('ix_session_transitions_session_id', 'session_transitions',
                    ['session_id', 'id'], unique=False)
    op.create_table(
        'ledger_postings',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('currency', sa.String(length=3), nullable=False),
        sa.Column('session_id', sa.Uuid(), nullable=True),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['session_id'], ['mentoring_sessions.id'],
                                name=op.f('fk_ledger_postings_session_id_mentoring_sessions'),
                                ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_postings')),
    )
    op.create_index('ix_ledger_postings_session_id', 'ledger_postings', ['session_id'],
                    unique=False)
    op.create_index('ix_ledger_postings_at', 'ledger_postings', ['at'], unique=False)
    op.create_table(
        'ledger_entries',
        sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column('posting_id', sa.Uuid(), nullable=False),
        sa.Column('account', sa.String(length=20), nullable=False),
        sa.Column('owner_id', sa.Uuid(), nullable=True),
        sa.Column('amount', sa.BigInteger(), nullable=False),
        sa.CheckConstraint('amount <> 0', name=op.f('ck_ledger_entries_amount')),
        sa.ForeignKeyConstraint(['posting_id'], ['ledger_postings.id'],
                                name=op.f('fk_ledger_entries_posting_id_ledger_postings'),
                                ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_entries')),
    )
    op.create_index('ix_ledger_entries_posting_id', 'ledger_entries', ['posting_id'],
                    unique=False)
    op.create_index('ix_ledger_entries_owner_account', 'ledger_entries',
                    ['owner_id', 'account'], unique=False)
    op.execute("""
        CREATE FUNCTION ledger_posting_balances() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF (SELECT coalesce(sum(amount), 0) FROM ledger_entries
                WHERE posting_id = NEW.posting_id) <> 0 THEN
                RAISE EXCEPTION 'ledger posting % does not balance', NEW.posting_id
                    USING ERRCODE = 'check_violation';
            END IF;
            RETURN NULL;
        END $$""")
    op.execute("""
        CREATE CONSTRAINT TRIGGER ledger_entries_balance AFTER INSERT ON ledger_entries
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
            EXECUTE FUNCTION ledger_posting_balances()""")
    op.execute("""
        CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the ledger is append-only' USING ERRCODE = 'restrict_violation';
        END $$""")
    for table in ('ledger_entries', 'ledger_postings'):
        op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION ledger_append_only()")
    op.create_table(
        'payment_events',
        sa.Column('event_id', sa.String(length=255), nullable=False),
        sa.Column('type', sa.String(length=100), nullable=False),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('event_id', name=op.f('pk_payment_events')),
    )


def downgrade() -> None:
    op.drop_table('payment_events')
    for table in ('ledger_entries', 'ledger_postings'):
        op.execute(f"DROP TRIGGER {table}_append_only ON {table}")
    op.execute("DROP TRIGGER ledger_entries_balance ON ledger_entries")
    op.execute("DROP FUNCTION ledger_append_only()")
    op.execute("DROP FUNCTION ledger_posting_balances()")
    op.drop_index('ix_ledger_entries_owner_account', table_name='ledger_entries')
    op.drop_index('ix_ledger_entries_posting_id', table_name='ledger_entries')
    op.drop_table('ledger_entries')
    op.drop_index('ix_ledger_postings_at', table_name='ledger_postings')
    op.drop_index('ix_ledger_postings_session_id', table_name='ledger_postings')
    op.drop_table('ledger_postings')
    op.drop_index('ix_session_transitions_session_id', table_name='session_transitions')
    op.drop_table('session_transitions')
    op.drop_index('ix_mentoring_sessions_checkout_ref', table_name='mentoring_sessions')
    op.drop_index('ix_mentoring_sessions_student_starts', table_name='mentoring_sessions')
    op.drop_index('ix_mentoring_sessions_mentor_starts', table_name='mentoring_sessions')
    op.drop_index('uq_mentoring_sessions_trial', table_name='mentoring_sessions')
    op.drop_table('mentoring_sessions')
    op.drop_table('booking_policies')
