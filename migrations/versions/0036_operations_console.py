"""operations console: the error log, and audit log indexes for its search

Revision ID: 0036_operations_console
Revises: 0035_annotation_shares
Create Date: 2026-12-07 21:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0036_operations_console'
down_revision: str | None = '0035_annotation_shares'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'error_log',
        sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('request_id', sa.String(length=64), nullable=True),
        sa.Column('method', sa.String(length=10), nullable=True),
        sa.Column('route', sa.String(length=300), nullable=True),
        sa.Column('status', sa.Integer(), nullable=True),
        sa.Column('logger', sa.String(length=100), nullable=False),
        sa.Column('exception_type', sa.String(length=200), nullable=True),
        sa.Column('message', sa.String(length=500), nullable=False),
        sa.Column('excerpt', sa.Text(), nullable=False),
        sa.Column('process', sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_error_log_request_id', 'error_log', ['request_id'])
    op.create_index('ix_error_log_route', 'error_log', ['route', 'id'],
                    postgresql_ops={'route': 'varchar_pattern_ops'})
    op.create_index('ix_error_log_occurred_at', 'error_log', ['occurred_at'])
    op.create_index('ix_audit_log_action', 'audit_log', ['action', 'occurred_at'])
    op.create_index('ix_audit_log_target_id', 'audit_log', ['target_id', 'occurred_at'])


def downgrade() -> None:
    op.drop_index('ix_audit_log_target_id', table_name='audit_log')
    op.drop_index('ix_audit_log_action', table_name='audit_log')
    op.drop_table('error_log')
