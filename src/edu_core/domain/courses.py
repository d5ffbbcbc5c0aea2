"""Courses (S7, S10): a mentor's ordered selection of their own content items, learners'
enrolments, and what each learner has completed.

A course only points at content items. Learners read each item's live (approved) version, so a
course never exposes a draft, and progress counts only the items that are live now: an approved
item that is being edited again stays live, and counts, until its next approval.
"""

import secrets
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum, StrEnum
from uuid import UUID, uuid4

from edu_core.domain.content import ContentStatus
from edu_core.domain.errors import (
    ConcurrentModification,
    Conflict,
    InvalidInput,
    NotFound,
    PermissionDenied,
)
from edu_core.domain.events import DomainEvent

MAX_TITLE = 200
MAX_DESCRIPTION = 5000
MAX_ITEMS = 200


class CourseStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class Keep(Enum):
    """"Leave this field as it is" in an edit where ``None`` is a value (no subject)."""

    KEEP = "keep"


KEEP = Keep.KEEP


class CourseNotFound(NotFound):
    default_message = "No such course."


class ItemNotInCourse(NotFound):
    default_message = "This item is not part of the course."


class InvalidCourse(InvalidInput):
    code = "invalid_course"
    default_message = "Some of the course details are not acceptable."


def course_error(field_name: str, message: str,
                 error: type[InvalidCourse] = InvalidCourse) -> InvalidCourse:
    return error(message, details={"fields": {field_name: message}})


class UnknownSubject(InvalidCourse):
    code = "unknown_subject"
    default_message = "No such subject in the catalog."


class CourseItemNotOwned(InvalidInput):
    # Unknown ids and other mentors' items get the same answer: ids cannot be probed.
    code = "course_item_not_owned"
    default_message = "A course can only hold the course owner's own content items."


class CourseHasNoLiveItems(Conflict):
    code = "course_has_no_live_items"
    default_message = ("A published course needs at least one approved item. Add one, or "
                       "unpublish the course first.")


class MentorNotVerifiedForCourses(PermissionDenied):
    code = "mentor_not_verified"
    default_message = "Only verified mentors can publish courses."


class CompletionByAnswer(InvalidInput):
    code = "completion_by_answer"
    default_message = ("A question counts as done once it is answered correctly; it cannot "
                       "be marked done by hand.")


def clean_title(raw: str) -> str:
    text = " ".join(unicodedata.normalize("NFC", raw).split())
    if not text:
        raise course_error("title", "Fill this in.")
    if len(text) > MAX_TITLE or any(unicodedata.category(c) in ("Cc", "Cs") for c in text):
        raise course_error("title", f"Use at most {MAX_TITLE} characters, no control "
                                    "characters.")
    return text


def clean_description(raw: str) -> str:
    text = unicodedata.normalize("NFC", raw).strip()
    if len(text) > MAX_DESCRIPTION or any(unicodedata.category(c) == "Cs" or (
            unicodedata.category(c) == "Cc" and c not in "\n\t") for c in text):
        raise course_error("description", f"Use at most {MAX_DESCRIPTION} characters, no "
                                          "control characters.")
    return text


def clean_item_ids(ids: Iterable[UUID]) -> list[UUID]:
    items = list(ids)
    if len(items) != len(set(items)):
        raise course_error("item_ids", "List each item at most once.")
    if len(items) > MAX_ITEMS:
        raise course_error("item_ids", f"A course holds at most {MAX_ITEMS} items.")
    return items


@dataclass(frozen=True, kw_only=True)
class CourseItemFacts:
    """What a course needs to know about one content item: who owns it, what it is, and the
    title learners see (the live version's), if any version is live."""

    item_id: UUID
    mentor_id: UUID
    topic_id: UUID
    kind: str
    status: ContentStatus
    title: str  # the newest version's, which the author sees
    live_version: int | None = None
    live_title: str | None = None

    @property
    def live(self) -> bool:
        return self.live_version is not None


def ensure_owned(mentor_id: UUID, item_ids: Iterable[UUID],
                 facts: Mapping[UUID, CourseItemFacts]) -> None:
    refused = [i for i in item_ids if i not in facts or facts[i].mentor_id != mentor_id]
    if refused:
        raise CourseItemNotOwned(details={
            "fields": {"item_ids": CourseItemNotOwned.default_message},
            "item_ids": [str(i) for i in refused]})


def live_items(item_ids: Sequence[UUID],
               facts: Mapping[UUID, CourseItemFacts]) -> list[CourseItemFacts]:
    """The live items among ``item_ids``, in that order."""
    return [facts[i] for i in item_ids if i in facts and facts[i].live]


@dataclass(kw_only=True)
class Course:
    mentor_id: UUID
    title: str
    created_at: datetime
    updated_at: datetime
    description: str = ""
    subject_id: UUID | None = None
    item_ids: list[UUID] = field(default_factory=list)
    status: CourseStatus = CourseStatus.DRAFT
    published_at: datetime | None = None
    id: UUID = field(default_factory=uuid4)
    # Optimistic lock: every stored change advances it, and editors send the version they
    # started from, so two tabs never silently overwrite each other.
    version: int = 1

    @classmethod
    def create(cls, *, mentor_id: UUID, title: str, now: datetime, description: str = "",
               subject_id: UUID | None = None, item_ids: Iterable[UUID] = ()) -> "Course":
        return cls(mentor_id=mentor_id, title=clean_title(title),
                   description=clean_description(description), subject_id=subject_id,
                   item_ids=clean_item_ids(item_ids), created_at=now, updated_at=now)

    @property
    def is_published(self) -> bool:
        return self.status is CourseStatus.PUBLISHED

    def expect_version(self, version: int) -> None:
        if version != self.version:
            raise ConcurrentModification(
                f"The course was changed after version {version}, which you started from "
                f"(it is at version {self.version} now). Reload and try again.",
                details={"version": version, "current_version": self.version})

    def edit(self, *, now: datetime, title: str | None = None,
             description: str | None = None, subject_id: UUID | Keep | None = KEEP) -> bool:
        """Change the given fields; returns whether anything changed."""
        new_title = clean_title(title) if title is not None else self.title
        new_description = (clean_description(description) if description is not None
                           else self.description)
        new_subject = self.subject_id if subject_id is KEEP else subject_id
        if (new_title, new_description, new_subject) == (self.title, self.description,
                                                         self.subject_id):
            return False
        self.title, self.description, self.subject_id = new_title, new_description, new_subject
        self.updated_at = now
        return True

    def set_items(self, item_ids: Iterable[UUID], now: datetime) -> bool:
        """Replace the whole ordered list (reorder, add and remove in one step)."""
        items = clean_item_ids(item_ids)
        if items == self.item_ids:
            return False
        self.item_ids = items
        self.updated_at = now
        return True

    def add_item(self, item_id: UUID, now: datetime, position: int | None = None) -> None:
        """Insert before ``position`` (0-based); None appends."""
        if item_id in self.item_ids:
            raise course_error("item_id", "The item is already in the course.")
        if position is not None and not 0 <= position <= len(self.item_ids):
            raise course_error("position", f"Use a position from 0 to {len(self.item_ids)}.")
        items = list(self.item_ids)
        items.insert(len(items) if position is None else position, item_id)
        self.set_items(items, now)

    def remove_item(self, item_id: UUID, now: datetime) -> None:
        if item_id not in self.item_ids:
            raise ItemNotInCourse()
        self.set_items([i for i in self.item_ids if i != item_id], now)

    def ensure_publishable(self, live_count: int) -> None:
        """A published course always has something to learn: refuse a change that would leave
        it without any live item."""
        if self.is_published and live_count == 0:
            raise CourseHasNoLiveItems()

    def publish(self, *, live_count: int, now: datetime) -> bool:
        """Returns False when the course is already published (a repeated click)."""
        if self.is_published:
            return False
        if live_count == 0:
            raise CourseHasNoLiveItems(
                "Publish the course once at least one of its items is approved.")
        self.status = CourseStatus.PUBLISHED
        self.published_at = now
        self.updated_at = now
        return True

    def unpublish(self, now: datetime) -> bool:
        if not self.is_published:
            return False
        self.status = CourseStatus.DRAFT
        self.updated_at = now
        return True


@dataclass(frozen=True, kw_only=True)
class CourseEnrolled(DomainEvent):
    name = "learning.course_enrolled"
    user_id: UUID
    course_id: UUID


@dataclass(frozen=True, kw_only=True)
class ItemCompleted(DomainEvent):
    """A learner marked a note or a simulation done (questions: ``AnswerGraded``)."""

    name = "learning.item_completed"
    user_id: UUID
    item_id: UUID


@dataclass(frozen=True, kw_only=True)
class CourseCompleted(DomainEvent):
    name = "learning.course_completed"
    user_id: UUID
    course_id: UUID
    certificate_id: UUID


@dataclass(frozen=True, kw_only=True)
class Enrolment:
    user_id: UUID
    course_id: UUID
    enrolled_at: datetime

    def event(self) -> CourseEnrolled:
        """The fact stored when the enrolment is new (enrolling again changes nothing)."""
        return CourseEnrolled(occurred_at=self.enrolled_at, user_id=self.user_id,
                              course_id=self.course_id)


@dataclass(frozen=True, kw_only=True)
class Completion:
    """A learner marked a note or a simulation as done (questions complete by answering)."""

    user_id: UUID
    item_id: UUID
    completed_at: datetime

    def event(self) -> ItemCompleted:
        return ItemCompleted(occurred_at=self.completed_at, user_id=self.user_id,
                             item_id=self.item_id)


def is_complete(item: CourseItemFacts, *, gradable: bool, marked: Collection[UUID],
                answered_correctly: Collection[UUID]) -> bool:
    """Gradable items (questions) are done once answered correctly, in any version; the rest
    once the learner marks them done."""
    return item.item_id in (answered_correctly if gradable else marked)


@dataclass(frozen=True)
class Progress:
    completed: int
    total: int

    @property
    def percent(self) -> int:
        # Rounded down: 100 means every item is done, never "almost all".
        return self.completed * 100 // self.total if self.total else 0

    @classmethod
    def of(cls, live: Sequence[CourseItemFacts], done: Collection[UUID]) -> "Progress":
        return cls(completed=sum(1 for f in live if f.item_id in done), total=len(live))


# -- time to learn ------------------------------------------------------------------------------

WORDS_PER_MINUTE = 200
QUESTION_SECONDS = 120
SIMULATION_SECONDS = 300
MIN_READING_SECONDS = 60


def estimated_seconds(kind: str, learner_text: str) -> int:
    """How long an item takes a typical learner: reading at 200 words a minute (a minute at
    least), about two minutes a question, five for a simulation."""
    if kind == "question":
        return QUESTION_SECONDS
    if kind == "simulation":
        return SIMULATION_SECONDS
    words = len(learner_text.split())
    return max(MIN_READING_SECONDS, -(-words * 60 // WORDS_PER_MINUTE))


def minutes(seconds: int) -> int:
    """Whole minutes for display, rounded up: a 30-second item is "1 min", nothing is 0."""
    return -(-seconds // 60) if seconds > 0 else 0


def next_item(live: Sequence[CourseItemFacts], done: Collection[UUID]) -> CourseItemFacts | None:
    """Where a learner resumes: the first live item in course order not done yet."""
    return next((f for f in live if f.item_id not in done), None)


# -- certificates -------------------------------------------------------------------------------

CERTIFICATE_CODE_BYTES = 18  # 144 random bits, 24 URL-safe characters

@dataclass(frozen=True, kw_only=True)
class Certificate:
    """A learner completed a course. Names and title are copied at issue, so a certificate reads
    the same after renames; ``code`` is random and unguessable, the public verification key."""

    code: str
    user_id: UUID
    course_id: UUID | None  # None once the course is deleted: the certificate stays valid
    learner_name: str
    course_title: str
    mentor_name: str
    issued_at: datetime
    id: UUID = field(default_factory=uuid4)

    @classmethod
    def issue(cls, *, user_id: UUID, course_id: UUID, learner_name: str, course_title: str,
              mentor_name: str, now: datetime) -> "Certificate":
        return cls(code=secrets.token_urlsafe(CERTIFICATE_CODE_BYTES), user_id=user_id,
                   course_id=course_id, learner_name=learner_name, course_title=course_title,
                   mentor_name=mentor_name, issued_at=now)

    def event(self) -> "CourseCompleted | None":
        """The course was finished: the fact stored when the certificate is first issued."""
        if self.course_id is None:
            return None
        return CourseCompleted(occurred_at=self.issued_at, user_id=self.user_id,
                               course_id=self.course_id, certificate_id=self.id)


class CertificateNotFound(NotFound):
    default_message = "No certificate with this code."


class CourseNotCompleted(Conflict):
    code = "course_not_completed"
    default_message = "Finish every item of the course to get its certificate."
