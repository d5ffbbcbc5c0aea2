"""Reading and changing one's notification preferences, and asking them before sending."""

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from edu_core.application.actors import Principal
from edu_core.domain.identity import Role, UserNotFound
from edu_core.domain.notification_preferences import (
    Channel,
    NotificationPreferences,
    NotificationType,
    PreferenceChange,
    types_for,
)
from edu_core.ports.clock import Clock
from edu_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class PreferenceView:
    type: NotificationType
    channels: dict[Channel, bool]  # each channel the type has: on or off


def view_of(preferences: NotificationPreferences, role: Role) -> list[PreferenceView]:
    return [PreferenceView(t, {c: preferences.allows(t.kind, c) for c in sorted(t.channels)})
            for t in types_for(role)]


async def wants(uow: UnitOfWork, user_id: UUID, kind: str, channel: Channel) -> bool:
    """Whether ``user_id`` receives ``kind`` on ``channel``: every handler that notifies a
    person asks this first (security notices are not preferences and are always sent)."""
    preferences = await uow.notification_preferences.get(user_id)
    return preferences.allows(kind, channel)


class NotificationPreferenceService:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def mine(self, principal: Principal) -> list[PreferenceView]:
        async with self._uow() as uow:
            return view_of(await uow.notification_preferences.get(principal.user_id),
                           await self._role(uow, principal))

    async def update(self, principal: Principal,
                     changes: Iterable[PreferenceChange]) -> list[PreferenceView]:
        async with self._uow() as uow:
            role = await self._role(uow, principal)
            preferences = await uow.notification_preferences.get(principal.user_id)
            preferences.apply(changes, self._clock.now())
            await uow.notification_preferences.save(preferences)
            await uow.commit()
            return view_of(preferences, role)

    @staticmethod
    async def _role(uow: UnitOfWork, principal: Principal) -> Role:
        # The stored role, not the session's: a promotion shows its notifications at once.
        user = await uow.users.get(principal.user_id)
        if user is None:
            raise UserNotFound()
        return user.role
