"""content search

Revision ID: 0009_content_search
Revises: 0008_courses
Create Date: 2026-11-27 18:10:00
"""

from collections.abc import Sequence

revision: str = '0009_content_search'
down_revision: str | None = '0008_courses'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
