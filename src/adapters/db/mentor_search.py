"""Public mentor search (S8) in SQL: full text over headline and bio (weighted tsvector with a
GIN index), typo-tolerant names (pg_trgm), catalog, language, price and rating filters."""

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import Float, and_, cast, exists, func, literal, select, union
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.types import String

from adapters.db.identity_repository import escape_like
from adapters.db.tables import chapters, mentor_profiles, mentor_topics, subjects, topics, users
from edu_core.domain.pagination import Page, PageRequest
from edu_core.ports.mentors import MentorCard, MentorSearchCriteria, MentorSort

# pg_trgm's similarity() runs from 0 to 1; 0.3 is its own default threshold for '%'.
NAME_SIMILARITY = 0.3

mp, u = mentor_profiles, users


def _teaches(criteria: MentorSearchCriteria) -> list[Any]:
    where = []
    if criteria.topic_id is not None:
        where.append(exists().where(mentor_topics.c.mentor_id == mp.c.user_id,
                                    mentor_topics.c.topic_id == criteria.topic_id))
    if criteria.subject_id is not None:
        where.append(exists().where(
            mentor_topics.c.mentor_id == mp.c.user_id,
            topics.c.id == mentor_topics.c.topic_id,
            chapters.c.id == topics.c.chapter_id,
            chapters.c.subject_id == criteria.subject_id))
    return where


def _filtered(criteria: MentorSearchCriteria) -> tuple[list[Any], list[Any]]:
    """(where clauses, order by) of ``criteria``."""
    where: list[Any] = [mp.c.status == "verified", u.c.status == "active", *_teaches(criteria)]
    rank: Any = literal(0.0)
    text = (criteria.text or "").replace("\x00", "").strip()
    if text:
        query = func.websearch_to_tsquery("simple", text).op("||")(
            func.websearch_to_tsquery("english", text))
        similarity = func.similarity(u.c.display_name, text)
        # A union of index scans (GIN tsvector, GIN trigram) rather than one OR, which the
        # planner can only answer by scanning every mentor.
        matching = union(
            select(mp.c.user_id).where(mp.c.search_document.op("@@")(query)),
            select(u.c.id).where(u.c.display_name.op("%")(text)),
            select(u.c.id).where(u.c.display_name.ilike(f"%{escape_like(text)}%",
                                                        escape="\\")))
        where.append(mp.c.user_id.in_(matching))
        rank = func.ts_rank(mp.c.search_document, query) + similarity
    if criteria.language:
        where.append(mp.c.languages.op("@>")(cast([criteria.language], ARRAY(String(3)))))
    if criteria.currency:
        where.append(mp.c.currency == criteria.currency)
    if criteria.min_rate_cents is not None:
        where.append(mp.c.hourly_rate_cents >= criteria.min_rate_cents)
    if criteria.max_rate_cents is not None:
        where.append(mp.c.hourly_rate_cents <= criteria.max_rate_cents)
    if criteria.min_rating is not None:
        where.append(mp.c.rating_avg >= criteria.min_rating)

    order = {
        MentorSort.RELEVANCE: [rank.desc(), mp.c.rating_avg.desc(), mp.c.verified_at.desc()],
        MentorSort.RATING: [mp.c.rating_avg.desc(), mp.c.rating_count.desc()],
        MentorSort.PRICE: [mp.c.hourly_rate_cents.asc()],
        MentorSort.PRICE_DESC: [mp.c.hourly_rate_cents.desc()],
        # Soonest availability is decided after the query, from the availability rows.
        MentorSort.SOONEST: [mp.c.rating_avg.desc()],
    }[criteria.sort]
    return where, [*order, mp.c.user_id]


_CARD_COLUMNS = (mp.c.user_id, u.c.display_name, mp.c.headline, mp.c.photo_key, mp.c.languages,
                 mp.c.timezone, mp.c.hourly_rate_cents, mp.c.currency,
                 cast(mp.c.rating_avg, Float).label("rating_avg"), mp.c.rating_count)
_JOINED = mp.join(u, u.c.id == mp.c.user_id)


def _subject_names() -> Any:
    return (
        select(func.coalesce(func.array_agg(func.distinct(subjects.c.name)),
                             cast([], ARRAY(String))))
        .select_from(mentor_topics.join(topics, topics.c.id == mentor_topics.c.topic_id)
                     .join(chapters, chapters.c.id == topics.c.chapter_id)
                     .join(subjects, subjects.c.id == chapters.c.subject_id))
        .where(mentor_topics.c.mentor_id == mp.c.user_id)
        .scalar_subquery().label("subjects"))


def search_statement(criteria: MentorSearchCriteria, page: PageRequest) -> tuple[Any, Any]:
    """(count statement, page statement) for ``criteria``; also used by the benchmark."""
    where, order = _filtered(criteria)
    count = select(func.count()).select_from(_JOINED).where(and_(*where))
    rows = (select(*_CARD_COLUMNS, _subject_names()).select_from(_JOINED)
            .where(and_(*where)).order_by(*order)
            .offset(page.offset).limit(page.page_size))
    return count, rows


class PostgresMentorSearch:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def search(self, criteria: MentorSearchCriteria,
                     page: PageRequest) -> Page[MentorCard]:
        count, rows = search_statement(criteria, page)
        async with self._engine.connect() as conn:
            total = (await conn.execute(count)).scalar_one()
            found = (await conn.execute(rows)).mappings().all()
        return Page(items=_cards(found), total=total, page=page.page, page_size=page.page_size)

    async def matching_ids(self, criteria: MentorSearchCriteria, limit: int) -> list[UUID]:
        where, order = _filtered(criteria)
        statement = (select(mp.c.user_id).select_from(_JOINED).where(and_(*where))
                     .order_by(*order).limit(limit))
        async with self._engine.connect() as conn:
            return list((await conn.execute(statement)).scalars())

    async def cards(self, ids: Sequence[UUID]) -> list[MentorCard]:
        if not ids:
            return []
        statement = (select(*_CARD_COLUMNS, _subject_names()).select_from(_JOINED)
                     .where(mp.c.user_id.in_(list(ids))))
        async with self._engine.connect() as conn:
            found = {c.mentor_id: c for c in _cards((await conn.execute(statement)).mappings())}
        return [found[i] for i in ids if i in found]


def _cards(rows: Any) -> list[MentorCard]:
    return [MentorCard(mentor_id=r["user_id"], display_name=r["display_name"],
                            headline=r["headline"], photo_key=r["photo_key"],
                            languages=tuple(r["languages"]), timezone=r["timezone"],
                            hourly_rate_cents=r["hourly_rate_cents"], currency=r["currency"],
                            rating_avg=r["rating_avg"], rating_count=r["rating_count"],
                       subjects=tuple(sorted(r["subjects"] or ())))
            for r in rows]
