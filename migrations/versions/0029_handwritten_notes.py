"""handwritten notes: documents of pages and annotations on handwritten items

Revision ID: 0029_handwritten_notes
Revises: 0028_videos
Create Date: 2026-12-07 14:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0029_handwritten_notes'
down_revision: str | None = '0028_videos'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'handwritten_documents',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('owner_id', sa.Uuid(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('source_type', sa.String(length=32), nullable=False),
        sa.Column('pages', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column('page_count', sa.Integer(), nullable=False),
        sa.Column('pdf_key', sa.String(length=200), nullable=True),
        sa.Column('size', sa.BigInteger(), nullable=False),
        sa.Column('failure_code', sa.String(length=64), nullable=True),
        sa.Column('failure_message', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status in ('processing','ready','failed')",
                           name=op.f('ck_handwritten_documents_status')),
        sa.CheckConstraint("source_type in ('application/pdf','image')",
                           name=op.f('ck_handwritten_documents_source_type')),
        sa.CheckConstraint('page_count >= 0', name=op.f('ck_handwritten_documents_page_count')),
        sa.ForeignKeyConstraint(['owner_id'], ['users.id'],
                                name=op.f('fk_handwritten_documents_owner_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_handwritten_documents')),
    )
    op.create_index('ix_handwritten_documents_owner_created', 'handwritten_documents',
                    ['owner_id', 'created_at'], unique=False)
    op.create_table(
        'content_annotations',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('item_id', sa.Uuid(), nullable=False),
        sa.Column('author_id', sa.Uuid(), nullable=False),
        sa.Column('page', sa.Integer(), nullable=False),
        sa.Column('motivation', sa.String(length=16), nullable=False),
        sa.Column('selector', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column('body', sa.Text(), nullable=True),
        sa.Column('color', sa.String(length=7), nullable=False),
        sa.Column('visibility', sa.String(length=16), nullable=False),
        sa.Column('item_version', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('page >= 1', name=op.f('ck_content_annotations_page')),
        sa.CheckConstraint("motivation in ('highlighting','commenting','sketching')",
                           name=op.f('ck_content_annotations_motivation')),
        sa.CheckConstraint("visibility in ('private','published')",
                           name=op.f('ck_content_annotations_visibility')),
        sa.CheckConstraint("color ~ '^#[0-9a-f]{6}$'", name=op.f('ck_content_annotations_color')),
        sa.ForeignKeyConstraint(['item_id'], ['content_items.id'],
                                name=op.f('fk_content_annotations_item_id_content_items'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'],
                                name=op.f('fk_content_annotations_author_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_content_annotations')),
    )
    op.create_index('ix_content_annotations_item_author', 'content_annotations',
                    ['item_id', 'author_id', 'created_at'], unique=False)
    op.create_index('ix_content_annotations_item_published', 'content_annotations',
                    ['item_id', 'created_at'], unique=False,
                    postgresql_where=sa.text("visibility = 'published'"))
    op.create_index('ix_content_annotations_author_created', 'content_annotations',
                    ['author_id', 'created_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_content_annotations_author_created', table_name='content_annotations')
    op.drop_index('ix_content_annotations_item_published', table_name='content_annotations')
    op.drop_index('ix_content_annotations_item_author', table_name='content_annotations')
    op.drop_table('content_annotations')
    op.drop_index('ix_handwritten_documents_owner_created', table_name='handwritten_documents')
    op.drop_table('handwritten_documents')
