"""reviews: students' reviews of completed sessions and reports on them

Revision ID: 0021_reviews
Revises: 0020_test_payments
Create Date: 2026-12-07 06:00:00

One review per session; reports wait for an admin. The mentor's rating columns (added empty
in 0003) are recomputed from the public reviews whenever they change.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0021_reviews'
down_revision: str | None = '0020_test_payments'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'reviews',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('session_id', sa.Uuid(), nullable=False),
        sa.Column('mentor_id', sa.Uuid(), nullable=False),
        sa.Column('student_id', sa.Uuid(), nullable=False),
        sa.Column('rating', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), server_default='', nullable=False),
        sa.Column('reply', sa.Text(), server_default='', nullable=False),
        sa.Column('replied_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('reported_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('hidden_reason', sa.Text(), nullable=True),
        sa.Column('hidden_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), server_default='1', nullable=False),
        sa.CheckConstraint('rating between 1 and 5', name=op.f('ck_reviews_rating')),
        sa.CheckConstraint("status in ('visible', 'reported', 'hidden')",
                           name=op.f('ck_reviews_status')),
        sa.ForeignKeyConstraint(['mentor_id'], ['users.id'],
                                name=op.f('fk_reviews_mentor_id_users'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['session_id'], ['mentoring_sessions.id'],
                                name=op.f('fk_reviews_session_id_mentoring_sessions'),
                                ondelete='RESTRICT'),
        sa.ForeignKeyConstraint(['student_id'], ['users.id'],
                                name=op.f('fk_reviews_student_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews')),
    )
    op.create_index('uq_reviews_session', 'reviews', ['session_id'], unique=True)
    op.create_index('ix_reviews_mentor_created', 'reviews', ['mentor_id', 'created_at'],
                    unique=False)
    op.create_index('ix_reviews_status_reported', 'reviews', ['status', 'reported_at'],
                    unique=False)
    op.create_table(
        'review_reports',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('review_id', sa.Uuid(), nullable=False),
        sa.Column('reporter_id', sa.Uuid(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['reporter_id'], ['users.id'],
                                name=op.f('fk_review_reports_reporter_id_users'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['review_id'], ['reviews.id'],
                                name=op.f('fk_review_reports_review_id_reviews'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_review_reports')),
    )
    op.create_index('uq_review_reports_reporter', 'review_reports',
                    ['review_id', 'reporter_id'], unique=True)


def downgrade() -> None:
    op.drop_index('uq_review_reports_reporter', table_name='review_reports')
    op.drop_table('review_reports')
    op.drop_index('ix_reviews_status_reported', table_name='reviews')
    op.drop_index('ix_reviews_mentor_created', table_name='reviews')
    op.drop_index('uq_reviews_session', table_name='reviews')
    op.drop_table('reviews')
    # The ratings were derived from the reviews: without them there is nothing to count.
    op.execute("update mentor_profiles set rating_avg = 0, rating_count = 0")
