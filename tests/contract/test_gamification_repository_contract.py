"""ONE behaviour suite for XP, progress, boards and leagues, run against the in-memory fake and
Postgres: an award is stored once per (learner, source); progress round-trips; boards rank by
XP then by who got there first, leave hidden learners out for others but not for themselves;
leagues seat thirty then open another; a week is claimed for closing once; nothing is visible
before commit; erasure leaves nothing behind."""

from datetime import date, timedelta
from uuid import UUID, uuid4

from edu_core.domain.gamification import (
    Attribution,
    LearnerProgress,
    Outcome,
    Reading,
    Result,
    Streak,
    StreakZone,
    Unlock,
    XpAward,
    XpSource,
)
from edu_core.domain.identity import Role, User
from edu_core.domain.pagination import PageRequest
from tests.contract.test_content_repository_contract import (
    NOW,
    Factory,
    a_note,
    a_topic,
    a_user,
    stored,
)

WEEK = date(2026, 6, 1)


def award(user: User, source_id: object, *, minutes: int = 0, mentor: UUID | None = None,
          subject: UUID | None = None) -> XpAward:
    return XpAward.of(XpSource.ANSWER, str(source_id), user_id=user.id,
                      at=NOW + timedelta(minutes=minutes),
                      attribution=Attribution(mentor_id=mentor, subject_id=subject))


async def credit(uow_factory: Factory, a: XpAward) -> bool:
    async with uow_factory() as uow:
        new = await uow.gamification.award(a, week=WEEK)
        if new:
            await uow.gamification.add_to_boards(a, week=WEEK)
            await uow.commit()
    return new


async def test_an_award_is_stored_once_per_learner_and_source(uow_factory: Factory) -> None:
    learner, other = await a_user(uow_factory, Role.STUDENT), await a_user(uow_factory)
    assert await credit(uow_factory, award(learner, "q1"))
    assert not await credit(uow_factory, award(learner, "q1", minutes=5))
    assert await credit(uow_factory, award(other, "q1"))
    async with uow_factory() as uow:
        mine = await uow.gamification.ledger(learner.id, PageRequest(1, 10))
    assert [(e.source_type, e.source_id, e.amount) for e in mine.items] == [("answer", "q1", 10)]
    async with uow_factory() as uow:  # not committed: gone
        assert await uow.gamification.award(award(learner, "q2"), week=WEEK)
    async with uow_factory() as uow:
        assert (await uow.gamification.ledger(learner.id, PageRequest(1, 10))).total == 1


async def test_progress_round_trips_and_days_add_up(uow_factory: Factory) -> None:
    learner = await a_user(uow_factory, Role.STUDENT)
    async with uow_factory() as uow:
        progress = await uow.gamification.lock_progress(learner.id, NOW)
        assert progress.total_xp == 0
        progress.total_xp, progress.daily_goal, progress.hidden = 120, 30, True
        progress.streak = Streak(current=3, longest=9, last_day=WEEK, freezes=2)
        progress.zone = StreakZone(zone="Europe/Berlin", next_zone="Asia/Tokyo",
                                   next_from=NOW, excused_day=WEEK)
        progress.counts = {"answer": 4}
        await uow.gamification.save_progress(progress)
        assert await uow.gamification.add_to_day(learner.id, WEEK, 10) == 10
        assert await uow.gamification.add_to_day(learner.id, WEEK, 5, goal_met=True) == 15
        await uow.gamification.freeze_days(learner.id, [WEEK - timedelta(days=1)])
        await uow.commit()
    async with uow_factory() as uow:
        loaded = await uow.gamification.progress(learner.id)
        days = await uow.gamification.days(learner.id, WEEK - timedelta(days=7), WEEK)
    assert loaded == LearnerProgress(
        user_id=learner.id, total_xp=120, daily_goal=30, hidden=True,
        streak=Streak(current=3, longest=9, last_day=WEEK, freezes=2),
        zone=StreakZone(zone="Europe/Berlin", next_zone="Asia/Tokyo", next_from=NOW,
                        excused_day=WEEK),
        counts={"answer": 4}, updated_at=NOW)
    assert [(d.day, d.xp, d.goal_met, d.frozen) for d in days] == [
        (WEEK - timedelta(days=1), 0, False, True), (WEEK, 15, True, False)]


async def test_boards_rank_by_xp_then_first_and_hide_the_hidden_from_others(
        uow_factory: Factory) -> None:
    mentor = await a_user(uow_factory)
    a, b, c = [await a_user(uow_factory, Role.STUDENT) for _ in range(3)]
    for learner, n in ((a, 2), (b, 2), (c, 1)):
        for i in range(n):
            assert await credit(uow_factory, award(learner, i, minutes=10 * i + (
                1 if learner is b else 0), mentor=mentor.id))
    async with uow_factory() as uow:
        board = await uow.gamification.mentor_board(mentor.id, WEEK, c.id, PageRequest(1, 10))
    assert [(r.rank, r.user_id, r.xp) for r in board.rows] == [
        (1, a.id, 20), (2, b.id, 20), (3, c.id, 10)]
    assert board.me is not None and board.me.rank == 3
    async with uow_factory() as uow:
        progress = await uow.gamification.lock_progress(a.id, NOW)
        progress.hidden = True
        await uow.gamification.save_progress(progress)
        await uow.commit()
    async with uow_factory() as uow:
        others = await uow.gamification.mentor_board(mentor.id, WEEK, c.id, PageRequest(1, 1))
        own = await uow.gamification.mentor_board(mentor.id, WEEK, a.id, PageRequest(2, 1))
        refs = await uow.gamification.boards_of(b.id, WEEK)
    assert ([r.user_id for r in others.rows], others.total) == ([b.id], 2)
    assert others.me is not None and others.me.rank == 2
    assert [r.user_id for r in own.rows] == [b.id]  # a counts itself: page 2 is b
    assert own.me is not None and (own.me.rank, own.me.xp) == (1, 20)
    assert [(r.kind, r.id, r.xp) for r in refs] == [("mentor", mentor.id, 20)]


async def test_a_league_seats_thirty_then_another_opens(uow_factory: Factory) -> None:
    week = date(2026, 6, 8) + timedelta(days=7 * (uuid4().int % 500))  # a week of its own
    learners = [await a_user(uow_factory, Role.STUDENT) for _ in range(31)]
    seats = []
    for learner in learners:
        async with uow_factory() as uow:
            seats.append(await uow.gamification.add_to_league(
                learner.id, week=week, tier=2, amount=10, at=NOW))
            await uow.commit()
    assert [created for _, created in seats] == [True] + [False] * 29 + [True]
    assert len({league for league, _ in seats[:30]}) == 1 and seats[30][0] != seats[0][0]
    async with uow_factory() as uow:
        again = await uow.gamification.add_to_league(learners[0].id, week=week, tier=2,
                                                     amount=5, at=NOW)
        await uow.commit()
    assert again == (seats[0][0], False)
    async with uow_factory() as uow:
        board = await uow.gamification.league_board(seats[0][0], learners[0].id)
        assert await uow.gamification.start_close(week, NOW)
        await uow.commit()
    assert board is not None and (board.size, board.promoted, board.demoted) == (30, 7, 5)
    assert board.me is not None and (board.me.rank, board.me.xp) == (1, 15)
    async with uow_factory() as uow:
        assert not await uow.gamification.start_close(week, NOW)
        standings = await uow.gamification.standings(week)
        await uow.gamification.record_results(week, [Result(
            user_id=learners[0].id, league_id=seats[0][0], rank=1, xp=15,
            outcome=Outcome.PROMOTED, next_tier=3)])
        seated = await uow.gamification.seat(week + timedelta(days=7),
                                             [(3, [learners[0].id, learners[1].id])])
        await uow.commit()
    assert len(standings) == 31 and seated == 2
    async with uow_factory() as uow:
        progress = await uow.gamification.progress(learners[0].id)
        next_league = await uow.gamification.league_of(learners[1].id, week + timedelta(days=7))
        repeat = await uow.gamification.seat(week + timedelta(days=7), [(3, [learners[1].id])])
    assert progress is not None and progress.tier == 3
    assert next_league is not None and repeat == 0


async def test_readings_unlocks_and_attribution(uow_factory: Factory) -> None:
    mentor, learner = await a_user(uow_factory), await a_user(uow_factory, Role.STUDENT)
    topic = await a_topic(uow_factory)
    note = await stored(uow_factory, a_note(mentor, topic))
    async with uow_factory() as uow:
        attribution = await uow.gamification.item_attribution(note.id)
        assert await uow.gamification.item_attribution(uuid4()) is None
        assert await uow.gamification.record_reading(Reading(user_id=learner.id,
                                                             item_id=note.id, read_at=NOW))
        assert await uow.gamification.unlock(Unlock(user_id=learner.id, code="first_lesson",
                                                    unlocked_at=NOW))
        await uow.commit()
    assert attribution is not None and attribution.mentor_id == mentor.id
    assert attribution.subject_id is not None
    async with uow_factory() as uow:
        assert not await uow.gamification.record_reading(Reading(
            user_id=learner.id, item_id=note.id, read_at=NOW))
        assert not await uow.gamification.unlock(Unlock(user_id=learner.id,
                                                        code="first_lesson", unlocked_at=NOW))
        assert [u.code for u in await uow.gamification.unlocked(learner.id)] == [
            "first_lesson"]


async def test_erasure_leaves_nothing_of_the_learner(uow_factory: Factory) -> None:
    mentor, learner = await a_user(uow_factory), await a_user(uow_factory, Role.STUDENT)
    assert await credit(uow_factory, award(learner, "x", mentor=mentor.id, subject=uuid4()))
    async with uow_factory() as uow:
        await uow.gamification.lock_progress(learner.id, NOW)
        await uow.gamification.add_to_league(learner.id, week=WEEK, tier=1, amount=10, at=NOW)
        await uow.gamification.unlock(Unlock(user_id=learner.id, code="x", unlocked_at=NOW))
        await uow.commit()
    async with uow_factory() as uow:
        await uow.gamification.erase(learner.id)
        await uow.commit()
    async with uow_factory() as uow:
        assert (await uow.gamification.ledger(learner.id, PageRequest(1, 5))).total == 0
        assert await uow.gamification.progress(learner.id) is None
        assert await uow.gamification.league_of(learner.id, WEEK) is None
        assert await uow.gamification.unlocked(learner.id) == []
        board = await uow.gamification.mentor_board(mentor.id, WEEK, mentor.id,
                                                    PageRequest(1, 5))
    assert board.rows == []
