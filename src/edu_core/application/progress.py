"""Learning progress (S10): what a learner has read, solved and still has to do, in a topic, a
subject or a course, and how long the rest takes.

An item counts as done the same way everywhere: a question once answered correctly (in any
version), a note or a simulation once the learner marks it done. Only live (approved) items
count, so every screen agrees on the numbers.
"""

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from edu_core.domain.catalog import Subject, Topic
from edu_core.domain.content import ContentKinds
from edu_core.domain.courses import (
    Certificate,
    CourseItemFacts,
    Progress,
    estimated_seconds,
    is_complete,
)
from edu_core.ports.courses import LearningTotals
from edu_core.ports.unit_of_work import UnitOfWork


async def done_items(uow: UnitOfWork, kinds: ContentKinds, user_id: UUID,
                     live: Collection[CourseItemFacts]) -> set[UUID]:
    """The items among ``live`` the learner has completed."""
    ids = {f.item_id for f in live}
    marked = await uow.courses.marked_complete(user_id, ids)
    answered = await uow.courses.answered_correctly(user_id, ids)
    return {f.item_id for f in live
            if is_complete(f, gradable=kinds.get(f.kind).gradable, marked=marked,
                           answered_correctly=answered)}


async def item_seconds(uow: UnitOfWork, kinds: ContentKinds,
                       live: Iterable[CourseItemFacts]) -> dict[UUID, int]:
    """Estimated learning time of each live item, from the text learners read."""
    facts = {f.item_id: f for f in live}
    reading = [i for i, f in facts.items() if f.kind not in ("question", "simulation")]
    bodies = await uow.courses.live_bodies(reading)
    return {i: estimated_seconds(f.kind, kinds.get(f.kind).learner_text(bodies[i])
                                 if i in bodies else "")
            for i, f in facts.items()}


@dataclass(frozen=True)
class ItemProgress:
    facts: CourseItemFacts
    completed: bool
    seconds: int


@dataclass(frozen=True)
class TopicProgress:
    topic: Topic
    items: list[ItemProgress]  # live items in reading order

    def _of(self, questions: bool | None) -> Progress:
        chosen = [i for i in self.items
                  if questions is None or (i.facts.kind == "question") == questions]
        return Progress(completed=sum(1 for i in chosen if i.completed), total=len(chosen))

    @property
    def overall(self) -> Progress:
        return self._of(None)

    @property
    def read(self) -> Progress:
        """Notes and simulations."""
        return self._of(False)

    @property
    def solved(self) -> Progress:
        """Questions."""
        return self._of(True)

    @property
    def remaining_seconds(self) -> int:
        return sum(i.seconds for i in self.items if not i.completed)

    @property
    def next_item(self) -> ItemProgress | None:
        return next((i for i in self.items if not i.completed), None)


@dataclass(frozen=True)
class TopicPlace:
    """A topic's progress with where the learner goes once it is done."""

    progress: TopicProgress
    subject: Subject | None
    next_topic: Topic | None  # the following topic of the subject with something to learn


@dataclass(frozen=True)
class SubjectProgress:
    subject: Subject
    topics: list[TopicProgress]  # catalog order

    @property
    def overall(self) -> Progress:
        return Progress(completed=sum(t.overall.completed for t in self.topics),
                        total=sum(t.overall.total for t in self.topics))


async def topics_progress(uow: UnitOfWork, kinds: ContentKinds, user_id: UUID,
                          topics: Sequence[Topic]) -> list[TopicProgress]:
    live = await uow.courses.live_in_topics([t.id for t in topics])
    done = await done_items(uow, kinds, user_id, live)
    seconds = await item_seconds(uow, kinds, live)
    by_topic: dict[UUID, list[ItemProgress]] = {t.id: [] for t in topics}
    for f in live:
        by_topic[f.topic_id].append(ItemProgress(f, f.item_id in done, seconds[f.item_id]))
    return [TopicProgress(topic=t, items=by_topic[t.id]) for t in topics]


@dataclass(frozen=True)
class ResumeCourse:
    """An enrolled course on the learner's dashboard: where to resume, how long is left."""

    course_id: UUID
    title: str
    mentor_name: str
    progress: Progress
    next_item: CourseItemFacts | None  # None when every item is done
    remaining_seconds: int
    enrolled_at: datetime
    certificate: Certificate | None


@dataclass(frozen=True)
class PracticeItem:
    """A question answered wrongly and not yet rightly: worth another try."""

    facts: CourseItemFacts
    topic: Topic | None
    attempts: int
    last_attempt_at: datetime


@dataclass(frozen=True)
class LearningOverview:
    courses: list[ResumeCourse]  # unfinished first, most recent enrolment first
    practice: list[PracticeItem]
    totals: LearningTotals


@dataclass(frozen=True)
class TeachingSummary:
    """What a mentor's dashboard counts."""

    learners: int  # different learners enrolled in the mentor's courses
    courses: int
    published_courses: int
