"""Review use cases on the in-memory fakes: who sees a hidden review, the report budget, and
in-app notices that a redelivered event does not repeat."""

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from adapters.cli.demo_reviews import past_session
from adapters.memory.fakes import FakeClock
from adapters.memory.unit_of_work import MemoryUnitOfWorkFactory
from adapters.ratelimit.limiter import LimitsRateLimiter
from edu_core.application.actors import Actor, Principal
from edu_core.application.reviews import (
    REPORTS_PER_HOUR,
    ReviewInAppHandlers,
    ReviewService,
    public_name,
)
from edu_core.domain.errors import RateLimited
from edu_core.domain.identity import Role, Transport, User
from edu_core.domain.mentors import MentorProfile, MentorStatus
from edu_core.domain.pagination import PageRequest
from edu_core.domain.reviews import ReviewNotFound, ReviewPosted

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


class World:
    def __init__(self) -> None:
        self.uow = MemoryUnitOfWorkFactory()
        self.clock = FakeClock(NOW)
        self.service = ReviewService(uow=self.uow, clock=self.clock,
                                     limiter=LimitsRateLimiter("memory://"))
        self.mentor = self.user(Role.MENTOR, "Ada Mentor")
        self.uow.store.mentors[self.mentor.user_id] = MentorProfile(
            user_id=self.mentor.user_id, status=MentorStatus.VERIFIED, timezone="UTC",
            hourly_rate_cents=6000, currency="EUR", created_at=NOW, updated_at=NOW)

    def user(self, role: Role = Role.STUDENT, name: str = "Kim Lee Park") -> Principal:
        user = User.register(email=f"u{uuid4().hex[:8]}@example.org", display_name=name,
                             role=role, password_hash="h", timezone="UTC", now=NOW)
        self.uow.store.users[user.id] = user
        return Principal(user_id=user.id, role=role, session_id=uuid4(),
                         transport=Transport.BEARER)

    async def reviewed(self, student: Principal, rating: int = 4) -> UUID:
        session = past_session(student_id=student.user_id, mentor_id=self.mentor.user_id,
                               starts_at=NOW - timedelta(days=2), minutes=60, price=6000,
                               currency="EUR")
        self.uow.store.bookings.sessions[session.id] = session
        view = await self.service.post(student, session.id, rating=rating, text="Good.")
        return view.review.id


def test_reviewers_are_named_by_first_name_and_initial() -> None:
    assert [public_name(n) for n in ["Kim Lee Park", "Mei Lin", "Cher", ""]] == [
        "Kim P.", "Mei L.", "Cher", ""]


async def test_a_hidden_review_is_seen_by_its_parties_only() -> None:
    world = World()
    student, outsider = world.user(), world.user()
    review_id = await world.reviewed(student)
    view = await world.service.hide(Actor(None), review_id, "Off topic")
    assert view.author_name == "Kim P."
    assert (await world.service.of_mentor(world.mentor.user_id, PageRequest())).total == 0
    assert world.uow.store.mentors[world.mentor.user_id].rating_count == 0
    with pytest.raises(ReviewNotFound):
        await world.service.report(outsider, view.review.id, "Bad")
    own = await world.service.of_session(student, view.review.session_id)
    assert own.review.hidden_reason == "Off topic"


async def test_a_person_reports_a_limited_number_of_reviews_an_hour() -> None:
    world = World()
    reporter = world.user()
    ids = [await world.reviewed(world.user()) for _ in range(REPORTS_PER_HOUR.limit + 1)]
    for review_id in ids[:-1]:
        await world.service.report(reporter, review_id, "Spam")
    with pytest.raises(RateLimited):
        await world.service.report(reporter, ids[-1], "Spam")
    # Someone else still can.
    await world.service.report(world.user(), ids[-1], "Spam")


async def test_a_redelivered_event_notifies_the_mentor_once() -> None:
    world = World()
    await world.reviewed(world.user(), 1)
    [posted] = [e for e in world.uow.store.outbox if isinstance(e, ReviewPosted)]
    handlers = ReviewInAppHandlers(uow=world.uow, clock=world.clock)
    await handlers.posted(posted)
    await handlers.posted(posted)
    notices = [n for n in world.uow.store.notifications.values()
               if n.user_id == world.mentor.user_id]
    assert [(n.kind, n.title) for n in notices] == [("review.posted", "New review: 1 star")]
