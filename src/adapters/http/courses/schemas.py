"""Shapes of courses: the author's view (every item, whatever its review state) and the
learner's (live items only, with the caller's progress)."""

from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from adapters.http.pagination import PageOut
from edu_core.application.courses import (
    CourseCard,
    CourseItemView,
    CourseView,
    LearnerCourse,
    LearnerCourseItem,
    MyCourse,
)
from edu_core.domain.catalog import Subject, Topic
from edu_core.domain.courses import (
    MAX_DESCRIPTION,
    MAX_ITEMS,
    MAX_TITLE,
    Completion,
    Progress,
    minutes,
)

CourseStatusName = Literal["draft", "published"]
CourseTitle = Annotated[str, Meta(min_length=1, max_length=MAX_TITLE)]
CourseDescription = Annotated[str, Meta(max_length=MAX_DESCRIPTION)]
ItemIds = Annotated[list[UUID], Meta(
    max_length=MAX_ITEMS, description="Content item ids in course order, each at most once.")]
CourseVersion = Annotated[int, Meta(
    ge=1, le=1_000_000_000,
    description="The course version the editor started from; another version is refused "
                "with `concurrent_modification`.")]


class CourseCreate(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "title": "Energy and momentum in a week",
        "description": "Five short lessons and practice questions on conservation laws, for "
                       "students preparing for their mechanics exam.",
        "subject_id": "4da41433-24a6-43a3-b829-03c3bbda49da",
        "item_ids": ["8f29d329-0b1f-4db1-8d09-33aed92efd02",
                     "dcb109c8-a4b5-4353-a097-46e3ccbcc9c3"]}

    title: CourseTitle
    description: CourseDescription = ""
    subject_id: UUID | None = None
    item_ids: ItemIds = []


class CourseUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """Only the fields present are changed; `subject_id: null` removes the subject."""

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "version": 2, "title": "Energy and momentum in a week",
        "description": "Conservation laws through lessons, a video and practice questions."}

    version: CourseVersion
    title: CourseTitle | UnsetType = UNSET
    description: CourseDescription | UnsetType = UNSET
    subject_id: UUID | UnsetType | None = UNSET


class CourseItemsIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "version": 3, "item_ids": ["8f29d329-0b1f-4db1-8d09-33aed92efd02",
                                   "e8a38e14-173d-44fe-a8da-ae6a4d90d723",
                                   "dcb109c8-a4b5-4353-a097-46e3ccbcc9c3"]}

    version: CourseVersion
    item_ids: ItemIds


class CourseItemIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "version": 3, "item_id": "e8a38e14-173d-44fe-a8da-ae6a4d90d723", "position": 1}

    version: CourseVersion
    item_id: UUID
    position: Annotated[int, Meta(
        ge=0, le=MAX_ITEMS, description="0-based; the item goes before the one there. "
                                        "Omitted: at the end.")] | None = None


class CourseVersionIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {"version": 4}

    version: CourseVersion


class CourseSubjectOut(msgspec.Struct):
    id: UUID
    slug: str
    name: str

    @classmethod
    def of(cls, s: Subject | None) -> "CourseSubjectOut | None":
        return cls(id=s.id, slug=s.slug, name=s.name) if s else None


class CourseTopicOut(msgspec.Struct):
    id: UUID
    slug: str
    name: str

    @classmethod
    def of(cls, t: Topic | None) -> "CourseTopicOut | None":
        return cls(id=t.id, slug=t.slug, name=t.name) if t else None


class ProgressOut(msgspec.Struct):
    completed: int
    total: int  # the course's live items
    percent: int  # rounded down: 100 only when every live item is done

    @classmethod
    def of(cls, p: Progress) -> "ProgressOut":
        return cls(completed=p.completed, total=p.total, percent=p.percent)


# -- the mentor's workspace -----------------------------------------------------------------

class MentorCourseItemOut(msgspec.Struct):
    item_id: UUID
    kind: str
    title: str  # the newest version's
    status: str  # the item's review state
    live: bool  # learners see it
    live_version: int | None
    live_title: str | None
    topic: CourseTopicOut | None

    @classmethod
    def of(cls, v: CourseItemView) -> "MentorCourseItemOut":
        f = v.facts
        return cls(item_id=f.item_id, kind=f.kind, title=f.title, status=f.status.value,
                   live=f.live, live_version=f.live_version, live_title=f.live_title,
                   topic=CourseTopicOut.of(v.topic))


class MentorCourseSummaryOut(msgspec.Struct):
    id: UUID
    mentor_id: UUID
    title: str
    description: str
    subject: CourseSubjectOut | None
    status: CourseStatusName
    version: int
    item_count: int
    live_item_count: int
    enrolments: int
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None

    @classmethod
    def of(cls, card: CourseCard) -> "MentorCourseSummaryOut":
        c = card.course
        return cls(id=c.id, mentor_id=c.mentor_id, title=c.title, description=c.description,
                   subject=CourseSubjectOut.of(card.subject), status=c.status.value,
                   version=c.version, item_count=len(c.item_ids),
                   live_item_count=len(card.live), enrolments=card.enrolments,
                   created_at=c.created_at,
                   updated_at=c.updated_at, published_at=c.published_at)


class MentorCourseOut(msgspec.Struct):
    id: UUID
    mentor_id: UUID
    title: str
    description: str
    subject: CourseSubjectOut | None
    status: CourseStatusName
    version: int
    item_count: int
    live_item_count: int
    enrolments: int
    items: list[MentorCourseItemOut]  # every item in course order
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None

    @classmethod
    def of(cls, view: CourseView) -> "MentorCourseOut":
        c = view.course
        return cls(id=c.id, mentor_id=c.mentor_id, title=c.title, description=c.description,
                   subject=CourseSubjectOut.of(view.subject), status=c.status.value,
                   version=c.version, item_count=len(view.items),
                   live_item_count=view.live_count, enrolments=view.enrolments,
                   items=[MentorCourseItemOut.of(i) for i in view.items],
                   created_at=c.created_at, updated_at=c.updated_at,
                   published_at=c.published_at)


class MentorCoursePage(PageOut[MentorCourseSummaryOut]):
    items: list[MentorCourseSummaryOut]


# -- learners ---------------------------------------------------------------------------------

class CourseCardOut(msgspec.Struct):
    id: UUID
    title: str
    description: str
    subject: CourseSubjectOut | None
    mentor_id: UUID
    mentor_name: str
    item_count: int  # live items: what a learner can work through
    enrolments: int  # learners enrolled now
    published_at: datetime | None

    @classmethod
    def fields_of(cls, card: CourseCard) -> dict[str, Any]:
        c = card.course
        return {"id": c.id, "title": c.title, "description": c.description,
                "subject": CourseSubjectOut.of(card.subject), "mentor_id": c.mentor_id,
                "mentor_name": card.mentor_name, "item_count": len(card.live),
                "enrolments": card.enrolments, "published_at": c.published_at}

    @classmethod
    def of(cls, card: CourseCard) -> "CourseCardOut":
        return cls(**cls.fields_of(card))


class CoursePage(PageOut[CourseCardOut]):
    items: list[CourseCardOut]


class LearnerCourseItemOut(msgspec.Struct):
    item_id: UUID
    kind: str
    title: str  # the live version's
    version: int  # the live version
    topic: CourseTopicOut | None
    completed: bool  # by the caller
    minutes: int  # estimated: reading at 200 words a minute, ~2 per question, 5 a simulation

    @classmethod
    def of(cls, x: LearnerCourseItem) -> "LearnerCourseItemOut":
        f = x.facts
        assert f.live_version is not None
        assert f.live_title is not None
        return cls(item_id=f.item_id, kind=f.kind, title=f.live_title,
                   version=f.live_version, topic=CourseTopicOut.of(x.topic),
                   completed=x.completed, minutes=minutes(x.seconds))


class LearnerCourseOut(CourseCardOut, kw_only=True):
    items: list[LearnerCourseItemOut]  # live items only, in course order
    progress: ProgressOut  # the caller's
    enrolled: bool
    enrolled_at: datetime | None
    estimated_minutes: int  # the whole course
    remaining_minutes: int  # what the caller still has to do
    next_item_id: UUID | None  # where "Resume" goes: the first item not done yet
    certificate_code: str | None  # once the caller completed the course

    @classmethod
    def of_course(cls, x: LearnerCourse) -> "LearnerCourseOut":
        return cls(**CourseCardOut.fields_of(x.card),
                   items=[LearnerCourseItemOut.of(i) for i in x.items],
                   progress=ProgressOut.of(x.progress), enrolled=x.enrolled_at is not None,
                   enrolled_at=x.enrolled_at, estimated_minutes=minutes(x.total_seconds),
                   remaining_minutes=minutes(x.remaining_seconds),
                   next_item_id=x.next_item.facts.item_id if x.next_item else None,
                   certificate_code=x.certificate.code if x.certificate else None)


class MyCourseOut(CourseCardOut, kw_only=True):
    enrolled_at: datetime
    progress: ProgressOut

    @classmethod
    def of_enrolment(cls, x: MyCourse) -> "MyCourseOut":
        return cls(**CourseCardOut.fields_of(x.card),
                   enrolled_at=x.enrolled_at, progress=ProgressOut.of(x.progress))


class MyCoursePage(PageOut[MyCourseOut]):
    items: list[MyCourseOut]


class CompletionOut(msgspec.Struct):
    item_id: UUID
    completed_at: datetime

    @classmethod
    def of(cls, c: Completion) -> "CompletionOut":
        return cls(item_id=c.item_id, completed_at=c.completed_at)
