"""Postgres repository of mentor profiles: the profile row plus its topics and documents,
written together with an optimistic version check."""

from typing import Any
from uuid import UUID

from asyncpg.exceptions import ForeignKeyViolationError
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

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


def profile_values(profile: MentorProfile) -> dict[str, Any]:
    values = {c: getattr(profile, c) for c in _COLUMNS}
    values["status"] = profile.status.value
    values["languages"] = list(profile.languages)
    return values


class PostgresMentorRepository:
    def __init__(self, session: AsyncSession, events: PendingEvents) -> None:
        self._s = session
        self._pending = events
        self._loaded: dict[UUID, int] = {}

    async def _hydrate(self, rows: list[Any]) -> list[MentorProfile]:
        ids = [r["user_id"] for r in rows]
        topics: dict[UUID, list[UUID]] = {i: [] for i in ids}
        documents: dict[UUID, list[VerificationDocument]] = {i: [] for i in ids}
        portfolio: dict[UUID, list[PortfolioItem]] = {i: [] for i in ids}
        if ids:
            for t in (await self._s.execute(
                    select(mentor_topics).where(mentor_topics.c.mentor_id.in_(ids))
                    .order_by(mentor_topics.c.topic_id))).mappings():
                topics[t["mentor_id"]].append(t["topic_id"])
            for d in (await self._s.execute(
                    select(mentor_documents).where(mentor_documents.c.mentor_id.in_(ids))
                    .order_by(mentor_documents.c.uploaded_at, mentor_documents.c.id))).mappings():
                documents[d["mentor_id"]].append(VerificationDocument(
                    id=d["id"], blob_key=d["blob_key"], filename=d["filename"],
                    content_type=d["content_type"], size=d["size"],
                    uploaded_at=d["uploaded_at"]))
            for p in (await self._s.execute(
                    select(mentor_portfolio).where(mentor_portfolio.c.mentor_id.in_(ids))
                    .order_by(mentor_portfolio.c.uploaded_at, mentor_portfolio.c.id))).mappings():
                portfolio[p["mentor_id"]].append(PortfolioItem(
                    id=p["id"], title=p["title"], blob_key=p["blob_key"],
                    filename=p["filename"], content_type=p["content_type"], size=p["size"],
                    uploaded_at=p["uploaded_at"]))
        profiles = []
        for r in rows:
            values = {c: r[c] for c in _COLUMNS}
            profile = MentorProfile(**{**values, "status": MentorStatus(r["status"]),
                                       "rating_avg": float(r["rating_avg"]),
                                       "rating_count": r["rating_count"],
                                       "languages": tuple(r["languages"]),
                                       "topic_ids": tuple(topics[r["user_id"]]),
                                       "documents": documents[r["user_id"]],
                                       "portfolio": portfolio[r["user_id"]]})
            self._loaded[profile.user_id] = profile.version
            profiles.append(profile)
        return profiles

    async def get(self, user_id: UUID) -> MentorProfile | None:
        rows = list((await self._s.execute(
            select(mentor_profiles).where(mentor_profiles.c.user_id == user_id))).mappings())
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
