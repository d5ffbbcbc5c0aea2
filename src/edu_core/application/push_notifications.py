"""Pushes each newly stored notification to the mobile devices its user signed in on."""

from collections.abc import Iterable

from edu_core.application.messagebus import Subscription, on
from edu_core.application.notification_preferences import wants
from edu_core.domain.identity.devices import PushPlatform
from edu_core.domain.notification_preferences import Channel
from edu_core.domain.notifications import NotificationCreated
from edu_core.ports.clock import Clock
from edu_core.ports.push import PushDevice, PushGateway, PushMessage, PushOutcome
from edu_core.ports.unit_of_work import UnitOfWorkFactory

# What a lock screen shows of a notification; the app fetches the rest.
MAX_PUSH_BODY = 180


class PushNotifications:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock, push: PushGateway) -> None:
        self._uow = uow
        self._clock = clock
        self._push = push

    def subscriptions(self) -> Iterable[Subscription]:
        return [on(NotificationCreated, self.push)]

    async def push(self, event: NotificationCreated) -> None:
        """At least once: a retry after a provider outage may push a device twice, which
        beats never. Tokens the provider calls gone are forgotten."""
        async with self._uow() as uow:
            notification = await uow.notifications.get(event.notification_id)
            if notification is None or notification.read_at is not None:
                return
            if not await wants(uow, event.user_id, notification.kind, Channel.PUSH):
                return
            targets = await uow.sessions.push_targets(event.user_id, self._clock.now())
        body = notification.body if len(notification.body) <= MAX_PUSH_BODY \
            else notification.body[:MAX_PUSH_BODY - 1].rstrip() + "\u2026"
        message = PushMessage(title=notification.title, body=body, link=notification.link,
                              kind=notification.kind, notification_id=str(notification.id))
        gone = []
        for session in targets:
            if session.push_platform is None or session.push_token is None:
                continue
            device = PushDevice(platform=PushPlatform(session.push_platform),
                                token=session.push_token)
            if await self._push.send(device, message) is PushOutcome.UNREGISTERED:
                gone.append((session.id, device.token))
        if gone:
            async with self._uow() as uow:
                for session_id, token in gone:
                    held = await uow.sessions.get(session_id)
                    # Unless the app registered a fresh token meanwhile.
                    if held is not None and held.push_token == token:
                        held.forget_push()
                await uow.commit()
