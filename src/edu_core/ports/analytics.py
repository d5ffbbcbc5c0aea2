"""Learning analytics: study time as it is recorded (part of the unit of work), and the
read-only sums behind the mentor's and the learner's dashboards (made where the data lives;
nothing reads every attempt into the application)."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol
from uuid import UUID

from edu_core.domain.analytics import Accuracy
from edu_core.domain.pagination import Page, PageRequest


@dataclass(frozen=True, slots=True)
class StudyDay:
    """Seconds one person studied one item on one of their local days."""

    item_id: UUID
    day: date
    seconds: int
    last_at: datetime  # the latest heartbeat that added to it


class StudyTimeRepository(Protocol):
    async def beat(self, user_id: UUID, at: datetime) -> datetime | None:
        """Record the person's heartbeat at ``at`` and return their previous one (None for
        the first). Beats of one person are serialised: of two at once, one sees the other."""
        ...

    async def credit(self, user_id: UUID, item_id: UUID, day: date, seconds: int,
                     at: datetime) -> None:
        """Add ``seconds`` to the person's time on the item that day."""
        ...

    async def days_of(self, user_id: UUID, page: PageRequest) -> Page[StudyDay]:
        """The person's study time, oldest day first (for their data export)."""
        ...

    async def forget(self, user_id: UUID) -> None:
        """Erase the person's study time and heartbeats."""
        ...


class ItemOrder(StrEnum):
    ATTEMPTS = "attempts"  # most attempted first
    HARDEST = "hardest"  # lowest first-try accuracy first (unanswered last)
    DISCRIMINATION = "discrimination"  # least discriminating first (unknown last)
    TITLE = "title"


@dataclass(frozen=True, slots=True)
class ItemStats:
    """How learners did on one of a mentor's items (all versions together)."""

    item_id: UUID
    title: str  # the live version's, else the latest's
    kind: str
    topic_id: UUID
    status: str
    attempts: int
    learners: int  # who answered at least once
    first: Accuracy  # each learner's first answer
    avg_time_ms: int | None
    # Point-biserial correlation of the first answer with the learner's first-try score on
    # the mentor's other questions (None when it cannot be computed).
    discrimination: float | None
    study_seconds: int
    studied_by: int


@dataclass(frozen=True, slots=True)
class ChoiceCount:
    choice_id: str
    count: int


@dataclass(frozen=True, slots=True)
class FunnelStep:
    position: int
    item_id: UUID
    title: str
    kind: str
    reached: int  # enrolled learners who opened, answered or finished the item
    completed: int  # enrolled learners who finished it


@dataclass(frozen=True, slots=True)
class StudentActivity:
    """One of a mentor's students, as the mentor's content and sessions saw them."""

    user_id: UUID
    display_name: str
    courses: int  # of the mentor's, enrolled
    sessions: int  # with the mentor, booked (any outcome but expired)
    items_total: int  # live items of the mentor's courses they are enrolled in
    items_done: int
    attempts: int
    first: Accuracy  # over the mentor's questions
    recent: Accuracy  # first tries made in the recent window
    earlier: Accuracy  # first tries made in the window before it
    study_seconds: int  # on the mentor's items
    last_activity: datetime | None  # latest answer, completion, study or enrolment
    since: datetime  # when they became the mentor's student (first enrolment or booking)


@dataclass(frozen=True, slots=True)
class TopicAccuracy:
    topic_id: UUID
    attempts: int
    first: Accuracy
    solved: int  # questions answered correctly at least once
    # The mentor whose questions of the topic the learner answered most (for "book a session").
    mentor_id: UUID


@dataclass(frozen=True, slots=True)
class DaySeconds:
    day: date
    seconds: int


@dataclass(frozen=True, slots=True)
class Seconds:
    """Study time on one topic or course."""

    id: UUID
    seconds: int


class PractiseState(StrEnum):
    WRONG = "wrong"  # answered, never right
    UNTRIED = "untried"


@dataclass(frozen=True, slots=True)
class PractiseQuestion:
    item_id: UUID
    title: str
    topic_id: UUID
    mentor_id: UUID
    state: PractiseState


class LearningAnalytics(Protocol):
    async def item_stats(self, mentor_id: UUID, page: PageRequest, order: ItemOrder,
                         item_id: UUID | None = None) -> Page[ItemStats]:
        """The mentor's items with their figures (only ``item_id`` when given)."""
        ...

    async def item_count(self, mentor_id: UUID) -> int: ...

    async def wrong_choices(self, item_id: UUID) -> list[ChoiceCount]:
        """Choices picked in wrong answers to a choice question, most picked first (a wrong
        multiple-choice answer counts each choice it picked)."""
        ...

    async def course_funnel(self, course_id: UUID) -> tuple[int, list[FunnelStep]]:
        """How many are enrolled, and how far they got along the course's items."""
        ...

    async def students(self, mentor_id: UUID, *, recent_from: datetime,
                       earlier_from: datetime, user_id: UUID | None = None
                       ) -> list[StudentActivity]:
        """Everyone enrolled in the mentor's courses or who booked the mentor (only
        ``user_id`` when given), by name."""
        ...

    async def topic_accuracy(self, user_ids: Collection[UUID], *,
                             mentor_id: UUID | None = None
                             ) -> dict[UUID, list[TopicAccuracy]]:
        """Each learner's answers per topic (on the mentor's questions only when given)."""
        ...

    async def study_by_day(self, *, first: date, last: date, user_id: UUID | None = None,
                           mentor_id: UUID | None = None) -> list[DaySeconds]:
        """Study time per day in [first, last]: one learner's, or on one mentor's items
        (days with none left out)."""
        ...

    async def study_by_topic(self, user_id: UUID, first: date, last: date) -> list[Seconds]: ...

    async def study_by_course(self, user_id: UUID, first: date, last: date) -> list[Seconds]:
        """Per enrolled course: time on its items (an item in two courses counts in both)."""
        ...

    async def practise(self, user_id: UUID, topic_ids: Collection[UUID],
                       limit: int) -> list[PractiseQuestion]:
        """Live questions of these topics the learner got wrong and never right (most recent
        first), then ones they have not tried."""
        ...
