"""forum: categories, threads linked to topics and items, threaded posts with their edit
history, votes, flags and watches

Revision ID: 0024_forum
Revises: 0025_session_chat
Create Date: 2026-12-07 09:00:00

Posts carry a materialised path (compared byte by byte) for the threaded order; the lists and
searches read visible rows only, through partial indexes. Counters (replies, last activity,
scores) are changed by atomic updates.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0024_forum'
down_revision: str | None = '0023_payout_accounts'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUS = "status in ('visible', 'hidden', 'deleted', 'removed')"
VISIBLE = sa.text("status = 'visible'")


def _recent(*leading: str) -> list[sa.TextClause | str]:
    return [*leading, sa.text('last_activity_at DESC'), sa.text('id DESC')]


def upgrade() -> None:
    op.create_table(
        'forum_categories',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('slug', sa.String(length=80), nullable=False),
        sa.Column('description', sa.Text(), server_default='', nullable=False),
        sa.Column('position', sa.Integer(), server_default='0', nullable=False),
        sa.Column('subject_id', sa.Uuid(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['subject_id'], ['subjects.id'],
                                name=op.f('fk_forum_categories_subject_id_subjects'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_forum_categories')),
    )
    op.create_index('uq_forum_categories_slug', 'forum_categories', ['slug'], unique=True)
    op.create_index('ix_forum_categories_position', 'forum_categories', ['position', 'name'])
    op.create_index('ix_forum_categories_subject_id', 'forum_categories', ['subject_id'])

    op.create_table(
        'forum_threads',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('category_id', sa.Uuid(), nullable=False),
        sa.Column('author_id', sa.Uuid(), nullable=False),
        sa.Column('title', sa.String(length=150), nullable=False),
        sa.Column('topic_id', sa.Uuid(), nullable=True),
        sa.Column('item_id', sa.Uuid(), nullable=True),
        sa.Column('item_mentor_id', sa.Uuid(), nullable=True),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('accepted_post_id', sa.Uuid(), nullable=True),
        sa.Column('accepted_by', sa.Uuid(), nullable=True),
        sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('solved', sa.Boolean(), server_default=sa.text('false'), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_activity_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('reply_count', sa.Integer(), server_default='0', nullable=False),
        sa.Column('score', sa.Integer(), server_default='0', nullable=False),
        sa.Column('post_count', sa.Integer(), server_default='1', nullable=False),
        sa.Column('version', sa.Integer(), server_default='1', nullable=False),
        sa.Column('title_document', postgresql.TSVECTOR(), sa.Computed(
            "to_tsvector('english'::regconfig, title)", persisted=True), nullable=True),
        sa.CheckConstraint(STATUS, name=op.f('ck_forum_threads_status')),
        sa.CheckConstraint('solved = (accepted_post_id is not null)',
                           name=op.f('ck_forum_threads_solved')),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'],
                                name=op.f('fk_forum_threads_author_id_users'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['category_id'], ['forum_categories.id'],
                                name=op.f('fk_forum_threads_category_id_forum_categories'),
                                ondelete='RESTRICT'),
        sa.ForeignKeyConstraint(['item_id'], ['content_items.id'],
                                name=op.f('fk_forum_threads_item_id_content_items'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['topic_id'], ['topics.id'],
                                name=op.f('fk_forum_threads_topic_id_topics'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_forum_threads')),
    )
    op.create_index('ix_forum_threads_activity', 'forum_threads', _recent(),
                    postgresql_where=VISIBLE)
    op.create_index('ix_forum_threads_category_activity', 'forum_threads',
                    _recent('category_id'), postgresql_where=VISIBLE)
    op.create_index('ix_forum_threads_topic_activity', 'forum_threads', _recent('topic_id'),
                    postgresql_where=sa.text("status = 'visible' and topic_id is not null"))
    op.create_index('ix_forum_threads_item_activity', 'forum_threads', _recent('item_id'),
                    postgresql_where=sa.text("status = 'visible' and item_id is not null"))
    op.create_index('ix_forum_threads_votes', 'forum_threads',
                    [sa.text('score DESC'), *_recent()], postgresql_where=VISIBLE)
    op.create_index('ix_forum_threads_category_votes', 'forum_threads',
                    ['category_id', sa.text('score DESC'), *_recent()],
                    postgresql_where=VISIBLE)
    op.create_index('ix_forum_threads_solved_activity', 'forum_threads', _recent('solved'),
                    postgresql_where=VISIBLE)
    op.create_index('ix_forum_threads_category_solved_activity', 'forum_threads',
                    _recent('category_id', 'solved'), postgresql_where=VISIBLE)
    op.create_index('ix_forum_threads_author', 'forum_threads', ['author_id', 'created_at'])
    op.create_index('ix_forum_threads_title_document', 'forum_threads', ['title_document'],
                    postgresql_using='gin', postgresql_where=VISIBLE)

    op.create_table(
        'forum_posts',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('thread_id', sa.Uuid(), nullable=False),
        sa.Column('author_id', sa.Uuid(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('parent_id', sa.Uuid(), nullable=True),
        sa.Column('reply_to_number', sa.Integer(), nullable=True),
        sa.Column('depth', sa.Integer(), nullable=False),
        sa.Column('path', sa.String(length=40, collation='C'), nullable=False),
        sa.Column('markdown', sa.Text(), nullable=False),
        sa.Column('html', sa.Text(), nullable=False),
        sa.Column('body_text', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('edited_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('revision_count', sa.Integer(), server_default='1', nullable=False),
        sa.Column('hidden_by_flags', sa.Boolean(), server_default=sa.text('false'),
                  nullable=False),
        sa.Column('moderation_action', sa.String(length=10), nullable=True),
        sa.Column('moderation_reason', sa.Text(), nullable=True),
        sa.Column('moderated_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('score', sa.Integer(), server_default='0', nullable=False),
        sa.Column('upvotes', sa.Integer(), server_default='0', nullable=False),
        sa.Column('downvotes', sa.Integer(), server_default='0', nullable=False),
        sa.Column('open_flag_count', sa.Integer(), server_default='0', nullable=False),
        sa.Column('flagged_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), server_default='1', nullable=False),
        sa.Column('search_document', postgresql.TSVECTOR(), sa.Computed(
            "to_tsvector('english'::regconfig, body_text)", persisted=True), nullable=True),
        sa.CheckConstraint(STATUS, name=op.f('ck_forum_posts_status')),
        sa.CheckConstraint('depth between 0 and 3', name=op.f('ck_forum_posts_depth')),
        sa.CheckConstraint('number >= 1', name=op.f('ck_forum_posts_number')),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'],
                                name=op.f('fk_forum_posts_author_id_users'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['thread_id'], ['forum_threads.id'],
                                name=op.f('fk_forum_posts_thread_id_forum_threads'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_forum_posts')),
    )
    op.create_index('uq_forum_posts_thread_number', 'forum_posts', ['thread_id', 'number'],
                    unique=True)
    op.create_index('ix_forum_posts_thread_path', 'forum_posts', ['thread_id', 'path'])
    op.create_index('ix_forum_posts_thread_created', 'forum_posts',
                    ['thread_id', 'created_at'])
    op.create_index('ix_forum_posts_author', 'forum_posts', ['author_id', 'created_at'])
    op.create_index('ix_forum_posts_flagged', 'forum_posts', ['flagged_at'],
                    postgresql_where=sa.text('open_flag_count > 0'))
    op.create_index('ix_forum_posts_search_document', 'forum_posts', ['search_document'],
                    postgresql_using='gin', postgresql_where=VISIBLE)

    op.create_table(
        'forum_post_revisions',
        sa.Column('post_id', sa.Uuid(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('markdown', sa.Text(), nullable=False),
        sa.Column('html', sa.Text(), nullable=False),
        sa.Column('title', sa.String(length=150), nullable=True),
        sa.Column('editor_id', sa.Uuid(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['post_id'], ['forum_posts.id'],
                                name=op.f('fk_forum_post_revisions_post_id_forum_posts'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('post_id', 'number', name=op.f('pk_forum_post_revisions')),
    )
    op.create_table(
        'forum_votes',
        sa.Column('post_id', sa.Uuid(), nullable=False),
        sa.Column('user_id', sa.Uuid(), nullable=False),
        sa.Column('value', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('value in (-1, 1)', name=op.f('ck_forum_votes_value')),
        sa.ForeignKeyConstraint(['post_id'], ['forum_posts.id'],
                                name=op.f('fk_forum_votes_post_id_forum_posts'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_forum_votes_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('post_id', 'user_id', name=op.f('pk_forum_votes')),
    )
    op.create_index('ix_forum_votes_user_id', 'forum_votes', ['user_id'])
    op.create_table(
        'forum_flags',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('post_id', sa.Uuid(), nullable=False),
        sa.Column('flagger_id', sa.Uuid(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['flagger_id'], ['users.id'],
                                name=op.f('fk_forum_flags_flagger_id_users'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['post_id'], ['forum_posts.id'],
                                name=op.f('fk_forum_flags_post_id_forum_posts'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_forum_flags')),
    )
    op.create_index('uq_forum_flags_flagger', 'forum_flags', ['post_id', 'flagger_id'],
                    unique=True)
    op.create_index('ix_forum_flags_flagger_id', 'forum_flags', ['flagger_id'])
    op.create_table(
        'forum_watches',
        sa.Column('thread_id', sa.Uuid(), nullable=False),
        sa.Column('user_id', sa.Uuid(), nullable=False),
        sa.Column('watching', sa.Boolean(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['thread_id'], ['forum_threads.id'],
                                name=op.f('fk_forum_watches_thread_id_forum_threads'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_forum_watches_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('thread_id', 'user_id', name=op.f('pk_forum_watches')),
    )
    op.create_index('ix_forum_watches_user_id', 'forum_watches', ['user_id'])


def downgrade() -> None:
    op.drop_table('forum_watches')
    op.drop_table('forum_flags')
    op.drop_table('forum_votes')
    op.drop_table('forum_post_revisions')
    op.drop_table('forum_posts')
    op.drop_table('forum_threads')
    op.drop_table('forum_categories')
