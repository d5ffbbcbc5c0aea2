"""content search

Revision ID: 0009_content_search
Revises: 0008_courses
Create Date: 2026-11-27 18:10:00

One ``content_search`` row per content item with weighted tsvectors of its live (learner) and
newest (author) text, GIN-indexed. Existing items are indexed here with the same domain code
that indexes every later save, so the backfill and the application agree on the text.
"""

import json
from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0009_content_search'
down_revision: str | None = '0008_courses'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 500


def _document(prefix: str) -> sa.Computed:
    return sa.Computed(
        f"case when {prefix}_version is null then null else "
        f"setweight(to_tsvector('english'::regconfig, {prefix}_title), 'A') || "
        f"setweight(to_tsvector('english'::regconfig, {prefix}_text), 'B') end",
        persisted=True)


def _title(prefix: str) -> sa.Computed:
    return sa.Computed(
        f"case when {prefix}_version is null then null else "
        f"to_tsvector('english'::regconfig, {prefix}_title) end", persisted=True)


def upgrade() -> None:
    op.create_table('content_search',
    sa.Column('item_id', sa.Uuid(), nullable=False),
    sa.Column('topic_id', sa.Uuid(), nullable=False),
    sa.Column('mentor_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('live_version', sa.Integer(), nullable=True),
    sa.Column('live_title', sa.String(length=200), nullable=True),
    sa.Column('live_text', sa.Text(), nullable=True),
    sa.Column('latest_version', sa.Integer(), nullable=False),
    sa.Column('latest_title', sa.String(length=200), nullable=False),
    sa.Column('latest_text', sa.Text(), nullable=False),
    sa.Column('live_document', postgresql.TSVECTOR(), _document('live'), nullable=True),
    sa.Column('latest_document', postgresql.TSVECTOR(), _document('latest'), nullable=True),
    sa.Column('live_title_document', postgresql.TSVECTOR(), _title('live'), nullable=True),
    sa.Column('latest_title_document', postgresql.TSVECTOR(), _title('latest'), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['content_items.id'], name=op.f('fk_content_search_item_id_content_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('item_id', name=op.f('pk_content_search'))
    )
    _backfill()
    # Built after the backfill: one pass over the rows instead of an update per insert.
    op.create_index('ix_content_search_latest', 'content_search', ['latest_document'], unique=False, postgresql_using='gin')
    op.create_index('ix_content_search_latest_title', 'content_search', ['latest_title_document'], unique=False, postgresql_using='gin')
    op.create_index('ix_content_search_live', 'content_search', ['live_document'], unique=False, postgresql_using='gin', postgresql_where=sa.text('live_version is not null'))
    op.create_index('ix_content_search_live_title', 'content_search', ['live_title_document'], unique=False, postgresql_using='gin', postgresql_where=sa.text('live_version is not null'))
    op.create_index('ix_content_search_mentor_id', 'content_search', ['mentor_id'], unique=False)
    op.create_index('ix_content_search_topic_id', 'content_search', ['topic_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_content_search_topic_id', table_name='content_search')
    op.drop_index('ix_content_search_mentor_id', table_name='content_search')
    op.drop_index('ix_content_search_live_title', table_name='content_search', postgresql_where=sa.text('live_version is not null'))
    op.drop_index('ix_content_search_live', table_name='content_search', postgresql_where=sa.text('live_version is not null'))
    op.drop_index('ix_content_search_latest_title', table_name='content_search', postgresql_using='gin')
    op.drop_index('ix_content_search_latest', table_name='content_search', postgresql_using='gin')
    op.drop_table('content_search')


# -- backfill ---------------------------------------------------------------------------------

_ITEMS = ("select id, topic_id, mentor_id, kind, status, live_version, latest_version "
          "from content_items {where} order by id limit :limit")
_VERSIONS = sa.text(
    "select v.item_id, v.number, v.title, v.body from content_versions v "
    "join content_items i on i.id = v.item_id "
    "where v.item_id = any(:ids) and v.number in (i.live_version, i.latest_version)"
).bindparams(sa.bindparam("ids", type_=postgresql.ARRAY(sa.Uuid())))
_TARGET = sa.table(
    'content_search', *(sa.column(c) for c in (
        'item_id', 'topic_id', 'mentor_id', 'kind', 'status', 'live_version', 'live_title',
        'live_text', 'latest_version', 'latest_title', 'latest_text')))


def _batches(bind: sa.Connection) -> Iterator[list[Any]]:
    last = None
    while True:
        if last is None:
            rows = bind.execute(sa.text(_ITEMS.format(where="")), {"limit": BATCH}).all()
        else:
            rows = bind.execute(sa.text(_ITEMS.format(where="where id > :last")),
                                {"limit": BATCH, "last": last}).all()
        if not rows:
            return
        yield rows
        last = rows[-1].id


def _text(version: Any, spec: Any, *, learner: bool) -> tuple[str, str]:
    from edu_core.domain.content.search import searchable

    body = json.loads(version.body) if isinstance(version.body, str) else version.body
    if spec is None:  # a kind this code no longer knows: its title only
        return version.title, ""
    return version.title, searchable(spec.learner_text(body) if learner
                                     else spec.render_text(body))


def _backfill() -> None:
    from edu_core.domain.content import UnknownContentKind, default_kinds

    kinds = default_kinds()
    bind = op.get_bind()
    for items in _batches(bind):
        versions = {(v.item_id, v.number): v for v in bind.execute(
            _VERSIONS, {"ids": [i.id for i in items]})}
        rows = []
        for item in items:
            try:
                spec = kinds.get(item.kind)
            except UnknownContentKind:
                spec = None
            live: tuple[str | None, str | None] = (None, None)
            if item.live_version is not None:
                live = _text(versions[(item.id, item.live_version)], spec, learner=True)
            latest = _text(versions[(item.id, item.latest_version)], spec, learner=False)
            rows.append({
                "item_id": item.id, "topic_id": item.topic_id, "mentor_id": item.mentor_id,
                "kind": item.kind, "status": item.status, "live_version": item.live_version,
                "live_title": live[0], "live_text": live[1],
                "latest_version": item.latest_version, "latest_title": latest[0],
                "latest_text": latest[1]})
        bind.execute(sa.insert(_TARGET), rows)
