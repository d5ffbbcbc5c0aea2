"""Learning content (S13-S15, S34): items a mentor writes under a catalog topic.

Every save appends an immutable version. The item moves draft -> pending -> approved | rejected;
students only ever see ``live_version``, the newest approved one, so editing an approved item
starts a new draft while the approved text stays live until the next approval.
"""

import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid4

from edu_core.domain.errors import ConcurrentModification, Conflict, InvalidInput, NotFound
from edu_core.domain.events import DomainEvent

MAX_TITLE = 200
MAX_SUMMARY = 200
MAX_FEEDBACK = 2000


class ContentStatus(StrEnum):
    DRAFT = "draft"
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class ContentNotFound(NotFound):
    default_message = "No such content item."


class VersionNotFound(NotFound):
    default_message = "No such version of this item."


class InvalidContent(InvalidInput):
    code = "invalid_content"
    default_message = "Some of the content is not acceptable."


def content_error(field_name: str, message: str,
                  error: type[InvalidContent] = InvalidContent) -> InvalidContent:
    return error(message, details={"fields": {field_name: message}})


class UnknownTopic(InvalidContent):
    code = "unknown_topic"
    default_message = "No such topic in the catalog."


class ContentUnderReview(Conflict):
    code = "content_under_review"
    default_message = "The item is waiting for review; it can change again after the decision."


class InvalidContentTransition(Conflict):
    code = "invalid_content_transition"
    default_message = "The item is not in a state that allows this."


def clean_line(raw: str, *, name: str, max_length: int, required: bool) -> str:
    text = " ".join(unicodedata.normalize("NFC", raw).split())
    if required and not text:
        raise content_error(name, "Fill this in.")
    if len(text) > max_length or any(unicodedata.category(c) in ("Cc", "Cs") for c in text):
        raise content_error(name, f"Use at most {max_length} characters, no control characters.")
    return text


def clean_paragraphs(raw: str, *, name: str, max_length: int) -> str:
    text = unicodedata.normalize("NFC", raw).strip()
    if not text:
        raise content_error(name, "Fill this in.")
    if len(text) > max_length or any(unicodedata.category(c) == "Cs" or (
            unicodedata.category(c) == "Cc" and c not in "\n\t") for c in text):
        raise content_error(name, f"Use at most {max_length} characters, no control characters.")
    return text


@dataclass(frozen=True, kw_only=True)
class ContentSubmitted(DomainEvent):
    name = "content.submitted"
    item_id: UUID
    mentor_id: UUID
    version: int


@dataclass(frozen=True, kw_only=True)
class ContentWithdrawn(DomainEvent):
    name = "content.withdrawn"
    item_id: UUID
    mentor_id: UUID
    version: int


@dataclass(frozen=True, kw_only=True)
class ContentApproved(DomainEvent):
    name = "content.approved"
    item_id: UUID
    mentor_id: UUID
    version: int
    title: str


@dataclass(frozen=True, kw_only=True)
class ContentRejected(DomainEvent):
    name = "content.rejected"
    item_id: UUID
    mentor_id: UUID
    version: int
    title: str
    feedback: str


@dataclass(frozen=True, kw_only=True)
class ContentVersion:
    """One saved state of an item. Never changed once written; the body is the kind's
    normalised, sanitised document."""

    number: int
    title: str
    body: dict[str, Any]
    author_id: UUID | None
    created_at: datetime
    change_summary: str = ""
    reverted_from: int | None = None


@dataclass(kw_only=True)
class ContentItem:
    topic_id: UUID
    mentor_id: UUID
    kind: str
    versions: list[ContentVersion]
    created_at: datetime
    updated_at: datetime
    status: ContentStatus = ContentStatus.DRAFT
    live_version: int | None = None
    feedback: str | None = None
    submitted_at: datetime | None = None
    reviewed_at: datetime | None = None
    reviewed_by: UUID | None = None
    id: UUID = field(default_factory=uuid4)
    # Optimistic lock of the stored row; distinct from the content version numbers, which
    # only saves advance (a review decision changes the row but not the content).
    row_version: int = 1
    # Written by the content assistant (from a note or a video's captions), not by the
    # mentor; stays set through later edits so reviewers know where the text came from.
    machine_suggested: bool = False
    events: list[DomainEvent] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def create(cls, *, topic_id: UUID, mentor_id: UUID, kind: str, title: str,
               body: dict[str, Any], author_id: UUID, now: datetime,
               change_summary: str = "", machine_suggested: bool = False) -> "ContentItem":
        first = ContentVersion(
            number=1, title=clean_line(title, name="title", max_length=MAX_TITLE, required=True),
            body=body, author_id=author_id, created_at=now,
            change_summary=clean_line(change_summary, name="change_summary",
                                      max_length=MAX_SUMMARY, required=False))
        return cls(topic_id=topic_id, mentor_id=mentor_id, kind=kind, versions=[first],
                   created_at=now, updated_at=now, machine_suggested=machine_suggested)

    # -- reading ----------------------------------------------------------------------------

    @property
    def latest(self) -> ContentVersion:
        return self.versions[-1]

    @property
    def live(self) -> ContentVersion | None:
        return self.version(self.live_version) if self.live_version is not None else None

    @property
    def has_unpublished_changes(self) -> bool:
        return self.latest.number != self.live_version

    def version(self, number: int) -> ContentVersion:
        for v in self.versions:
            if v.number == number:
                return v
        raise VersionNotFound()

    # -- editing ----------------------------------------------------------------------------

    def save(self, *, base_version: int, title: str, body: dict[str, Any], author_id: UUID,
             now: datetime, change_summary: str = "",
             reverted_from: int | None = None) -> bool:
        """Append a version made from ``base_version``. Returns False (and changes nothing)
        when title and body equal the latest version's."""
        if self.status is ContentStatus.PENDING:
            raise ContentUnderReview()
        if base_version != self.latest.number:
            # A stale editor would silently overwrite someone else's version otherwise.
            raise ConcurrentModification(
                f"Version {self.latest.number} was saved after version {base_version}, which "
                "you started from. Reload, compare, and save again.",
                details={"base_version": base_version, "latest_version": self.latest.number})
        clean_title = clean_line(title, name="title", max_length=MAX_TITLE, required=True)
        summary = clean_line(change_summary, name="change_summary", max_length=MAX_SUMMARY,
                             required=False)
        if clean_title == self.latest.title and body == self.latest.body:
            return False
        self.versions.append(ContentVersion(
            number=self.latest.number + 1, title=clean_title, body=body, author_id=author_id,
            created_at=now, change_summary=summary, reverted_from=reverted_from))
        self.status = ContentStatus.DRAFT
        self.updated_at = now
        return True

    def revert(self, *, to_version: int, base_version: int, author_id: UUID,
               now: datetime) -> bool:
        old = self.version(to_version)
        return self.save(base_version=base_version, title=old.title, body=old.body,
                         author_id=author_id, now=now,
                         change_summary=f"Reverted to version {to_version}",
                         reverted_from=to_version)

    # -- review -----------------------------------------------------------------------------

    def submit(self, now: datetime) -> None:
        if self.status not in (ContentStatus.DRAFT, ContentStatus.REJECTED):
            raise InvalidContentTransition(
                "Only a draft or a rejected item can be submitted; edit an approved item "
                "first.")
        self.status = ContentStatus.PENDING
        self.submitted_at = now
        self.updated_at = now
        self.events.append(ContentSubmitted(occurred_at=now, item_id=self.id,
                                            mentor_id=self.mentor_id,
                                            version=self.latest.number))

    def withdraw(self, now: datetime) -> None:
        """Take a pending item back before the review: a draft again, editable, and out of
        the moderation queue. The live version (if any) stays live."""
        if self.status is not ContentStatus.PENDING:
            raise InvalidContentTransition("Only a pending item can be withdrawn from review.")
        self.status = ContentStatus.DRAFT
        self.submitted_at = None
        self.updated_at = now
        self.events.append(ContentWithdrawn(occurred_at=now, item_id=self.id,
                                            mentor_id=self.mentor_id,
                                            version=self.latest.number))

    def _reviewable(self, version: int) -> None:
        if self.status is not ContentStatus.PENDING:
            raise InvalidContentTransition("Only a pending item can be approved or rejected.")
        if version != self.latest.number:
            # The reviewer decides on what they saw, never on a newer version.
            raise ConcurrentModification(
                f"Version {self.latest.number} is the one under review, not {version}.",
                details={"latest_version": self.latest.number})

    def approve(self, *, version: int, reviewer_id: UUID | None, now: datetime) -> None:
        self._reviewable(version)
        self.status = ContentStatus.APPROVED
        self.live_version = version
        self.feedback = None
        self.reviewed_at, self.reviewed_by, self.updated_at = now, reviewer_id, now
        self.events.append(ContentApproved(occurred_at=now, item_id=self.id,
                                           mentor_id=self.mentor_id, version=version,
                                           title=self.latest.title))

    def reject(self, *, version: int, feedback: str, reviewer_id: UUID | None,
               now: datetime) -> None:
        self._reviewable(version)
        text = clean_paragraphs(feedback, name="feedback", max_length=MAX_FEEDBACK)
        self.status = ContentStatus.REJECTED
        self.feedback = text
        self.reviewed_at, self.reviewed_by, self.updated_at = now, reviewer_id, now
        self.events.append(ContentRejected(occurred_at=now, item_id=self.id,
                                           mentor_id=self.mentor_id, version=version,
                                           title=self.latest.title, feedback=text))


@dataclass(frozen=True, kw_only=True)
class AnswerGraded(DomainEvent):
    """A learner's answer was graded and kept (gamification and analytics listen)."""

    name = "learning.answer_graded"
    attempt_id: UUID
    item_id: UUID
    version: int
    user_id: UUID
    correct: bool
    hints_used: int
    solution_shown: bool


@dataclass(frozen=True, kw_only=True)
class Attempt:
    """A learner's answer to one version of a question."""

    item_id: UUID
    version: int
    user_id: UUID
    answer: dict[str, Any]
    correct: bool
    time_taken_ms: int
    created_at: datetime
    id: UUID = field(default_factory=uuid4)
    # Help the learner asked for before or after answering, for analytics: a correct answer
    # after the solution was shown is not the same as one found alone.
    hints_used: int = 0
    solution_shown: bool = False

    def event(self) -> AnswerGraded:
        """The fact stored with the attempt when it is first kept."""
        return AnswerGraded(occurred_at=self.created_at, attempt_id=self.id,
                            item_id=self.item_id, version=self.version, user_id=self.user_id,
                            correct=self.correct, hints_used=self.hints_used,
                            solution_shown=self.solution_shown)


MAX_TIME_TAKEN_MS = 24 * 3600 * 1000


def validate_time_taken(ms: int) -> int:
    if not 0 <= ms <= MAX_TIME_TAKEN_MS:
        raise content_error("time_taken_ms", "Give the time in milliseconds, at most a day.")
    return ms
