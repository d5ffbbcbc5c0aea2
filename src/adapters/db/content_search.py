"""Content search (S16) in PostgreSQL full text.

``content_search`` holds one row per item with two weighted documents (title A, body B): the
live version as learners read it, and the newest version as its author reads it, each with a
title-only document beside it. Learners' queries only touch the partial GIN indexes of live
documents; a mentor's workspace adds their own items' newest documents (UNION ALL); an admin's
workspace searches the newest documents of every item.

Cost is bounded for common words. GIN matches on tsvectors are always rechecked against the
row, so counting or ranking N matches reads N documents: the count stops at MAX_RESULTS + 1,
and ``ts_rank_cd`` (a title hit worth five body hits, normalised by document length) ranks a
bounded candidate set, up to MAX_RESULTS title matches plus up to MAX_RESULTS of any matches,
which is every match below that size. Headlines (``ts_headline``) re-read the text, so they
are computed for the returned page only, with control-character markers around matches that
the domain turns into plain-text segments.
"""
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    Select,
    String,
    bindparam,
    case,
    false,
    func,
    literal,
    literal_column,
    select,
    true,
    union,
    union_all,
)
from sqlalchemy.dialects.postgresql import insert

from adapters.db.connections import Database, Session
from adapters.db.tables import SEARCH_CONFIG, chapters, content_search, subjects, topics, users
from edu_core.domain.content.search import (
    HIGHLIGHT_START,
    HIGHLIGHT_STOP,
    MAX_RESULTS,
    SearchDocument,
    Segment,
    excerpt,
    segments,
)
from edu_core.domain.pagination import PageRequest
from edu_core.domain.search_text import websearch_text
from edu_core.ports.content_search import (
    CatalogPlace,
    ContentHit,
    ContentSearchCriteria,
    ContentSearchResults,
)

cs = content_search
CONFIG: ColumnElement[Any] = literal_column(f"'{SEARCH_CONFIG}'::regconfig")
# {D, C, B, A}: a title (A) hit counts five times a body (B) hit.
WEIGHTS: ColumnElement[Any] = literal_column("'{0.04, 0.1, 0.2, 1.0}'::float4[]")
# 1: divide by 1 + log(document length), so long notes do not win by sheer size.
NORMALISATION = 1
MARKERS = f"StartSel={HIGHLIGHT_START}, StopSel={HIGHLIGHT_STOP}"
SNIPPET_OPTIONS = (f"{MARKERS}, MaxWords=18, MinWords=6, ShortWord=2, MaxFragments=2, "
                   'FragmentDelimiter=" … "')
TITLE_OPTIONS = f"{MARKERS}, HighlightAll=true"
EXCERPT_CHARS = 240


class PostgresContentSearchIndex:
    """The index writer of a unit of work: writes go through its session and transaction."""

    def __init__(self, session: Session) -> None:
        self._s = session

    async def put(self, document: SearchDocument) -> None:
        live, latest = document.live, document.latest
        values = {
            "topic_id": document.topic_id, "mentor_id": document.mentor_id,
            "kind": document.kind, "status": document.status,
            "live_version": live.number if live else None,
            "live_title": live.title if live else None, "live_text": live.text if live else None,
            "latest_version": latest.number, "latest_title": latest.title,
            "latest_text": latest.text,
        }
        statement = insert(cs).values(item_id=document.item_id, **values)
        await self._s.execute(statement.on_conflict_do_update(
            index_elements=[cs.c.item_id], set_=values))


_OFFSET = bindparam("offset", type_=Integer)
_LIMIT = bindparam("limit", type_=Integer)


def tsquery() -> ColumnElement[Any]:
    return func.websearch_to_tsquery(CONFIG, bindparam("query", type_=String))


@dataclass(frozen=True)
class _Shape:
    """What decides a search statement's text; the values themselves are bound parameters,
    so each shape is built and compiled once (``_statements``)."""

    text: bool
    kinds: bool
    subject: bool
    topic: bool
    mentor: bool
    latest_of: bool
    all_latest: bool

    @classmethod
    def of(cls, criteria: ContentSearchCriteria) -> "_Shape":
        return cls(text=bool(criteria.text), kinds=bool(criteria.kinds),
                   subject=criteria.subject_id is not None,
                   topic=criteria.topic_id is not None, mentor=criteria.mentor_id is not None,
                   latest_of=criteria.latest_of is not None, all_latest=criteria.all_latest)


def _parameters(criteria: ContentSearchCriteria, page: PageRequest) -> dict[str, Any]:
    values: dict[str, Any] = {
        "offset": page.offset, "limit": max(0, min(page.page_size, MAX_RESULTS - page.offset)),
        "kinds": list(criteria.kinds), "subject_id": criteria.subject_id,
        "topic_id": criteria.topic_id, "mentor_id": criteria.mentor_id,
        "latest_of": criteria.latest_of}
    if criteria.text:
        values["query"] = websearch_text(criteria.text)
    return values


def _filters(shape: _Shape) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if shape.kinds:
        where.append(cs.c.kind.in_(bindparam("kinds", expanding=True)))
    if shape.topic:
        where.append(cs.c.topic_id == bindparam("topic_id"))
    if shape.subject:
        where.append(cs.c.topic_id.in_(
            select(topics.c.id).join(chapters, chapters.c.id == topics.c.chapter_id)
            .where(chapters.c.subject_id == bindparam("subject_id"))))
    if shape.mentor:
        where.append(cs.c.mentor_id == bindparam("mentor_id"))
    return where


def _document(latest: bool) -> Any:
    return cs.c.latest_document if latest else cs.c.live_document


def _scopes(shape: _Shape) -> list[tuple[bool, list[ColumnElement[bool]]]]:
    """(searches the newest version?, which items) for each part of what the caller sees."""
    if shape.all_latest:
        return [(True, [])]
    if shape.latest_of:
        mine = cs.c.mentor_id == bindparam("latest_of")
        return [(False, [~mine]), (True, [mine])]
    return [(False, [])]


def _where(shape: _Shape, latest: bool,
           which: list[ColumnElement[bool]]) -> list[ColumnElement[bool]]:
    where = [*which, *_filters(shape)]
    if not latest:
        where.append(cs.c.live_version.is_not(None))  # the partial indexes' predicate
    if shape.text:
        where.append(_document(latest).op("@@")(tsquery()))
    return where


def _flag(latest: bool) -> Any:
    return (true() if latest else false()).label("latest")


def _count(shape: _Shape) -> Select[Any]:
    """Matches, counted up to one past MAX_RESULTS: a common word stops early."""
    matching = union_all(*[select(cs.c.item_id).where(*_where(shape, latest, which))
                           for latest, which in _scopes(shape)])
    return select(func.count()).select_from(
        matching.limit(MAX_RESULTS + 1).subquery("counted"))


def _ranked(shape: _Shape) -> Any:
    """The page of best matches among a bounded set of candidates: up to MAX_RESULTS items
    whose title matches, and up to MAX_RESULTS of any matches. Below MAX_RESULTS matches
    that is every match, and the ranking is exact."""
    query = tsquery()
    parts = []
    for latest, which in _scopes(shape):
        where = _where(shape, latest, which)
        title = cs.c.latest_title_document if latest else cs.c.live_title_document
        parts += [select(cs.c.item_id, _flag(latest))
                  .where(*where, title.op("@@")(query)).limit(MAX_RESULTS),
                  select(cs.c.item_id, _flag(latest)).where(*where).limit(MAX_RESULTS)]
    candidates = union(*parts).subquery("candidates")
    shown = candidates.c.latest
    rank = func.ts_rank_cd(WEIGHTS, case((shown, cs.c.latest_document),
                                         else_=cs.c.live_document), query, NORMALISATION)
    return (select(candidates.c.item_id, shown, rank.label("rank"),
                   case((shown, cs.c.latest_title), else_=cs.c.live_title).label("title"))
            .select_from(candidates.join(cs, cs.c.item_id == candidates.c.item_id))
            .order_by(rank.desc(), candidates.c.item_id)
            .offset(_OFFSET).limit(_LIMIT).subquery("hits"))


def _browsed(shape: _Shape) -> Any:
    """Without text: every match, by title."""
    visible = union_all(*[
        select(cs.c.item_id, _flag(latest),
               literal(0.0, Float).label("rank"),
               (cs.c.latest_title if latest else cs.c.live_title).label("title"))
        .where(*_where(shape, latest, which)) for latest, which in _scopes(shape)]
    ).subquery("visible")
    return (select(visible).order_by(visible.c.title, visible.c.item_id)
            .offset(_OFFSET).limit(_LIMIT).subquery("hits"))


@cache  # bounded: a shape is seven flags
def _statements(shape: _Shape) -> tuple[Select[Any], Select[Any]]:
    """(count statement, page statement) of ``shape``. Each row of the page carries the count
    too (``matched``, an uncorrelated subquery PostgreSQL runs once), so a search is one round
    trip; the count alone answers a page past the last match."""
    count = _count(shape)
    hits = (_ranked if shape.text else _browsed)(shape)
    shown = hits.c.latest
    body = case((shown, cs.c.latest_text), else_=cs.c.live_text)
    columns: list[Any] = [
        hits.c.item_id, shown.label("latest"), hits.c.rank, hits.c.title, cs.c.kind,
        cs.c.status, cs.c.live_version,
        case((shown, cs.c.latest_version), else_=cs.c.live_version).label("version"),
        func.left(body, EXCERPT_CHARS + 40).label("opening"),
        cs.c.mentor_id, users.c.display_name.label("mentor_name"),
        topics.c.id.label("topic_id"), topics.c.slug.label("topic_slug"),
        topics.c.name.label("topic_name"), chapters.c.id.label("chapter_id"),
        chapters.c.slug.label("chapter_slug"), chapters.c.name.label("chapter_name"),
        subjects.c.id.label("subject_id"), subjects.c.slug.label("subject_slug"),
        subjects.c.name.label("subject_name"), count.scalar_subquery().label("matched"),
    ]
    if shape.text:
        # Headlines re-read the text: only for the page's rows.
        query = tsquery()
        columns += [
            func.ts_headline(CONFIG, body, query, literal(SNIPPET_OPTIONS)).label("snippet"),
            func.ts_headline(CONFIG, hits.c.title, query,
                             literal(TITLE_OPTIONS)).label("title_marked")]
    rows = (select(*columns)
            .select_from(hits.join(cs, cs.c.item_id == hits.c.item_id)
                         .join(topics, topics.c.id == cs.c.topic_id)
                         .join(chapters, chapters.c.id == topics.c.chapter_id)
                         .join(subjects, subjects.c.id == chapters.c.subject_id)
                         .outerjoin(users, users.c.id == cs.c.mentor_id))
            .order_by(*([hits.c.rank.desc(), hits.c.item_id] if shape.text
                        else [hits.c.title, hits.c.item_id])))
    return count, rows


def search_statement(criteria: ContentSearchCriteria, page: PageRequest) -> Select[Any]:
    """The page statement (with its count) for ``criteria`` with its values bound; for the
    benchmark, which prints its plan (the search itself binds them at execution)."""
    _, rows = _statements(_Shape.of(criteria))
    return rows.params(_parameters(criteria, page))


def _hit(row: Any) -> ContentHit:
    snippet = segments(row.snippet) if "snippet" in row._fields else []
    if not any(s.highlight for s in snippet):
        # Only the title matched (or nothing was searched): the opening lines read better.
        opening = excerpt(row.opening or "", EXCERPT_CHARS)
        snippet = [Segment(opening)] if opening else []
    title_marked = row.title_marked if "title_marked" in row._fields else row.title
    return ContentHit(
        item_id=row.item_id, kind=row.kind, version=row.version,
        is_live=row.version == row.live_version,
        # The review state is the author's business: shown where the newest version is.
        status=row.status if row.latest else None,
        title=row.title, title_highlight=segments(title_marked), snippet=snippet,
        rank=round(float(row.rank), 6),
        topic=CatalogPlace(row.topic_id, row.topic_slug, row.topic_name),
        chapter=CatalogPlace(row.chapter_id, row.chapter_slug, row.chapter_name),
        subject=CatalogPlace(row.subject_id, row.subject_slug, row.subject_name),
        mentor_id=row.mentor_id, mentor_name=row.mentor_name or "Former mentor")


class PostgresContentSearch:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def search(self, criteria: ContentSearchCriteria,
                     page: PageRequest) -> ContentSearchResults:
        count, rows = _statements(_Shape.of(criteria))
        values = _parameters(criteria, page)
        async with self._db.session() as conn:
            # Beyond MAX_RESULTS nothing is shown, though the candidates may reach further.
            found = (await conn.execute(rows, values)).all() if page.offset < MAX_RESULTS \
                else []
            if found:
                counted = found[0].matched
            else:
                counted = (await conn.execute(count, values)).scalar_one() if page.offset \
                    else 0
        return ContentSearchResults(
            items=[_hit(r) for r in found], total=min(counted, MAX_RESULTS),
            total_exact=counted <= MAX_RESULTS, page=page.page, page_size=page.page_size)

