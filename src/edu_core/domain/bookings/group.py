"""A group session (S40): one mentor, one time range, up to ``capacity`` students, each on a
seat of their own.

The mentor schedules it inside their availability; students take a seat (at most one each)
until it starts or it is full, and may give their seat back until the start; the mentor (or an
admin) cancels the whole session, which releases every seat; after its end it completes::

    scheduled -> completed   (its mentor after the end, or the platform a day later)
        \\-> cancelled        (its mentor before the start, an admin any time before completion)

    seat: held -> taken      (a paid seat: the gateway reports its payment)
             \\-> expired    (its hold lapsed unpaid, or its student gave it up before paying)
          taken -> cancelled (its student, before the start; a paid one refunded per the terms)
             \\-> released   (the session was cancelled; a paid one refunded in full)

A free seat is taken at once; a paid one is held (it counts against the capacity and takes its
student's time) until its checkout is paid, like a one-to-one hold.

The session takes its mentor's time, and each taken seat its student's, in the same
per-person exclusion as one-to-one sessions (see migration 0036): nobody is in two places.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from typing import Any
from uuid import UUID, uuid4

from edu_core.domain.bookings import ledger
from edu_core.domain.bookings.ledger import Posting
from edu_core.domain.bookings.policy import CancellationPolicy, CancelledBy
from edu_core.domain.bookings.session import (
    IllegalSessionTransition,
    PaymentMismatch,
    SessionTimeRule,
)
from edu_core.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from edu_core.domain.events import DomainEvent
from edu_core.domain.mentors import MAX_RATE_MAJOR
from edu_core.domain.money import minor_per_major

MIN_CAPACITY = 2
MAX_CAPACITY = 20
MAX_TITLE = 120
MAX_GROUP_MINUTES = 240
# A group session its mentor has not marked held completes by itself this long after its end.
AUTO_COMPLETE_AFTER = timedelta(days=1)


class GroupSessionStatus(Enum):
    SCHEDULED = "scheduled"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class SeatStatus(Enum):
    HELD = "held"  # a paid seat waiting for its checkout
    EXPIRED = "expired"  # held, never paid
    TAKEN = "taken"
    CANCELLED = "cancelled"  # given back by its student
    RELEASED = "released"  # the session was cancelled


class InvalidGroupSession(InvalidInput):
    code = "invalid_group_session"
    default_message = "Some group session details are not acceptable."


class GroupSessionNotFound(NotFound):
    code = "group_session_not_found"
    default_message = "No such group session."


class SeatNotFound(NotFound):
    code = "seat_not_found"
    default_message = "You hold no seat in this group session."


class GroupSessionFull(Conflict):
    code = "group_session_full"
    default_message = "Every seat of this group session is taken."


class SeatAlreadyTaken(Conflict):
    code = "seat_already_taken"
    default_message = "You already hold a seat in this group session."


@dataclass(frozen=True, kw_only=True)
class GroupSessionEvent(DomainEvent):
    group_session_id: UUID
    mentor_id: UUID


@dataclass(frozen=True, kw_only=True)
class GroupSessionScheduled(GroupSessionEvent):
    name = "group_session.scheduled"
    starts_at: datetime
    ends_at: datetime
    capacity: int


@dataclass(frozen=True, kw_only=True)
class SeatTaken(GroupSessionEvent):
    name = "group_session.seat_taken"
    seat_id: UUID
    student_id: UUID
    starts_at: datetime
    seats_left: int


@dataclass(frozen=True, kw_only=True)
class SeatHeld(GroupSessionEvent):
    name = "group_session.seat_held"
    seat_id: UUID
    student_id: UUID
    hold_expires_at: datetime


@dataclass(frozen=True, kw_only=True)
class SeatHoldEnded(GroupSessionEvent):
    name = "group_session.seat_hold_ended"
    seat_id: UUID
    student_id: UUID
    reason: str


@dataclass(frozen=True, kw_only=True)
class SeatCancelled(GroupSessionEvent):
    name = "group_session.seat_cancelled"
    seat_id: UUID
    student_id: UUID
    # After the free-cancellation deadline of the terms in force when it was scheduled.
    late: bool
    refund: int = 0


@dataclass(frozen=True, kw_only=True)
class SeatReleased(GroupSessionEvent):
    """The seat's student deleted their account: the seat is free again, its payment back."""

    name = "group_session.seat_released"
    seat_id: UUID
    student_id: UUID
    refund: int


@dataclass(frozen=True, kw_only=True)
class GroupSessionCancelled(GroupSessionEvent):
    name = "group_session.cancelled"
    starts_at: datetime
    by_admin: bool
    released_students: tuple[UUID, ...]


@dataclass(frozen=True, kw_only=True)
class GroupSessionCompleted(GroupSessionEvent):
    name = "group_session.completed"
    attendees: tuple[UUID, ...]


@dataclass(frozen=True, kw_only=True)
class GroupCompletionDue(DomainEvent):
    """Raised by a durable schedule a day after a group session's end: still scheduled, it
    completes."""

    name = "group_session.completion_due"
    group_session_id: UUID


@dataclass(frozen=True, kw_only=True)
class SeatHoldLapsed(DomainEvent):
    """Raised by a durable schedule when a paid seat's hold is up: still unpaid, it ends."""

    name = "group_session.seat_hold_lapsed"
    group_session_id: UUID
    seat_id: UUID


def completion_schedule_key(group_id: UUID) -> str:
    return f"group:{group_id}:complete"


def seat_hold_key(seat_id: UUID) -> str:
    return f"seat:{seat_id}:hold"


def seat_checkout_key(seat_id: UUID) -> str:
    """The idempotency key of the seat's checkout: a second click opens the same one."""
    return f"seat:{seat_id}:checkout"


def seat_refund_key(seat_id: UUID, kind: str) -> str:
    """The idempotency (and schedule) key of a seat's refund: ``cancel`` (given back, or the
    session called off) or ``late`` (a payment after the hold lapsed). A seat ends once, so
    one of each is all there can be."""
    return f"seat:{seat_id}:{kind}-refund"


def max_seat_price(currency: str) -> int:
    """The same ceiling as an hourly rate, in minor units of ``currency``."""
    return MAX_RATE_MAJOR * minor_per_major(currency)


@dataclass(kw_only=True)
class Seat:
    id: UUID = field(default_factory=uuid4)
    group_session_id: UUID
    student_id: UUID
    status: SeatStatus = SeatStatus.TAKEN
    taken_at: datetime
    ended_at: datetime | None = None
    price: int = 0  # what the seat costs (the session's price when it was taken)
    hold_expires_at: datetime | None = None
    checkout_ref: str | None = None
    payment_ref: str | None = None
    paid: int = 0
    refunded: int = 0

    @property
    def occupies(self) -> bool:
        """Held or taken: it counts against the capacity and takes its student's time."""
        return self.status in (SeatStatus.HELD, SeatStatus.TAKEN)

    def hold_has_lapsed(self, now: datetime) -> bool:
        return self.status is SeatStatus.HELD and self.hold_expires_at is not None and \
            now >= self.hold_expires_at


def _clean_title(raw: str) -> str:
    title = " ".join(raw.split())
    if not 1 <= len(title) <= MAX_TITLE:
        raise InvalidGroupSession(details={"fields": {
            "title": f"Give a title of 1 to {MAX_TITLE} characters."}})
    return title


@dataclass(kw_only=True)
class GroupSession:
    id: UUID = field(default_factory=uuid4)
    mentor_id: UUID
    title: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    seat_price: int  # minor units of ``currency``, per seat
    currency: str
    cancellation: CancellationPolicy
    status: GroupSessionStatus = GroupSessionStatus.SCHEDULED
    created_at: datetime
    updated_at: datetime
    version: int = 1
    seats: list[Seat] = field(default_factory=list)
    events: list[DomainEvent] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def schedule(cls, *, mentor_id: UUID, title: str, starts_at: datetime, minutes: int,
                 capacity: int, seat_price: int, currency: str,
                 cancellation: CancellationPolicy, now: datetime) -> "GroupSession":
        problems: dict[str, str] = {}
        if isinstance(capacity, bool) or not MIN_CAPACITY <= capacity <= MAX_CAPACITY:
            problems["capacity"] = f"Offer {MIN_CAPACITY} to {MAX_CAPACITY} seats."
        if isinstance(seat_price, bool) or not 0 <= seat_price <= max_seat_price(currency):
            problems["seat_price"] = (f"A price is 0 to {max_seat_price(currency):,} (minor "
                                      f"units of {currency}).")
        if isinstance(minutes, bool) or not 0 < minutes <= MAX_GROUP_MINUTES:
            problems["minutes"] = f"A group session lasts 1 to {MAX_GROUP_MINUTES} minutes."
        if problems:
            raise InvalidGroupSession(details={"fields": problems})
        if starts_at <= now:
            raise SessionTimeRule("Choose a time in the future.")
        group = cls(mentor_id=mentor_id, title=_clean_title(title), starts_at=starts_at,
                    ends_at=starts_at + timedelta(minutes=minutes), capacity=capacity,
                    seat_price=seat_price, currency=currency, cancellation=cancellation,
                    created_at=now, updated_at=now)
        group._raise(GroupSessionScheduled, now, starts_at=group.starts_at,
                     ends_at=group.ends_at, capacity=capacity)
        return group

    # -- reading ---------------------------------------------------------------------------

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def taken(self) -> list[Seat]:
        return [seat for seat in self.seats if seat.status is SeatStatus.TAKEN]

    @property
    def occupied(self) -> list[Seat]:
        return [seat for seat in self.seats if seat.occupies]

    @property
    def seats_left(self) -> int:
        return self.capacity - len(self.occupied)

    @property
    def takes_its_range(self) -> bool:
        return self.status is GroupSessionStatus.SCHEDULED

    def seat_of(self, student_id: UUID) -> Seat | None:
        """The student's held or taken seat, if they have one."""
        return next((seat for seat in self.occupied if seat.student_id == student_id), None)

    def seat(self, seat_id: UUID) -> Seat:
        found = next((seat for seat in self.seats if seat.id == seat_id), None)
        if found is None:
            raise SeatNotFound()
        return found

    # -- moves -----------------------------------------------------------------------------

    def take_seat(self, student_id: UUID, now: datetime, *,
                  hold_for: timedelta | None = None) -> Seat:
        """A free seat is taken at once; a paid one is held for ``hold_for`` (required then)
        until its checkout is paid."""
        if student_id == self.mentor_id:
            raise PermissionDenied("Mentors cannot take a seat in their own sessions.")
        self._require_scheduled()
        if now >= self.starts_at:
            raise SessionTimeRule("This group session has begun.")
        if self.seat_of(student_id) is not None:
            raise SeatAlreadyTaken()
        if self.seats_left <= 0:
            raise GroupSessionFull()
        if self.seat_price and hold_for is None:
            raise ValueError("a paid seat is held for a while")
        seat = Seat(group_session_id=self.id, student_id=student_id, taken_at=now,
                    price=self.seat_price)
        self.seats.append(seat)
        self.updated_at = now
        if self.seat_price and hold_for is not None:
            seat.status = SeatStatus.HELD
            # Never past the start: nobody pays for a session that has begun.
            seat.hold_expires_at = min(now + hold_for, self.starts_at)
            self._raise(SeatHeld, now, seat_id=seat.id, student_id=student_id,
                        hold_expires_at=seat.hold_expires_at)
        else:
            self._raise(SeatTaken, now, seat_id=seat.id, student_id=student_id,
                        starts_at=self.starts_at, seats_left=self.seats_left)
        return seat

    def await_payment(self, seat_id: UUID, checkout_ref: str, now: datetime,
                      expires_at: datetime | None = None) -> Seat:
        """The seat's checkout is open; the hold lasts as long as it does (once more for a
        second click, which finds the same checkout)."""
        seat = self.seat(seat_id)
        if seat.status is not SeatStatus.HELD:
            raise IllegalSessionTransition(f"This seat is {seat.status.value}.")
        seat.checkout_ref = checkout_ref
        if expires_at is not None:
            seat.hold_expires_at = expires_at
        self.updated_at = now
        return seat

    def confirm_seat(self, seat_id: UUID, amount: int, now: datetime,
                     payment_ref: str | None) -> Seat:
        """The gateway reports the seat's price paid: the hold becomes a taken seat. A
        payment for a seat no longer held is not confirmed (the caller refunds it)."""
        seat = self.seat(seat_id)
        if seat.status is not SeatStatus.HELD or \
                self.status is not GroupSessionStatus.SCHEDULED:
            raise IllegalSessionTransition(f"This seat is {seat.status.value}.")
        if amount != seat.price:
            raise PaymentMismatch()
        seat.status, seat.paid, seat.payment_ref = SeatStatus.TAKEN, amount, payment_ref
        self.updated_at = now
        self._raise(SeatTaken, now, seat_id=seat.id, student_id=seat.student_id,
                    starts_at=self.starts_at, seats_left=self.seats_left)
        return seat

    def end_hold(self, seat_id: UUID, now: datetime, reason: str) -> Seat | None:
        """An unpaid hold ends (lapsed, its checkout expired, given up): the seat is free
        again. None when the seat is not held (nothing to end)."""
        seat = self.seat(seat_id)
        if seat.status is not SeatStatus.HELD:
            return None
        seat.status, seat.ended_at = SeatStatus.EXPIRED, now
        self.updated_at = now
        self._raise(SeatHoldEnded, now, seat_id=seat.id, student_id=seat.student_id,
                    reason=reason)
        return seat

    def refund_late_payment(self, seat_id: UUID, amount: int, payment_ref: str) -> Seat:
        """A payment that came after the seat stopped waiting for it goes straight back (its
        reference kept: told of it again, the seat knows it was handled)."""
        seat = self.seat(seat_id)
        seat.paid += amount
        seat.refunded += amount
        seat.payment_ref = payment_ref
        return seat

    def cancel_seat(self, student_id: UUID, now: datetime) -> tuple[Seat, int]:
        """The student gives their seat back, until the start; it is free for someone else.
        Returns the seat and what goes back of its payment: all of it until
        ``free_cancellation_until``, later the late share of the terms copied on. A held seat
        not yet paid simply ends (refund 0)."""
        seat = self.seat_of(student_id)
        if seat is None:
            raise SeatNotFound()
        if seat.status is SeatStatus.HELD:
            self.end_hold(seat.id, now, "given up by the student")
            return seat, 0
        if now >= self.starts_at:
            raise SessionTimeRule("The group session has started: the seat can no longer be "
                                  "given back.")
        refund = self.cancellation.refund(seat.paid, starts_at=self.starts_at, at=now,
                                          by=CancelledBy.STUDENT)
        seat.status, seat.ended_at = SeatStatus.CANCELLED, now
        seat.refunded += refund
        self.updated_at = now
        self._raise(SeatCancelled, now, seat_id=seat.id, student_id=student_id,
                    late=now > self.cancellation.free_until(self.starts_at), refund=refund)
        return seat, refund

    def release_seat_of(self, student_id: UUID, now: datetime) -> tuple[Seat, int] | None:
        """The student's account was deleted: their seat of a session still to come is
        released (a hold simply ends), and a paid one refunded in full, as when the session
        is called off. None when they hold none, or the session is not scheduled or has
        begun (a seat of the past stays as it was)."""
        seat = self.seat_of(student_id)
        if seat is None or self.status is not GroupSessionStatus.SCHEDULED or \
                now >= self.starts_at:
            return None
        if seat.status is SeatStatus.HELD:
            self.end_hold(seat.id, now, "the account was deleted")
            return seat, 0
        refund = seat.paid - seat.refunded
        seat.status, seat.ended_at = SeatStatus.RELEASED, now
        seat.refunded += refund
        self.updated_at = now
        self._raise(SeatReleased, now, seat_id=seat.id, student_id=student_id, refund=refund)
        return seat, refund

    def cancel(self, now: datetime, *, by_admin: bool) -> list[Seat]:
        """Calls the session off and releases every taken seat (returned, each refunded in
        full: ``seat.refunded``); unpaid holds end. Its mentor may until the start, an admin
        until it completes."""
        self._require_scheduled()
        if now >= self.starts_at and not by_admin:
            raise SessionTimeRule("The group session has started: ask an administrator.")
        released = self.taken
        for seat in self.occupied:
            if seat.status is SeatStatus.HELD:
                self.end_hold(seat.id, now, "the session was called off")
                continue
            seat.status, seat.ended_at = SeatStatus.RELEASED, now
            # Whoever calls it off, every paid seat comes back in full.
            seat.refunded += seat.paid - seat.refunded
        self.status = GroupSessionStatus.CANCELLED
        self.updated_at = now
        self._raise(GroupSessionCancelled, now, starts_at=self.starts_at, by_admin=by_admin,
                    released_students=tuple(seat.student_id for seat in released))
        return released

    def complete(self, now: datetime) -> None:
        self._require_scheduled()
        if now < self.ends_at:
            raise SessionTimeRule("A group session can be completed once it has ended.")
        for seat in self.occupied:  # a hold never paid (its lapse is on its way) ends here
            if seat.status is SeatStatus.HELD:
                self.end_hold(seat.id, now, "the session is over")
        self.status = GroupSessionStatus.COMPLETED
        self.updated_at = now
        self._raise(GroupSessionCompleted, now,
                    attendees=tuple(seat.student_id for seat in self.taken))

    # -- internals -------------------------------------------------------------------------

    def _require_scheduled(self) -> None:
        if self.status is not GroupSessionStatus.SCHEDULED:
            raise IllegalSessionTransition(f"This group session is {self.status.value}.")

    def _raise(self, kind: type[GroupSessionEvent], now: datetime, **values: Any) -> None:
        self.events.append(kind(occurred_at=now, group_session_id=self.id,
                                mentor_id=self.mentor_id, **values))


def seat_release(group: GroupSession, seat: Seat, postings: Iterable[Posting],
                 now: datetime) -> Posting | None:
    """Once the session is completed, what is still pending for the mentor from one of its
    seats (a taken seat, or what a late cancellation kept) becomes payable; None when it was
    released already or nothing is left (unpaid, or refunded in full)."""
    if group.status is not GroupSessionStatus.COMPLETED:
        return None
    mine = [p for p in postings if p.seat_id == seat.id]
    if any(p.kind is ledger.PostingKind.RELEASE for p in mine):
        return None
    left = -sum(e.amount for p in mine for e in p.entries
                if e.account == ledger.pending(group.mentor_id))
    if left <= 0:
        return None
    return ledger.release(session_id=None, seat_id=seat.id, mentor_id=group.mentor_id,
                          net=left, currency=group.currency, at=now)
