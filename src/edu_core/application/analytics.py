"""Learning analytics (S7, S10, S27, S28): study time from heartbeats, a mentor's view of their
items and students, and a learner's view of their own time, weak topics and what to practise.

A mentor sees figures of their own items, courses and students only; anyone else's id reads
as not found, whether it exists or not.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

from edu_core.application.actors import Principal
from edu_core.domain.analytics import (
    MIN_LEARNERS_FOR_STATS,
    Difficulty,
    RiskReason,
    RiskRule,
    credited_seconds,
    difficulty,
    is_weak,
    local_day,
    risk_reasons,
    study_period,
)
from edu_core.domain.catalog import Topic
from edu_core.domain.content import ContentNotFound
from edu_core.domain.courses import CourseNotFound
from edu_core.domain.errors import NotFound, PermissionDenied
from edu_core.domain.identity import Role
from edu_core.domain.pagination import Page, PageRequest
from edu_core.ports.analytics import (
    DaySeconds,
    FunnelStep,
    ItemOrder,
    ItemStats,
    LearningAnalytics,
    PractiseQuestion,
    Seconds,
    StudentActivity,
    TopicAccuracy,
)
from edu_core.ports.clock import Clock
from edu_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory


class StudentNotFound(NotFound):
    default_message = "No such student of yours."


@dataclass(frozen=True)
class Heartbeat:
    credited_seconds: int
    day: date  # the learner's local day it was credited to


class StudyTimeService:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def heartbeat(self, principal: Principal, item_id: UUID) -> Heartbeat:
        """Credit the time since the caller's previous heartbeat to a live item (see
        ``domain.analytics``: the server's clock decides, never the client's)."""
        async with self._uow() as uow:
            facts = (await uow.courses.item_facts([item_id])).get(item_id)
            if facts is None or not facts.live:
                raise ContentNotFound()
            user = principal.user or await uow.users.get(principal.user_id)
            timezone = user.timezone if user is not None else "UTC"
            now = self._clock.now()
            previous = await uow.study.beat(principal.user_id, now)
            seconds = credited_seconds(previous, now)
            day = local_day(now, timezone)
            # Even the first beat of a stretch is kept (with 0 s): the item was opened, which
            # is how far a learner got along a course.
            await uow.study.credit(principal.user_id, item_id, day, seconds, now)
            await uow.commit()
        return Heartbeat(credited_seconds=seconds, day=day)


@dataclass(frozen=True)
class WrongChoice:
    choice_id: str
    text: str
    count: int


@dataclass(frozen=True)
class ItemReport:
    stats: ItemStats
    topic: Topic | None
    difficulty: Difficulty | None  # None below MIN_LEARNERS_FOR_STATS first answers
    discrimination: float | None  # likewise
    wrong_choices: list[WrongChoice]


@dataclass(frozen=True)
class StudentReport:
    activity: StudentActivity
    risk: list[RiskReason]
    weak_topics: list[Topic]


@dataclass(frozen=True)
class TopicReport:
    accuracy: TopicAccuracy
    topic: Topic | None
    weak: bool


@dataclass(frozen=True)
class StudentDetail:
    report: StudentReport
    topics: list[TopicReport]
    study_by_day: list[DaySeconds]


@dataclass(frozen=True)
class CourseFunnel:
    course_id: UUID
    title: str
    enrolled: int
    steps: list[FunnelStep]


@dataclass(frozen=True)
class MentorOverview:
    students: int
    at_risk: int
    items: int
    attempts: int
    study_by_day: list[DaySeconds]
    first: date
    last: date


@dataclass(frozen=True)
class StudyTotals:
    first: date
    last: date
    by_day: list[DaySeconds]
    by_topic: list[tuple[Seconds, Topic | None]]
    by_course: list[tuple[Seconds, str]]  # with the course's title

    @property
    def total_seconds(self) -> int:
        return sum(d.seconds for d in self.by_day)


@dataclass(frozen=True)
class LearnerAnalytics:
    study: StudyTotals
    topics: list[TopicReport]
    practise: list[tuple[PractiseQuestion, Topic | None]]


PRACTISE_SHOWN = 10
WEAK_TOPICS_LISTED = 3


def _risk_window(rule: RiskRule, now: datetime) -> tuple[datetime, datetime]:
    recent_from = now - timedelta(days=rule.window_days)
    return recent_from, recent_from - timedelta(days=rule.window_days)


async def _topics(uow: UnitOfWork, ids: Iterable[UUID]) -> dict[UUID, Topic]:
    wanted = set(ids)
    return {t.id: t for t in await uow.catalog.topics(wanted)} if wanted else {}


def _topic_reports(rows: Sequence[TopicAccuracy], topics: dict[UUID, Topic]
                   ) -> list[TopicReport]:
    reports = [TopicReport(accuracy=r, topic=topics.get(r.topic_id), weak=is_weak(r.first))
               for r in rows]
    # Weakest first: the lowest first-try accuracy among those with enough tries to judge.
    reports.sort(key=lambda r: (not r.weak, r.accuracy.first.rate or 0.0,
                                r.topic.name if r.topic else ""))
    return reports


class AnalyticsService:
    def __init__(self, *, uow: UnitOfWorkFactory, queries: LearningAnalytics, clock: Clock,
                 risk: RiskRule | None = None) -> None:
        self._uow = uow
        self._queries = queries
        self._clock = clock
        self._risk = risk or RiskRule()

    @staticmethod
    def _mentor(principal: Principal) -> UUID:
        if principal.role is not Role.MENTOR:
            raise PermissionDenied("Only mentors have teaching analytics.")
        return principal.user_id

    # -- a mentor's items ----------------------------------------------------------------

    async def items(self, principal: Principal, page: PageRequest,
                    order: ItemOrder = ItemOrder.ATTEMPTS) -> Page[ItemReport]:
        found = await self._queries.item_stats(self._mentor(principal), page, order)
        async with self._uow() as uow:
            topics = await _topics(uow, (s.topic_id for s in found.items))
        return Page(items=[self._item(s, topics, []) for s in found.items], total=found.total,
                    page=found.page, page_size=found.page_size)

    async def item(self, principal: Principal, item_id: UUID) -> ItemReport:
        mentor_id = self._mentor(principal)
        found = await self._queries.item_stats(mentor_id, PageRequest(1, 1),
                                               ItemOrder.TITLE, item_id=item_id)
        if not found.items:
            raise ContentNotFound()
        stats = found.items[0]
        async with self._uow() as uow:
            topics = await _topics(uow, [stats.topic_id])
            content = await uow.content.get(item_id)
        wrong: list[WrongChoice] = []
        if content is not None:
            body = (content.live or content.latest).body
            texts = {str(c["id"]): str(c["text"]) for c in body.get("choices", [])}
            correct = set(body.get("correct", []))
            wrong = [WrongChoice(choice_id=c.choice_id, text=texts.get(c.choice_id, ""),
                                 count=c.count)
                     for c in await self._queries.wrong_choices(item_id)
                     if c.choice_id not in correct]
        return self._item(stats, topics, wrong)

    @staticmethod
    def _item(stats: ItemStats, topics: dict[UUID, Topic],
              wrong: list[WrongChoice]) -> ItemReport:
        enough = stats.first.first_tries >= MIN_LEARNERS_FOR_STATS
        return ItemReport(stats=stats, topic=topics.get(stats.topic_id),
                          difficulty=difficulty(stats.first.rate) if enough else None,
                          discrimination=stats.discrimination if enough else None,
                          wrong_choices=wrong)

    async def funnel(self, principal: Principal, course_id: UUID) -> CourseFunnel:
        mentor_id = self._mentor(principal)
        async with self._uow() as uow:
            course = await uow.courses.get(course_id)
        if course is None or course.mentor_id != mentor_id:
            raise CourseNotFound()
        enrolled, steps = await self._queries.course_funnel(course_id)
        return CourseFunnel(course_id=course_id, title=course.title, enrolled=enrolled,
                            steps=steps)

    # -- a mentor's students ---------------------------------------------------------------

    async def _reports(self, mentor_id: UUID, user_id: UUID | None = None
                       ) -> list[StudentReport]:
        now = self._clock.now()
        recent_from, earlier_from = _risk_window(self._risk, now)
        found = await self._queries.students(mentor_id, recent_from=recent_from,
                                             earlier_from=earlier_from, user_id=user_id)
        return [StudentReport(activity=s, weak_topics=[],
                              risk=risk_reasons(self._risk, now=now,
                                                last_activity=s.last_activity,
                                                recent=s.recent, earlier=s.earlier))
                for s in found]

    async def _with_weak_topics(self, mentor_id: UUID,
                                reports: Sequence[StudentReport]) -> list[StudentReport]:
        accuracy = await self._queries.topic_accuracy([r.activity.user_id for r in reports],
                                                      mentor_id=mentor_id) if reports else {}
        async with self._uow() as uow:
            topics = await _topics(uow, (a.topic_id for rows in accuracy.values()
                                         for a in rows))
        return [StudentReport(
            activity=r.activity, risk=r.risk,
            weak_topics=[t.topic for t in _topic_reports(accuracy[r.activity.user_id], topics)
                         if t.weak and t.topic is not None][:WEAK_TOPICS_LISTED])
            for r in reports]

    async def students(self, principal: Principal, page: PageRequest, *,
                       at_risk: bool = False) -> Page[StudentReport]:
        """The mentor's students, those at risk first, then by name."""
        mentor_id = self._mentor(principal)
        reports = await self._reports(mentor_id)
        if at_risk:
            reports = [r for r in reports if r.risk]
        reports.sort(key=lambda r: not r.risk)  # stable: keeps the names' order
        chunk = reports[page.offset:page.offset + page.page_size]
        return Page(items=await self._with_weak_topics(mentor_id, chunk), total=len(reports),
                    page=page.page, page_size=page.page_size)

    async def student(self, principal: Principal, student_id: UUID,
                      days: int = 30) -> StudentDetail:
        mentor_id = self._mentor(principal)
        reports = await self._reports(mentor_id, student_id)
        if not reports:
            raise StudentNotFound()
        [report] = await self._with_weak_topics(mentor_id, reports)
        rows = (await self._queries.topic_accuracy([student_id], mentor_id=mentor_id))[
            student_id]
        async with self._uow() as uow:
            topics = await _topics(uow, (r.topic_id for r in rows))
            user = await uow.users.get(student_id)
        first, last = study_period(local_day(self._clock.now(),
                                             user.timezone if user else "UTC"), days)
        return StudentDetail(report=report, topics=_topic_reports(rows, topics),
                             study_by_day=await self._queries.study_by_day(
                                 first=first, last=last, user_id=student_id))

    async def overview(self, principal: Principal, days: int = 30) -> MentorOverview:
        mentor_id = self._mentor(principal)
        reports = await self._reports(mentor_id)
        items = await self._queries.item_count(mentor_id)
        async with self._uow() as uow:
            user = principal.user or await uow.users.get(mentor_id)
        first, last = study_period(local_day(self._clock.now(),
                                             user.timezone if user else "UTC"), days)
        by_day = await self._queries.study_by_day(first=first, last=last, mentor_id=mentor_id)
        return MentorOverview(students=len(reports), at_risk=sum(1 for r in reports if r.risk),
                              items=items,
                              attempts=sum(r.activity.attempts for r in reports),
                              study_by_day=by_day, first=first, last=last)

    async def at_risk_of(self, mentor_id: UUID) -> list[StudentReport]:
        """The mentor's students at risk now (for the daily notice)."""
        return [r for r in await self._reports(mentor_id) if r.risk]

    # -- a learner's own -------------------------------------------------------------------

    async def mine(self, principal: Principal, days: int = 30) -> LearnerAnalytics:
        user_id = principal.user_id
        async with self._uow() as uow:
            user = principal.user or await uow.users.get(user_id)
        first, last = study_period(local_day(self._clock.now(),
                                             user.timezone if user else "UTC"), days)
        by_day = await self._queries.study_by_day(first=first, last=last, user_id=user_id)
        by_topic = await self._queries.study_by_topic(user_id, first, last)
        by_course = await self._queries.study_by_course(user_id, first, last)
        accuracy = (await self._queries.topic_accuracy([user_id]))[user_id]
        weak_ids = [a.topic_id for a in accuracy if is_weak(a.first)]
        practise = await self._queries.practise(user_id, weak_ids, PRACTISE_SHOWN) \
            if weak_ids else []
        async with self._uow() as uow:
            topics = await _topics(uow, [*(s.id for s in by_topic),
                                         *(a.topic_id for a in accuracy)])
            titles = {}
            for seconds in by_course:
                course = await uow.courses.get(seconds.id)
                titles[seconds.id] = course.title if course else ""
        return LearnerAnalytics(
            study=StudyTotals(first=first, last=last, by_day=by_day,
                              by_topic=[(s, topics.get(s.id)) for s in by_topic],
                              by_course=[(s, titles[s.id]) for s in by_course]),
            topics=_topic_reports(accuracy, topics),
            practise=[(q, topics.get(q.topic_id)) for q in practise])

