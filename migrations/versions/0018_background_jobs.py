"""background jobs: retries waiting for their time, dead letters, worker heartbeats

Revision ID: 0018_background_jobs
Revises: 0017_one_version_column
Create Date: 2026-12-07 02:30:00

A failed job waits in ``job_retries`` until its next try is due; one that failed its last try
is kept in ``job_dead_letters`` until an operator retries it. Each running worker rewrites its
row in ``worker_heartbeats`` every few seconds.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0018_background_jobs'
down_revision: str | None = '0017_one_version_column'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'job_retries',
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('chain', sa.String(length=40), nullable=False),
        sa.Column('attempt', sa.Integer(), nullable=False),
        sa.Column('job', sa.String(length=200), nullable=False),
        sa.Column('payload', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column('enqueued_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_error', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('key', 'chain', 'attempt', name=op.f('pk_job_retries')),
    )
    op.create_index('ix_job_retries_due', 'job_retries', ['due_at'], unique=False)
    op.create_table(
        'job_dead_letters',
        sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column('job', sa.String(length=200), nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('chain', sa.String(length=40), nullable=False),
        sa.Column('payload', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column('error', sa.Text(), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('enqueued_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('failed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('retried_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_job_dead_letters')),
        sa.UniqueConstraint('key', 'chain', name=op.f('uq_job_dead_letters_key')),
    )
    op.create_index('ix_job_dead_letters_failed_at', 'job_dead_letters', ['failed_at', 'id'],
                    unique=False)
    op.create_table(
        'worker_heartbeats',
        sa.Column('worker_id', sa.String(length=100), nullable=False),
        sa.Column('hostname', sa.String(length=255), nullable=False),
        sa.Column('pid', sa.Integer(), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('worker_id', name=op.f('pk_worker_heartbeats')),
    )
    op.create_index('ix_worker_heartbeats_seen_at', 'worker_heartbeats', ['seen_at'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_worker_heartbeats_seen_at', table_name='worker_heartbeats')
    op.drop_table('worker_heartbeats')
    op.drop_index('ix_job_dead_letters_failed_at', table_name='job_dead_letters')
    op.drop_table('job_dead_letters')
    op.drop_index('ix_job_retries_due', table_name='job_retries')
    op.drop_table('job_retries')
