"""session chat: a room per booked session, its numbered messages, attachments and receipts

Revision ID: 0025_session_chat
Revises: 0021_reviews
Create Date: 2026-12-07 08:00:00

The room row holds the last message number: a sender takes the next one under its lock, so a
room's messages are numbered without gaps in the order they were stored.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0025_session_chat'
down_revision: str | None = '0024_forum'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'chat_rooms',
        sa.Column('session_id', sa.Uuid(), nullable=False),
        sa.Column('last_seq', sa.BigInteger(), server_default='0', nullable=False),
        sa.CheckConstraint('last_seq >= 0', name=op.f('ck_chat_rooms_last_seq')),
        sa.ForeignKeyConstraint(['session_id'], ['mentoring_sessions.id'],
                                name=op.f('fk_chat_rooms_session_id_mentoring_sessions'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('session_id', name=op.f('pk_chat_rooms')),
    )
    op.create_table(
        'chat_messages',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('session_id', sa.Uuid(), nullable=False),
        sa.Column('seq', sa.BigInteger(), nullable=False),
        sa.Column('sender_id', sa.Uuid(), nullable=False),
        sa.Column('client_id', sa.String(length=64), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('html', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('seq > 0', name=op.f('ck_chat_messages_seq')),
        sa.ForeignKeyConstraint(['sender_id'], ['users.id'],
                                name=op.f('fk_chat_messages_sender_id_users'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['session_id'], ['chat_rooms.session_id'],
                                name=op.f('fk_chat_messages_session_id_chat_rooms'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_chat_messages')),
    )
    op.create_index('uq_chat_messages_seq', 'chat_messages', ['session_id', 'seq'],
                    unique=True)
    op.create_index('uq_chat_messages_client', 'chat_messages',
                    ['session_id', 'sender_id', 'client_id'], unique=True)
    op.create_table(
        'chat_attachments',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('session_id', sa.Uuid(), nullable=False),
        sa.Column('uploader_id', sa.Uuid(), nullable=False),
        sa.Column('message_id', sa.Uuid(), nullable=True),
        sa.Column('blob_key', sa.String(length=200), nullable=False),
        sa.Column('filename', sa.String(length=255), nullable=False),
        sa.Column('content_type', sa.String(length=127), nullable=False),
        sa.Column('size', sa.BigInteger(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['message_id'], ['chat_messages.id'],
                                name=op.f('fk_chat_attachments_message_id_chat_messages'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['session_id'], ['mentoring_sessions.id'],
                                name=op.f('fk_chat_attachments_session_id_mentoring_sessions'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['uploader_id'], ['users.id'],
                                name=op.f('fk_chat_attachments_uploader_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_chat_attachments')),
    )
    op.create_index('ix_chat_attachments_session_id', 'chat_attachments', ['session_id'],
                    unique=False)
    op.create_index('ix_chat_attachments_message_id', 'chat_attachments', ['message_id'],
                    unique=False)
    op.create_table(
        'chat_reads',
        sa.Column('session_id', sa.Uuid(), nullable=False),
        sa.Column('user_id', sa.Uuid(), nullable=False),
        sa.Column('last_read_seq', sa.BigInteger(), nullable=False),
        sa.Column('read_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['session_id'], ['mentoring_sessions.id'],
                                name=op.f('fk_chat_reads_session_id_mentoring_sessions'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_chat_reads_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('session_id', 'user_id', name=op.f('pk_chat_reads')),
    )


def downgrade() -> None:
    op.drop_table('chat_reads')
    op.drop_index('ix_chat_attachments_message_id', table_name='chat_attachments')
    op.drop_index('ix_chat_attachments_session_id', table_name='chat_attachments')
    op.drop_table('chat_attachments')
    op.drop_index('uq_chat_messages_client', table_name='chat_messages')
    op.drop_index('uq_chat_messages_seq', table_name='chat_messages')
    op.drop_table('chat_messages')
    op.drop_table('chat_rooms')
