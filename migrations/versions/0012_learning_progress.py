"""learning progress: help recorded on attempts, course certificates

Revision ID: 0012_learning_progress
Revises: 0011_account_security
Create Date: 2026-12-06 22:45:00

Attempts record the hints revealed and whether the worked solution was shown (existing attempts
asked for no help). ``course_certificates`` records each learner's completion of a course once,
with a random verification code.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0012_learning_progress'
down_revision: str | None = '0011_account_security'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('content_attempts', sa.Column('hints_used', sa.Integer(),
                                                server_default='0', nullable=False))
    op.add_column('content_attempts', sa.Column('solution_shown', sa.Boolean(),
                                                server_default=sa.text('false'),
                                                nullable=False))
    op.create_check_constraint(op.f('ck_content_attempts_hints_used'), 'content_attempts',
                               'hints_used >= 0')
    op.create_table('course_certificates',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('course_id', sa.Uuid(), nullable=True),
    sa.Column('learner_name', sa.Text(), nullable=False),
    sa.Column('course_title', sa.Text(), nullable=False),
    sa.Column('mentor_name', sa.Text(), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'],
                            name=op.f('fk_course_certificates_course_id_courses'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_course_certificates_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_course_certificates'))
    )
    op.create_index('uq_course_certificates_code', 'course_certificates', ['code'],
                    unique=True)
    op.create_index('uq_course_certificates_user_course', 'course_certificates',
                    ['user_id', 'course_id'], unique=True)


def downgrade() -> None:
    op.drop_index('uq_course_certificates_user_course', table_name='course_certificates')
    op.drop_index('uq_course_certificates_code', table_name='course_certificates')
    op.drop_table('course_certificates')
    op.drop_constraint(op.f('ck_content_attempts_hints_used'), 'content_attempts',
                       type_='check')
    op.drop_column('content_attempts', 'solution_shown')
    op.drop_column('content_attempts', 'hints_used')
