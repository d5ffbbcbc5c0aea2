"""Mail sent when an admin decides on a mentor application (after the decision committed)."""

from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from uuid import UUID

from edu_core.domain.mentors import MentorRejected, MentorVerified
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

    async def _send(self, mentor_id: str, template: str, path: str,
                    extra: Mapping[str, str] | None = None) -> None:
        async with self._uow() as uow:
            user = await uow.users.get(UUID(mentor_id))
        if user is None:
            return
        await self._mailer.send(MailRequest(
            to=user.email, template=template,
            context={"display_name": user.display_name, "link": f"{self._base}{path}",
                     **(extra or {})}))

    async def send_verified(self, payload: Mapping[str, Any]) -> None:
        await self._send(payload["mentor_id"], "mentor_verified",
                         f"/mentors/{payload['mentor_id']}")

    async def send_rejected(self, payload: Mapping[str, Any]) -> None:
        await self._send(payload["mentor_id"], "mentor_rejected", "/mentor/onboarding",
                         {"reason": str(payload.get("reason", ""))})
