"""annotation selectors as json text: kept as written, listed without reparsing

Revision ID: 0030_annotation_selector_text
Revises: 0029_handwritten_notes
Create Date: 2026-12-07 15:30:00

A listing sends every point of every stroke on a page; jsonb prints each number again on the
way out (most of the query's time on a crowded page), `json` hands back the stored text.
Nothing queries inside a selector, so jsonb's operators are not missed. Rows written before
keep jsonb's spaced form; they are valid JSON all the same.

Selectors are stored out of line uncompressed (`STORAGE EXTERNAL`): undoing pglz on a crowded
page's 8 MB took ~40 ms of a listing; the price is about twice the disk for ink (numbers
compress ~2:1), and ink is bounded per person and item.
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0030_annotation_selector_text'
down_revision: str | None = '0029_handwritten_notes'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Storage first: the type change rewrites every row, under the new storage.
    op.execute("ALTER TABLE content_annotations ALTER COLUMN selector SET STORAGE EXTERNAL")
    op.execute("ALTER TABLE content_annotations ALTER COLUMN selector TYPE json "
               "USING selector::json")


def downgrade() -> None:
    op.execute("ALTER TABLE content_annotations ALTER COLUMN selector SET STORAGE EXTENDED")
    op.execute("ALTER TABLE content_annotations ALTER COLUMN selector TYPE jsonb "
               "USING selector::jsonb")
