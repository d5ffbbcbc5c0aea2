"""In-memory notification preferences, staged until commit like every other fake repository."""

import copy
from uuid import UUID

from edu_core.domain.notification_preferences import NotificationPreferences


class MemoryNotificationPreferenceRepository:
    def __init__(self, published: dict[UUID, NotificationPreferences]) -> None:
        self._published = published
        self.staged: dict[UUID, NotificationPreferences | None] = {}

    async def get(self, user_id: UUID) -> NotificationPreferences:
        found = self.staged[user_id] if user_id in self.staged else self._published.get(user_id)
        return copy.deepcopy(found) if found else NotificationPreferences(user_id=user_id)

    async def save(self, preferences: NotificationPreferences) -> None:
        self.staged[preferences.user_id] = copy.deepcopy(preferences)

    async def delete_for_user(self, user_id: UUID) -> None:
        self.staged[user_id] = None

    def apply(self) -> None:
        for user_id, preferences in self.staged.items():
            if preferences is None:
                self._published.pop(user_id, None)
            else:
                self._published[user_id] = preferences
        self.staged.clear()
