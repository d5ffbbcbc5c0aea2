"""Persistence of courses, enrolments and learners' completions (part of the unit of work)."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol
from uuid import UUID

from edu_core.domain.courses import (
    Certificate,
    Completion,
    Course,
    CourseItemFacts,
    CourseStatus,
    Enrolment,
)
from edu_core.domain.pagination import Page, PageRequest


class CourseOrder(StrEnum):
    RECENTLY_CHANGED = "recently_changed"  # the mentor's workspace
    RECENTLY_PUBLISHED = "recently_published"  # what learners browse


@dataclass(frozen=True, slots=True)
class CourseQuery:
    mentor_id: UUID | None = None
    status: CourseStatus | None = None
    subject_id: UUID | None = None
    order: CourseOrder = CourseOrder.RECENTLY_CHANGED


@dataclass(frozen=True, slots=True)
class PracticeDue:
    item_id: UUID
    attempts: int
    last_attempt_at: datetime


@dataclass(frozen=True, slots=True)
class LearningTotals:
    items_marked: int  # notes and simulations marked done
    questions_solved: int  # questions with a correct attempt
    attempts: int
    certificates: int


@dataclass(frozen=True, slots=True)
class EnrolledCourse:
    enrolment: Enrolment
    course: Course


class CourseRepository(Protocol):
    async def get(self, course_id: UUID) -> Course | None:
        """The course with its item ids in course order."""
        ...

    async def save(self, course: Course) -> None:
        """Insert a new course or write back a loaded one, advancing ``version``. A course
        changed by someone else since it was loaded raises ``ConcurrentModification``; a
        subject that does not exist raises ``UnknownSubject``."""
        ...

    async def delete(self, course: Course) -> None:
        """Remove a loaded course and its enrolments; stale like ``save``."""
        ...

    async def item_facts(self, item_ids: Collection[UUID]) -> dict[UUID, CourseItemFacts]:
        """Owner, kind, topic, review state and titles of the content items among ``item_ids``
        that exist, in one read."""
        ...

    async def enrol(self, enrolment: Enrolment) -> Enrolment:
        """Enrol once: the enrolment on record, which is the earlier one when the learner
        already was enrolled, even when two requests race. A course that does not exist
        raises ``CourseNotFound``."""
        ...

    async def leave(self, user_id: UUID, course_id: UUID) -> bool:
        """False when the learner was not enrolled."""
        ...

    async def enrolment(self, user_id: UUID, course_id: UUID) -> Enrolment | None: ...

    async def enrolment_counts(self, course_ids: Collection[UUID]) -> dict[UUID, int]:
        """How many learners are enrolled in each course (0 for one nobody joined)."""
        ...

    async def enrolled_courses(self, user_id: UUID, page: PageRequest) -> Page[EnrolledCourse]:
        """The learner's enrolments in published courses, most recent enrolment first."""
        ...

    async def mark_complete(self, completion: Completion) -> Completion:
        """Idempotent like ``enrol``. An item that does not exist raises
        ``ContentNotFound``."""
        ...

    async def unmark_complete(self, user_id: UUID, item_id: UUID) -> bool: ...

    async def marked_complete(self, user_id: UUID, item_ids: Collection[UUID]) -> set[UUID]:
        """The items among ``item_ids`` the learner marked done."""
        ...

    async def answered_correctly(self, user_id: UUID,
                                 item_ids: Collection[UUID]) -> set[UUID]:
        """The items among ``item_ids`` the learner has a correct attempt at (any version)."""
        ...

    async def live_in_topics(self, topic_ids: Collection[UUID]) -> list[CourseItemFacts]:
        """The live items of these topics, in each topic's reading order (oldest first)."""
        ...

    async def live_bodies(self, item_ids: Collection[UUID]) -> dict[UUID, dict[str, Any]]:
        """The live version's body of each of these items that has one."""
        ...

    async def learner_count(self, mentor_id: UUID) -> int:
        """How many different learners are enrolled in the mentor's courses."""
        ...

    async def practice_due(self, user_id: UUID, limit: int) -> list[PracticeDue]:
        """Questions the learner answered wrongly and never rightly, most recent try first."""
        ...

    async def learning_totals(self, user_id: UUID) -> LearningTotals: ...

    async def enrolled_with_item(self, user_id: UUID, item_id: UUID) -> list[Course]:
        """The published courses the learner is enrolled in that hold the item."""
        ...

    async def issue_certificate(self, certificate: Certificate) -> Certificate:
        """Issue once per (learner, course): the certificate on record, even when two requests
        race."""
        ...

    async def certificate(self, code: str) -> Certificate | None: ...

    async def certificates(self, user_id: UUID,
                           course_ids: Collection[UUID] | None = None) -> list[Certificate]:
        """The learner's certificates (of these courses), newest first."""
        ...

    # Declared last: inside the class body, later annotations would read ``list`` as this.
    async def list(self, query: CourseQuery, page: PageRequest) -> Page[Course]: ...
