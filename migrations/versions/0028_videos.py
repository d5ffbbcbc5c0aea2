"""videos: processed videos, resumable upload sessions, caption tracks, playback positions

Revision ID: 0028_videos
Revises: 0027_personal_data_indexes
Create Date: 2026-12-07 14:16:23

A video lesson's file is uploaded in parts (``video_uploads``, the parts themselves live in the
blob store), processed by the worker (``videos``), captioned (``video_captions``, whose cues
feed the transcript search) and watched (``video_positions``: where each student stopped).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0028_videos'
down_revision: str | None = '0027_personal_data_indexes'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('videos',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('owner_id', sa.Uuid(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('source_key', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('progress', sa.Numeric(precision=5, scale=4), server_default='0', nullable=False),
    sa.Column('failure_code', sa.String(length=64), nullable=True),
    sa.Column('failure_message', sa.Text(), nullable=True),
    sa.Column('duration_seconds', sa.Numeric(precision=10, scale=3), nullable=True),
    sa.Column('width', sa.Integer(), nullable=True),
    sa.Column('height', sa.Integer(), nullable=True),
    sa.Column('video_key', sa.String(length=200), nullable=True),
    sa.Column('poster_key', sa.String(length=200), nullable=True),
    sa.Column('sprite', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status in ('processing', 'ready', 'failed')", name=op.f('ck_videos_status')),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_videos_owner_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_videos'))
    )
    op.create_index('ix_videos_owner_id_created_at', 'videos', ['owner_id', 'created_at'], unique=False)
    op.create_table('video_captions',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('video_id', sa.Uuid(), nullable=False),
    sa.Column('language', sa.String(length=35), nullable=False),
    sa.Column('label', sa.String(length=80), nullable=False),
    sa.Column('blob_key', sa.String(length=200), nullable=False),
    sa.Column('cues', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['video_id'], ['videos.id'], name=op.f('fk_video_captions_video_id_videos'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_video_captions'))
    )
    op.create_index('ix_video_captions_video_id', 'video_captions', ['video_id'], unique=False)
    op.create_table('video_uploads',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('owner_id', sa.Uuid(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('content_type', sa.String(length=127), nullable=False),
    sa.Column('part_size', sa.Integer(), nullable=False),
    sa.Column('storage_key', sa.String(length=200), nullable=False),
    sa.Column('storage_upload_id', sa.String(length=1024), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('video_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status in ('uploading', 'completed', 'aborted')", name=op.f('ck_video_uploads_status')),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_video_uploads_owner_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['video_id'], ['videos.id'], name=op.f('fk_video_uploads_video_id_videos'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_video_uploads'))
    )
    op.create_index('ix_video_uploads_owner_id', 'video_uploads', ['owner_id'], unique=False)
    op.create_index('ix_video_uploads_video_id', 'video_uploads', ['video_id'], unique=False)
    op.create_table('video_positions',
    sa.Column('item_id', sa.Uuid(), nullable=False),
    sa.Column('student_id', sa.Uuid(), nullable=False),
    sa.Column('seconds', sa.Numeric(precision=10, scale=3), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['content_items.id'], name=op.f('fk_video_positions_item_id_content_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['users.id'], name=op.f('fk_video_positions_student_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('item_id', 'student_id', name=op.f('pk_video_positions'))
    )
    op.create_index('ix_video_positions_student_id', 'video_positions', ['student_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_video_positions_student_id', table_name='video_positions')
    op.drop_table('video_positions')
    op.drop_index('ix_video_uploads_video_id', table_name='video_uploads')
    op.drop_index('ix_video_uploads_owner_id', table_name='video_uploads')
    op.drop_table('video_uploads')
    op.drop_index('ix_video_captions_video_id', table_name='video_captions')
    op.drop_table('video_captions')
    op.drop_index('ix_videos_owner_id_created_at', table_name='videos')
    op.drop_table('videos')
