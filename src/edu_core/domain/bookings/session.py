"""A booked mentoring session (S22, S23): one student, one mentor, one time range, one price.

Its life is an explicit state machine; every move is recorded (who, when, why) and raises an
event, and a move the table below does not allow is refused with ``illegal_session_transition``::

    held -> awaiting_payment -> confirmed -> completed
      |            |               |  ^ \\-> cancelled (student before the start, mentor, admin)
      |            |               |  |  \\-> no_show_student (marked by the mentor)
      |            |               v  |
      +------------+-> expired    disputed -> completed | no_show_mentor  (an admin decides)

A reschedule keeps the session confirmed and moves its range (the invitation's ``sequence``
grows by one). The cancellation terms are the ones in force when the session was booked.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID, uuid4

from edu_core.domain.bookings.policy import CancellationPolicy, CancelledBy
from edu_core.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from edu_core.domain.events import DomainEvent

# A student who has not joined ten minutes in is absent; a problem is reported within this
# long after the end, after which the session completes by itself and the mentor's share of
# the price becomes payable.
NO_SHOW_AFTER = timedelta(minutes=10)
COMPLAINT_WINDOW = timedelta(hours=48)
MAX_RESCHEDULES = 3
MAX_MEETING_URL = 500
MAX_NOTES = 4000
MAX_REASON = 1000


class SessionStatus(Enum):
    HELD = "held"
    AWAITING_PAYMENT = "awaiting_payment"
    CONFIRMED = "confirmed"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    NO_SHOW_STUDENT = "no_show_student"
    NO_SHOW_MENTOR = "no_show_mentor"
    DISPUTED = "disputed"
    EXPIRED = "expired"


S = SessionStatus
ALLOWED: dict[SessionStatus, frozenset[SessionStatus]] = {
    S.HELD: frozenset({S.AWAITING_PAYMENT, S.CONFIRMED, S.EXPIRED}),
    S.AWAITING_PAYMENT: frozenset({S.CONFIRMED, S.EXPIRED}),
    S.CONFIRMED: frozenset({S.CONFIRMED, S.COMPLETED, S.CANCELLED, S.NO_SHOW_STUDENT,
                            S.DISPUTED}),
    S.DISPUTED: frozenset({S.COMPLETED, S.NO_SHOW_MENTOR}),
    # Marked held or the student absent by the mentor: the student may still complain until
    # the window ends (the share is released only then).
    S.COMPLETED: frozenset({S.DISPUTED}),
    S.CANCELLED: frozenset(),
    S.NO_SHOW_STUDENT: frozenset({S.DISPUTED}),
    S.NO_SHOW_MENTOR: frozenset(),
    S.EXPIRED: frozenset(),
}
# Statuses whose time range is taken: the exclusion constraints cover exactly these.
BLOCKING = frozenset({S.HELD, S.AWAITING_PAYMENT, S.CONFIRMED})
# Outcomes that are final and kept money: a refund after the fact is possible from these.
SETTLED = frozenset({S.COMPLETED, S.NO_SHOW_STUDENT, S.CANCELLED})


class IllegalSessionTransition(Conflict):
    code = "illegal_session_transition"
    default_message = "The session cannot change that way in its current state."


class SessionTimeRule(Conflict):
    code = "session_time_rule"
    default_message = "That is not possible at this point of the session."


class InvalidSessionDetails(InvalidInput):
    code = "invalid_session_details"
    default_message = "Some session details are not acceptable."


class SlotTaken(Conflict):
    code = "slot_taken"
    default_message = "That time has just been taken by someone else. Choose another slot."


class StudentBusy(Conflict):
    code = "student_busy"
    default_message = "You already have a session at that time."


class TrialUsed(Conflict):
    code = "trial_used"
    default_message = "You have already had your trial lesson with this mentor."


class SessionNotFound(NotFound):
    code = "session_not_found"
    default_message = "No such session."


class PaymentMismatch(Conflict):
    code = "payment_mismatch"
    default_message = "The payment does not match the session's price."


@dataclass(frozen=True, kw_only=True)
class Transition:
    from_status: SessionStatus | None
    to_status: SessionStatus
    at: datetime
    by: UUID | None  # None: the platform itself (a timer, the payment gateway)
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class SessionEvent(DomainEvent):
    session_id: UUID
    student_id: UUID
    mentor_id: UUID


@dataclass(frozen=True, kw_only=True)
class SessionHeld(SessionEvent):
    name = "booking.held"
    starts_at: datetime
    hold_expires_at: datetime


@dataclass(frozen=True, kw_only=True)
class SessionConfirmed(SessionEvent):
    name = "booking.confirmed"
    starts_at: datetime
    ends_at: datetime
    amount: int
    currency: str


@dataclass(frozen=True, kw_only=True)
class SessionRescheduled(SessionEvent):
    name = "booking.rescheduled"
    previous_starts_at: datetime
    starts_at: datetime
    ends_at: datetime
    sequence: int


@dataclass(frozen=True, kw_only=True)
class SessionCancelled(SessionEvent):
    name = "booking.cancelled"
    starts_at: datetime
    cancelled_by: CancelledBy
    refund: int
    currency: str


@dataclass(frozen=True, kw_only=True)
class SessionExpired(SessionEvent):
    name = "booking.expired"
    reason: str


@dataclass(frozen=True, kw_only=True)
class SessionCompleted(SessionEvent):
    name = "booking.completed"
    refund: int
    currency: str


@dataclass(frozen=True, kw_only=True)
class SessionNoShow(SessionEvent):
    name = "booking.no_show"
    absent: str  # "student" | "mentor"
    refund: int
    currency: str


@dataclass(frozen=True, kw_only=True)
class SessionDisputed(SessionEvent):
    name = "booking.disputed"
    reason: str


@dataclass(frozen=True, kw_only=True)
class LatePaymentRefunded(SessionEvent):
    """A payment that came after the hold had lapsed (or not for the price) went straight
    back: the student is told, since their bank shows the charge."""

    name = "booking.late_payment_refunded"
    starts_at: datetime
    refund: int
    currency: str


@dataclass(frozen=True, kw_only=True)
class SessionRefunded(SessionEvent):
    """Money given back after the session's outcome was settled (an administrator's refund
    after the fact): the session keeps its status."""

    name = "booking.refunded"
    refund: int
    currency: str


@dataclass(frozen=True, kw_only=True)
class HoldLapsed(DomainEvent):
    """Raised by a durable schedule at a hold's end: an unpaid hold then frees its slot."""

    name = "booking.hold_lapsed"
    session_id: UUID


def hold_schedule_key(session_id: UUID) -> str:
    return f"booking:{session_id}:hold"


def clean_meeting_url(raw: str) -> str:
    """A video room link: https only (no javascript:, data: or plain-text http rooms)."""
    url = raw.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if len(url) > MAX_MEETING_URL or parts.scheme != "https" or not parts.hostname \
            or any(c.isspace() for c in url):
        raise InvalidSessionDetails(details={"fields": {
            "meeting_url": f"Give an https:// link of at most {MAX_MEETING_URL} characters."}})
    return url


def _clean_text(raw: str, field_name: str, limit: int) -> str:
    text = raw.strip()
    if len(text) > limit:
        raise InvalidSessionDetails(details={"fields": {
            field_name: f"Use at most {limit} characters."}})
    return text


@dataclass(kw_only=True)
class MentoringSession:
    id: UUID = field(default_factory=uuid4)
    student_id: UUID
    mentor_id: UUID
    starts_at: datetime
    ends_at: datetime
    price: int
    currency: str
    trial: bool = False
    cancellation: CancellationPolicy
    status: SessionStatus = SessionStatus.HELD
    hold_expires_at: datetime
    checkout_ref: str | None = None  # the gateway's checkout session
    payment_ref: str | None = None  # the gateway's payment, which a refund names
    paid: int = 0
    refunded: int = 0
    cancelled_by: CancelledBy | None = None
    sequence: int = 0
    reschedules: int = 0
    meeting_url: str = ""
    notes: str = ""
    topic_id: UUID | None = None  # what the student booked it about, when they said
    created_at: datetime
    updated_at: datetime
    version: int = 1
    history: list[Transition] = field(default_factory=list, repr=False)
    events: list[DomainEvent] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def hold(cls, *, student_id: UUID, mentor_id: UUID, starts_at: datetime, minutes: int,
             price: int, currency: str, cancellation: CancellationPolicy, hold_for: timedelta,
             now: datetime, trial: bool = False,
             topic_id: UUID | None = None) -> "MentoringSession":
        if student_id == mentor_id:
            raise PermissionDenied("Mentors cannot book their own sessions.")
        if starts_at <= now:
            raise SessionTimeRule("That slot has already begun.")
        if minutes <= 0 or price < 0:
            raise InvalidSessionDetails()
        session = cls(student_id=student_id, mentor_id=mentor_id, starts_at=starts_at,
                      ends_at=starts_at + timedelta(minutes=minutes), price=price,
                      currency=currency, trial=trial, cancellation=cancellation,
                      topic_id=topic_id, hold_expires_at=now + hold_for, created_at=now,
                      updated_at=now)
        session.history.append(Transition(from_status=None, to_status=S.HELD, at=now,
                                          by=student_id))
        session._raise(SessionHeld, now, starts_at=starts_at,
                       hold_expires_at=session.hold_expires_at)
        return session

    # -- reading ---------------------------------------------------------------------------

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def blocks_its_range(self) -> bool:
        return self.status in BLOCKING

    @property
    def complaint_deadline(self) -> datetime:
        return self.ends_at + COMPLAINT_WINDOW

    def refund_if_cancelled(self, by: CancelledBy, at: datetime) -> int:
        """What a cancellation now would refund (the live preview before cancelling)."""
        return self.cancellation.refund(self.paid, starts_at=self.starts_at, at=at, by=by)

    def hold_has_lapsed(self, now: datetime) -> bool:
        return self.status in (S.HELD, S.AWAITING_PAYMENT) and now >= self.hold_expires_at

    # -- moves -----------------------------------------------------------------------------

    def await_payment(self, checkout_ref: str, now: datetime,
                      expires_at: datetime | None = None) -> None:
        """The student went to the gateway's checkout; the hold lasts as long as it does."""
        self._move(S.AWAITING_PAYMENT, now, by=self.student_id)
        self.checkout_ref = checkout_ref
        if expires_at is not None:
            self.hold_expires_at = expires_at

    def confirm(self, amount: int, now: datetime, payment_ref: str | None = None) -> None:
        """The gateway reports the price paid. A late payment for a lapsed hold is not
        confirmed (the slot may be someone else's by now): the caller refunds it."""
        if amount != self.price:
            raise PaymentMismatch()
        self._move(S.CONFIRMED, now, by=None)
        self.paid = amount
        if payment_ref is not None:
            self.payment_ref = payment_ref
        self._raise(SessionConfirmed, now, starts_at=self.starts_at, ends_at=self.ends_at,
                    amount=amount, currency=self.currency)

    def expire(self, now: datetime, reason: str) -> None:
        self._move(S.EXPIRED, now, by=None, reason=reason)
        self._raise(SessionExpired, now, reason=reason)

    def reschedule(self, starts_at: datetime, *, by: CancelledBy, actor: UUID,
                   now: datetime) -> None:
        """Moves the session to another range of the same length. A student may until the
        free-cancellation deadline, a mentor until the start; never into the past."""
        if self.status is not S.CONFIRMED:
            raise IllegalSessionTransition()
        deadline = self.cancellation.free_until(self.starts_at) if by is CancelledBy.STUDENT \
            else self.starts_at
        if now > deadline:
            raise SessionTimeRule("It is too late to reschedule this session; cancel it or "
                                  "contact the other party.")
        if starts_at <= now:
            raise SessionTimeRule("Choose a time in the future.")
        if self.reschedules >= MAX_RESCHEDULES:
            raise SessionTimeRule(f"A session can be moved at most {MAX_RESCHEDULES} times.")
        previous = self.starts_at
        length = self.ends_at - self.starts_at
        self._move(S.CONFIRMED, now, by=actor, reason=f"moved from {previous.isoformat()}")
        self.starts_at, self.ends_at = starts_at, starts_at + length
        self.sequence += 1
        self.reschedules += 1
        self._raise(SessionRescheduled, now, previous_starts_at=previous, starts_at=starts_at,
                    ends_at=self.ends_at, sequence=self.sequence)

    def cancel(self, *, by: CancelledBy, actor: UUID, now: datetime, reason: str = "") -> int:
        """Cancels a confirmed session before its start (an admin: at any time); returns the
        refund, which the caller asks the gateway for."""
        if self.status is not S.CONFIRMED:
            raise IllegalSessionTransition()
        if now >= self.starts_at and by is not CancelledBy.ADMIN:
            raise SessionTimeRule("The session has started: report a problem instead.")
        refund = self.refund_if_cancelled(by, now)
        self._move(S.CANCELLED, now, by=actor,
                   reason=_clean_text(reason, "reason", MAX_REASON))
        self.cancelled_by = by
        self.refunded = refund
        self.sequence += 1
        self._raise(SessionCancelled, now, starts_at=self.starts_at, cancelled_by=by,
                    refund=refund, currency=self.currency)
        return refund

    def complete(self, now: datetime, *, actor: UUID | None) -> None:
        """The mentor marks it done after its end, or the platform does once the complaint
        window has passed without a report."""
        if self.status is S.CONFIRMED and now < self.ends_at:
            raise SessionTimeRule("A session can be completed once it has ended.")
        if self.status is S.DISPUTED:
            raise IllegalSessionTransition("An admin settles a disputed session.")
        self._move(S.COMPLETED, now, by=actor)
        self._raise(SessionCompleted, now, refund=0, currency=self.currency)

    def mark_student_absent(self, now: datetime, *, actor: UUID) -> None:
        if self.status is S.CONFIRMED and now < self.starts_at + NO_SHOW_AFTER:
            raise SessionTimeRule(f"A student counts as absent "
                                  f"{int(NO_SHOW_AFTER.total_seconds() // 60)} minutes after "
                                  f"the start.")
        self._move(S.NO_SHOW_STUDENT, now, by=actor)
        self._raise(SessionNoShow, now, absent="student", refund=0, currency=self.currency)

    def report_problem(self, now: datetime, *, reason: str) -> None:
        """The student reports a problem (the mentor did not come, the session fell short)
        between the start and the end of the complaint window; an admin decides."""
        text = _clean_text(reason, "reason", MAX_REASON)
        if not text:
            raise InvalidSessionDetails(details={"fields": {"reason": "Say what went wrong."}})
        if self.status in (S.CONFIRMED, S.COMPLETED, S.NO_SHOW_STUDENT) and not \
                self.starts_at <= now < self.complaint_deadline:
            raise SessionTimeRule("Problems are reported from the start of the session until "
                                  f"{int(COMPLAINT_WINDOW.total_seconds() // 3600)} hours "
                                  "after its end.")
        self._move(S.DISPUTED, now, by=self.student_id, reason=text)
        self._raise(SessionDisputed, now, reason=text)

    def settle_dispute(self, now: datetime, *, actor: UUID, mentor_absent: bool,
                       refund_percent: int = 0) -> int:
        """An admin's decision: the mentor was absent (all back), or the session took place
        with ``refund_percent`` of the price back. Returns the refund."""
        if self.status is not S.DISPUTED:
            raise IllegalSessionTransition("Only a disputed session is settled.")
        if not 0 <= refund_percent <= 100:
            raise InvalidSessionDetails(details={"fields": {
                "refund_percent": "Use 0 to 100 percent."}})
        refund = self.paid if mentor_absent else self.paid * refund_percent // 100
        target = S.NO_SHOW_MENTOR if mentor_absent else S.COMPLETED
        self._move(target, now, by=actor, reason=f"refund {refund}")
        self.refunded = refund
        if mentor_absent:
            self._raise(SessionNoShow, now, absent="mentor", refund=refund,
                        currency=self.currency)
        else:
            self._raise(SessionCompleted, now, refund=refund, currency=self.currency)
        return refund

    def refund_late_payment(self, amount: int, now: datetime) -> None:
        """Record that a payment for a session that is not (or no longer) waiting for it was
        given back in full; the session keeps its status."""
        if self.status is S.CONFIRMED:
            raise IllegalSessionTransition("A confirmed session keeps its payment.")
        self.updated_at = now
        self._raise(LatePaymentRefunded, now, starts_at=self.starts_at, refund=amount,
                    currency=self.currency)

    def refund_after_settlement(self, amount: int, now: datetime) -> None:
        """An administrator gives back part of what is left of a settled session's payment
        (a goodwill refund, a complaint that came late). The session keeps its outcome; the
        caller takes the mentor's part back from their balance, or from the transfer they
        already received."""
        if self.status not in SETTLED:
            raise IllegalSessionTransition("Only a session with a final outcome is refunded "
                                           "this way; cancel or settle it instead.")
        left = self.paid - self.refunded
        if isinstance(amount, bool) or not 0 < amount <= left:
            raise InvalidSessionDetails(details={"fields": {
                "amount": f"Refund 1 to {left} (minor units)." if left else
                "Everything was refunded already."}})
        self.refunded += amount
        self.updated_at = now
        self._raise(SessionRefunded, now, refund=amount, currency=self.currency)

    def set_details(self, now: datetime, *, meeting_url: str | None = None,
                    notes: str | None = None) -> None:
        if self.status not in BLOCKING:
            raise IllegalSessionTransition("Only upcoming sessions can be edited.")
        if meeting_url is not None:
            self.meeting_url = clean_meeting_url(meeting_url)
        if notes is not None:
            self.notes = _clean_text(notes, "notes", MAX_NOTES)
        self.updated_at = now

    # -- internals -------------------------------------------------------------------------

    def _move(self, to: SessionStatus, now: datetime, *, by: UUID | None,
              reason: str = "") -> None:
        if to not in ALLOWED[self.status]:
            raise IllegalSessionTransition(
                f"A {self.status.value.replace('_', ' ')} session cannot become "
                f"{to.value.replace('_', ' ')}.")
        self.history.append(Transition(from_status=self.status, to_status=to, at=now, by=by,
                                       reason=reason))
        self.status = to
        self.updated_at = now

    def _raise(self, kind: type[SessionEvent], now: datetime, **values: Any) -> None:
        self.events.append(kind(occurred_at=now, session_id=self.id,
                                student_id=self.student_id, mentor_id=self.mentor_id,
                                **values))
