"""Live updates: channel read policies, the push after a notification is stored, and the
fan-out that never waits for a slow subscriber."""

import asyncio
import uuid
from datetime import UTC, datetime

import pytest

from adapters.http.live.gateway import Outbox
from adapters.memory.fakes import FakeClock, MemoryEventDispatcher
from adapters.memory.unit_of_work import MemoryUnitOfWorkFactory
from adapters.messaging.live import MemoryLiveBroker
from edu_core.application.actors import Principal
from edu_core.application.live import (
    ChannelPolicies,
    LiveNotifications,
    default_channel_policies,
    user_channel,
)
from edu_core.application.mentor_notifications import MentorInAppHandlers
from edu_core.application.messagebus import HandlerRegistry
from edu_core.domain.identity import Role, Transport
from edu_core.domain.mentors import MentorVerified
from edu_core.domain.notifications import NotificationCreated

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def principal(role: Role = Role.STUDENT) -> Principal:
    return Principal(user_id=uuid.uuid4(), role=role, session_id=uuid.uuid4(),
                     transport=Transport.COOKIE)


class Collected:
    def __init__(self) -> None:
        self.frames: list[str] = []

    def deliver(self, frame: str) -> None:
        self.frames.append(frame)


async def test_a_user_reads_only_their_own_user_channel() -> None:
    policies = default_channel_policies()
    me, admin = principal(), principal(Role.ADMIN)
    assert await policies.may_read(me, user_channel(me.user_id))
    assert not await policies.may_read(me, user_channel(admin.user_id))
    assert not await policies.may_read(admin, user_channel(me.user_id))
    for malformed in ("", "user", "user:", f"USER:{me.user_id}", f"session:{me.user_id}",
                      f"user:{me.user_id}:x", "user:" + "1" * 300):
        assert not await policies.may_read(me, malformed), malformed


async def test_a_new_channel_kind_plugs_in_with_its_own_policy() -> None:
    policies = ChannelPolicies()

    async def members_only(who: Principal, key: str) -> bool:
        return key == "open"

    policies.register("thread", members_only)
    assert await policies.may_read(principal(), "thread:open")
    assert not await policies.may_read(principal(), "thread:closed")
    with pytest.raises(ValueError):
        policies.register("thread", members_only)
    with pytest.raises(ValueError):
        policies.register("a:b", members_only)


async def test_a_stored_notification_is_pushed_to_its_user_once() -> None:
    uow = MemoryUnitOfWorkFactory()
    broker = MemoryLiveBroker()
    dispatcher = MemoryEventDispatcher(uow.store, HandlerRegistry([
        MentorInAppHandlers(uow=uow, clock=FakeClock(NOW)), LiveNotifications(live=broker)]))
    uow.signal = dispatcher
    mentor_id = uuid.uuid4()
    inbox, stranger = Collected(), Collected()
    await broker.subscribe(user_channel(mentor_id), inbox)
    await broker.subscribe(user_channel(uuid.uuid4()), stranger)

    verified = MentorVerified(mentor_id=mentor_id, occurred_at=NOW)
    uow.store.outbox.append(verified)
    while await dispatcher.drain():
        pass
    (stored,) = uow.store.notifications.values()
    assert [e.name for e in uow.store.outbox].count(NotificationCreated.name) == 1
    assert inbox.frames == [
        f'{{"type":"message","channel":"user:{mentor_id}",'
        f'"data":{{"type":"notification","id":"{stored.id}"}}}}']
    assert stranger.frames == []

    # A redelivered event stores nothing, so nothing new is pushed.
    await dispatcher.registry.get("MentorInAppHandlers.verified").handler(verified)
    while await dispatcher.drain():
        pass
    assert len(inbox.frames) == 1


async def test_fan_out_never_waits_for_a_subscriber_that_does_not_read() -> None:
    broker = MemoryLiveBroker()
    slow, fast = Outbox(3), Outbox(100)
    await broker.subscribe("user:1", slow)
    await broker.subscribe("user:1", fast)
    for n in range(50):
        # Would block forever on a full queue if the fan-out awaited the subscriber.
        await asyncio.wait_for(broker.publish("user:1", {"n": n}), 0.5)
    assert slow.overflowed and slow.pending() == 3
    assert not fast.overflowed and fast.pending() == 50

    await broker.unsubscribe("user:1", slow)
    await broker.unsubscribe("user:1", slow)  # twice is harmless
    assert broker.subscriber_count("user:1") == 1
