"""Postgres repository of in-app notifications."""

from dataclasses import asdict
from datetime import datetime
from uuid import UUID

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from adapters.db.connections import Session
from adapters.db.results import rowcount
from adapters.db.tables import notifications
from adapters.pending_events import PendingEvents
from edu_core.domain.notifications import Notification
from edu_core.domain.pagination import Page, PageRequest


class PostgresNotificationRepository:
    def __init__(self, session: Session, pending: PendingEvents) -> None:
        self._s = session
        self._pending = pending
        self._new: list[Notification] = []

    def add(self, notification: Notification) -> None:
        self._new.append(notification)

    async def flush(self) -> None:
        """Called by the unit of work at commit."""
        if self._new:
            # A notification's id comes from the event that caused it: a redelivered event
            # finds its notification stored already and adds nothing.
            stored = set((await self._s.execute(
                pg_insert(notifications).on_conflict_do_nothing(
                    index_elements=[notifications.c.id]).returning(notifications.c.id),
                [asdict(n) for n in self._new])).scalars())
            for n in self._new:
                if n.id in stored:
                    self._pending.stored(n)
            self._new.clear()

    async def get(self, notification_id: UUID) -> Notification | None:
        row = (await self._s.execute(
            select(notifications).where(notifications.c.id == notification_id))).mappings().first()
        return Notification(**row) if row is not None else None

    async def for_user(self, user_id: UUID, page: PageRequest, *,
                       unread_only: bool = False) -> Page[Notification]:
        where = [notifications.c.user_id == user_id]
        if unread_only:
            where.append(notifications.c.read_at.is_(None))
        total = (await self._s.execute(
            select(func.count()).select_from(notifications).where(*where))).scalar_one()
        rows = (await self._s.execute(
            select(notifications).where(*where)
            .order_by(notifications.c.created_at.desc(), notifications.c.id)
            .offset(page.offset).limit(page.page_size))).mappings()
        return Page(items=[Notification(**r) for r in rows], total=total, page=page.page,
                    page_size=page.page_size)

    async def unread_count(self, user_id: UUID) -> int:
        count: int = (await self._s.execute(
            select(func.count()).select_from(notifications)
            .where(notifications.c.user_id == user_id,
                   notifications.c.read_at.is_(None)))).scalar_one()
        return count

    async def mark_read(self, user_id: UUID, notification_id: UUID | None,
                        now: datetime) -> int:
        where = [notifications.c.user_id == user_id, notifications.c.read_at.is_(None)]
        if notification_id is not None:
            where.append(notifications.c.id == notification_id)
        result = await self._s.execute(update(notifications).where(*where).values(read_at=now))
        return rowcount(result)
