"""Gamification use cases: XP awarded from learning events, the learner's progress and
settings, achievements, leaderboards and the weekly close of the leagues.

Awards come from event handlers (``XpHandlers``), each delivery at least once: the ledger's
unique (learner, source) makes a repeated delivery award nothing, and only the delivery that
stored the ledger row moves the totals, in the same transaction.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

from edu_core.application.actors import Principal
from edu_core.application.live import user_channel
from edu_core.application.messagebus import Subscription, on
from edu_core.application.notification_preferences import wants
from edu_core.domain.bookings.session import SessionCompleted
from edu_core.domain.calendar_range import within_calendar
from edu_core.domain.content import AnswerGraded
from edu_core.domain.courses import CourseCompleted, ItemCompleted
from edu_core.domain.forum import AnswerAccepted
from edu_core.domain.gamification import (
    ACHIEVEMENTS,
    CATALOG,
    NOBODY,
    AchievementUnlocked,
    Attribution,
    LeaderboardNotFound,
    LeagueWeekDue,
    LearnerProgress,
    Level,
    NotANote,
    NoteRead,
    Reading,
    Unlock,
    XpAward,
    XpAwarded,
    XpSource,
    close_schedule_key,
    close_week,
    next_week_groups,
    reached,
    tier_name,
    week_closes_at,
    week_start,
)
from edu_core.domain.gamification.boards import (
    Board,
    BoardRef,
    BoardRow,
    DayRecord,
    LeagueBoard,
    LedgerEntry,
)
from edu_core.domain.identity import User, UserNotFound
from edu_core.domain.notification_preferences import Channel
from edu_core.domain.notifications import Notification
from edu_core.domain.pagination import Page, PageRequest
from edu_core.domain.reviews import ReviewPosted
from edu_core.domain.schedules import Schedule
from edu_core.ports.clock import Clock
from edu_core.ports.live import LivePublisher
from edu_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

NOTE_KIND = "note"
MAX_CALENDAR_DAYS = 371  # a year of weeks and a few days
# A week's close may run late (everything was down): it is still the right thing to do.
CLOSE_GRACE = timedelta(days=6)


@dataclass(frozen=True, kw_only=True)
class ProgressSummary:
    user_id: UUID
    total_xp: int
    level: Level
    streak: int  # as of today, in the learner's zone
    longest_streak: int
    freezes: int
    daily_goal: int
    today_xp: int
    today: date
    hidden: bool
    tier: int
    tier_name: str
    league: BoardRow | None  # this week's standing, once seated
    achievements: int


@dataclass(frozen=True, kw_only=True)
class AchievementView:
    code: str
    title: str
    description: str
    icon: str
    unlocked_at: datetime | None


def board_channel(kind: str, board_id: UUID) -> str:
    """``leaderboard:<kind>-<id>``: where a board announces that it changed."""
    return f"leaderboard:{kind}-{board_id}"


class GamificationService:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    # -- awarding -----------------------------------------------------------------------------

    async def award(self, award: XpAward) -> bool:
        """Credit ``award`` unless its (learner, source) was credited before; whether it was
        new. Learners earn nothing from their own content."""
        if award.attribution.mentor_id == award.user_id:
            return False
        async with self._uow() as uow:
            user = await uow.users.get(award.user_id)
            if user is None:
                return False
            week = week_start(award.awarded_at)
            # First: a close of this week's leagues runs before or after, never between.
            league_open = await uow.gamification.enter_week(week)
            if not await uow.gamification.award(award, week=week):
                return False
            progress = await uow.gamification.lock_progress(user.id, self._clock.now())
            league_id, goal_met = await self._count(uow, user, progress, award, week,
                                                    league_open)
            amount = award.amount
            if goal_met:
                day = progress.local_day(award.awarded_at, user.timezone)
                bonus = XpAward.of(XpSource.DAILY_GOAL, day.isoformat(), user_id=user.id,
                                   at=award.awarded_at)
                if await uow.gamification.award(bonus, week=week):
                    await self._count(uow, user, progress, bonus, week, league_open)
                    amount += bonus.amount
            await self._unlock(uow, progress, award.awarded_at)
            progress.events.append(XpAwarded(
                occurred_at=award.awarded_at, user_id=user.id, amount=amount,
                total_xp=progress.total_xp, source_type=award.source_type.value,
                mentor_id=award.attribution.mentor_id,
                subject_id=award.attribution.subject_id, league_id=league_id,
                week_start=week))
            await uow.gamification.save_progress(progress)
            await uow.commit()
        return True

    async def _count(self, uow: UnitOfWork, user: User, progress: LearnerProgress,
                     award: XpAward, week: date, league_open: bool
                     ) -> tuple[UUID | None, bool]:
        """Move the totals for a newly stored award: (its league, the daily goal was met).
        An award that arrives after its week closed counts everywhere but in that week's
        league, whose results are final."""
        day = progress.local_day(award.awarded_at, user.timezone)
        met_before = award.source_type is XpSource.DAILY_GOAL
        day_total = await uow.gamification.add_to_day(user.id, day, award.amount,
                                                      goal_met=met_before)
        gain = progress.gain(award, day=day, day_xp_before=day_total - award.amount)
        await uow.gamification.freeze_days(user.id, gain.frozen_days)
        await uow.gamification.add_to_boards(award, week=week)
        if not league_open:
            return None, gain.goal_met
        league_id, created = await uow.gamification.add_to_league(
            user.id, week=week, tier=progress.tier, amount=award.amount, at=award.awarded_at)
        if created:
            await self._schedule_close(uow, week)
        return league_id, gain.goal_met

    @staticmethod
    async def _unlock(uow: UnitOfWork, progress: LearnerProgress, at: datetime) -> None:
        have = frozenset(u.code for u in await uow.gamification.unlocked(progress.user_id))
        for achievement in reached(progress.stats(), have):
            if await uow.gamification.unlock(Unlock(user_id=progress.user_id,
                                                    code=achievement.code, unlocked_at=at)):
                progress.events.append(AchievementUnlocked(
                    occurred_at=at, user_id=progress.user_id, code=achievement.code))

    @staticmethod
    async def _schedule_close(uow: UnitOfWork, week: date) -> None:
        key = close_schedule_key(week)
        if await uow.schedules.get(key) is None:
            due = week_closes_at(week)
            await uow.schedules.put(Schedule(key=key, due_at=due, grace=CLOSE_GRACE,
                                             event=LeagueWeekDue(occurred_at=due,
                                                                 week_start=week)))

    async def attribution(self, source: XpSource, source_id: UUID) -> Attribution | None:
        async with self._uow() as uow:
            repo = uow.gamification
            if source is XpSource.COURSE:
                return await repo.course_attribution(source_id)
            if source is XpSource.FORUM_ANSWER:
                return await repo.thread_attribution(source_id)
            return await repo.item_attribution(source_id)

    # -- reading notes ------------------------------------------------------------------------

    async def read_note(self, principal: Principal, item_id: UUID) -> bool:
        """The reader reached the end of a live note; True the first time."""
        async with self._uow() as uow:
            facts = (await uow.courses.item_facts([item_id])).get(item_id)
            if facts is None or not facts.live or facts.kind != NOTE_KIND:
                raise NotANote()
            first = await uow.gamification.record_reading(Reading(
                user_id=principal.user_id, item_id=item_id, read_at=self._clock.now()))
            if first:
                await uow.commit()
        return first

    # -- the learner's own progress -----------------------------------------------------------

    async def summary(self, user_id: UUID) -> ProgressSummary:
        now = self._clock.now()
        async with self._uow() as uow:
            progress = await uow.gamification.progress(user_id) or LearnerProgress(
                user_id=user_id)
            user = await uow.users.get(user_id)
            if user is None:
                raise UserNotFound()
            # The zone a change would bring is not the streak's yet; today is the streak's.
            today = progress.zone.day_of(now)
            days = await uow.gamification.days(user_id, today, today)
            standing = await uow.gamification.rank_in_league(user_id, week_start(now))
            unlocked = await uow.gamification.unlocked(user_id)
        return ProgressSummary(
            user_id=user_id, total_xp=progress.total_xp, level=Level.of(progress.total_xp),
            streak=progress.streak_today(now), longest_streak=progress.streak.longest,
            freezes=progress.streak.freezes, daily_goal=progress.daily_goal,
            today_xp=days[0].xp if days else 0, today=today, hidden=progress.hidden,
            tier=progress.tier, tier_name=tier_name(progress.tier), league=standing,
            achievements=len(unlocked))

    async def choose(self, principal: Principal, *, daily_goal: int | None = None,
                     hidden: bool | None = None) -> ProgressSummary:
        async with self._uow() as uow:
            progress = await uow.gamification.lock_progress(principal.user_id,
                                                            self._clock.now())
            progress.choose(daily_goal=daily_goal, hidden=hidden, now=self._clock.now())
            await uow.gamification.save_progress(progress)
            await uow.commit()
        return await self.summary(principal.user_id)

    async def calendar(self, principal: Principal, days: int) -> list[DayRecord]:
        """The learner's last ``days`` local days that had XP or a freeze."""
        days = max(1, min(days, MAX_CALENDAR_DAYS))
        async with self._uow() as uow:
            progress = await uow.gamification.progress(principal.user_id)
            today = (progress or LearnerProgress(user_id=principal.user_id)).zone.day_of(
                self._clock.now())
            return await uow.gamification.days(principal.user_id,
                                               today - timedelta(days=days - 1), today)

    async def history(self, principal: Principal, page: PageRequest) -> Page[LedgerEntry]:
        async with self._uow() as uow:
            return await uow.gamification.ledger(principal.user_id, page)

    async def achievements(self, user_id: UUID, *, locked_too: bool) -> list[AchievementView]:
        """The catalog with the learner's unlocks (``locked_too``), or their unlocks only."""
        async with self._uow() as uow:
            if await uow.users.get(user_id) is None:
                raise UserNotFound()
            unlocked = {u.code: u.unlocked_at for u in await uow.gamification.unlocked(user_id)}
        shown = CATALOG if locked_too else [ACHIEVEMENTS[c] for c in unlocked
                                            if c in ACHIEVEMENTS]
        return [AchievementView(code=a.code, title=a.title, description=a.description,
                                icon=a.icon, unlocked_at=unlocked.get(a.code)) for a in shown]

    # -- boards -------------------------------------------------------------------------------

    def this_week(self) -> date:
        return week_start(self._clock.now())

    async def mentor_board(self, principal: Principal, mentor_id: UUID, page: PageRequest,
                           week: date | None = None) -> Board:
        week_start = (week_start_of(within_calendar(week, "week")) if week
                      else self.this_week())
        async with self._uow() as uow:
            mentor = await uow.users.get(mentor_id)
            if mentor is None:
                raise LeaderboardNotFound()
            return await uow.gamification.mentor_board(mentor_id, week_start,
                                                       principal.user_id, page)

    async def subject_board(self, principal: Principal, subject_id: UUID,
                            page: PageRequest) -> Board:
        async with self._uow() as uow:
            return await uow.gamification.subject_board(subject_id, principal.user_id, page)

    async def my_boards(self, principal: Principal) -> list[BoardRef]:
        async with self._uow() as uow:
            return await uow.gamification.boards_of(principal.user_id, self.this_week())

    async def my_league(self, principal: Principal) -> LeagueBoard | None:
        async with self._uow() as uow:
            league_id = await uow.gamification.league_of(principal.user_id, self.this_week())
            if league_id is None:
                return None
            return await uow.gamification.league_board(league_id, principal.user_id)

    async def may_watch(self, principal: Principal, key: str) -> bool:
        """The ``leaderboard:<kind>-<id>`` live channel: a mentor's or a subject's board for
        anyone signed in; a league's for its members."""
        kind, _, raw = key.partition("-")
        try:
            board_id = UUID(raw)
        except ValueError:
            return False
        if kind in ("mentor", "subject"):
            return True
        if kind != "league":
            return False
        async with self._uow() as uow:
            board = await uow.gamification.league_board(board_id, principal.user_id)
        return board is not None and board.me is not None

    # -- the weekly close ---------------------------------------------------------------------

    async def close_week(self, week: date) -> bool:
        """Rank every league of ``week``, move tiers, and seat next week's leagues; False
        when the week was closed already (closing twice changes nothing)."""
        week = week_start_of(week)
        async with self._uow() as uow:
            if not await uow.gamification.start_close(week, self._clock.now()):
                return False
            results = close_week(await uow.gamification.standings(week))
            await uow.gamification.record_results(week, results)
            following = week + timedelta(days=7)
            if await uow.gamification.seat(following, next_week_groups(results)):
                await self._schedule_close(uow, following)
            await uow.commit()
        return True


def week_start_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


class XpHandlers:
    """XP for learning, from the events that tell of it."""

    def __init__(self, *, service: GamificationService) -> None:
        self._service = service

    def subscriptions(self) -> Iterable[Subscription]:
        return [on(AnswerGraded, self.answered), on(ItemCompleted, self.item_completed),
                on(CourseCompleted, self.course_completed),
                on(SessionCompleted, self.session_attended), on(ReviewPosted, self.reviewed),
                on(AnswerAccepted, self.answer_accepted), on(NoteRead, self.note_read)]

    async def _award(self, source: XpSource, source_id: UUID, user_id: UUID, at: datetime,
                     attribution: Attribution | None) -> None:
        await self._service.award(XpAward.of(source, source_id, user_id=user_id, at=at,
                                             attribution=attribution or NOBODY))

    async def answered(self, event: AnswerGraded) -> None:
        # The first correct answer to a question pays; seeing the solution first does not.
        if not event.correct or event.solution_shown:
            return
        attribution = await self._service.attribution(XpSource.ANSWER, event.item_id)
        await self._award(XpSource.ANSWER, event.item_id, event.user_id, event.occurred_at,
                          attribution)

    async def item_completed(self, event: ItemCompleted) -> None:
        attribution = await self._service.attribution(XpSource.ITEM, event.item_id)
        await self._award(XpSource.ITEM, event.item_id, event.user_id, event.occurred_at,
                          attribution)

    async def note_read(self, event: NoteRead) -> None:
        attribution = await self._service.attribution(XpSource.NOTE_READ, event.item_id)
        await self._award(XpSource.NOTE_READ, event.item_id, event.user_id, event.occurred_at,
                          attribution)

    async def course_completed(self, event: CourseCompleted) -> None:
        attribution = await self._service.attribution(XpSource.COURSE, event.course_id)
        await self._award(XpSource.COURSE, event.course_id, event.user_id, event.occurred_at,
                          attribution)

    async def session_attended(self, event: SessionCompleted) -> None:
        await self._award(XpSource.SESSION, event.session_id, event.student_id,
                          event.occurred_at, Attribution(mentor_id=event.mentor_id))

    async def reviewed(self, event: ReviewPosted) -> None:
        await self._award(XpSource.REVIEW, event.review_id, event.student_id,
                          event.occurred_at, Attribution(mentor_id=event.mentor_id))

    async def answer_accepted(self, event: AnswerAccepted) -> None:
        if event.post_author_id == event.accepted_by:
            return  # answering one's own question is not help given
        attribution = await self._service.attribution(XpSource.FORUM_ANSWER, event.thread_id)
        await self._award(XpSource.FORUM_ANSWER, event.post_id, event.post_author_id,
                          event.occurred_at, attribution)


class LeagueTimers:
    def __init__(self, *, service: GamificationService) -> None:
        self._service = service

    def subscriptions(self) -> Iterable[Subscription]:
        return [on(LeagueWeekDue, self.close)]

    async def close(self, event: LeagueWeekDue) -> None:
        await self._service.close_week(event.week_start)


class AchievementNotices:
    """An in-app notice for each achievement unlocked."""

    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def subscriptions(self) -> Iterable[Subscription]:
        return [on(AchievementUnlocked, self.unlocked)]

    async def unlocked(self, event: AchievementUnlocked) -> None:
        achievement = ACHIEVEMENTS.get(event.code)
        if achievement is None:
            return
        async with self._uow() as uow:
            if not await wants(uow, event.user_id, event.name, Channel.IN_APP):
                return
            # The event's id is the notification's: a redelivered event adds nothing.
            uow.notifications.add(Notification(
                id=event.event_id, user_id=event.user_id, kind=event.name,
                title=f"Achievement unlocked: {achievement.title}",
                body=achievement.description, link="/leaderboards",
                created_at=self._clock.now()))
            await uow.commit()


class GamificationLive:
    """Boards that changed say so on their channels; the learner's screens on theirs."""

    def __init__(self, *, live: LivePublisher) -> None:
        self._live = live

    def subscriptions(self) -> Iterable[Subscription]:
        return [on(XpAwarded, self.awarded)]

    async def awarded(self, event: XpAwarded) -> None:
        message = {"type": "leaderboard", "user_id": str(event.user_id)}
        boards = [("mentor", event.mentor_id), ("subject", event.subject_id),
                  ("league", event.league_id)]
        for kind, board_id in boards:
            if board_id is not None:
                await self._live.publish(board_channel(kind, board_id),
                                         {**message, "board": kind, "id": str(board_id)})
        await self._live.publish(user_channel(event.user_id),
                                 {"type": "progress", "total_xp": event.total_xp,
                                  "amount": event.amount})

