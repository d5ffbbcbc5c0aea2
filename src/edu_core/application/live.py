"""Who may listen on which live channel, and what the platform pushes there.

A channel is ``<kind>:<key>`` (``user:<id>``). Each kind has one read policy, asked on every
subscribe; a kind without a policy is refused. Later kinds (``session:<id>``, ``thread:<id>``,
``leaderboard:<scope>``) register theirs with ``ChannelPolicies.register``.
"""

from collections.abc import Awaitable, Callable, Iterable
from uuid import UUID

from edu_core.application.actors import Principal
from edu_core.application.messagebus import Subscription, on
from edu_core.domain.notifications import NotificationCreated
from edu_core.ports.live import LivePublisher

ReadPolicy = Callable[[Principal, str], Awaitable[bool]]

# Bounds what a client can make the server hold per subscription.
MAX_CHANNEL_LENGTH = 200


def user_channel(user_id: UUID) -> str:
    return f"user:{user_id}"


async def own_user_channel(principal: Principal, key: str) -> bool:
    """``user:<id>``: only that user (administrators included: nobody reads another's)."""
    return key == str(principal.user_id)


class ChannelPolicies:
    def __init__(self) -> None:
        self._policies: dict[str, ReadPolicy] = {}

    def register(self, kind: str, policy: ReadPolicy) -> None:
        if not kind or ":" in kind:
            raise ValueError(f"channel kind {kind!r} must be non-empty and without ':'")
        if kind in self._policies:
            raise ValueError(f"channel kind {kind!r} has a policy already")
        self._policies[kind] = policy

    def kinds(self) -> list[str]:
        return sorted(self._policies)

    async def may_read(self, principal: Principal, channel: str) -> bool:
        kind, sep, key = channel.partition(":")
        if not sep or not key or len(channel) > MAX_CHANNEL_LENGTH:
            return False
        policy = self._policies.get(kind)
        return policy is not None and await policy(principal, key)


def default_channel_policies() -> ChannelPolicies:
    policies = ChannelPolicies()
    policies.register("user", own_user_channel)
    return policies


class LiveNotifications:
    """Tells a user's open browsers of each notification newly stored for them; they fetch
    it (and the unread count) through the notifications API."""

    def __init__(self, *, live: LivePublisher) -> None:
        self._live = live

    def subscriptions(self) -> Iterable[Subscription]:
        return [on(NotificationCreated, self.push)]

    async def push(self, event: NotificationCreated) -> None:
        await self._live.publish(user_channel(event.user_id),
                                 {"type": "notification", "id": str(event.notification_id)})
