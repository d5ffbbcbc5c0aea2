"""What a mentor hears when an admin decides on a content item, after the decision committed:
an e-mail and an in-app notification; and what admins hear when a mentor sends an item for
review: an in-app notification each."""

from collections.abc import Iterable, Mapping
from uuid import UUID, uuid5

from edu_core.application.messagebus import Subscription, on
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

Decision = ContentApproved | ContentRejected


def workspace_link(item_id: UUID) -> str:
    return f"/mentor/content/{item_id}"


def review_link(item_id: UUID) -> str:
    return f"/admin/content/{item_id}"


class ContentMailHandlers:
    def __init__(self, *, mailer: Mailer, uow: UnitOfWorkFactory, web_base_url: str) -> None:
        self._mailer = mailer
        self._uow = uow
        self._base = web_base_url.rstrip("/")

    def subscriptions(self) -> Iterable[Subscription]:
        return [on(ContentApproved, self.send_approved), on(ContentRejected, self.send_rejected)]

    async def _send(self, event: Decision, template: str,
                    extra: Mapping[str, str] | None = None) -> None:
        async with self._uow() as uow:
            user = await uow.users.get(event.mentor_id)
            if user is None or not await wants(uow, user.id, event.name, Channel.EMAIL):
                return
        await self._mailer.send(MailRequest(
            to=user.email, template=template,
            context={"display_name": user.display_name, "title": event.title,
                     "version": event.version,
                     "link": f"{self._base}{workspace_link(event.item_id)}", **(extra or {})}))

    async def send_approved(self, event: ContentApproved) -> None:
        await self._send(event, "content_approved")

    async def send_rejected(self, event: ContentRejected) -> None:
        await self._send(event, "content_rejected", {"feedback": event.feedback})


class ContentInAppHandlers:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def subscriptions(self) -> Iterable[Subscription]:
        return [on(ContentApproved, self.approved), on(ContentRejected, self.rejected),
                on(ContentSubmitted, self.submitted)]

    async def _notify(self, event: Decision, title: str, body: str) -> None:
        async with self._uow() as uow:
            if not await wants(uow, event.mentor_id, event.name, Channel.IN_APP):
                return
            # The event id is the notification's: a redelivered event adds nothing.
            uow.notifications.add(Notification(
                id=event.event_id, user_id=event.mentor_id, kind=event.name, title=title,
                body=body, link=workspace_link(event.item_id), created_at=self._clock.now()))
            await uow.commit()

    async def approved(self, event: ContentApproved) -> None:
        await self._notify(event, f"\u201c{event.title}\u201d is live",
                           f"Version {event.version} was approved; learners see it now.")

    async def rejected(self, event: ContentRejected) -> None:
        await self._notify(event, f"\u201c{event.title}\u201d needs changes", event.feedback)

    async def submitted(self, event: ContentSubmitted) -> None:
        """Every active admin hears of a new item in the moderation queue, unless this
        submission left the queue already (decided, or withdrawn and perhaps sent again) by
        the time the event is handled."""
        async with self._uow() as uow:
            item = await uow.content.get(event.item_id)
            if (item is None or item.status is not ContentStatus.PENDING
                    or item.latest.number != event.version
                    or item.submitted_at != event.occurred_at):
                return
            mentor = await uow.users.get(item.mentor_id)
            who = mentor.display_name if mentor else "A mentor"
            title = f"Review \u201c{item.latest.title}\u201d"
            body = f"{who} sent version {event.version} of a {item.kind} for review."
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
                    uow.notifications.add(Notification(
                        id=uuid5(event.event_id, str(admin.id)), user_id=admin.id,
                        kind=ContentSubmitted.name, title=title, body=body,
                        link=review_link(event.item_id), created_at=now))
                if page * MAX_PAGE_SIZE >= admins.total:
                    break
                page += 1
            await uow.commit()
