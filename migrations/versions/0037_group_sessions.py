"""group sessions: sessions with up to N students, their seats, and one calendar per person

Revision ID: 0037_group_sessions
Revises: 0036_operations_console
Create Date: 2026-12-07 21:30:00

``time_claims`` holds the time each person is taken, by a one-to-one session, a group session
(its mentor) or a seat (its student); triggers on the three tables keep it (one person's claims
written one transaction at a time), and one exclusion constraint per party refuses overlaps
across both kinds of session. Existing sessions that take their range are copied in.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0037_group_sessions'
down_revision: str | None = '0036_operations_console'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

def upgrade() -> None:
    op.create_table(
        'group_sessions',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('mentor_id', sa.Uuid(), nullable=False),
        sa.Column('title', sa.String(length=120), nullable=False),
        sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('capacity', sa.Integer(), nullable=False),
        sa.Column('seats_taken', sa.Integer(), server_default='0', nullable=False),
        sa.Column('seat_price', sa.BigInteger(), nullable=False),
        sa.Column('currency', sa.String(length=3), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('free_until_hours', sa.Integer(), nullable=False),
        sa.Column('late_refund_percent', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), server_default='1', nullable=False),
        sa.CheckConstraint("status in ('scheduled', 'completed', 'cancelled')",
                           name=op.f('ck_group_sessions_status')),
        sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_group_sessions_range')),
        sa.CheckConstraint('capacity >= 2 and 0 <= seats_taken and seats_taken <= capacity',
                           name=op.f('ck_group_sessions_seats')),
        sa.CheckConstraint('seat_price >= 0', name=op.f('ck_group_sessions_price')),
        sa.ForeignKeyConstraint(['mentor_id'], ['users.id'],
                                name=op.f('fk_group_sessions_mentor_id_users'),
                                ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_group_sessions')),
    )
    op.create_index('ix_group_sessions_mentor_starts', 'group_sessions',
                    ['mentor_id', 'starts_at'], unique=False)
    op.create_table(
        'group_seats',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('group_session_id', sa.Uuid(), nullable=False),
        sa.Column('student_id', sa.Uuid(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('taken_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status in ('taken', 'cancelled', 'released')",
                           name=op.f('ck_group_seats_status')),
        sa.ForeignKeyConstraint(['group_session_id'], ['group_sessions.id'],
                                name=op.f('fk_group_seats_group_session_id_group_sessions'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['student_id'], ['users.id'],
                                name=op.f('fk_group_seats_student_id_users'),
                                ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_group_seats')),
    )
    op.create_index('uq_group_seats_student', 'group_seats',
                    ['group_session_id', 'student_id'], unique=True,
                    postgresql_where=sa.text("status = 'taken'"))
    op.create_index('ix_group_seats_student_id', 'group_seats',
                    ['student_id', 'group_session_id'], unique=False)
    op.create_table(
        'time_claims',
        sa.Column('source_id', sa.Uuid(), nullable=False),
        sa.Column('user_id', sa.Uuid(), nullable=False),
        sa.Column('party', sa.String(length=10), nullable=False),
        sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("party in ('mentor', 'student')", name=op.f('ck_time_claims_party')),
        sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_time_claims_range')),
        sa.PrimaryKeyConstraint('source_id', 'user_id', name=op.f('pk_time_claims')),
        postgresql.ExcludeConstraint(
            (sa.column('user_id'), '='),
            (sa.func.tstzrange(sa.column('starts_at'), sa.column('ends_at')), '&&'),
            where=sa.text("party = 'mentor'"), using='gist', name='ex_time_claims_mentor'),
        postgresql.ExcludeConstraint(
            (sa.column('user_id'), '='),
            (sa.func.tstzrange(sa.column('starts_at'), sa.column('ends_at')), '&&'),
            where=sa.text("party = 'student'"), using='gist', name='ex_time_claims_student'),
    )
    op.execute("""
        INSERT INTO time_claims (source_id, user_id, party, starts_at, ends_at)
        SELECT id, mentor_id, 'mentor', starts_at, ends_at FROM mentoring_sessions
            WHERE status IN ('held', 'awaiting_payment', 'confirmed')
        UNION ALL
        SELECT id, student_id, 'student', starts_at, ends_at FROM mentoring_sessions
            WHERE status IN ('held', 'awaiting_payment', 'confirmed')""")
    # Claims of one person are written one transaction at a time: a transaction-scoped
    # advisory lock per person (3600 keeps them in a key space of their own), taken in a fixed
    # order before the row is written. Without it, transactions that wait for an earlier
    # writer of an overlapping row (exclusion constraints wait for in-progress rows) deadlock
    # with each other when that writer rolls back, instead of meeting a committed claim.
    op.execute("""
        CREATE FUNCTION lock_calendars(people uuid[]) RETURNS void LANGUAGE plpgsql AS $$
        DECLARE
            person_key integer;
        BEGIN
            FOR person_key IN SELECT DISTINCT hashtext(p::text) FROM unnest(people) p ORDER BY 1
            LOOP
                PERFORM pg_advisory_xact_lock(3600, person_key);
            END LOOP;
        END $$""")
    # Each trigger replaces the claims of its row before the row is written: an insert, a
    # move or a change of status claims the row's range while it takes it, and nothing
    # otherwise. A change that keeps the same claims (a payment confirming a hold) leaves them.
    op.execute("""
        CREATE FUNCTION mentoring_sessions_claim_time() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            claims boolean;
        BEGIN
            IF TG_OP = 'DELETE' THEN
                DELETE FROM time_claims WHERE source_id = OLD.id;
                RETURN OLD;
            END IF;
            claims := NEW.status IN ('held', 'awaiting_payment', 'confirmed');
            IF TG_OP = 'UPDATE' AND claims
                    AND OLD.status IN ('held', 'awaiting_payment', 'confirmed')
                    AND (OLD.starts_at, OLD.ends_at, OLD.mentor_id, OLD.student_id)
                        = (NEW.starts_at, NEW.ends_at, NEW.mentor_id, NEW.student_id) THEN
                RETURN NEW;
            END IF;
            IF claims THEN
                PERFORM lock_calendars(ARRAY[NEW.mentor_id, NEW.student_id]);
            END IF;
            IF TG_OP = 'UPDATE' THEN
                DELETE FROM time_claims WHERE source_id = OLD.id;
            END IF;
            IF claims THEN
                INSERT INTO time_claims (source_id, user_id, party, starts_at, ends_at)
                VALUES (NEW.id, NEW.mentor_id, 'mentor', NEW.starts_at, NEW.ends_at),
                       (NEW.id, NEW.student_id, 'student', NEW.starts_at, NEW.ends_at);
            END IF;
            RETURN NEW;
        END $$""")
    op.execute("""
        CREATE FUNCTION group_sessions_claim_time() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            claims boolean;
        BEGIN
            IF TG_OP = 'DELETE' THEN
                DELETE FROM time_claims WHERE source_id = OLD.id;
                RETURN OLD;
            END IF;
            claims := NEW.status = 'scheduled';
            IF TG_OP = 'UPDATE' AND claims AND OLD.status = 'scheduled'
                    AND (OLD.starts_at, OLD.ends_at, OLD.mentor_id)
                        = (NEW.starts_at, NEW.ends_at, NEW.mentor_id) THEN
                RETURN NEW;
            END IF;
            IF claims THEN
                PERFORM lock_calendars(ARRAY[NEW.mentor_id]);
            END IF;
            IF TG_OP = 'UPDATE' THEN
                DELETE FROM time_claims WHERE source_id = OLD.id;
            END IF;
            IF claims THEN
                INSERT INTO time_claims (source_id, user_id, party, starts_at, ends_at)
                VALUES (NEW.id, NEW.mentor_id, 'mentor', NEW.starts_at, NEW.ends_at);
            END IF;
            RETURN NEW;
        END $$""")
    op.execute("""
        CREATE FUNCTION group_seats_claim_time() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            claims boolean;
        BEGIN
            IF TG_OP = 'DELETE' THEN
                DELETE FROM time_claims WHERE source_id = OLD.id;
                RETURN OLD;
            END IF;
            claims := NEW.status = 'taken';
            IF TG_OP = 'UPDATE' AND claims AND OLD.status = 'taken'
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
        END $$""")
    op.execute("""
        CREATE TRIGGER mentoring_sessions_claim_time
            BEFORE INSERT OR DELETE OR UPDATE OF status, starts_at, ends_at, mentor_id, student_id
            ON mentoring_sessions FOR EACH ROW EXECUTE FUNCTION mentoring_sessions_claim_time()""")
    op.execute("""
        CREATE TRIGGER group_sessions_claim_time
            BEFORE INSERT OR DELETE OR UPDATE OF status, starts_at, ends_at, mentor_id
            ON group_sessions FOR EACH ROW EXECUTE FUNCTION group_sessions_claim_time()""")
    op.execute("""
        CREATE TRIGGER group_seats_claim_time
            BEFORE INSERT OR DELETE OR UPDATE OF status, student_id
            ON group_seats FOR EACH ROW EXECUTE FUNCTION group_seats_claim_time()""")

def downgrade() -> None:
    op.execute("DROP TRIGGER group_seats_claim_time ON group_seats")
    op.execute("DROP TRIGGER group_sessions_claim_time ON group_sessions")
    op.execute("DROP TRIGGER mentoring_sessions_claim_time ON mentoring_sessions")
    op.execute("DROP FUNCTION group_seats_claim_time()")
    op.execute("DROP FUNCTION group_sessions_claim_time()")
    op.execute("DROP FUNCTION mentoring_sessions_claim_time()")
    op.execute("DROP FUNCTION lock_calendars(uuid[])")
    op.drop_table('time_claims')
    op.drop_index('ix_group_seats_student_id', table_name='group_seats')
    op.drop_index('uq_group_seats_student', table_name='group_seats',
                  postgresql_where=sa.text("status = 'taken'"))
    op.drop_table('group_seats')
    op.drop_index('ix_group_sessions_mentor_starts', table_name='group_sessions')
    op.drop_table('group_sessions')
