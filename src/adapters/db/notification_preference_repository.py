"""Postgres repository of notification preferences: a row per choice a person made."""

from uuid import UUID

from sqlalchemy import delete, insert, select

from adapters.db.connections import Session
from adapters.db.tables import notification_preferences
from edu_core.domain.notification_preferences import Channel, NotificationPreferences


class PostgresNotificationPreferenceRepository:
    """Writes go to the unit of work's transaction at once and are committed (or rolled back)
    with it."""

    def __init__(self, session: Session) -> None:
        self._s = session

    async def get(self, user_id: UUID) -> NotificationPreferences:
        rows = (await self._s.execute(select(notification_preferences).where(
            notification_preferences.c.user_id == user_id))).mappings().all()
        return NotificationPreferences(
            user_id=user_id,
            choices={(r["kind"], Channel(r["channel"])): r["enabled"] for r in rows},
            updated_at=max((r["updated_at"] for r in rows), default=None))

    async def save(self, preferences: NotificationPreferences) -> None:
        await self.delete_for_user(preferences.user_id)
        if preferences.choices:
            assert preferences.updated_at is not None, "choices are made at a time"
            await self._s.execute(insert(notification_preferences), [
                {"user_id": preferences.user_id, "kind": kind, "channel": channel.value,
                 "enabled": enabled, "updated_at": preferences.updated_at}
                for (kind, channel), enabled in sorted(preferences.choices.items())])

    async def delete_for_user(self, user_id: UUID) -> None:
        await self._s.execute(delete(notification_preferences).where(
            notification_preferences.c.user_id == user_id))
