"""Public mentor search (S8) in SQL: full text over headline and bio (weighted tsvector with a
GIN index), typo-tolerant names (pg_trgm), catalog, language, price and rating filters."""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Float,
    Integer,
    Numeric,
    and_,
    bindparam,
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
from sqlalchemy.types import String

from adapters.db.connections import Database, Session, among
from adapters.db.discovery_queries import course_count, lesson_count
from adapters.db.identity_repository import escape_like
from adapters.db.public_mentor import read_public_mentor
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
from edu_core.ports.discovery import MentorWork
from edu_core.ports.mentors import (
    MentorCard,
    MentorSearchCriteria,
    MentorSort,
    PublicMentorRecord,
)

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


@dataclass(frozen=True)
class _Shape:
    """What decides a search statement's text; the values are bound parameters, so each shape
    is built and compiled once (``_statements``). ``priced``: the currencies whose raw
    amounts the index narrows to the price range (see ``_indexed_price_range``)."""

    text: bool
    topic: bool
    subject: bool
    language: bool
    currency: str
    min_rate: bool
    max_rate: bool
    min_rating: bool
    sort: MentorSort
    priced: tuple[str, ...] | None

    @classmethod
    def of(cls, criteria: MentorSearchCriteria, rates: "Rates | None") -> "_Shape":
        priced = None
        if rates is not None and _priced(criteria):
            priced = tuple(code for code in MINOR_DIGITS
                           if _factor(criteria.currency, code, rates) is not None)
        return cls(text=bool(_text(criteria)), topic=criteria.topic_id is not None,
                   subject=criteria.subject_id is not None, language=bool(criteria.language),
                   currency=criteria.currency, min_rate=criteria.min_rate_cents is not None,
                   max_rate=criteria.max_rate_cents is not None,
                   min_rating=criteria.min_rating is not None, sort=criteria.sort,
                   priced=priced)


def _text(criteria: MentorSearchCriteria) -> str:
    return (criteria.text or "").replace("\x00", "").strip()


def _parameters(criteria: MentorSearchCriteria, rates: "Rates | None") -> dict[str, Any]:
    text = _text(criteria)
    values: dict[str, Any] = {
        "name": text, "words": websearch_text(text) if text else "",
        "pattern": f"%{escape_like(text)}%", "topic_id": criteria.topic_id,
        "subject_id": criteria.subject_id, "languages": [criteria.language],
        "min_rate": criteria.min_rate_cents, "max_rate": criteria.max_rate_cents,
        "min_rating": criteria.min_rating}
    if rates is not None and _priced(criteria):
        for code in MINOR_DIGITS:
            factor = _factor(criteria.currency, code, rates)
            if factor is None:
                continue
            if criteria.min_rate_cents is not None:
                values[f"low_{code}"] = math.floor(criteria.min_rate_cents * factor)
            if criteria.max_rate_cents is not None:
                values[f"high_{code}"] = math.ceil(criteria.max_rate_cents * factor)
    return values


def _teaches(shape: _Shape) -> list[Any]:
    where = []
    if shape.topic:
        where.append(exists().where(mentor_topics.c.mentor_id == mp.c.user_id,
                                    mentor_topics.c.topic_id == bindparam("topic_id")))
    if shape.subject:
        where.append(exists().where(
            mentor_topics.c.mentor_id == mp.c.user_id,
            topics.c.id == mentor_topics.c.topic_id,
            chapters.c.id == topics.c.chapter_id,
            chapters.c.subject_id == bindparam("subject_id")))
    return where


Rates = Mapping[str, Decimal]


async def load_rates(conn: Session) -> dict[str, Decimal]:
    """Every exchange rate by currency (a handful of rows)."""
    rows = await conn.execute(_RATES)
    return {row.currency: row.rate for row in rows}


_RATES = select(exchange_rates.c.currency, exchange_rates.c.rate)


def _factor(viewer: str, code: str, rates: Rates) -> Decimal | None:
    """How many minor units of ``code`` one minor unit of ``viewer`` is worth; None when the
    two cannot be compared."""
    if code == viewer:
        return Decimal(1)
    if code in rates and viewer in rates:
        return rates[viewer] * Decimal(10) ** (MINOR_DIGITS[code] - MINOR_DIGITS[viewer]) / (
            rates[code])
    return None


def _indexed_price_range(shape: _Shape) -> Any:
    """The viewer's price range as one range of raw amounts per currency, which the
    ``(currency, hourly_rate_cents)`` index answers; widened to whole minor units so the exact
    converted comparison decides at the edges. Currencies that cannot be compared are left
    out: the exact filter leaves their mentors out anyway."""
    ranges = []
    for code in shape.priced or ():
        bounds = [mp.c.currency == code]
        if shape.min_rate:
            bounds.append(mp.c.hourly_rate_cents >= bindparam(f"low_{code}", type_=Integer))
        if shape.max_rate:
            bounds.append(mp.c.hourly_rate_cents <= bindparam(f"high_{code}", type_=Integer))
        ranges.append(and_(*bounds))
    return or_(*ranges) if ranges else false()


def _priced(criteria: MentorSearchCriteria) -> bool:
    return criteria.min_rate_cents is not None or criteria.max_rate_cents is not None


def _filtered(shape: _Shape) -> tuple[list[Any], list[Any]]:
    """(where clauses, order by) of ``shape``."""
    where: list[Any] = [mp.c.status == "verified", u.c.status == "active", *_teaches(shape)]
    rank: Any = literal(0.0)
    if shape.text:
        name = bindparam("name", type_=String)
        words = bindparam("words", type_=String)
        query = func.websearch_to_tsquery("simple", words).op("||")(
            func.websearch_to_tsquery("english", words))
        similarity = func.similarity(u.c.display_name, name)
        # A union of index scans (GIN tsvector, GIN trigram) rather than one OR, which the
        # planner can only answer by scanning every mentor.
        matching = union(
            select(mp.c.user_id).where(mp.c.search_document.op("@@")(query)),
            select(u.c.id).where(u.c.display_name.op("%")(name)),
            select(u.c.id).where(u.c.display_name.ilike(bindparam("pattern", type_=String),
                                                        escape="\\")))
        where.append(mp.c.user_id.in_(matching))
        rank = func.ts_rank(mp.c.search_document, query) + similarity
    if shape.language:
        where.append(mp.c.languages.op("@>")(
            bindparam("languages", type_=ARRAY(String(3)))))
    price = converted_rate(shape.currency)
    if shape.priced is not None:
        where.append(_indexed_price_range(shape))
    if shape.min_rate:
        where.append(price >= bindparam("min_rate", type_=Integer))
    if shape.max_rate:
        where.append(price <= bindparam("max_rate", type_=Integer))
    if shape.min_rating:
        where.append(mp.c.rating_avg >= bindparam("min_rating", type_=Float))

    order = {
        MentorSort.RELEVANCE: [rank.desc(), mp.c.rating_avg.desc(), mp.c.verified_at.desc()],
        MentorSort.RATING: [mp.c.rating_avg.desc(), mp.c.rating_count.desc()],
        MentorSort.PRICE: [price.asc().nulls_last()],
        MentorSort.PRICE_DESC: [price.desc().nulls_last()],
        # Soonest availability is decided after the query, from the availability rows.
        MentorSort.SOONEST: [mp.c.rating_avg.desc()],
    }[shape.sort]
    return where, [*order, mp.c.user_id]


# A card's published work is counted beside it (correlated counts on the ``mentor_id``-first
# indexes), not by a second query for the page.
_CARD_COLUMNS = (mp.c.user_id, u.c.display_name, mp.c.headline, mp.c.photo_key, mp.c.languages,
                 mp.c.timezone, mp.c.hourly_rate_cents, mp.c.currency,
                 cast(mp.c.rating_avg, Float).label("rating_avg"), mp.c.rating_count,
                 course_count(mp.c.user_id).label("courses"),
                 lesson_count(mp.c.user_id).label("lessons"))
# The outer join to the mentor's own rate is on its key: it never adds or drops a mentor.
_JOINED = mp.join(u, u.c.id == mp.c.user_id).outerjoin(
    own_rate, own_rate.c.currency == mp.c.currency)
_OFFSET = bindparam("offset", type_=Integer)
_LIMIT = bindparam("limit", type_=Integer)


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


@dataclass(frozen=True)
class _Statements:
    count: Any
    page: Any  # cards, offset/limit
    ids: Any  # ids and the count of every match, offset/limit


@cache  # bounded: a shape is a handful of flags, a currency and a sort
def _statements(shape: _Shape) -> _Statements:
    where, order = _filtered(shape)
    return _Statements(
        count=select(func.count()).select_from(_JOINED).where(and_(*where)),
        page=(select(*_CARD_COLUMNS, _approx(shape.currency), _subject_names())
              .select_from(_JOINED).where(and_(*where)).order_by(*order)
              .offset(_OFFSET).limit(_LIMIT)),
        ids=(select(mp.c.user_id, func.count().over().label("total")).select_from(_JOINED)
             .where(and_(*where)).order_by(*order).offset(_OFFSET).limit(_LIMIT)))


@cache  # one per currency
def _cards_statement(currency: str) -> Any:
    return (select(*_CARD_COLUMNS, _approx(currency), _subject_names())
            .select_from(_JOINED).where(among(mp.c.user_id)))


def search_statement(criteria: MentorSearchCriteria, page: PageRequest,
                     rates: Rates | None = None) -> tuple[Any, Any]:
    """(count statement, page statement) for ``criteria`` with its values bound; for the
    benchmark (the search itself binds them at execution). ``rates`` (from
    :func:`load_rates`) let a price range use the index."""
    found = _statements(_Shape.of(criteria, rates))
    values = {**_parameters(criteria, rates), "offset": page.offset, "limit": page.page_size}
    return found.count.params(values), found.page.params(values)


class PostgresMentorSearch:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def search(self, criteria: MentorSearchCriteria,
                     page: PageRequest) -> Page[MentorCard]:
        async with self._db.session() as conn:
            rates = await load_rates(conn) if _priced(criteria) else None
            found = _statements(_Shape.of(criteria, rates))
            values = {**_parameters(criteria, rates), "offset": page.offset,
                      "limit": page.page_size}
            total = (await conn.execute(found.count, values)).scalar_one()
            cards = _cards((await conn.execute(found.page, values)).mappings().all())
        return Page(items=cards, total=total, page=page.page, page_size=page.page_size)

    async def matching_ids(self, criteria: MentorSearchCriteria, limit: int,
                           offset: int = 0) -> tuple[list[UUID], int]:
        async with self._db.session() as conn:
            rates = await load_rates(conn) if _priced(criteria) else None
            values = _parameters(criteria, rates)
            found = _statements(_Shape.of(criteria, rates))
            rows = (await conn.execute(found.ids, {**values, "offset": offset, "limit": limit})
                    ).all()
            if rows:
                return [row[0] for row in rows], rows[0][1]
            # Past the last match (or none): the window had no row to count on.
            total: int = (await conn.execute(found.count, values)).scalar_one() if offset else 0
            return [], total

    async def cards(self, ids: Sequence[UUID], currency: str) -> list[MentorCard]:
        if not ids:
            return []
        async with self._db.session() as conn:
            rows = (await conn.execute(_cards_statement(currency), {"ids": list(ids)}))
            found = {c.mentor_id: c for c in _cards(rows.mappings().all())}
        return [found[i] for i in ids if i in found]

    async def public_profile(self, mentor_id: UUID) -> PublicMentorRecord | None:
        async with self._db.session() as conn:
            return await read_public_mentor(conn, mentor_id)


def _cards(rows: Any) -> list[MentorCard]:
    return [MentorCard(mentor_id=r["user_id"], display_name=r["display_name"],
                            headline=r["headline"], photo_key=r["photo_key"],
                            languages=tuple(r["languages"]), timezone=r["timezone"],
                            hourly_rate_cents=r["hourly_rate_cents"], currency=r["currency"],
                            rating_avg=r["rating_avg"], rating_count=r["rating_count"],
                       subjects=tuple(sorted(r["subjects"] or ())),
                       approx_rate_cents=r["approx_rate_cents"],
                       work=MentorWork(courses=r["courses"], lessons=r["lessons"]))
            for r in rows]
