"""gamification: the XP ledger, learner progress, boards, leagues, note reads, achievements

Revision ID: 0034_gamification
Revises: 0033_study_time
Create Date: 2026-12-07 17:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0034_gamification'
down_revision: str | None = '0033_study_time'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('league_closes',
        sa.Column('week_start', sa.Date(), nullable=False),
        sa.Column('closed_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('week_start', name=op.f('pk_league_closes'))
    )
    op.create_table('leagues',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('week_start', sa.Date(), nullable=False),
        sa.Column('tier', sa.SmallInteger(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('size', sa.Integer(), server_default='0', nullable=False),
        sa.CheckConstraint('tier between 1 and 5', name=op.f('ck_leagues_tier')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_leagues')),
        sa.UniqueConstraint('week_start', 'tier', 'number', name='uq_leagues_week_tier_number')
    )
    op.create_table('achievement_unlocks',
        sa.Column('user_id', sa.Uuid(), nullable=False),
        sa.Column('code', sa.String(length=40), nullable=False),
        sa.Column('unlocked_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_achievement_unlocks_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'code', name=op.f('pk_achievement_unlocks'))
    )
    op.create_table('league_members',
        sa.Column('week_start', sa.Date(), nullable=False),
        sa.Column('user_id', sa.Uuid(), nullable=False),
        sa.Column('league_id', sa.Uuid(), nullable=False),
        sa.Column('tier', sa.SmallInteger(), nullable=False),
        sa.Column('xp', sa.Integer(), server_default='0', nullable=False),
        sa.Column('reached_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('rank', sa.Integer(), nullable=True),
        sa.Column('outcome', sa.String(length=10), nullable=True),
        sa.CheckConstraint("outcome in ('promoted','stayed','demoted')", name=op.f('ck_league_members_outcome')),
        sa.ForeignKeyConstraint(['league_id'], ['leagues.id'], name=op.f('fk_league_members_league_id_leagues'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_league_members_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('week_start', 'user_id', name=op.f('pk_league_members'))
    )
    op.create_index('ix_league_members_board', 'league_members', ['league_id', sa.literal_column('xp DESC'), 'reached_at', 'user_id'], unique=False)
    op.create_index('ix_league_members_user_id', 'league_members', ['user_id'], unique=False)
    op.create_table('learner_progress',
        sa.Column('user_id', sa.Uuid(), nullable=False),
        sa.Column('total_xp', sa.BigInteger(), server_default='0', nullable=False),
        sa.Column('streak_current', sa.Integer(), server_default='0', nullable=False),
        sa.Column('streak_longest', sa.Integer(), server_default='0', nullable=False),
        sa.Column('streak_last_day', sa.Date(), nullable=True),
        sa.Column('freezes', sa.SmallInteger(), server_default='0', nullable=False),
        sa.Column('zone', sa.String(length=64), server_default='UTC', nullable=False),
        sa.Column('next_zone', sa.String(length=64), nullable=True),
        sa.Column('next_zone_from', sa.DateTime(timezone=True), nullable=True),
        sa.Column('excused_day', sa.Date(), nullable=True),
        sa.Column('daily_goal', sa.Integer(), server_default='20', nullable=False),
        sa.Column('hidden', sa.Boolean(), server_default='false', nullable=False),
        sa.Column('tier', sa.SmallInteger(), server_default='1', nullable=False),
        sa.Column('counts', postgresql.JSONB(astext_type=sa.Text()), server_default='{}', nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint('freezes between 0 and 2', name=op.f('ck_learner_progress_freezes')),
        sa.CheckConstraint('tier between 1 and 5', name=op.f('ck_learner_progress_tier')),
        sa.CheckConstraint('total_xp >= 0', name=op.f('ck_learner_progress_total_xp')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_learner_progress_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_learner_progress'))
    )
    op.create_index('ix_learner_progress_hidden', 'learner_progress', ['user_id'], unique=False,
                    postgresql_where=sa.text('hidden'))
    op.create_table('xp_days',
        sa.Column('user_id', sa.Uuid(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('xp', sa.Integer(), server_default='0', nullable=False),
        sa.Column('goal_met', sa.Boolean(), server_default='false', nullable=False),
        sa.Column('frozen', sa.Boolean(), server_default='false', nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_xp_days_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'day', name=op.f('pk_xp_days'))
    )
    op.create_table('xp_ledger',
        sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column('user_id', sa.Uuid(), nullable=False),
        sa.Column('source_type', sa.String(length=24), nullable=False),
        sa.Column('source_id', sa.String(length=100), nullable=False),
        sa.Column('amount', sa.Integer(), nullable=False),
        sa.Column('mentor_id', sa.Uuid(), nullable=True),
        sa.Column('subject_id', sa.Uuid(), nullable=True),
        sa.Column('week_start', sa.Date(), nullable=False),
        sa.Column('awarded_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('amount > 0', name=op.f('ck_xp_ledger_amount')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_xp_ledger_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_xp_ledger')),
        sa.UniqueConstraint('user_id', 'source_type', 'source_id', name='uq_xp_ledger_source')
    )
    op.create_index('ix_xp_ledger_user_awarded', 'xp_ledger', ['user_id', 'awarded_at'], unique=False)
    op.create_table('xp_mentor_weeks',
        sa.Column('mentor_id', sa.Uuid(), nullable=False),
        sa.Column('week_start', sa.Date(), nullable=False),
        sa.Column('user_id', sa.Uuid(), nullable=False),
        sa.Column('xp', sa.Integer(), nullable=False),
        sa.Column('reached_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_xp_mentor_weeks_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('mentor_id', 'week_start', 'user_id', name=op.f('pk_xp_mentor_weeks'))
    )
    op.create_index('ix_xp_mentor_weeks_board', 'xp_mentor_weeks', ['mentor_id', 'week_start', sa.literal_column('xp DESC'), 'reached_at', 'user_id'], unique=False)
    op.create_index('ix_xp_mentor_weeks_user_id', 'xp_mentor_weeks', ['user_id'], unique=False)
    op.create_table('xp_subject_totals',
        sa.Column('subject_id', sa.Uuid(), nullable=False),
        sa.Column('user_id', sa.Uuid(), nullable=False),
        sa.Column('xp', sa.BigInteger(), nullable=False),
        sa.Column('reached_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_xp_subject_totals_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('subject_id', 'user_id', name=op.f('pk_xp_subject_totals'))
    )
    op.create_index('ix_xp_subject_totals_board', 'xp_subject_totals', ['subject_id', sa.literal_column('xp DESC'), 'reached_at', 'user_id'], unique=False)
    op.create_index('ix_xp_subject_totals_user_id', 'xp_subject_totals', ['user_id'], unique=False)
    op.create_table('note_reads',
        sa.Column('user_id', sa.Uuid(), nullable=False),
        sa.Column('item_id', sa.Uuid(), nullable=False),
        sa.Column('read_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['item_id'], ['content_items.id'], name=op.f('fk_note_reads_item_id_content_items'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_note_reads_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'item_id', name=op.f('pk_note_reads'))
    )
    op.create_index('ix_note_reads_item_id', 'note_reads', ['item_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_note_reads_item_id', table_name='note_reads')
    op.drop_table('note_reads')
    op.drop_index('ix_xp_subject_totals_user_id', table_name='xp_subject_totals')
    op.drop_index('ix_xp_subject_totals_board', table_name='xp_subject_totals')
    op.drop_table('xp_subject_totals')
    op.drop_index('ix_xp_mentor_weeks_user_id', table_name='xp_mentor_weeks')
    op.drop_index('ix_xp_mentor_weeks_board', table_name='xp_mentor_weeks')
    op.drop_table('xp_mentor_weeks')
    op.drop_index('ix_xp_ledger_user_awarded', table_name='xp_ledger')
    op.drop_table('xp_ledger')
    op.drop_table('xp_days')
    op.drop_index('ix_learner_progress_hidden', table_name='learner_progress',
                  postgresql_where=sa.text('hidden'))
    op.drop_table('learner_progress')
    op.drop_index('ix_league_members_user_id', table_name='league_members')
    op.drop_index('ix_league_members_board', table_name='league_members')
    op.drop_table('league_members')
    op.drop_table('achievement_unlocks')
    op.drop_table('leagues')
    op.drop_table('league_closes')
