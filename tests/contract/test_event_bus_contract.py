"""ONE behaviour suite for event delivery, run against the in-memory dispatcher (the fake the
core's unit tests use), the Postgres outbox dispatcher and the relay over NATS JetStream."""

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol
from uuid import UUID, uuid4

import nats
import pytest
from nats.js.errors import NotFoundError
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.db.connections import Database
from adapters.db.engine import build_engine, build_session_factory
from adapters.db.tables import event_deliveries, outbox
from adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from adapters.memory.fakes import MemoryEventDispatcher
from adapters.memory.unit_of_work import MemoryUnitOfWorkFactory
from adapters.messaging.nats_relay import NatsEventRelay
from adapters.messaging.outbox_dispatcher import OutboxDispatcher
from adapters.observability.metrics import Metrics
from edu_core.application.messagebus import HandlerRegistry, Subscription, on
from edu_core.domain.identity import (
    EmailVerificationRequested,
    Role,
    User,
    UserRegistered,
    UserSuspended,
)
from edu_core.domain.schedules import Schedule, ScheduleStatus
from edu_core.ports.unit_of_work import UnitOfWork
from tests.support.nats import nats_server_url

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
MAX_ATTEMPTS = 3


class Dispatcher(Protocol):
    def notify(self) -> None: ...

    async def drain(self) -> int: ...


@dataclass
class Bus:
    uow: Callable[[], UnitOfWork]
    dispatcher: Dispatcher
    registry: HandlerRegistry
    signals: list[int] = field(default_factory=list)

    async def settle(self) -> None:
        """Drain until nothing is due (retries are due at once in this suite)."""
        for _ in range(20):
            if await self.dispatcher.drain() == 0:
                return
        raise AssertionError("deliveries never settled")


class CountingSignal:
    def __init__(self, bus: list[int]) -> None:
        self._bus = bus

    def notify(self) -> None:
        self._bus.append(1)


@pytest.fixture(scope="session")
def nats_url() -> str:
    return nats_server_url()


def nats_relay(sessions: async_sessionmaker[AsyncSession], registry: HandlerRegistry,
               url: str, *, name: str, **options: Any) -> NatsEventRelay:
    """A relay on a stream, subjects and consumer of its own, so tests sharing the server
    (and the platform's own stream on it) do not see each other's events."""
    return NatsEventRelay(sessions, registry, url, stream=f"EDU_TEST_{name}",
                          subject_prefix=f"edu.test.{name}", consumer=f"edu-test-{name}",
                          max_attempts=MAX_ATTEMPTS, retry_after=lambda _: timedelta(0),
                          **options)


async def delete_stream(url: str, name: str) -> None:
    nc = await nats.connect(url)
    try:
        # A test that committed nothing never created its stream.
        with contextlib.suppress(NotFoundError):
            await nc.jetstream().delete_stream(f"EDU_TEST_{name}")
    finally:
        await nc.close()


async def drain_leftovers(sessions: async_sessionmaker[AsyncSession]) -> None:
    # Events left by earlier tests in the shared database go to no handler of this one.
    leftovers = OutboxDispatcher(sessions, HandlerRegistry())
    while await leftovers.drain():
        pass


@pytest.fixture(params=["memory", "postgres", "nats"])
async def bus(request: pytest.FixtureRequest) -> AsyncIterator[Bus]:
    registry = HandlerRegistry()
    signals: list[int] = []
    if request.param == "memory":
        memory = MemoryUnitOfWorkFactory(signal=CountingSignal(signals))
        dispatcher = MemoryEventDispatcher(memory.store, registry, max_attempts=MAX_ATTEMPTS)
        yield Bus(memory, dispatcher, registry, signals)
        return
    engine = build_engine(request.getfixturevalue("database_url"), pool_size=5)
    sessions = build_session_factory(engine)
    await drain_leftovers(sessions)
    dispatcher: OutboxDispatcher
    if request.param == "nats":
        name = uuid4().hex[:12]
        dispatcher = nats_relay(sessions, registry, request.getfixturevalue("nats_url"),
                                name=name)
    else:
        dispatcher = OutboxDispatcher(sessions, registry, max_attempts=MAX_ATTEMPTS,
                                      retry_after=lambda _: timedelta(0))
    database = Database(engine)
    yield Bus(lambda: SqlAlchemyUnitOfWork(database, CountingSignal(signals)), dispatcher,
              registry, signals)
    await dispatcher.stop()
    if request.param == "nats":
        await delete_stream(request.getfixturevalue("nats_url"), name)
    await engine.dispose()


async def register(bus: Bus, *, commit: bool = True) -> User:
    user = User.register(email=f"u{uuid4().hex[:10]}@example.org", display_name="Ann",
                         role=Role.STUDENT, password_hash="h", timezone="UTC", now=NOW)
    async with bus.uow() as uow:
        uow.users.add(user)
        if commit:
            await uow.commit()
    return user


class Recorder:
    """Handlers that note what they received; ``flaky`` fails its first ``failures`` calls."""

    def __init__(self, failures: int = 0) -> None:
        self.received: list[object] = []
        self.flaky_calls = 0
        self._failures = failures

    async def welcome(self, event: UserRegistered) -> None:
        self.received.append(event)

    async def flaky(self, event: UserRegistered) -> None:
        self.flaky_calls += 1
        if self.flaky_calls <= self._failures:
            raise RuntimeError("mail server away")

    def subscriptions(self) -> list[Subscription]:
        return [on(UserRegistered, self.welcome), on(UserRegistered, self.flaky)]


async def test_handlers_receive_the_event_object_they_subscribed_to(bus: Bus) -> None:
    recorder = Recorder()
    bus.registry.add(recorder)
    user = await register(bus)
    await bus.settle()
    assert len(recorder.received) == 1
    event = recorder.received[0]
    assert isinstance(event, UserRegistered)
    assert (event.user_id, event.role) == (user.id, Role.STUDENT)
    assert isinstance(event.user_id, UUID) and event.occurred_at == NOW


async def test_a_failing_handler_is_retried_alone(bus: Bus) -> None:
    recorder = Recorder(failures=1)
    bus.registry.add(recorder)
    await register(bus)
    await bus.settle()
    # The healthy handler of the same event ran once, not once per try of the other.
    assert len(recorder.received) == 1
    assert recorder.flaky_calls == 2


async def test_a_handler_that_keeps_failing_is_parked_after_the_last_try(bus: Bus) -> None:
    recorder = Recorder(failures=100)
    bus.registry.add(recorder)
    await register(bus)
    await bus.settle()
    assert recorder.flaky_calls == MAX_ATTEMPTS
    assert len(recorder.received) == 1
    await bus.settle()
    assert recorder.flaky_calls == MAX_ATTEMPTS


async def test_each_event_reaches_only_its_own_subscribers(bus: Bus) -> None:
    seen: list[str] = []

    class Verification:
        async def on_verification(self, event: EmailVerificationRequested) -> None:
            seen.append(event.name)

        def subscriptions(self) -> list[Subscription]:
            return [on(EmailVerificationRequested, self.on_verification)]

    bus.registry.add(Verification())
    await register(bus)
    await bus.settle()
    assert seen == [EmailVerificationRequested.name]


async def test_the_unit_of_work_signals_the_bus_after_a_commit_that_stored_events(
        bus: Bus) -> None:
    await register(bus, commit=False)
    assert bus.signals == []
    async with bus.uow() as uow:
        await uow.commit()  # nothing changed, no event
    assert bus.signals == []
    await register(bus)
    assert bus.signals == [1]


async def test_a_rolled_back_change_raises_no_event(bus: Bus) -> None:
    recorder = Recorder()
    bus.registry.add(recorder)
    await register(bus, commit=False)
    await bus.settle()
    assert recorder.received == []


# ---- Postgres only: what the in-process fake cannot show -----------------------------------

def unit_of_work(sessions: Any) -> SqlAlchemyUnitOfWork:
    """A unit of work on the engine of the dispatchers' session factory."""
    return SqlAlchemyUnitOfWork(Database(sessions.kw["bind"]))

@pytest.fixture
async def outbox_parts(database_url: str) -> AsyncIterator[tuple[object, HandlerRegistry]]:
    engine = build_engine(database_url, pool_size=5)
    sessions = build_session_factory(engine)
    leftovers = OutboxDispatcher(sessions, HandlerRegistry())
    while await leftovers.drain():
        pass
    yield sessions, HandlerRegistry()
    await engine.dispose()


async def test_a_handler_runs_after_its_claim_was_committed_with_no_lock_held(
        outbox_parts: tuple[object, HandlerRegistry]) -> None:
    sessions, registry = outbox_parts
    locked: list[bool] = []

    class Probe:
        async def check(self, event: UserRegistered) -> None:
            # Another transaction can lock the delivery row at once: nothing holds it.
            async with sessions() as session, session.begin():  # type: ignore[operator]
                await session.execute(text("set local lock_timeout = '200ms'"))
                row = (await session.execute(
                    select(event_deliveries.c.attempts)
                    .where(event_deliveries.c.event_id == event.event_id)
                    .with_for_update(nowait=True))).one()
                locked.append(row.attempts == 1)

        def subscriptions(self) -> list[Subscription]:
            return [on(UserRegistered, self.check)]

    registry.add(Probe())
    dispatcher = OutboxDispatcher(sessions, registry)  # type: ignore[arg-type]
    async with unit_of_work(sessions) as uow:
        uow.users.add(User.register(email=f"u{uuid4().hex[:10]}@example.org", display_name="A",
                                    role=Role.STUDENT, password_hash="h", timezone="UTC",
                                    now=NOW))
        await uow.commit()
    while await dispatcher.drain():
        pass
    assert locked == [True]


async def test_a_delivery_whose_process_died_is_run_again_after_its_lease(
        outbox_parts: tuple[object, HandlerRegistry]) -> None:
    sessions, registry = outbox_parts
    recorder = Recorder()
    registry.add(recorder)
    crashed = OutboxDispatcher(sessions, registry, lease=timedelta(0))  # type: ignore[arg-type]
    async with unit_of_work(sessions) as uow:
        uow.users.add(User.register(email=f"u{uuid4().hex[:10]}@example.org", display_name="A",
                                    role=Role.STUDENT, password_hash="h", timezone="UTC",
                                    now=NOW))
        await uow.commit()
    await crashed.fan_out()
    claimed = await crashed._claim()  # claimed, and then the process was killed
    assert {c.handler for c in claimed} == {"Recorder.welcome", "Recorder.flaky"}
    survivor = OutboxDispatcher(sessions, registry)  # type: ignore[arg-type]
    while await survivor.drain():
        pass
    assert len(recorder.received) == 1 and recorder.flaky_calls == 1
    async with sessions() as session:  # type: ignore[operator]
        rows = (await session.execute(
            select(event_deliveries.c.status, event_deliveries.c.attempts)
            .where(event_deliveries.c.event_id.in_({c.event_id for c in claimed})))).all()
    assert sorted(rows) == [("done", 2), ("done", 2)]


# ---- durable schedules ---------------------------------------------------------------------

class Reminders:
    def __init__(self) -> None:
        self.received: list[UserSuspended] = []

    async def remind(self, event: UserSuspended) -> None:
        self.received.append(event)

    def subscriptions(self) -> list[Subscription]:
        return [on(UserSuspended, self.remind)]


def reminder(reason: str) -> UserSuspended:
    # Any registered event will do; what matters is when and how often it is raised.
    return UserSuspended(occurred_at=datetime.now(UTC), user_id=uuid4(), reason=reason)


async def schedule(bus: Bus, key: str, event: UserSuspended, due_at: datetime,
                   grace: timedelta = timedelta(minutes=15)) -> None:
    async with bus.uow() as uow:
        await uow.schedules.put(Schedule(key=key, event=event, due_at=due_at, grace=grace))
        await uow.commit()


async def test_a_due_schedule_raises_its_event_once(bus: Bus) -> None:
    reminders = Reminders()
    bus.registry.add(reminders)
    key, due = f"booking:{uuid4()}:reminder", datetime.now(UTC) - timedelta(seconds=1)
    await schedule(bus, key, reminder("due"), due)
    await schedule(bus, f"later:{uuid4()}", reminder("later"), due + timedelta(hours=1))
    await bus.settle()
    await bus.settle()
    assert [e.reason for e in reminders.received] == ["due"]
    assert reminders.received[0].occurred_at == due
    async with bus.uow() as uow:
        stored = await uow.schedules.get(key)
    assert stored is not None and stored.status is ScheduleStatus.FIRED


async def test_a_moved_schedule_fires_at_its_new_time_only(bus: Bus) -> None:
    reminders = Reminders()
    bus.registry.add(reminders)
    now = datetime.now(UTC)
    moved_away, moved_here = f"a:{uuid4()}", f"b:{uuid4()}"
    await schedule(bus, moved_away, reminder("old time"), now - timedelta(seconds=1))
    await schedule(bus, moved_away, reminder("new time"), now + timedelta(hours=1))
    await schedule(bus, moved_here, reminder("first"), now + timedelta(hours=1))
    await schedule(bus, moved_here, reminder("second"), now - timedelta(seconds=1))
    await bus.settle()
    assert [e.reason for e in reminders.received] == ["second"]


async def test_a_cancelled_or_rolled_back_schedule_never_fires(bus: Bus) -> None:
    reminders = Reminders()
    bus.registry.add(reminders)
    past = datetime.now(UTC) - timedelta(seconds=1)
    key = f"hold:{uuid4()}:expire"
    await schedule(bus, key, reminder("cancelled"), past)
    async with bus.uow() as uow:
        assert await uow.schedules.cancel(key) is True
        await uow.commit()
    async with bus.uow() as uow:
        assert await uow.schedules.cancel(key) is False
        await uow.schedules.put(Schedule(key=f"x:{uuid4()}", event=reminder("rolled back"),
                                         due_at=past))
    await bus.settle()
    assert reminders.received == []


async def test_a_schedule_found_past_its_grace_is_dropped(bus: Bus) -> None:
    reminders = Reminders()
    bus.registry.add(reminders)
    now = datetime.now(UTC)
    late, in_time = f"late:{uuid4()}", f"in-time:{uuid4()}"
    await schedule(bus, late, reminder("3 h late"), now - timedelta(hours=3),
                   grace=timedelta(minutes=15))
    await schedule(bus, in_time, reminder("10 min late"), now - timedelta(minutes=10),
                   grace=timedelta(minutes=15))
    await bus.settle()
    assert [e.reason for e in reminders.received] == ["10 min late"]
    async with bus.uow() as uow:
        dropped = await uow.schedules.get(late)
    assert dropped is not None and dropped.status is ScheduleStatus.DROPPED


async def test_two_processes_firing_at_once_raise_the_event_once(
        outbox_parts: tuple[object, HandlerRegistry]) -> None:
    sessions, registry = outbox_parts
    reminders = Reminders()
    registry.add(reminders)
    async with unit_of_work(sessions) as uow:
        for n in range(20):
            await uow.schedules.put(Schedule(key=f"race:{uuid4()}:{n}", event=reminder(str(n)),
                                             due_at=datetime.now(UTC) - timedelta(seconds=1)))
        await uow.commit()
    first = OutboxDispatcher(sessions, registry, batch_size=3)  # type: ignore[arg-type]
    second = OutboxDispatcher(sessions, registry, batch_size=3)  # type: ignore[arg-type]

    async def run(dispatcher: OutboxDispatcher) -> None:
        while await dispatcher.drain():
            pass

    await asyncio.gather(run(first), run(second))
    assert sorted(int(e.reason) for e in reminders.received) == list(range(20))


async def test_the_backlog_is_measured_and_handled_events_are_forgotten_after_retention(
        outbox_parts: tuple[object, HandlerRegistry]) -> None:
    sessions, registry = outbox_parts
    recorder = Recorder(failures=100)  # welcome succeeds, flaky is parked
    registry.add(recorder)
    metrics = Metrics()
    dispatcher = OutboxDispatcher(sessions, registry, metrics=metrics,  # type: ignore[arg-type]
                                  max_attempts=1, retention=timedelta(0))

    def gauge(name: str, **labels: str) -> float | None:
        return metrics.registry.get_sample_value(name, labels)

    await dispatcher.observe()
    parked_before = gauge("event_deliveries", state="failed") or 0
    async with unit_of_work(sessions) as uow:
        uow.users.add(User.register(email=f"u{uuid4().hex[:10]}@example.org", display_name="A",
                                    role=Role.STUDENT, password_hash="h", timezone="UTC",
                                    now=NOW))
        await uow.commit()
    while await dispatcher.drain():
        pass
    await dispatcher.observe()
    assert gauge("event_deliveries", state="failed") == parked_before + 1
    assert gauge("event_deliveries", state="due") == 0
    assert gauge("outbox_unrelayed") == 0
    assert metrics.registry.get_sample_value(
        "event_handler_duration_seconds_count",
        {"handler": "Recorder.flaky", "outcome": "error"}) == 1
    registered = recorder.received[0]
    assert isinstance(registered, UserRegistered)
    async with sessions() as session:  # type: ignore[operator]
        kept = (await session.execute(select(outbox.c.name).where(
            outbox.c.payload["user_id"].astext == str(registered.user_id)))).scalars().all()
    # The parked failure keeps its event (and the done delivery beside it); the same account's
    # other event, handled by everyone concerned, is forgotten.
    assert kept == [UserRegistered.name]


# ---- NATS only: relaying through JetStream -------------------------------------------------

@dataclass
class NatsParts:
    sessions: async_sessionmaker[AsyncSession]
    registry: HandlerRegistry
    url: str
    name: str  # of the test's own stream, subjects and consumer


@pytest.fixture
async def nats_parts(database_url: str, nats_url: str) -> AsyncIterator[NatsParts]:
    engine = build_engine(database_url, pool_size=5)
    sessions = build_session_factory(engine)
    await drain_leftovers(sessions)
    parts = NatsParts(sessions, HandlerRegistry(), nats_url, uuid4().hex[:12])
    yield parts
    await delete_stream(nats_url, parts.name)
    await engine.dispose()


async def commit_users(sessions: async_sessionmaker[AsyncSession], count: int) -> list[UUID]:
    ids = []
    for _ in range(count):
        async with unit_of_work(sessions) as uow:
            user = User.register(email=f"u{uuid4().hex[:10]}@example.org", display_name="A",
                                 role=Role.STUDENT, password_hash="h", timezone="UTC", now=NOW)
            uow.users.add(user)
            await uow.commit()
            ids.append(user.id)
    return ids


async def outbox_rows(sessions: async_sessionmaker[AsyncSession],
                      after: int = 0) -> list[tuple[str, datetime | None]]:
    """Event id and relay time of the outbox rows past id ``after``, in outbox order."""
    from adapters.db.tables import outbox

    async with sessions() as session:
        rows = (await session.execute(
            select(outbox.c.event_id, outbox.c.dispatched_at)
            .where(outbox.c.id > after).order_by(outbox.c.id))).all()
    return [(str(r.event_id), r.dispatched_at) for r in rows]


async def last_outbox_id(sessions: async_sessionmaker[AsyncSession]) -> int:
    from sqlalchemy import func

    from adapters.db.tables import outbox

    async with sessions() as session:
        return int((await session.execute(select(func.coalesce(func.max(outbox.c.id), 0))))
                   .scalar_one())


async def test_events_wait_in_the_outbox_while_nats_is_away_and_go_out_once_it_is_back(
        nats_parts: NatsParts) -> None:
    sessions, registry, name = nats_parts.sessions, nats_parts.registry, nats_parts.name
    recorder = Recorder()
    registry.add(recorder)
    start = await last_outbox_id(sessions)
    users = await commit_users(sessions, 3)

    away = nats_relay(sessions, registry, "nats://127.0.0.1:1", name=name, connect_timeout=1)
    assert await away.drain() == 0
    await away.stop()
    assert recorder.received == []
    assert all(relayed is None for _, relayed in await outbox_rows(sessions, start))

    back = nats_relay(sessions, registry, nats_parts.url, name=name)
    while await back.drain():
        pass
    # Published in outbox order, each once, each delivered once.
    rows = await outbox_rows(sessions, start)
    assert len(rows) == 6  # each registration raises two events
    assert all(relayed is not None for _, relayed in rows)
    nc = await nats.connect(nats_parts.url)
    try:
        js = nc.jetstream()
        stream = await js.stream_info(f"EDU_TEST_{name}")
        assert stream.state.messages == len(rows)
        published = [(await js.get_msg(f"EDU_TEST_{name}", seq)).headers
                     for seq in range(1, len(rows) + 1)]
    finally:
        await nc.close()
    assert [h["Nats-Msg-Id"] for h in published if h] == [event_id for event_id, _ in rows]
    assert sorted(e.user_id for e in recorder.received) == sorted(users)  # type: ignore[attr-defined]
    assert recorder.flaky_calls == 3
    await back.stop()


async def test_a_message_delivered_again_adds_no_second_delivery(
        nats_parts: NatsParts, monkeypatch: pytest.MonkeyPatch) -> None:
    from nats.aio.msg import Msg

    sessions, registry, name = nats_parts.sessions, nats_parts.registry, nats_parts.name
    recorder = Recorder()
    registry.add(recorder)
    relay = nats_relay(sessions, registry, nats_parts.url, name=name,
                       ack_wait=timedelta(seconds=1))
    await commit_users(sessions, 1)
    assert await relay.relay() == 2  # registered, verification requested

    async def lost(self: Msg) -> None:  # the process died after its commit, before the ack
        return None

    with monkeypatch.context() as patch:
        patch.setattr(Msg, "ack", lost)
        assert await relay.consume() == 2
    assert await relay.deliver() == 2  # the two handlers of UserRegistered

    redelivered = 0
    for _ in range(30):  # JetStream sends them again once ack_wait has passed
        redelivered += await relay.consume()
        if redelivered == 2:
            break
    assert redelivered == 2
    while await relay.drain():
        pass
    assert len(recorder.received) == 1 and recorder.flaky_calls == 1
    await relay.stop()


async def test_only_what_jetstream_acknowledged_is_marked_relayed(
        nats_parts: NatsParts, monkeypatch: pytest.MonkeyPatch) -> None:
    from nats.errors import TimeoutError as NatsTimeout
    from nats.js import JetStreamContext

    sessions, registry, name = nats_parts.sessions, nats_parts.registry, nats_parts.name
    recorder = Recorder()
    registry.add(recorder)
    start = await last_outbox_id(sessions)
    await commit_users(sessions, 2)
    publish = JetStreamContext.publish
    calls = 0

    async def lost_after_three(self: JetStreamContext, *args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls > 3:
            raise NatsTimeout  # the connection dropped before the fourth ack
        return await publish(self, *args, **kwargs)

    relay = nats_relay(sessions, registry, nats_parts.url, name=name)
    with monkeypatch.context() as patch:
        patch.setattr(JetStreamContext, "publish", lost_after_three)
        await relay.drain()
    assert [relayed is not None for _, relayed in await outbox_rows(sessions, start)] == [
        True, True, True, False]

    while await relay.drain():
        pass
    assert all(relayed is not None for _, relayed in await outbox_rows(sessions, start))
    assert len(recorder.received) == 2 and recorder.flaky_calls == 2
    await relay.stop()
