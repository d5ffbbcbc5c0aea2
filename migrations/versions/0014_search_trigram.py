"""search trigram: typo-tolerant title suggestions for lessons and courses

Revision ID: 0014_search_trigram
Revises: 0013_account_preferences
Create Date: 2026-12-06 22:50:00

Trigram (GIN) indexes on the titles the search box suggests while typing: live lesson titles
and published course titles. Mentor names have had one since 0001. The pg_trgm extension is
created there too; it is asked for again so this revision stands on its own.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0014_search_trigram'
down_revision: str | None = '0013_account_preferences'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("create extension if not exists pg_trgm")
    op.create_index('ix_content_search_live_title_trgm', 'content_search', ['live_title'],
                    unique=False, postgresql_using='gin',
                    postgresql_ops={'live_title': 'gin_trgm_ops'},
                    postgresql_where=sa.text('live_version is not null'))
    op.create_index('ix_courses_title_trgm', 'courses', ['title'], unique=False,
                    postgresql_using='gin', postgresql_ops={'title': 'gin_trgm_ops'},
                    postgresql_where=sa.text("status = 'published'"))


def downgrade() -> None:
    op.drop_index('ix_courses_title_trgm', table_name='courses')
    op.drop_index('ix_content_search_live_title_trgm', table_name='content_search')
