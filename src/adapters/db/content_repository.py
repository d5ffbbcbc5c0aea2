"""Postgres repository of content items: the item row (review state, optimistic row version)
plus append-only version rows, and learners' attempts."""

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from asyncpg.exceptions import ForeignKeyViolationError
from sqlalchemy import bindparam, func, insert, literal, or_, select, update
from sqlalchemy.exc import IntegrityError

from adapters.db.connections import Session
from adapters.db.results import rowcount
from adapters.db.tables import content_attempts, content_items, content_versions
from adapters.pending_events import PendingEvents
from edu_core.domain.content import (
    Attempt,
    ContentItem,
    ContentStatus,
    ContentVersion,
    UnknownTopic,
)
from edu_core.domain.errors import ConcurrentModification
from edu_core.domain.pagination import Page, PageRequest
from edu_core.ports.content import ContentOrder, ContentQuery

_VERSION_BODY = select(content_versions.c.body).where(
    content_versions.c.item_id == bindparam("item_id"),
    content_versions.c.number == bindparam("number"))
_COLUMNS = ("id", "topic_id", "mentor_id", "kind", "live_version", "feedback", "submitted_at",
            "reviewed_at", "reviewed_by", "created_at", "updated_at", "machine_suggested")


def item_values(item: ContentItem) -> dict[str, Any]:
    values = {c: getattr(item, c) for c in _COLUMNS}
    # Every optimistic lock column is ``version``; the item calls its lock ``row_version``
    # because its own "version" means the numbered content versions.
    values["version"] = item.row_version
    values["status"] = item.status.value
    values["latest_version"] = item.latest.number
    return values


class PostgresContentRepository:
    def __init__(self, session: Session, events: PendingEvents) -> None:
        self._s = session
        self._pending = events
        # item id -> (row version when loaded, highest version number stored)
        self._loaded: dict[UUID, tuple[int, int]] = {}
        self._attempts: list[Attempt] = []

    async def _hydrate(self, rows: list[Any]) -> list[ContentItem]:
        ids = [r["id"] for r in rows]
        versions: dict[UUID, list[ContentVersion]] = {i: [] for i in ids}
        if ids:
            for v in (await self._s.execute(
                    select(content_versions).where(content_versions.c.item_id.in_(ids))
                    .order_by(content_versions.c.item_id, content_versions.c.number))
                      ).mappings():
                versions[v["item_id"]].append(ContentVersion(
                    number=v["number"], title=v["title"], body=v["body"],
                    author_id=v["author_id"], created_at=v["created_at"],
                    change_summary=v["change_summary"], reverted_from=v["reverted_from"]))
        items = []
        for r in rows:
            item = ContentItem(**{c: r[c] for c in _COLUMNS}, row_version=r["version"],
                               status=ContentStatus(r["status"]), versions=versions[r["id"]])
            self._loaded[item.id] = (item.row_version, item.latest.number)
            items.append(item)
        return items

    async def get(self, item_id: UUID) -> ContentItem | None:
        rows = list((await self._s.execute(
            select(content_items).where(content_items.c.id == item_id))).mappings())
        found = await self._hydrate(rows)
        return found[0] if found else None

    async def version_body(self, item_id: UUID, number: int) -> Mapping[str, Any] | None:
        body: Mapping[str, Any] | None = (await self._s.execute(
            _VERSION_BODY, {"item_id": item_id, "number": number})).scalar_one_or_none()
        return body

    async def save(self, item: ContentItem) -> None:
        values = item_values(item)
        stored_up_to = 0
        try:
            async with self._s.begin_nested():
                if item.id in self._loaded:
                    expected, stored_up_to = self._loaded[item.id]
                    values["version"] = expected + 1
                    result = await self._s.execute(
                        update(content_items)
                        .where(content_items.c.id == item.id,
                               content_items.c.version == expected)
                        .values(**values))
                    if rowcount(result) != 1:
                        raise ConcurrentModification()
                else:
                    await self._s.execute(insert(content_items).values(**values))
                new = [v for v in item.versions if v.number > stored_up_to]
                if new:
                    await self._s.execute(insert(content_versions), [
                        {"item_id": item.id, "number": v.number, "title": v.title,
                         "body": v.body, "author_id": v.author_id,
                         "change_summary": v.change_summary,
                         "reverted_from": v.reverted_from, "created_at": v.created_at}
                        for v in new])
        except IntegrityError as exc:
            if isinstance(getattr(exc.orig, "__cause__", None), ForeignKeyViolationError):
                raise UnknownTopic(details={"fields": {
                    "topic_id": UnknownTopic.default_message}}) from exc
            raise
        item.row_version = values["version"]
        self._loaded[item.id] = (item.row_version, item.latest.number)
        self._pending.take_from(item)

    def add_attempt(self, attempt: Attempt) -> None:
        self._attempts.append(attempt)

    async def flush(self) -> None:
        """Write the staged attempts (called by the unit of work at commit)."""
        if self._attempts:
            await self._s.execute(insert(content_attempts), [
                {"id": a.id, "item_id": a.item_id, "version": a.version, "user_id": a.user_id,
                 "answer": a.answer, "correct": a.correct, "time_taken_ms": a.time_taken_ms,
                 "created_at": a.created_at, "hints_used": a.hints_used,
                 "solution_shown": a.solution_shown} for a in self._attempts])
            for a in self._attempts:
                self._pending.stored(a)
            self._attempts.clear()

    async def attempts(self, user_id: UUID, item_id: UUID) -> list[Attempt]:
        await self.flush()
        rows = (await self._s.execute(
            select(content_attempts)
            .where(content_attempts.c.user_id == user_id, content_attempts.c.item_id == item_id)
            .order_by(content_attempts.c.created_at.desc(), content_attempts.c.id))).mappings()
        return [Attempt(id=r["id"], item_id=r["item_id"], version=r["version"],
                        user_id=r["user_id"], answer=r["answer"], correct=r["correct"],
                        time_taken_ms=r["time_taken_ms"], created_at=r["created_at"],
                        hints_used=r["hints_used"], solution_shown=r["solution_shown"])
                for r in rows]

    async def record_help(self, attempt: Attempt) -> None:
        await self.flush()
        a = content_attempts.c
        await self._s.execute(
            update(content_attempts).where(a.id == attempt.id)
            .values(hints_used=func.greatest(a.hints_used, attempt.hints_used),
                    solution_shown=or_(a.solution_shown, literal(attempt.solution_shown))))

    async def list(self, query: ContentQuery, page: PageRequest) -> Page[ContentItem]:
        c = content_items.c
        where: list[Any] = []
        if query.mentor_id is not None:
            where.append(c.mentor_id == query.mentor_id)
        if query.statuses:
            where.append(c.status.in_([s.value for s in query.statuses]))
        if query.kind is not None:
            where.append(c.kind == query.kind)
        if query.topic_ids is not None:
            where.append(c.topic_id.in_(list(query.topic_ids)))
        if query.live_only:
            where.append(c.live_version.is_not(None))
        if query.submitted_before is not None:
            where.append(c.submitted_at <= query.submitted_before)
        order: list[Any]
        if query.order is ContentOrder.REVIEW_QUEUE:
            order = [c.submitted_at.asc().nulls_last(), c.created_at, c.id]
        elif query.order is ContentOrder.OLDEST_FIRST:
            order = [c.created_at, c.id]
        else:
            order = [c.updated_at.desc(), c.id]
        total = (await self._s.execute(
            select(func.count()).select_from(content_items).where(*where))).scalar_one()
        rows = list((await self._s.execute(
            select(content_items).where(*where).order_by(*order)
            .offset(page.offset).limit(page.page_size))).mappings())
        return Page(items=await self._hydrate(rows), total=total, page=page.page,
                    page_size=page.page_size)
