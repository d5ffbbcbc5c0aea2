"""Persistence of notification preferences (part of the unit of work)."""

from typing import Protocol
from uuid import UUID

from edu_core.domain.notification_preferences import NotificationPreferences


class NotificationPreferenceRepository(Protocol):
    async def get(self, user_id: UUID) -> NotificationPreferences:
        """The person's choices; none stored yet reads as the defaults (everything on)."""
        ...

    async def save(self, preferences: NotificationPreferences) -> None:
        """Write every choice back; stored with the unit of work's commit."""
        ...

    async def delete_for_user(self, user_id: UUID) -> None: ...
