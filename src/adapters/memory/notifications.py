"""In-memory notifications, staged until commit like every other fake repository."""

import copy
from dataclasses import replace
from datetime import datetime
from uuid import UUID

from adapters.pending_events import PendingEvents
from edu_core.domain.notifications import Notification
from edu_core.domain.pagination import Page, PageRequest


class MemoryNotificationRepository:
    def __init__(self, published: dict[UUID, Notification], pending: PendingEvents) -> None:
        self._published = published
        self._pending = pending
        self.staged: dict[UUID, Notification] = {}

    def _all(self) -> dict[UUID, Notification]:
        return {**self._published, **self.staged}

    def add(self, notification: Notification) -> None:
        if notification.id not in self._all():
            self.staged[notification.id] = copy.deepcopy(notification)
            self._pending.stored(notification)

    async def get(self, notification_id: UUID) -> Notification | None:
        found = self._all().get(notification_id)
        return copy.deepcopy(found) if found is not None else None

    async def for_user(self, user_id: UUID, page: PageRequest, *,
                       unread_only: bool = False) -> Page[Notification]:
        mine = [n for n in self._all().values() if n.user_id == user_id
                and (not unread_only or n.read_at is None)]
        mine.sort(key=lambda n: (-n.created_at.timestamp(), str(n.id)))
        return Page(items=[copy.deepcopy(n) for n in mine[page.offset:page.offset
                                                          + page.page_size]],
                    total=len(mine), page=page.page, page_size=page.page_size)

    async def unread_count(self, user_id: UUID) -> int:
        return sum(1 for n in self._all().values() if n.user_id == user_id and n.read_at is None)

    async def mark_read(self, user_id: UUID, notification_id: UUID | None,
                        now: datetime) -> int:
        changed = 0
        for n in self._all().values():
            if n.user_id == user_id and n.read_at is None and notification_id in (None, n.id):
                self.staged[n.id] = replace(n, read_at=now)
                changed += 1
        return changed
