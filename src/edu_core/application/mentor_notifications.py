"""What a mentor hears when an admin decides on the application, after the decision committed:
an e-mail and an in-app notification."""

from collections.abc import Iterable, Mapping
from uuid import UUID

from edu_core.application.messagebus import Subscription, on
from edu_core.application.notification_preferences import wants
from edu_core.domain.mentors import MentorRejected, MentorVerified
from edu_core.domain.notification_preferences import Channel
from edu_core.domain.notifications import Notification
from edu_core.ports.clock import Clock
from edu_core.ports.mail import Mailer, MailRequest
from edu_core.ports.unit_of_work import UnitOfWorkFactory


class MentorMailHandlers:
    def __init__(self, *, mailer: Mailer, uow: UnitOfWorkFactory, web_base_url: str) -> None:
        self._mailer = mailer
        self._uow = uow
        self._base = web_base_url.rstrip("/")

    def subscriptions(self) -> Iterable[Subscription]:
        return [on(MentorVerified, self.send_verified), on(MentorRejected, self.send_rejected)]

    async def _send(self, kind: str, mentor_id: UUID, template: str, path: str,
                    extra: Mapping[str, str] | None = None) -> None:
        async with self._uow() as uow:
            user = await uow.users.get(mentor_id)
            if user is None or not await wants(uow, user.id, kind, Channel.EMAIL):
                return
        await self._mailer.send(MailRequest(
            to=user.email, template=template,
            context={"display_name": user.display_name, "link": f"{self._base}{path}",
                     **(extra or {})}))

    async def send_verified(self, event: MentorVerified) -> None:
        await self._send(event.name, event.mentor_id, "mentor_verified",
                         f"/mentors/{event.mentor_id}")

    async def send_rejected(self, event: MentorRejected) -> None:
        await self._send(event.name, event.mentor_id, "mentor_rejected", "/mentor/onboarding",
                         {"reason": event.reason})


class MentorInAppHandlers:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def subscriptions(self) -> Iterable[Subscription]:
        return [on(MentorVerified, self.verified), on(MentorRejected, self.rejected)]

    async def _notify(self, event: MentorVerified | MentorRejected, title: str, body: str,
                      link: str) -> None:
        async with self._uow() as uow:
            if not await wants(uow, event.mentor_id, event.name, Channel.IN_APP):
                return
            # The event id is the notification's: a redelivered event adds nothing.
            uow.notifications.add(Notification(
                id=event.event_id, user_id=event.mentor_id, kind=event.name, title=title,
                body=body, link=link, created_at=self._clock.now()))
            await uow.commit()

    async def verified(self, event: MentorVerified) -> None:
        await self._notify(event, "You are a verified mentor",
                           "Students can now find you in search and book sessions.",
                           f"/mentors/{event.mentor_id}")

    async def rejected(self, event: MentorRejected) -> None:
        await self._notify(event, "Your application needs changes", event.reason,
                           "/mentor/onboarding")
