"""Reviews of completed sessions (S11): a student's rating and words, the mentor's one reply,
reports by anyone signed in, and an admin's decision on reported reviews.

A review stays public while it is reported (a report alone must not let a mentor remove every
unkind review); an admin hides it with a reason its author is shown, or restores it. The
mentor's rating counts public reviews only (``visible`` and ``reported``)::

    visible --report--> reported --hide--> hidden --restore--> visible
       \\------------------------hide--/        reported --restore (reports dismissed)--> visible
"""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid4

from edu_core.domain.bookings import MentoringSession, SessionStatus
from edu_core.domain.errors import Conflict, InvalidInput, NotFound
from edu_core.domain.events import DomainEvent

MAX_TEXT = 2000
MAX_REPLY = 2000
MAX_REPORT_REASON = 500
MAX_HIDE_REASON = 1000
STARS = range(1, 6)


class ReviewStatus(StrEnum):
    VISIBLE = "visible"
    REPORTED = "reported"  # still public, waiting for an admin
    HIDDEN = "hidden"

    @property
    def public(self) -> bool:
        return self is not ReviewStatus.HIDDEN


PUBLIC_STATUSES = frozenset(s for s in ReviewStatus if s.public)


class ReviewNotFound(NotFound):
    code = "review_not_found"
    default_message = "No such review."


class ReviewExists(Conflict):
    code = "review_exists"
    default_message = "This session has already been reviewed."


class SessionNotReviewable(Conflict):
    code = "session_not_reviewable"
    default_message = "Only a completed session can be reviewed."


class ReplyExists(Conflict):
    code = "reply_exists"
    default_message = "The mentor has already replied to this review."


class AlreadyReported(Conflict):
    code = "review_already_reported"
    default_message = "You have already reported this review."


class IllegalReviewTransition(Conflict):
    code = "illegal_review_transition"
    default_message = "The review cannot change that way in its current state."


class InvalidReview(InvalidInput):
    code = "invalid_review"
    default_message = "Some review fields are not acceptable."


def _field_error(name: str, message: str) -> InvalidReview:
    return InvalidReview(message, details={"fields": {name: message}})


def clean_plain_text(raw: str, *, name: str, max_length: int, required: bool) -> str:
    """Plain text as people type it: NFC, trimmed, line breaks and tabs kept, no other control
    or unpaired surrogate characters, runs of blank lines shortened. It is never markup:
    clients show it as text."""
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n")).strip()
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    if required and not text:
        raise _field_error(name, "Fill this in.")
    if len(text) > max_length or any(unicodedata.category(c) == "Cs" or (
            unicodedata.category(c) == "Cc" and c not in "\n\t") for c in text):
        raise _field_error(name, f"Use at most {max_length} characters, no control characters.")
    return text


def validate_rating(rating: int) -> int:
    if rating not in STARS:
        raise _field_error("rating", "Give 1 to 5 stars.")
    return rating


def rating_summary(ratings: Iterable[int]) -> tuple[float, int]:
    """(average rounded to two decimals, half away from zero as the database rounds; count)."""
    found = list(ratings)
    if not found:
        return 0.0, 0
    average = (Decimal(sum(found)) / len(found)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return float(average), len(found)


@dataclass(frozen=True, kw_only=True)
class ReviewEvent(DomainEvent):
    review_id: UUID
    session_id: UUID
    mentor_id: UUID
    student_id: UUID


@dataclass(frozen=True, kw_only=True)
class ReviewPosted(ReviewEvent):
    name = "review.posted"
    rating: int


@dataclass(frozen=True, kw_only=True)
class ReviewReplied(ReviewEvent):
    name = "review.replied"


@dataclass(frozen=True, kw_only=True)
class ReviewReported(ReviewEvent):
    name = "review.reported"
    reporter_id: UUID


@dataclass(frozen=True, kw_only=True)
class ReviewHidden(ReviewEvent):
    name = "review.hidden"
    reason: str


@dataclass(frozen=True, kw_only=True)
class ReviewRestored(ReviewEvent):
    name = "review.restored"
    was_hidden: bool


@dataclass(kw_only=True)
class ReviewReport:
    reporter_id: UUID
    reason: str
    created_at: datetime
    resolved_at: datetime | None = None  # when an admin decided on the review
    id: UUID = field(default_factory=uuid4)


@dataclass(kw_only=True)
class Review:
    id: UUID = field(default_factory=uuid4)
    session_id: UUID
    mentor_id: UUID
    student_id: UUID
    rating: int
    text: str
    created_at: datetime
    updated_at: datetime
    reply: str = ""
    replied_at: datetime | None = None
    status: ReviewStatus = ReviewStatus.VISIBLE
    reported_at: datetime | None = None  # when it last entered the admin's queue
    hidden_reason: str | None = None  # shown to the author
    hidden_at: datetime | None = None
    reports: list[ReviewReport] = field(default_factory=list)
    version: int = 1
    events: list[DomainEvent] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def post(cls, session: MentoringSession, *, rating: int, text: str,
             now: datetime) -> "Review":
        """The session's student reviews it (the caller has checked who is asking)."""
        if session.status is not SessionStatus.COMPLETED:
            raise SessionNotReviewable()
        review = cls(session_id=session.id, mentor_id=session.mentor_id,
                     student_id=session.student_id, rating=validate_rating(rating),
                     text=clean_plain_text(text, name="text", max_length=MAX_TEXT,
                                           required=False),
                     created_at=now, updated_at=now)
        review._raise(ReviewPosted, now, rating=review.rating)
        return review

    @property
    def open_reports(self) -> list[ReviewReport]:
        return [r for r in self.reports if r.resolved_at is None]

    def answer(self, text: str, now: datetime) -> None:
        """The mentor's reply, once."""
        if self.reply:
            raise ReplyExists()
        if not self.status.public:
            raise IllegalReviewTransition("A hidden review cannot be replied to.")
        self.reply = clean_plain_text(text, name="text", max_length=MAX_REPLY, required=True)
        self.replied_at = self.updated_at = now
        self._raise(ReviewReplied, now)

    def report(self, reporter_id: UUID, reason: str, now: datetime) -> None:
        if not self.status.public:
            raise IllegalReviewTransition("This review is already hidden.")
        if any(r.reporter_id == reporter_id for r in self.reports):
            raise AlreadyReported()
        self.reports.append(ReviewReport(
            reporter_id=reporter_id, created_at=now,
            reason=clean_plain_text(reason, name="reason", max_length=MAX_REPORT_REASON,
                                    required=True)))
        if self.status is ReviewStatus.VISIBLE:
            self.status = ReviewStatus.REPORTED
            self.reported_at = now
        self.updated_at = now
        self._raise(ReviewReported, now, reporter_id=reporter_id)

    def hide(self, reason: str, now: datetime) -> None:
        if self.status is ReviewStatus.HIDDEN:
            raise IllegalReviewTransition("This review is already hidden.")
        self.hidden_reason = clean_plain_text(reason, name="reason",
                                              max_length=MAX_HIDE_REASON, required=True)
        self.status = ReviewStatus.HIDDEN
        self.hidden_at = now
        self._resolve(now)
        self._raise(ReviewHidden, now, reason=self.hidden_reason)

    def restore(self, now: datetime) -> None:
        """Publish a hidden review again, or keep a reported one (its reports dismissed)."""
        if self.status is ReviewStatus.VISIBLE:
            raise IllegalReviewTransition("This review is neither reported nor hidden.")
        was_hidden = self.status is ReviewStatus.HIDDEN
        self.status = ReviewStatus.VISIBLE
        self.hidden_reason = None
        self.hidden_at = None
        self._resolve(now)
        self._raise(ReviewRestored, now, was_hidden=was_hidden)

    def _resolve(self, now: datetime) -> None:
        for report in self.open_reports:
            report.resolved_at = now
        self.reported_at = None
        self.updated_at = now

    def _raise(self, kind: type[ReviewEvent], now: datetime, **values: Any) -> None:
        self.events.append(kind(occurred_at=now, review_id=self.id, session_id=self.session_id,
                                mentor_id=self.mentor_id, student_id=self.student_id,
                                **values))
