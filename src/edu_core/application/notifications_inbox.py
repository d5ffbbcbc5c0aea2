"""The signed-in user's in-app notifications."""

from dataclasses import dataclass
from uuid import UUID

from edu_core.application.actors import Principal
from edu_core.domain.errors import NotFound
from edu_core.domain.notifications import Notification
from edu_core.domain.pagination import Page, PageRequest
from edu_core.ports.clock import Clock
from edu_core.ports.unit_of_work import UnitOfWorkFactory


@dataclass(frozen=True)
class Inbox:
    page: Page[Notification]
    unread: int


class NotificationInbox:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def list(self, principal: Principal, page: PageRequest, *,
                   unread_only: bool = False) -> Inbox:
        async with self._uow() as uow:
            found = await uow.notifications.for_user(principal.user_id, page,
                                                     unread_only=unread_only)
            unread = await uow.notifications.unread_count(principal.user_id)
        return Inbox(page=found, unread=unread)

    async def mark_read(self, principal: Principal, notification_id: UUID | None) -> int:
        async with self._uow() as uow:
            changed = await uow.notifications.mark_read(principal.user_id, notification_id,
                                                        self._clock.now())
            await uow.commit()
        if notification_id is not None and changed == 0:
            # Unknown, already read, or someone else's: only the first two are worth saying,
            # and telling them apart would reveal the third.
            async with self._uow() as uow:
                mine = await uow.notifications.for_user(principal.user_id, PageRequest(1, 100))
            if not any(n.id == notification_id for n in mine.items):
                raise NotFound("No such notification.")
        return changed
