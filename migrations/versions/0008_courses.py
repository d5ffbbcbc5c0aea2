"""courses

Revision ID: 0008_courses
Revises: 0007_content
Create Date: 2026-11-27 18:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008_courses'
down_revision: str | None = '0007_content'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('courses',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('mentor_id', sa.Uuid(), nullable=False),
    sa.Column('subject_id', sa.Uuid(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint("status in ('draft','published')", name=op.f('ck_courses_status')),
    sa.ForeignKeyConstraint(['mentor_id'], ['users.id'], name=op.f('fk_courses_mentor_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['subject_id'], ['subjects.id'], name=op.f('fk_courses_subject_id_subjects'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_courses'))
    )
    op.create_index('ix_courses_mentor_updated', 'courses', ['mentor_id', 'updated_at'], unique=False)
    op.create_index('ix_courses_published', 'courses', ['published_at'], unique=False, postgresql_where=sa.text("status = 'published'"))
    op.create_index('ix_courses_subject_id', 'courses', ['subject_id'], unique=False)
    op.create_table('course_items',
    sa.Column('course_id', sa.Uuid(), nullable=False),
    sa.Column('item_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint('position >= 0', name=op.f('ck_course_items_position')),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_course_items_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id'], ['content_items.id'], name=op.f('fk_course_items_item_id_content_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('course_id', 'item_id', name=op.f('pk_course_items'))
    )
    op.create_index('ix_course_items_item_id', 'course_items', ['item_id'], unique=False)
    op.create_index('uq_course_items_course_position', 'course_items', ['course_id', 'position'], unique=True)
    op.create_table('course_enrolments',
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('course_id', sa.Uuid(), nullable=False),
    sa.Column('enrolled_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_course_enrolments_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_course_enrolments_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'course_id', name=op.f('pk_course_enrolments'))
    )
    op.create_index('ix_course_enrolments_course_id', 'course_enrolments', ['course_id'], unique=False)
    op.create_index('ix_course_enrolments_user_enrolled', 'course_enrolments', ['user_id', 'enrolled_at'], unique=False)
    op.create_table('content_completions',
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('item_id', sa.Uuid(), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['content_items.id'], name=op.f('fk_content_completions_item_id_content_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_content_completions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'item_id', name=op.f('pk_content_completions'))
    )
    op.create_index('ix_content_completions_item_id', 'content_completions', ['item_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_content_completions_item_id', table_name='content_completions')
    op.drop_table('content_completions')
    op.drop_index('ix_course_enrolments_user_enrolled', table_name='course_enrolments')
    op.drop_index('ix_course_enrolments_course_id', table_name='course_enrolments')
    op.drop_table('course_enrolments')
    op.drop_index('uq_course_items_course_position', table_name='course_items')
    op.drop_index('ix_course_items_item_id', table_name='course_items')
    op.drop_table('course_items')
    op.drop_index('ix_courses_subject_id', table_name='courses')
    op.drop_index('ix_courses_published', table_name='courses', postgresql_where=sa.text("status = 'published'"))
    op.drop_index('ix_courses_mentor_updated', table_name='courses')
    op.drop_table('courses')
