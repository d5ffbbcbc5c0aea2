"""Chat use cases on the in-memory fakes: a retry is one message announced once, who may
listen on a room's channel, typing is rate-limited, and history pages say whether more
follow."""

import json
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from adapters.content.html_sanitizer import Nh3HtmlSanitizer
from adapters.content.markdown import MarkdownItRenderer
from adapters.memory.fakes import FakeClock
from adapters.memory.unit_of_work import MemoryUnitOfWorkFactory
from adapters.messaging.live import MemoryLiveBroker
from adapters.ratelimit.limiter import LimitsRateLimiter
from adapters.storage.pillow_images import PillowImageEncoder, PillowImageInspector
from edu_core.application.actors import Principal
from edu_core.application.annotation_shares import AnnotationSharing
from edu_core.application.chat import TYPING_PER_MINUTE, ChatService, room_channel
from edu_core.domain.bookings import CancellationPolicy, MentoringSession
from edu_core.domain.errors import RateLimited
from edu_core.domain.identity import Role, Transport, User
from tests.unit.test_content_images import MemoryBlobs

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


class Frames:
    def __init__(self) -> None:
        self.data: list[dict[str, object]] = []

    def deliver(self, frame: str) -> None:
        self.data.append(json.loads(frame)["data"])


class World:
    def __init__(self) -> None:
        self.uow = MemoryUnitOfWorkFactory()
        self.clock = FakeClock(NOW)
        self.live = MemoryLiveBroker()
        self.service = ChatService(
            uow=self.uow, clock=self.clock, renderer=MarkdownItRenderer(Nh3HtmlSanitizer()),
            storage=MemoryBlobs(), images=PillowImageInspector(), encoder=PillowImageEncoder(),
            live=self.live, limiter=LimitsRateLimiter("memory://"),
            sharing=AnnotationSharing(storage=MemoryBlobs(), clock=self.clock))
        self.student, self.mentor = self.user(), self.user(Role.MENTOR)

    def user(self, role: Role = Role.STUDENT) -> Principal:
        user = User.register(email=f"u{uuid4().hex[:8]}@example.org", display_name="Kim Lee",
                             role=role, password_hash="h", timezone="UTC", now=NOW)
        self.uow.store.users[user.id] = user
        return Principal(user_id=user.id, role=role, session_id=uuid4(),
                         transport=Transport.BEARER)

    def session(self, *, confirm: bool = True) -> MentoringSession:
        session = MentoringSession.hold(
            student_id=self.student.user_id, mentor_id=self.mentor.user_id,
            starts_at=NOW + timedelta(minutes=10), minutes=60, price=5000, currency="EUR",
            cancellation=CancellationPolicy(), hold_for=timedelta(minutes=10),
            now=NOW - timedelta(days=1))
        if confirm:
            session.confirm(5000, NOW - timedelta(days=1))
        self.uow.store.bookings.sessions[session.id] = session
        return session


async def test_a_retry_is_one_message_announced_once() -> None:
    world = World()
    session = world.session()
    frames = Frames()
    await world.live.subscribe(room_channel(session.id), frames)
    first = await world.service.send(world.student, session.id, client_id="retry-0001",
                                     body="$a^2$")
    again = await world.service.send(world.student, session.id, client_id="retry-0001",
                                     body="other")
    assert (first.created, again.created) == (True, False)
    assert again.message.message.id == first.message.message.id
    assert again.message.message.body == "$a^2$"
    assert frames.data == [{"type": "chat.message", "session_id": str(session.id), "seq": 1,
                            "id": str(first.message.message.id),
                            "sender_id": str(world.student.user_id)}]
    # The window closing does not turn a late retry into an error.
    world.clock.advance(days=3)
    late = await world.service.send(world.student, session.id, client_id="retry-0001",
                                    body="$a^2$")
    assert late.created is False


async def test_the_room_channel_admits_the_parties_and_admins_only() -> None:
    world = World()
    session = world.session()
    unpaid = World()
    held = unpaid.session(confirm=False)
    admin, stranger = world.user(Role.ADMIN), world.user()
    listen = world.service.may_listen
    assert await listen(world.student, str(session.id))
    assert await listen(world.mentor, str(session.id))
    assert await listen(admin, str(session.id))
    assert not await listen(stranger, str(session.id))
    assert not await listen(world.student, "not-a-uuid")
    assert not await listen(world.student, str(uuid4()))
    assert not await unpaid.service.may_listen(unpaid.student, str(held.id))


async def test_typing_is_announced_and_rate_limited() -> None:
    world = World()
    session = world.session()
    frames = Frames()
    await world.live.subscribe(room_channel(session.id), frames)
    for _ in range(TYPING_PER_MINUTE.limit):
        await world.service.typing(world.mentor, session.id)
    with pytest.raises(RateLimited):
        await world.service.typing(world.mentor, session.id)
    assert len(frames.data) == TYPING_PER_MINUTE.limit
    assert frames.data[0] == {"type": "chat.typing", "session_id": str(session.id),
                              "user_id": str(world.mentor.user_id)}
    # Another room of the same person has a budget of its own.
    await world.service.typing(world.mentor, world.session().id)


async def test_history_pages_say_whether_more_follow() -> None:
    world = World()
    session = world.session()
    for n in range(5):
        await world.service.send(world.student, session.id, client_id=f"page-{n:04d}",
                                 body=f"m{n}")
    latest = await world.service.history(world.mentor, session.id, limit=2)
    assert [v.message.seq for v in latest.messages] == [4, 5] and latest.has_more
    older = await world.service.history(world.mentor, session.id, before=2, limit=2)
    assert [v.message.seq for v in older.messages] == [1] and not older.has_more
    newer = await world.service.history(world.mentor, session.id, after=1, limit=3)
    assert [v.message.seq for v in newer.messages] == [2, 3, 4] and newer.has_more
    tail = await world.service.history(world.mentor, session.id, after=2, limit=3)
    assert [v.message.seq for v in tail.messages] == [3, 4, 5] and not tail.has_more
    assert tail.last_seq == 5
