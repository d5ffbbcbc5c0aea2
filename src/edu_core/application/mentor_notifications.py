"""What a mentor hears when an admin decides on the application, after the decision committed:
an e-mail and an in-app notification."""

from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from uuid import UUID

from edu_core.application.notification_preferences import wants
from edu_core.domain.mentors import MentorRejected, MentorVerified
from edu_core.domain.notification_preferences import Channel
from edu_core.domain.notifications import Notification
from edu_core.domain.pagination import PageRequest
from edu_core.ports.clock import Clock
from edu_core.ports.mail import Mailer, MailRequest
from edu_core.ports.unit_of_work import UnitOfWorkFactory

EventHandler = Callable[[Mapping[str, Any]], Awaitable[None]]


class MentorMailHandlers:
    def __init__(self, *, mailer: Mailer, uow: UnitOfWorkFactory, web_base_url: str) -> None:
        self._mailer = mailer
        self._uow = uow
        self._base = web_base_url.rstrip("/")

    def handlers(self) -> dict[str, list[EventHandler]]:
        return {MentorVerified.name: [self.send_verified],
                MentorRejected.name: [self.send_rejected]}

    async def _send(self, kind: str, mentor_id: str, template: str, path: str,
                    extra: Mapping[str, str] | None = None) -> None:
        async with self._uow() as uow:
            user = await uow.users.get(UUID(mentor_id))
            if user is None or not await wants(uow, user.id, kind, Channel.EMAIL):
                return
        await self._mailer.send(MailRequest(
            to=user.email, template=template,
            context={"display_name": user.display_name, "link": f"{self._base}{path}",
                     **(extra or {})}))

    async def send_verified(self, payload: Mapping[str, Any]) -> None:
        await self._send(MentorVerified.name, payload["mentor_id"], "mentor_verified",
                         f"/mentors/{payload['mentor_id']}")

    async def send_rejected(self, payload: Mapping[str, Any]) -> None:
        await self._send(MentorRejected.name, payload["mentor_id"], "mentor_rejected",
                         "/mentor/onboarding",
                         {"reason": str(payload.get("reason", ""))})


class MentorInAppHandlers:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def handlers(self) -> dict[str, list[EventHandler]]:
        return {MentorVerified.name: [self.verified], MentorRejected.name: [self.rejected]}

    async def _notify(self, payload: Mapping[str, Any], kind: str, title: str, body: str,
                      link: str) -> None:
        event_id = UUID(payload["event_id"])
        async with self._uow() as uow:
            if not await wants(uow, UUID(payload["mentor_id"]), kind, Channel.IN_APP):
                return
            # Delivery is at least once: the event id makes a retried handler a no-op.
            recent = await uow.notifications.for_user(UUID(payload["mentor_id"]),
                                                      PageRequest(1, 20))
            if any(n.id == event_id for n in recent.items):
                return
            uow.notifications.add(Notification(
                id=event_id, user_id=UUID(payload["mentor_id"]), kind=kind, title=title,
                body=body, link=link, created_at=self._clock.now()))
            await uow.commit()

    async def verified(self, payload: Mapping[str, Any]) -> None:
        await self._notify(payload, MentorVerified.name, "You are a verified mentor",
                           "Students can now find you in search and book sessions.",
                           f"/mentors/{payload['mentor_id']}")

    async def rejected(self, payload: Mapping[str, Any]) -> None:
        await self._notify(payload, MentorRejected.name, "Your application needs changes",
                           str(payload.get("reason", "")), "/mentor/onboarding")
