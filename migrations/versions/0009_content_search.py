"""content search

Revision ID: 0009_content_search
Revises: 0008_courses
Create Date: 2026-11-27 18:10:00

One ``content_search`` row per content item with weighted tsvectors of its live (learner) and
newest (author) text, GIN-indexed. Existing items are indexed here with the text the
application indexed every save with when this revision was written.

That text rendering is frozen below (a copy of ``edu_core.domain.content`` as of this revision:
``searchable``, ``html_to_text`` and each kind's ``render_text``/``learner_text``) instead of
imported: a migration must do the same thing forever, whatever the domain code becomes. The
application re-indexes an item whenever it is saved, so later changes to the rendering reach
old items that way, never by changing this file.
"""

import json
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from html.parser import HTMLParser
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


def _text(version: Any, kind: str, *, learner: bool) -> tuple[str, str]:
    body = json.loads(version.body) if isinstance(version.body, str) else version.body
    render = _RENDERERS.get(kind)
    if render is None:  # a kind unknown at this revision: its title only
        return version.title, ""
    return version.title, _searchable(render(body, learner))


def _backfill() -> None:
    bind = op.get_bind()
    for items in _batches(bind):
        versions = {(v.item_id, v.number): v for v in bind.execute(
            _VERSIONS, {"ids": [i.id for i in items]})}
        rows = []
        for item in items:
            live: tuple[str | None, str | None] = (None, None)
            if item.live_version is not None:
                live = _text(versions[(item.id, item.live_version)], item.kind, learner=True)
            latest = _text(versions[(item.id, item.latest_version)], item.kind, learner=False)
            rows.append({
                "item_id": item.id, "topic_id": item.topic_id, "mentor_id": item.mentor_id,
                "kind": item.kind, "status": item.status, "live_version": item.live_version,
                "live_title": live[0], "live_text": live[1],
                "latest_version": item.latest_version, "latest_title": latest[0],
                "latest_text": latest[1]})
        bind.execute(sa.insert(_TARGET), rows)


# -- the indexed text, frozen at this revision --------------------------------------------------

def _searchable(text: str) -> str:
    return "".join(" " if unicodedata.category(c) in ("Cc", "Cs") and c not in "\n\t" else c
                   for c in text)


_BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "pre",
                     "blockquote", "table", "thead", "tbody", "tfoot", "tr", "figure",
                     "figcaption", "hr", "dl", "dt", "dd", "caption"})
_HEADINGS = {f"h{n}": "#" * n for n in range(1, 7)}


class _TextRenderer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._math_depth = 0
        self._math_tag = ""
        self._pre = 0
        self._links: list[str | None] = []
        self._cells = 0

    def _newline(self) -> None:
        self.parts.append("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if self._math_depth:
            if tag == self._math_tag:
                self._math_depth += 1
            return
        if tag in ("span", "div") and values.get("data-latex"):
            display = (tag == "div" or values.get("data-type") == "block-math"
                       or "math-display" in (values.get("class") or "").split())
            if tag == "div":
                self._newline()
            fence = "$$" if display else "$"
            self.parts.append(f"{fence}{values['data-latex']}{fence}")
            self._math_depth, self._math_tag = 1, tag
            return
        if tag in _BLOCKS:
            self._newline()
        if tag in _HEADINGS:
            self.parts.append(_HEADINGS[tag] + " ")
        elif tag == "li":
            self.parts.append("- ")
        elif tag == "br":
            self._newline()
        elif tag == "tr":
            self._cells = 0
        elif tag in ("td", "th"):
            if self._cells:
                self.parts.append(" | ")
            self._cells += 1
        elif tag == "pre":
            self._pre += 1
        elif tag == "img":
            self.parts.append(f"[image: {values.get('alt') or values.get('src') or ''}]")
        elif tag == "a":
            self._links.append(values.get("href"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "img", "hr"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._math_depth:
            if tag == self._math_tag:
                self._math_depth -= 1
                if not self._math_depth and tag == "div":
                    self._newline()
            return
        if tag == "a" and self._links:
            href = self._links.pop()
            if href:
                self.parts.append(f" <{href}>")
        elif tag == "pre" and self._pre:
            self._pre -= 1
        if tag in _BLOCKS:
            self._newline()

    def handle_data(self, data: str) -> None:
        if self._math_depth:
            return
        self.parts.append(data if self._pre else re.sub(r"\s+", " ", data))


def _html_to_text(html: str) -> str:
    renderer = _TextRenderer()
    renderer.feed(html)
    renderer.close()
    lines = [line.rstrip() for line in "".join(renderer.parts).split("\n")]
    text = "\n".join(line if line.strip() else "" for line in lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _note(body: Mapping[str, Any], learner: bool) -> str:
    return _html_to_text(str(body.get("html", "")))


_QUESTION_LABELS = {"single_choice": "single choice", "multiple_choice": "multiple choice",
                    "numeric": "numeric", "short_text": "short text"}


def _question(body: Mapping[str, Any], learner: bool) -> str:
    kind = body["type"]
    if learner:  # prompt, choices and unit: never answers or explanation
        lines = [_html_to_text(str(body["prompt"]))]
        lines += [c["text"] for c in body.get("choices", [])]
        if kind == "numeric" and body.get("unit"):
            lines.append(str(body["unit"]))
        return "\n".join(lines)
    lines = [f"Question ({_QUESTION_LABELS[kind]})", _html_to_text(str(body["prompt"])), ""]
    if kind in ("single_choice", "multiple_choice"):
        lines.append("Choices:")
        lines += [f"[{'x' if c['id'] in body['correct'] else ' '}] {c['id']}. {c['text']}"
                  for c in body["choices"]]
    elif kind == "numeric":
        unit = f" {body['unit']}" if body.get("unit") else ""
        lines.append(f"Answer: {body['answer']:g} ± {body['tolerance']:g}{unit}")
    else:
        case = "case-sensitive" if body.get("case_sensitive") else "case-insensitive"
        lines.append(f"Accepted answers ({case}): " + " | ".join(body["accepted"]))
    explanation = _html_to_text(str(body.get("explanation", "")))
    if explanation:
        lines += ["", "Explanation:", explanation]
    return "\n".join(lines)


def _simulation(body: Mapping[str, Any], learner: bool) -> str:
    if learner:
        return str(body.get("title", ""))
    return f"Simulation: {body.get('title', '')}\n{body.get('url', '')}"


_RENDERERS = {"note": _note, "question": _question, "simulation": _simulation}
