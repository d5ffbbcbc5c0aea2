"""annotation shares: snapshots of annotations shown in forum posts and chat messages

Revision ID: 0035_annotation_shares
Revises: 0034_gamification
Create Date: 2026-12-07 18:00:00

The post or message a share belongs to is written by another repository in the same
transaction, possibly after the share: its foreign keys are checked at commit (deferred).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0035_annotation_shares'
down_revision: str | None = '0034_gamification'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'annotation_shares',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('annotation_id', sa.Uuid(), nullable=False),
        sa.Column('annotation_author_id', sa.Uuid(), nullable=False),
        sa.Column('sharer_id', sa.Uuid(), nullable=False),
        sa.Column('item_id', sa.Uuid(), nullable=False),
        sa.Column('document_id', sa.Uuid(), nullable=False),
        sa.Column('forum_post_id', sa.Uuid(), nullable=True),
        sa.Column('chat_message_id', sa.Uuid(), nullable=True),
        sa.Column('page', sa.Integer(), nullable=False),
        sa.Column('page_width', sa.Float(), nullable=False),
        sa.Column('page_height', sa.Float(), nullable=False),
        sa.Column('region', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column('motivation', sa.String(length=16), nullable=False),
        sa.Column('selector', sa.JSON(), nullable=False),
        sa.Column('body', sa.Text(), nullable=True),
        sa.Column('color', sa.String(length=7), nullable=False),
        sa.Column('thumbnail_key', sa.String(length=200), nullable=False),
        sa.Column('image_key', sa.String(length=200), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('(forum_post_id is null) <> (chat_message_id is null)',
                           name=op.f('ck_annotation_shares_one_place')),
        sa.CheckConstraint('page >= 1', name=op.f('ck_annotation_shares_page')),
        sa.ForeignKeyConstraint(['sharer_id'], ['users.id'],
                                name=op.f('fk_annotation_shares_sharer_id_users'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['forum_post_id'], ['forum_posts.id'],
                                name=op.f('fk_annotation_shares_forum_post_id_forum_posts'),
                                ondelete='CASCADE', deferrable=True, initially='DEFERRED'),
        sa.ForeignKeyConstraint(['chat_message_id'], ['chat_messages.id'],
                                name=op.f('fk_annotation_shares_chat_message_id_chat_messages'),
                                ondelete='CASCADE', deferrable=True, initially='DEFERRED'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_annotation_shares')),
        sa.UniqueConstraint('forum_post_id', name=op.f('uq_annotation_shares_forum_post_id')),
        sa.UniqueConstraint('chat_message_id',
                            name=op.f('uq_annotation_shares_chat_message_id')),
    )
    op.create_index('ix_annotation_shares_sharer_created', 'annotation_shares',
                    ['sharer_id', 'created_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_annotation_shares_sharer_created', table_name='annotation_shares')
    op.drop_table('annotation_shares')
