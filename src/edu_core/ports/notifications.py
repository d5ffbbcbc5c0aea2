"""Persistence of in-app notifications (part of the unit of work)."""

from datetime import datetime
from typing import Protocol
from uuid import UUID

from edu_core.domain.notifications import Notification
from edu_core.domain.pagination import Page, PageRequest


class NotificationRepository(Protocol):
    def add(self, notification: Notification) -> None: ...

    async def get(self, notification_id: UUID) -> Notification | None: ...

    async def for_user(self, user_id: UUID, page: PageRequest, *,
                       unread_only: bool = False) -> Page[Notification]:
        """Newest first."""
        ...

    async def unread_count(self, user_id: UUID) -> int: ...

    async def mark_read(self, user_id: UUID, notification_id: UUID | None,
                        now: datetime) -> int:
        """One of the user's notifications (or all when ``None``); returns how many changed.
        Another user's notification is never touched."""
        ...
