"""Shapes of learning analytics: heartbeats, a learner's own figures, and a mentor's figures
per item, course and student."""

from datetime import date, datetime
from typing import Annotated, Any, ClassVar
from uuid import UUID

import msgspec
from msgspec import Meta

from adapters.http.courses.schemas import CourseTopicOut
from adapters.http.pagination import PageOut
from edu_core.application.analytics import (
    CourseFunnel,
    Heartbeat,
    ItemReport,
    LearnerAnalytics,
    MentorOverview,
    StudentDetail,
    StudentReport,
    TopicReport,
)
from edu_core.domain.analytics import Accuracy
from edu_core.ports.analytics import DaySeconds


class HeartbeatIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {"item_id": "e8a38e14-173d-44fe-a8da-ae6a4d90d723"}

    item_id: Annotated[UUID, Meta(description="The live content item on screen.")]


class HeartbeatOut(msgspec.Struct):
    credited_seconds: Annotated[int, Meta(description=(
        "Seconds added to the item: the server time since your previous heartbeat, at most "
        "30; 0 for the first heartbeat after a minute or more of silence."))]
    day: Annotated[date, Meta(description="Your local day they were added to.")]

    @classmethod
    def of(cls, h: Heartbeat) -> "HeartbeatOut":
        return cls(credited_seconds=h.credited_seconds, day=h.day)


class AccuracyOut(msgspec.Struct):
    first_tries: Annotated[int, Meta(description="Questions answered (first answers).")]
    first_try_correct: int
    rate: Annotated[float | None, Meta(description="0..1; null with no first answer.")]

    @classmethod
    def of(cls, a: Accuracy) -> "AccuracyOut":
        return cls(first_tries=a.first_tries, first_try_correct=a.first_try_correct,
                   rate=a.rate)


class DaySecondsOut(msgspec.Struct):
    day: date
    seconds: int

    @classmethod
    def of(cls, d: DaySeconds) -> "DaySecondsOut":
        return cls(day=d.day, seconds=d.seconds)


class TopicSecondsOut(msgspec.Struct):
    topic: CourseTopicOut | None  # null for a topic removed since
    seconds: int


class CourseSecondsOut(msgspec.Struct):
    course_id: UUID
    title: str
    seconds: int


class StudyOut(msgspec.Struct):
    first_day: date
    last_day: date
    total_seconds: int
    by_day: Annotated[list[DaySecondsOut], Meta(description="Days with study time only.")]
    by_topic: list[TopicSecondsOut]
    by_course: Annotated[list[CourseSecondsOut], Meta(description=(
        "Enrolled courses; an item in two courses counts in both."))]


class TopicAccuracyOut(msgspec.Struct):
    topic: CourseTopicOut | None
    attempts: int
    first: AccuracyOut
    solved: Annotated[int, Meta(description="Questions answered correctly at least once.")]
    weak: Annotated[bool, Meta(description="At least 3 first answers, under 60 % right.")]
    mentor_id: Annotated[UUID, Meta(description=(
        "The mentor whose questions of this topic were answered most: who to book."))]

    @classmethod
    def of(cls, r: TopicReport) -> "TopicAccuracyOut":
        return cls(topic=CourseTopicOut.of(r.topic), attempts=r.accuracy.attempts,
                   first=AccuracyOut.of(r.accuracy.first), solved=r.accuracy.solved,
                   weak=r.weak, mentor_id=r.accuracy.mentor_id)


class PractiseOut(msgspec.Struct):
    item_id: UUID
    title: str
    topic: CourseTopicOut | None
    mentor_id: UUID
    state: Annotated[str, Meta(description="`wrong` (answered, never right) or `untried`.")]


class LearnerAnalyticsOut(msgspec.Struct):
    study: StudyOut
    topics: Annotated[list[TopicAccuracyOut], Meta(description="Weak topics first.")]
    practise: Annotated[list[PractiseOut], Meta(description=(
        "Questions of the weak topics: those got wrong first, then untried ones."))]

    @classmethod
    def of(cls, a: LearnerAnalytics) -> "LearnerAnalyticsOut":
        s = a.study
        return cls(
            study=StudyOut(
                first_day=s.first, last_day=s.last, total_seconds=s.total_seconds,
                by_day=[DaySecondsOut.of(d) for d in s.by_day],
                by_topic=[TopicSecondsOut(topic=CourseTopicOut.of(t), seconds=x.seconds)
                          for x, t in s.by_topic],
                by_course=[CourseSecondsOut(course_id=x.id, title=title, seconds=x.seconds)
                           for x, title in s.by_course]),
            topics=[TopicAccuracyOut.of(t) for t in a.topics],
            practise=[PractiseOut(item_id=q.item_id, title=q.title,
                                  topic=CourseTopicOut.of(t), mentor_id=q.mentor_id,
                                  state=q.state.value) for q, t in a.practise])


class WrongChoiceOut(msgspec.Struct):
    choice_id: str
    text: str
    count: Annotated[int, Meta(description="Wrong answers that picked it.")]


class ItemAnalyticsOut(msgspec.Struct):
    item_id: UUID
    title: str
    kind: str
    status: str
    topic: CourseTopicOut | None
    attempts: int
    learners: Annotated[int, Meta(description="Learners who answered at least once.")]
    first: Annotated[AccuracyOut, Meta(description="Each learner's first answer.")]
    avg_time_ms: int | None
    difficulty: Annotated[str | None, Meta(description=(
        "`easy` (p > 0.8), `medium` or `hard` (p < 0.3) from the first-try accuracy p; "
        "null under 5 first answers."))]
    discrimination: Annotated[float | None, Meta(description=(
        "Corrected point-biserial: how well a right first answer goes with a good score on "
        "your other questions (-1..1; under 0.2 deserves a look). Null under 5 first "
        "answers or when it cannot be computed."))]
    study_seconds: int
    studied_by: int
    wrong_choices: Annotated[list[WrongChoiceOut], Meta(description=(
        "Choice questions, on the item's own page only: the wrong choices picked, most "
        "picked first."))]

    @classmethod
    def of(cls, r: ItemReport) -> "ItemAnalyticsOut":
        s = r.stats
        return cls(item_id=s.item_id, title=s.title, kind=s.kind, status=s.status,
                   topic=CourseTopicOut.of(r.topic), attempts=s.attempts, learners=s.learners,
                   first=AccuracyOut.of(s.first), avg_time_ms=s.avg_time_ms,
                   difficulty=r.difficulty.value if r.difficulty else None,
                   discrimination=None if r.discrimination is None
                   else round(r.discrimination, 3),
                   study_seconds=s.study_seconds, studied_by=s.studied_by,
                   wrong_choices=[WrongChoiceOut(choice_id=c.choice_id, text=c.text,
                                                 count=c.count) for c in r.wrong_choices])


class ItemAnalyticsPage(PageOut[ItemAnalyticsOut]):
    items: list[ItemAnalyticsOut]


class FunnelStepOut(msgspec.Struct):
    position: int
    item_id: UUID
    title: str
    kind: str
    reached: Annotated[int, Meta(description=(
        "Enrolled learners who studied, answered or finished the item."))]
    completed: int


class CourseFunnelOut(msgspec.Struct):
    course_id: UUID
    title: str
    enrolled: int
    steps: list[FunnelStepOut]

    @classmethod
    def of(cls, f: CourseFunnel) -> "CourseFunnelOut":
        return cls(course_id=f.course_id, title=f.title, enrolled=f.enrolled,
                   steps=[FunnelStepOut(position=s.position, item_id=s.item_id, title=s.title,
                                        kind=s.kind, reached=s.reached, completed=s.completed)
                          for s in f.steps])


class StudentOut(msgspec.Struct):
    user_id: UUID
    display_name: str
    courses: Annotated[int, Meta(description="Of your courses, enrolled in.")]
    sessions: Annotated[int, Meta(description="Booked with you.")]
    items_total: int
    items_done: int
    attempts: int
    first: AccuracyOut
    recent: Annotated[AccuracyOut, Meta(description="First answers of the last 14 days.")]
    earlier: Annotated[AccuracyOut, Meta(description="First answers of the 14 days before.")]
    study_seconds: int
    last_activity: datetime | None
    since: datetime
    at_risk: Annotated[list[str], Meta(description=(
        "Why the student is at risk: `inactive` (7 days without learning) and/or "
        "`falling_accuracy`; empty when not."))]
    weak_topics: list[CourseTopicOut]

    @classmethod
    def of(cls, r: StudentReport) -> "StudentOut":
        a = r.activity
        return cls(user_id=a.user_id, display_name=a.display_name, courses=a.courses,
                   sessions=a.sessions, items_total=a.items_total, items_done=a.items_done,
                   attempts=a.attempts, first=AccuracyOut.of(a.first),
                   recent=AccuracyOut.of(a.recent), earlier=AccuracyOut.of(a.earlier),
                   study_seconds=a.study_seconds, last_activity=a.last_activity,
                   since=a.since, at_risk=[x.value for x in r.risk],
                   weak_topics=[CourseTopicOut(id=t.id, slug=t.slug, name=t.name)
                                for t in r.weak_topics])


class StudentPage(PageOut[StudentOut]):
    items: list[StudentOut]


class StudentDetailOut(msgspec.Struct):
    student: StudentOut
    topics: list[TopicAccuracyOut]
    study_by_day: list[DaySecondsOut]

    @classmethod
    def of(cls, d: StudentDetail) -> "StudentDetailOut":
        return cls(student=StudentOut.of(d.report),
                   topics=[TopicAccuracyOut.of(t) for t in d.topics],
                   study_by_day=[DaySecondsOut.of(x) for x in d.study_by_day])


class TeachingOverviewOut(msgspec.Struct):
    students: int
    at_risk: int
    items: int
    attempts: Annotated[int, Meta(description="Answers to your questions by your students.")]
    first_day: date
    last_day: date
    study_by_day: Annotated[list[DaySecondsOut], Meta(description=(
        "Time learners spent on your items, per their local day (days with none left out)."))]

    @classmethod
    def of(cls, o: MentorOverview) -> "TeachingOverviewOut":
        return cls(students=o.students, at_risk=o.at_risk, items=o.items, attempts=o.attempts,
                   first_day=o.first, last_day=o.last,
                   study_by_day=[DaySecondsOut.of(d) for d in o.study_by_day])
