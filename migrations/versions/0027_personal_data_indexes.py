"""personal data: indexes for a person's chat messages, unsent chat files and reviews

Revision ID: 0027_personal_data_indexes
Revises: 0026_chat_sharing
Create Date: 2026-12-07 12:30:00

The data export reads a person's own chat messages and the reviews they wrote; erasing an
account removes the chat files they uploaded but never sent. Each read starts from the person's
column (the file index is partial: sent files are never looked up by uploader).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0027_personal_data_indexes'
down_revision: str | None = '0026_chat_sharing'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_chat_messages_sender_created', 'chat_messages',
                    ['sender_id', 'created_at'], unique=False)
    op.create_index('ix_chat_attachments_unsent', 'chat_attachments', ['uploader_id'],
                    unique=False, postgresql_where=sa.text('message_id is null'))
    op.create_index('ix_reviews_student_created', 'reviews', ['student_id', 'created_at'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_reviews_student_created', table_name='reviews')
    op.drop_index('ix_chat_attachments_unsent', table_name='chat_attachments')
    op.drop_index('ix_chat_messages_sender_created', table_name='chat_messages')
