"""Shapes of learning progress: the learner's "continue learning" overview, progress through a
topic or a subject, and the mentor's teaching summary."""

from datetime import datetime
from uuid import UUID

import msgspec

from adapters.http.courses.schemas import CourseSubjectOut, CourseTopicOut, ProgressOut
from edu_core.application.progress import (
    ItemProgress,
    LearningOverview,
    PracticeItem,
    ResumeCourse,
    SubjectProgress,
    TeachingSummary,
    TopicPlace,
    TopicProgress,
)
from edu_core.domain.courses import CourseItemFacts, minutes


class NextItemOut(msgspec.Struct):
    item_id: UUID
    kind: str
    title: str  # the live version's

    @classmethod
    def of(cls, f: CourseItemFacts | None) -> "NextItemOut | None":
        return cls(item_id=f.item_id, kind=f.kind, title=f.live_title or f.title) if f else None


class ResumeCourseOut(msgspec.Struct):
    course_id: UUID
    title: str
    mentor_name: str
    progress: ProgressOut
    next_item: NextItemOut | None  # where "Resume" goes; None once everything is done
    remaining_minutes: int
    enrolled_at: datetime
    certificate_code: str | None

    @classmethod
    def of(cls, r: ResumeCourse) -> "ResumeCourseOut":
        return cls(course_id=r.course_id, title=r.title, mentor_name=r.mentor_name,
                   progress=ProgressOut.of(r.progress), next_item=NextItemOut.of(r.next_item),
                   remaining_minutes=minutes(r.remaining_seconds), enrolled_at=r.enrolled_at,
                   certificate_code=r.certificate.code if r.certificate else None)


class PracticeItemOut(msgspec.Struct):
    item_id: UUID
    title: str
    topic: CourseTopicOut | None
    attempts: int
    last_attempt_at: datetime

    @classmethod
    def of(cls, p: PracticeItem) -> "PracticeItemOut":
        return cls(item_id=p.facts.item_id, title=p.facts.live_title or p.facts.title,
                   topic=CourseTopicOut.of(p.topic), attempts=p.attempts,
                   last_attempt_at=p.last_attempt_at)


class LearningTotalsOut(msgspec.Struct):
    items_marked: int  # notes and simulations marked done
    questions_solved: int
    attempts: int
    certificates: int


class LearningOverviewOut(msgspec.Struct):
    courses: list[ResumeCourseOut]  # unfinished first, most recent enrolment first
    practice: list[PracticeItemOut]  # questions answered wrongly, not yet rightly
    totals: LearningTotalsOut

    @classmethod
    def of(cls, o: LearningOverview) -> "LearningOverviewOut":
        t = o.totals
        return cls(courses=[ResumeCourseOut.of(c) for c in o.courses],
                   practice=[PracticeItemOut.of(p) for p in o.practice],
                   totals=LearningTotalsOut(items_marked=t.items_marked,
                                            questions_solved=t.questions_solved,
                                            attempts=t.attempts,
                                            certificates=t.certificates))


class ItemProgressOut(msgspec.Struct):
    item_id: UUID
    kind: str
    title: str
    completed: bool
    minutes: int

    @classmethod
    def of(cls, i: ItemProgress) -> "ItemProgressOut":
        f = i.facts
        return cls(item_id=f.item_id, kind=f.kind, title=f.live_title or f.title,
                   completed=i.completed, minutes=minutes(i.seconds))


class TopicProgressOut(msgspec.Struct):
    topic: CourseTopicOut
    progress: ProgressOut  # every live item
    read: ProgressOut  # notes and simulations
    solved: ProgressOut  # questions
    remaining_minutes: int
    next_item_id: UUID | None  # the first item not done yet, in reading order

    @classmethod
    def of(cls, t: TopicProgress) -> "TopicProgressOut":
        topic = CourseTopicOut.of(t.topic)
        assert topic is not None
        following = t.next_item
        return cls(topic=topic, progress=ProgressOut.of(t.overall),
                   read=ProgressOut.of(t.read), solved=ProgressOut.of(t.solved),
                   remaining_minutes=minutes(t.remaining_seconds),
                   next_item_id=following.facts.item_id if following else None)


class TopicPlaceOut(TopicProgressOut, kw_only=True):
    items: list[ItemProgressOut]  # reading order
    subject: CourseSubjectOut | None
    next_topic: CourseTopicOut | None  # the following topic with something to learn

    @classmethod
    def of_place(cls, p: TopicPlace) -> "TopicPlaceOut":
        base = TopicProgressOut.of(p.progress)
        return cls(**{f: getattr(base, f) for f in base.__struct_fields__},
                   items=[ItemProgressOut.of(i) for i in p.progress.items],
                   subject=CourseSubjectOut.of(p.subject),
                   next_topic=CourseTopicOut.of(p.next_topic))


class SubjectProgressOut(msgspec.Struct):
    subject: CourseSubjectOut
    progress: ProgressOut
    topics: list[TopicProgressOut]  # catalog order

    @classmethod
    def of(cls, s: SubjectProgress) -> "SubjectProgressOut":
        subject = CourseSubjectOut.of(s.subject)
        assert subject is not None
        return cls(subject=subject, progress=ProgressOut.of(s.overall),
                   topics=[TopicProgressOut.of(t) for t in s.topics])


class TeachingSummaryOut(msgspec.Struct):
    learners: int  # different learners enrolled in my courses
    courses: int
    published_courses: int

    @classmethod
    def of(cls, t: TeachingSummary) -> "TeachingSummaryOut":
        return cls(learners=t.learners, courses=t.courses,
                   published_courses=t.published_courses)
