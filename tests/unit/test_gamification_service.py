"""The gamification use cases on the in-memory fakes, wired as the platform wires them: an
answer graded right becomes XP, a streak day, a league seat, an achievement with its notice,
and live messages on the boards' channels; a redelivery changes nothing; who may listen."""

import uuid
from datetime import UTC, datetime

from adapters.memory.fakes import FakeClock, MemoryEventDispatcher
from adapters.memory.unit_of_work import MemoryUnitOfWorkFactory
from adapters.messaging.live import MemoryLiveBroker
from edu_core.application.actors import Principal
from edu_core.application.gamification import (
    AchievementNotices,
    GamificationLive,
    GamificationService,
    XpHandlers,
    board_channel,
)
from edu_core.application.live import LiveNotifications, default_channel_policies, user_channel
from edu_core.application.messagebus import HandlerRegistry
from edu_core.domain.catalog import Chapter, Subject, Topic
from edu_core.domain.content import AnswerGraded, ContentItem
from edu_core.domain.identity import Role, Transport, User

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday


class Collected:
    def __init__(self) -> None:
        self.frames: list[str] = []

    def deliver(self, frame: str) -> None:
        self.frames.append(frame)


def principal(user: User) -> Principal:
    return Principal(user_id=user.id, role=user.role, session_id=uuid.uuid4(),
                     transport=Transport.COOKIE)


async def world() -> tuple[MemoryUnitOfWorkFactory, MemoryEventDispatcher, MemoryLiveBroker,
                           GamificationService, User, User, ContentItem]:
    uow = MemoryUnitOfWorkFactory()
    clock = FakeClock(NOW)
    broker = MemoryLiveBroker()
    service = GamificationService(uow=uow, clock=clock)
    dispatcher = MemoryEventDispatcher(uow.store, HandlerRegistry([
        XpHandlers(service=service), GamificationLive(live=broker),
        AchievementNotices(uow=uow, clock=clock), LiveNotifications(live=broker)]))
    uow.signal = dispatcher
    learner = User.register(email="l@example.org", display_name="Lea", role=Role.STUDENT,
                            password_hash="h", timezone="Pacific/Kiritimati", now=NOW)
    mentor = User.register(email="m@example.org", display_name="Max", role=Role.MENTOR,
                           password_hash="h", timezone="UTC", now=NOW)
    subject = Subject.create(name="Physics", slug="physics")
    chapter = Chapter.create(subject_id=subject.id, name="Mechanics")
    topic = Topic.create(chapter_id=chapter.id, name="Energy", slug="energy")
    item = ContentItem.create(topic_id=topic.id, mentor_id=mentor.id, kind="note",
                              title="Joules", body={"html": "<p>J</p>"}, author_id=mentor.id,
                              now=NOW, change_summary="First")
    async with uow() as u:
        u.users.add(learner)
        u.users.add(mentor)
        for node in (subject, chapter, topic):
            await u.catalog.save(node)
        await u.commit()
    async with uow() as u:
        await u.content.save(item)
        await u.commit()
    return uow, dispatcher, broker, service, learner, mentor, item


def graded(learner: User, item: ContentItem, *, correct: bool = True) -> AnswerGraded:
    return AnswerGraded(occurred_at=NOW, attempt_id=uuid.uuid4(), item_id=item.id, version=1,
                        user_id=learner.id, correct=correct, hints_used=0,
                        solution_shown=False)


async def drain(dispatcher: MemoryEventDispatcher) -> None:
    while await dispatcher.drain():
        pass


async def test_a_right_answer_lands_once_and_boards_hear_of_it() -> None:
    uow, dispatcher, broker, service, learner, mentor, item = await world()
    mentor_board, mine = Collected(), Collected()
    await broker.subscribe(board_channel("mentor", mentor.id), mentor_board)
    await broker.subscribe(user_channel(learner.id), mine)

    right = graded(learner, item)
    uow.store.outbox.extend([graded(learner, item, correct=False), right])
    await drain(dispatcher)
    summary = await service.summary(learner.id)
    assert (summary.total_xp, summary.streak, summary.today_xp) == (10, 1, 10)
    assert summary.today == datetime(2026, 3, 2, 23, tzinfo=UTC).date()  # Kiritimati: 23:00
    assert summary.league is not None and summary.league.xp == 10
    assert len(mentor_board.frames) == 1 and '"board":"mentor"' in mentor_board.frames[0]
    kinds = [f.split('"type":"')[2].split('"')[0] for f in mine.frames]
    assert sorted(kinds) == ["notification", "progress"]  # XP, and the "Right first time"
    (notice,) = uow.store.notifications.values()
    assert notice.title == "Achievement unlocked: Right first time"

    # Another right answer to the same question, and the same event again: nothing.
    uow.store.outbox.append(graded(learner, item))
    await dispatcher.registry.get("XpHandlers.answered").handler(right)
    await drain(dispatcher)
    assert (await service.summary(learner.id)).total_xp == 10
    assert len(mentor_board.frames) == 1


async def test_who_may_listen_to_which_board() -> None:
    uow, dispatcher, _, service, learner, mentor, item = await world()
    uow.store.outbox.append(graded(learner, item))
    await drain(dispatcher)
    league = await service.my_league(principal(learner))
    assert league is not None
    policies = default_channel_policies()
    policies.register("leaderboard", service.may_watch)
    stranger = principal(mentor)
    assert await policies.may_read(principal(learner), board_channel("league", league.league_id))
    assert not await policies.may_read(stranger, board_channel("league", league.league_id))
    assert await policies.may_read(stranger, board_channel("mentor", mentor.id))
    assert await policies.may_read(stranger, board_channel("subject", uuid.uuid4()))
    for bad in ("leaderboard:mentor-x", "leaderboard:other-" + str(mentor.id),
                "leaderboard:league"):
        assert not await policies.may_read(stranger, bad), bad


async def test_learners_earn_nothing_from_their_own_content() -> None:
    uow, dispatcher, _, service, _, mentor, item = await world()
    uow.store.outbox.append(graded(mentor, item))
    await drain(dispatcher)
    assert (await service.summary(mentor.id)).total_xp == 0
