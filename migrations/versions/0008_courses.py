"""courses

Revision ID: 0008_courses
Revises: 0007_content
Create Date: 2026-11-27 18:10:00
"""

from collections.abc import Sequence

revision: str = '0008_courses'
down_revision: str | None = '0007_content'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
