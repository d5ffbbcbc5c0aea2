"""What a mentor hears when an admin decides on a content item, after the decision committed:
an e-mail and an in-app notification; and what admins hear when a mentor sends an item for
review: an in-app notification each."""

from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any
from uuid import UUID, uuid5

from edu_core.application.notification_preferences import wants
from edu_core.domain.content import (
    ContentApproved,
    ContentRejected,
    ContentStatus,
    ContentSubmitted,
)
from edu_core.domain.identity import Role, UserStatus
from edu_core.domain.notification_preferences import Channel
from edu_core.domain.notifications import Notification
from edu_core.domain.pagination import MAX_PAGE_SIZE, PageRequest
from edu_core.ports.clock import Clock
from edu_core.ports.identity import UserQuery
from edu_core.ports.mail import Mailer, MailRequest
from edu_core.ports.unit_of_work import UnitOfWorkFactory

EventHandler = Callable[[Mapping[str, Any]], Awaitable[None]]


def workspace_link(payload: Mapping[str, Any]) -> str:
    return f"/mentor/content/{payload['item_id']}"


def review_link(payload: Mapping[str, Any]) -> str:
    return f"/admin/content/{payload['item_id']}"


class ContentMailHandlers:
    def __init__(self, *, mailer: Mailer, uow: UnitOfWorkFactory, web_base_url: str) -> None:
        self._mailer = mailer
        self._uow = uow
        self._base = web_base_url.rstrip("/")

    def handlers(self) -> dict[str, list[EventHandler]]:
        return {ContentApproved.name: [self.send_approved],
                ContentRejected.name: [self.send_rejected]}

    async def _send(self, payload: Mapping[str, Any], kind: str, template: str,
                    extra: Mapping[str, str] | None = None) -> None:
        async with self._uow() as uow:
            user = await uow.users.get(UUID(payload["mentor_id"]))
            if user is None or not await wants(uow, user.id, kind, Channel.EMAIL):
                return
        await self._mailer.send(MailRequest(
            to=user.email, template=template,
            context={"display_name": user.display_name, "title": str(payload["title"]),
                     "version": int(payload["version"]),
                     "link": f"{self._base}{workspace_link(payload)}", **(extra or {})}))

    async def send_approved(self, payload: Mapping[str, Any]) -> None:
        await self._send(payload, ContentApproved.name, "content_approved")

    async def send_rejected(self, payload: Mapping[str, Any]) -> None:
        await self._send(payload, ContentRejected.name, "content_rejected",
                         {"feedback": str(payload.get("feedback", ""))})


class ContentInAppHandlers:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def handlers(self) -> dict[str, list[EventHandler]]:
        return {ContentApproved.name: [self.approved], ContentRejected.name: [self.rejected],
                ContentSubmitted.name: [self.submitted]}

    async def _notify(self, payload: Mapping[str, Any], kind: str, title: str,
                      body: str) -> None:
        event_id = UUID(payload["event_id"])
        mentor_id = UUID(payload["mentor_id"])
        async with self._uow() as uow:
            if not await wants(uow, mentor_id, kind, Channel.IN_APP):
                return
            # Delivery is at least once: the event id makes a retried handler a no-op.
            recent = await uow.notifications.for_user(mentor_id, PageRequest(1, 20))
            if any(n.id == event_id for n in recent.items):
                return
            uow.notifications.add(Notification(
                id=event_id, user_id=mentor_id, kind=kind, title=title, body=body,
                link=workspace_link(payload), created_at=self._clock.now()))
            await uow.commit()

    async def approved(self, payload: Mapping[str, Any]) -> None:
        await self._notify(payload, ContentApproved.name,
                           f"\u201c{payload['title']}\u201d is live",
                           f"Version {payload['version']} was approved; learners see it now.")

    async def rejected(self, payload: Mapping[str, Any]) -> None:
        await self._notify(payload, ContentRejected.name,
                           f"\u201c{payload['title']}\u201d needs changes",
                           str(payload.get("feedback", "")))

    async def submitted(self, payload: Mapping[str, Any]) -> None:
        """Every active admin hears of a new item in the moderation queue, unless this
        submission left the queue already (decided, or withdrawn and perhaps sent again) by
        the time the event is handled."""
        event_id = UUID(payload["event_id"])
        version = int(payload["version"])
        submitted_at = datetime.fromisoformat(payload["occurred_at"])
        async with self._uow() as uow:
            item = await uow.content.get(UUID(payload["item_id"]))
            if (item is None or item.status is not ContentStatus.PENDING
                    or item.latest.number != version or item.submitted_at != submitted_at):
                return
            mentor = await uow.users.get(item.mentor_id)
            who = mentor.display_name if mentor else "A mentor"
            title = f"Review \u201c{item.latest.title}\u201d"
            body = f"{who} sent version {version} of a {item.kind} for review."
            now = self._clock.now()
            page = 1
            while True:
                admins = await uow.users.list(
                    UserQuery(role=Role.ADMIN, status=UserStatus.ACTIVE),
                    PageRequest(page, MAX_PAGE_SIZE))
                for admin in admins.items:
                    if not await wants(uow, admin.id, ContentSubmitted.name, Channel.IN_APP):
                        continue
                    # One notification per admin and event; a redelivered event adds none.
                    notification_id = uuid5(event_id, str(admin.id))
                    recent = await uow.notifications.for_user(admin.id, PageRequest(1, 20))
                    if any(n.id == notification_id for n in recent.items):
                        continue
                    uow.notifications.add(Notification(
                        id=notification_id, user_id=admin.id, kind=ContentSubmitted.name,
                        title=title, body=body, link=review_link(payload), created_at=now))
                if page * MAX_PAGE_SIZE >= admins.total:
                    break
                page += 1
            await uow.commit()
