"""Postgres repository of mentor profiles: the profile row plus its topics and documents,
written together with an optimistic version check."""

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from asyncpg.exceptions import ForeignKeyViolationError
from sqlalchemy import (
    DateTime,
    Integer,
    String,
    bindparam,
    cast,
    delete,
    func,
    insert,
    literal,
    null,
    select,
    union_all,
    update,
)
from sqlalchemy.exc import IntegrityError

from adapters.db.connections import Session, among
from adapters.db.results import rowcount
from adapters.db.tables import (
    mentor_documents,
    mentor_portfolio,
    mentor_profiles,
    mentor_topics,
)
from adapters.pending_events import PendingEvents
from edu_core.domain.errors import ConcurrentModification
from edu_core.domain.mentors import (
    MentorProfile,
    MentorStatus,
    PortfolioItem,
    UnknownTopics,
    VerificationDocument,
)
from edu_core.domain.pagination import Page, PageRequest
from edu_core.ports.mentors import MentorQuery

_COLUMNS = ("user_id", "status", "headline", "bio", "photo_key", "languages", "timezone",
            "hourly_rate_cents", "currency", "rejection_reason", "submitted_at", "verified_at",
            "created_at", "updated_at", "version")


def profile_from_row(r: Any, *, topic_ids: Sequence[UUID],
                     documents: list[VerificationDocument],
                     portfolio: list[PortfolioItem]) -> MentorProfile:
    """A profile from its ``mentor_profiles`` row (a mapping) and its children."""
    values = {c: r[c] for c in _COLUMNS}
    return MentorProfile(**{**values, "status": MentorStatus(r["status"]),
                            "rating_avg": float(r["rating_avg"]),
                            "rating_count": r["rating_count"],
                            "languages": tuple(r["languages"]),
                            "topic_ids": tuple(topic_ids), "documents": documents,
                            "portfolio": portfolio})


def profile_values(profile: MentorProfile) -> dict[str, Any]:
    values = {c: getattr(profile, c) for c in _COLUMNS}
    values["status"] = profile.status.value
    values["languages"] = list(profile.languages)
    return values


# The read statements, built once (``ids``: the profiles being hydrated). A profile's topics,
# documents and portfolio come in one statement, told apart by ``part``; topics have no upload
# time, so they come in topic id order like the rest in upload order.
_PROFILE = select(mentor_profiles).where(mentor_profiles.c.user_id == bindparam("user_id"))
_mt, _md, _mp = mentor_topics, mentor_documents, mentor_portfolio
_CHILDREN = union_all(
    select(literal("topic").label("part"), _mt.c.mentor_id, _mt.c.topic_id.label("id"),
           cast(null(), String).label("title"), cast(null(), String).label("blob_key"),
           cast(null(), String).label("filename"), cast(null(), String).label("content_type"),
           cast(null(), Integer).label("size"),
           cast(null(), DateTime(timezone=True)).label("uploaded_at"))
    .where(among(_mt.c.mentor_id)),
    select(literal("document"), _md.c.mentor_id, _md.c.id, cast(null(), String), _md.c.blob_key,
           _md.c.filename, _md.c.content_type, _md.c.size, _md.c.uploaded_at)
    .where(among(_md.c.mentor_id)),
    select(literal("portfolio"), _mp.c.mentor_id, _mp.c.id, _mp.c.title, _mp.c.blob_key,
           _mp.c.filename, _mp.c.content_type, _mp.c.size, _mp.c.uploaded_at)
    .where(among(_mp.c.mentor_id)),
).order_by("uploaded_at", "id")


class PostgresMentorRepository:
    def __init__(self, session: Session, events: PendingEvents) -> None:
        self._s = session
        self._pending = events
        self._loaded: dict[UUID, int] = {}

    async def _hydrate(self, rows: list[Any]) -> list[MentorProfile]:
        ids = [r["user_id"] for r in rows]
        topics: dict[UUID, list[UUID]] = {i: [] for i in ids}
        documents: dict[UUID, list[VerificationDocument]] = {i: [] for i in ids}
        portfolio: dict[UUID, list[PortfolioItem]] = {i: [] for i in ids}
        if ids:
            for c in (await self._s.execute(_CHILDREN, {"ids": ids})).mappings():
                if c["part"] == "topic":
                    topics[c["mentor_id"]].append(c["id"])
                elif c["part"] == "document":
                    documents[c["mentor_id"]].append(VerificationDocument(
                        id=c["id"], blob_key=c["blob_key"], filename=c["filename"],
                        content_type=c["content_type"], size=c["size"],
                        uploaded_at=c["uploaded_at"]))
                else:
                    portfolio[c["mentor_id"]].append(PortfolioItem(
                        id=c["id"], title=c["title"], blob_key=c["blob_key"],
                        filename=c["filename"], content_type=c["content_type"], size=c["size"],
                        uploaded_at=c["uploaded_at"]))
        profiles = []
        for r in rows:
            profile = profile_from_row(r, topic_ids=topics[r["user_id"]],
                                       documents=documents[r["user_id"]],
                                       portfolio=portfolio[r["user_id"]])
            self._loaded[profile.user_id] = profile.version
            profiles.append(profile)
        return profiles

    async def get(self, user_id: UUID) -> MentorProfile | None:
        rows = list((await self._s.execute(_PROFILE, {"user_id": user_id})).mappings())
        found = await self._hydrate(rows)
        return found[0] if found else None

    async def save(self, profile: MentorProfile) -> None:
        values = profile_values(profile)
        try:
            async with self._s.begin_nested():
                if profile.user_id in self._loaded:
                    expected = self._loaded[profile.user_id]
                    values["version"] = expected + 1
                    result = await self._s.execute(
                        update(mentor_profiles)
                        .where(mentor_profiles.c.user_id == profile.user_id,
                               mentor_profiles.c.version == expected)
                        .values(**values))
                    if rowcount(result) != 1:
                        raise ConcurrentModification()
                else:
                    await self._s.execute(insert(mentor_profiles).values(**values))
                await self._s.execute(delete(mentor_topics)
                                      .where(mentor_topics.c.mentor_id == profile.user_id))
                if profile.topic_ids:
                    await self._s.execute(insert(mentor_topics), [
                        {"mentor_id": profile.user_id, "topic_id": t}
                        for t in profile.topic_ids])
                await self._s.execute(delete(mentor_documents)
                                      .where(mentor_documents.c.mentor_id == profile.user_id))
                if profile.documents:
                    await self._s.execute(insert(mentor_documents), [
                        {"id": d.id, "mentor_id": profile.user_id, "blob_key": d.blob_key,
                         "filename": d.filename, "content_type": d.content_type,
                         "size": d.size, "uploaded_at": d.uploaded_at}
                        for d in profile.documents])
                await self._s.execute(delete(mentor_portfolio)
                                      .where(mentor_portfolio.c.mentor_id == profile.user_id))
                if profile.portfolio:
                    await self._s.execute(insert(mentor_portfolio), [
                        {"id": p.id, "mentor_id": profile.user_id, "title": p.title,
                         "blob_key": p.blob_key, "filename": p.filename,
                         "content_type": p.content_type, "size": p.size,
                         "uploaded_at": p.uploaded_at}
                        for p in profile.portfolio])
        except IntegrityError as exc:
            if isinstance(getattr(exc.orig, "__cause__", None), ForeignKeyViolationError):
                raise UnknownTopics(details={"fields": {
                    "topic_ids": UnknownTopics.default_message}}) from exc
            raise
        profile.version = values["version"]
        self._loaded[profile.user_id] = profile.version
        self._pending.take_from(profile)

    async def list(self, query: MentorQuery, page: PageRequest) -> Page[MentorProfile]:
        where = []
        if query.status is not None:
            where.append(mentor_profiles.c.status == query.status.value)
        total = (await self._s.execute(
            select(func.count()).select_from(mentor_profiles).where(*where))).scalar_one()
        rows = list((await self._s.execute(
            select(mentor_profiles).where(*where)
            .order_by(mentor_profiles.c.submitted_at.asc().nulls_last(),
                      mentor_profiles.c.created_at, mentor_profiles.c.user_id)
            .offset(page.offset).limit(page.page_size))).mappings())
        return Page(items=await self._hydrate(rows), total=total, page=page.page,
                    page_size=page.page_size)
