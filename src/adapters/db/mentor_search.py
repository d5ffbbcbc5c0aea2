"""Public mentor search (S8) in SQL: full text over headline and bio (weighted tsvector with a
GIN index), typo-tolerant names (pg_trgm), catalog, language, price and rating filters."""

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Float,
    Numeric,
    and_,
    case,
    cast,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    union,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.types import String

from adapters.db.discovery_queries import published_work
from adapters.db.identity_repository import escape_like
from adapters.db.tables import (
    chapters,
    exchange_rates,
    mentor_profiles,
    mentor_topics,
    subjects,
    topics,
    users,
)
from edu_core.domain.money import MINOR_DIGITS
from edu_core.domain.pagination import Page, PageRequest
from edu_core.domain.search_text import websearch_text
from edu_core.ports.mentors import MentorCard, MentorSearchCriteria, MentorSort

# pg_trgm's similarity() runs from 0 to 1; 0.3 is its own default threshold for '%'.
NAME_SIMILARITY = 0.3

mp, u = mentor_profiles, users
own_rate = exchange_rates.alias("own_rate")


def converted_rate(currency: str) -> Any:
    """The hourly rate in minor units of ``currency`` (exact NUMERIC, unrounded): the mentor's
    own amount in that currency, else converted through both currencies' rates and minor-unit
    exponents; NULL without a rate (or without a price)."""
    viewer_rate = (select(exchange_rates.c.rate)
                   .where(exchange_rates.c.currency == currency).scalar_subquery())
    # 10^(viewer exponent - mentor exponent), one constant per currency.
    scale = case({code: literal(Decimal(10) ** (MINOR_DIGITS[currency] - digits), Numeric)
                  for code, digits in MINOR_DIGITS.items()}, value=mp.c.currency)
    return case(
        (mp.c.currency == currency, cast(mp.c.hourly_rate_cents, Numeric)),
        else_=mp.c.hourly_rate_cents * own_rate.c.rate * scale / viewer_rate)


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


Rates = Mapping[str, Decimal]


async def load_rates(conn: AsyncConnection) -> dict[str, Decimal]:
    """Every exchange rate by currency (a handful of rows)."""
    rows = await conn.execute(select(exchange_rates.c.currency, exchange_rates.c.rate))
    return {row.currency: row.rate for row in rows}


def _indexed_price_range(criteria: MentorSearchCriteria, rates: Rates) -> Any:
    """The viewer's price range as one range of raw amounts per currency, which the
    ``(currency, hourly_rate_cents)`` index answers; widened to whole minor units so the exact
    converted comparison decides at the edges."""
    viewer = criteria.currency
    ranges = []
    for code, digits in MINOR_DIGITS.items():
        if code == viewer:
            factor = Decimal(1)
        elif code in rates and viewer in rates:
            factor = rates[viewer] * Decimal(10) ** (digits - MINOR_DIGITS[viewer]) / rates[code]
        else:
            continue  # not comparable: the exact filter leaves these mentors out anyway
        bounds = [mp.c.currency == code]
        if criteria.min_rate_cents is not None:
            bounds.append(mp.c.hourly_rate_cents >= math.floor(criteria.min_rate_cents * factor))
        if criteria.max_rate_cents is not None:
            bounds.append(mp.c.hourly_rate_cents <= math.ceil(criteria.max_rate_cents * factor))
        ranges.append(and_(*bounds))
    return or_(*ranges) if ranges else false()


def _priced(criteria: MentorSearchCriteria) -> bool:
    return criteria.min_rate_cents is not None or criteria.max_rate_cents is not None


def _filtered(criteria: MentorSearchCriteria,
              rates: Rates | None = None) -> tuple[list[Any], list[Any]]:
    """(where clauses, order by) of ``criteria``."""
    where: list[Any] = [mp.c.status == "verified", u.c.status == "active", *_teaches(criteria)]
    rank: Any = literal(0.0)
    text = (criteria.text or "").replace("\x00", "").strip()
    if text:
        words = websearch_text(text)
        query = func.websearch_to_tsquery("simple", words).op("||")(
            func.websearch_to_tsquery("english", words))
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
    price = converted_rate(criteria.currency)
    if rates is not None and _priced(criteria):
        where.append(_indexed_price_range(criteria, rates))
    if criteria.min_rate_cents is not None:
        where.append(price >= criteria.min_rate_cents)
    if criteria.max_rate_cents is not None:
        where.append(price <= criteria.max_rate_cents)
    if criteria.min_rating is not None:
        where.append(mp.c.rating_avg >= criteria.min_rating)

    order = {
        MentorSort.RELEVANCE: [rank.desc(), mp.c.rating_avg.desc(), mp.c.verified_at.desc()],
        MentorSort.RATING: [mp.c.rating_avg.desc(), mp.c.rating_count.desc()],
        MentorSort.PRICE: [price.asc().nulls_last()],
        MentorSort.PRICE_DESC: [price.desc().nulls_last()],
        # Soonest availability is decided after the query, from the availability rows.
        MentorSort.SOONEST: [mp.c.rating_avg.desc()],
    }[criteria.sort]
    return where, [*order, mp.c.user_id]


_CARD_COLUMNS = (mp.c.user_id, u.c.display_name, mp.c.headline, mp.c.photo_key, mp.c.languages,
                 mp.c.timezone, mp.c.hourly_rate_cents, mp.c.currency,
                 cast(mp.c.rating_avg, Float).label("rating_avg"), mp.c.rating_count)
# The outer join to the mentor's own rate is on its key: it never adds or drops a mentor.
_JOINED = mp.join(u, u.c.id == mp.c.user_id).outerjoin(
    own_rate, own_rate.c.currency == mp.c.currency)


def _approx(currency: str) -> Any:
    return cast(func.round(converted_rate(currency)), BigInteger).label("approx_rate_cents")


def _subject_names() -> Any:
    return (
        select(func.coalesce(func.array_agg(func.distinct(subjects.c.name)),
                             cast([], ARRAY(String))))
        .select_from(mentor_topics.join(topics, topics.c.id == mentor_topics.c.topic_id)
                     .join(chapters, chapters.c.id == topics.c.chapter_id)
                     .join(subjects, subjects.c.id == chapters.c.subject_id))
        .where(mentor_topics.c.mentor_id == mp.c.user_id)
        .scalar_subquery().label("subjects"))


def search_statement(criteria: MentorSearchCriteria, page: PageRequest,
                     rates: Rates | None = None) -> tuple[Any, Any]:
    """(count statement, page statement) for ``criteria``; also used by the benchmark.
    ``rates`` (from :func:`load_rates`) let a price range use the index."""
    where, order = _filtered(criteria, rates)
    count = select(func.count()).select_from(_JOINED).where(and_(*where))
    rows = (select(*_CARD_COLUMNS, _approx(criteria.currency), _subject_names())
            .select_from(_JOINED).where(and_(*where)).order_by(*order)
            .offset(page.offset).limit(page.page_size))
    return count, rows


class PostgresMentorSearch:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def search(self, criteria: MentorSearchCriteria,
                     page: PageRequest) -> Page[MentorCard]:
        async with self._engine.connect() as conn:
            rates = await load_rates(conn) if _priced(criteria) else None
            count, rows = search_statement(criteria, page, rates)
            total = (await conn.execute(count)).scalar_one()
            found = await _with_work(conn, (await conn.execute(rows)).mappings().all())
        return Page(items=found, total=total, page=page.page, page_size=page.page_size)

    async def matching_ids(self, criteria: MentorSearchCriteria, limit: int,
                           offset: int = 0) -> list[UUID]:
        async with self._engine.connect() as conn:
            where, order = _filtered(criteria,
                                     await load_rates(conn) if _priced(criteria) else None)
            statement = (select(mp.c.user_id).select_from(_JOINED).where(and_(*where))
                         .order_by(*order).offset(offset).limit(limit))
            return list((await conn.execute(statement)).scalars())

    async def count(self, criteria: MentorSearchCriteria) -> int:
        async with self._engine.connect() as conn:
            where, _ = _filtered(criteria,
                                 await load_rates(conn) if _priced(criteria) else None)
            total: int = (await conn.execute(
                select(func.count()).select_from(_JOINED).where(and_(*where)))).scalar_one()
        return total

    async def cards(self, ids: Sequence[UUID], currency: str) -> list[MentorCard]:
        if not ids:
            return []
        statement = (select(*_CARD_COLUMNS, _approx(currency), _subject_names())
                     .select_from(_JOINED).where(mp.c.user_id.in_(list(ids))))
        async with self._engine.connect() as conn:
            found = {c.mentor_id: c for c in await _with_work(
                conn, (await conn.execute(statement)).mappings().all())}
        return [found[i] for i in ids if i in found]


async def _with_work(conn: AsyncConnection, rows: Sequence[Any]) -> list[MentorCard]:
    """The cards of ``rows`` with each mentor's published work, counted for the whole page
    at once."""
    work = await published_work(conn, [r["user_id"] for r in rows])
    return [replace(card, work=work[card.mentor_id]) for card in _cards(rows)]


def _cards(rows: Any) -> list[MentorCard]:
    return [MentorCard(mentor_id=r["user_id"], display_name=r["display_name"],
                            headline=r["headline"], photo_key=r["photo_key"],
                            languages=tuple(r["languages"]), timezone=r["timezone"],
                            hourly_rate_cents=r["hourly_rate_cents"], currency=r["currency"],
                            rating_avg=r["rating_avg"], rating_count=r["rating_count"],
                       subjects=tuple(sorted(r["subjects"] or ())),
                       approx_rate_cents=r["approx_rate_cents"])
            for r in rows]
