"""A mentor's public page in one statement: the profile row, its person, and its topics,
portfolio and per-star review counts beside them. The page is the busiest public read, and
each further select would cost a round trip, most of its time."""

import json
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import BindParameter, ColumnElement, Text, Uuid, bindparam, func, literal, select
from sqlalchemy.dialects.postgresql import aggregate_order_by, array

from adapters.db.connections import Session
from adapters.db.identity_repository import user_from_row
from adapters.db.mentor_repository import profile_from_row
from adapters.db.tables import (
    mentor_portfolio,
    mentor_profiles,
    mentor_topics,
    reviews,
    topics,
    users,
)
from edu_core.domain.catalog import Topic
from edu_core.domain.mentors import PortfolioItem
from edu_core.domain.reviews import PUBLIC_STATUSES, STARS
from edu_core.ports.mentors import PublicMentorRecord

_mp, _u, _t, _mt, _pf, _r = (mentor_profiles, users, topics, mentor_topics, mentor_portfolio,
                             reviews)
_ME: BindParameter[UUID] = bindparam("mentor_id", type_=Uuid)


def _json_list(*pairs: Any, order_by: tuple[ColumnElement[Any], ...]) -> ColumnElement[str]:
    """``json_agg`` of objects built from name/value pairs, in ``order_by`` order, '[]' when
    there are none; as text, decoded once here rather than by the driver's codecs."""
    return func.coalesce(func.json_agg(aggregate_order_by(func.json_build_object(*pairs),
                                                          *order_by)).cast(Text), literal("[]"))


_TOPICS = (select(_json_list("id", _t.c.id, "chapter_id", _t.c.chapter_id, "name", _t.c.name,
                             "slug", _t.c.slug, "description", _t.c.description,
                             "position", _t.c.position,
                             order_by=(_t.c.position, _t.c.name)))
           .select_from(_mt.join(_t, _t.c.id == _mt.c.topic_id))
           .where(_mt.c.mentor_id == _ME).scalar_subquery())
_PORTFOLIO = (select(_json_list("id", _pf.c.id, "title", _pf.c.title, "blob_key", _pf.c.blob_key,
                                "filename", _pf.c.filename, "content_type", _pf.c.content_type,
                                "size", _pf.c.size, "uploaded_at", _pf.c.uploaded_at,
                                order_by=(_pf.c.uploaded_at, _pf.c.id)))
              .where(_pf.c.mentor_id == _ME).scalar_subquery())
_STARS = (select(array([func.count().filter(_r.c.rating == stars) for stars in STARS]))
          .where(_r.c.mentor_id == _ME, _r.c.status.in_([s.value for s in PUBLIC_STATUSES]))
          .scalar_subquery())
_USER_COLUMNS = tuple(c.name for c in _u.c)
_STATEMENT = (select(*[c.label(f"user_{c.name}") for c in _u.c], _mp,
                     _TOPICS.label("topics_json"), _PORTFOLIO.label("portfolio_json"),
                     _STARS.label("stars"))
              .select_from(_mp.join(_u, _u.c.id == _mp.c.user_id))
              .where(_mp.c.user_id == _ME))


async def read_public_mentor(conn: Session, mentor_id: UUID) -> PublicMentorRecord | None:
    row = (await conn.execute(_STATEMENT, {"mentor_id": mentor_id})).mappings().first()
    if row is None:
        return None
    user = user_from_row({name: row[f"user_{name}"] for name in _USER_COLUMNS})
    chosen = [Topic(id=UUID(t["id"]), chapter_id=UUID(t["chapter_id"]), name=t["name"],
                    slug=t["slug"], description=t["description"], position=t["position"])
              for t in json.loads(row["topics_json"])]
    portfolio = [PortfolioItem(id=UUID(p["id"]), title=p["title"], blob_key=p["blob_key"],
                               filename=p["filename"], content_type=p["content_type"],
                               size=p["size"], uploaded_at=datetime.fromisoformat(
                                   p["uploaded_at"]))
                 for p in json.loads(row["portfolio_json"])]
    # The repository lists a profile's topic ids by id; the same order here.
    profile = profile_from_row(row, topic_ids=sorted(t.id for t in chosen), documents=[],
                               portfolio=portfolio)
    return PublicMentorRecord(profile=profile, user=user, topics=chosen,
                              stars=dict(zip(STARS, row["stars"], strict=True)))
