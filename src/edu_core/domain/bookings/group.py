"""A group session (S40): one mentor, one time range, up to ``capacity`` students, each on a
seat of their own.

The mentor schedules it inside their availability; students take a seat (at most one each)
until it starts or it is full, and may give their seat back until the start; the mentor (or an
admin) cancels the whole session, which releases every seat; after its end it completes::

    scheduled -> completed   (its mentor after the end, or the platform a day later)
        \\-> cancelled        (its mentor before the start, an admin any time before completion)

    seat: taken -> cancelled (its student, before the start)
             \\-> released   (the session was cancelled)

The session takes its mentor's time, and each taken seat its student's, in the same
per-person exclusion as one-to-one sessions (see migration 0036): nobody is in two places.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from typing import Any
from uuid import UUID, uuid4

from edu_core.domain.bookings.policy import CancellationPolicy
from edu_core.domain.bookings.session import IllegalSessionTransition, SessionTimeRule
from edu_core.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from edu_core.domain.events import DomainEvent

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
class SeatCancelled(GroupSessionEvent):
    name = "group_session.seat_cancelled"
    seat_id: UUID
    student_id: UUID
    # After the free-cancellation deadline of the terms in force when it was scheduled.
    late: bool


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


def completion_schedule_key(group_id: UUID) -> str:
    return f"group:{group_id}:complete"


@dataclass(kw_only=True)
class Seat:
    id: UUID = field(default_factory=uuid4)
    group_session_id: UUID
    student_id: UUID
    status: SeatStatus = SeatStatus.TAKEN
    taken_at: datetime
    ended_at: datetime | None = None


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
        if isinstance(seat_price, bool) or seat_price < 0:
            problems["seat_price"] = "A price is zero or more (minor units)."
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
    def seats_left(self) -> int:
        return self.capacity - len(self.taken)

    @property
    def takes_its_range(self) -> bool:
        return self.status is GroupSessionStatus.SCHEDULED

    def seat_of(self, student_id: UUID) -> Seat | None:
        """The student's taken seat, if they hold one."""
        return next((seat for seat in self.taken if seat.student_id == student_id), None)

    # -- moves -----------------------------------------------------------------------------

    def take_seat(self, student_id: UUID, now: datetime) -> Seat:
        if student_id == self.mentor_id:
            raise PermissionDenied("Mentors cannot take a seat in their own sessions.")
        self._require_scheduled()
        if now >= self.starts_at:
            raise SessionTimeRule("This group session has begun.")
        if self.seat_of(student_id) is not None:
            raise SeatAlreadyTaken()
        if self.seats_left <= 0:
            raise GroupSessionFull()
        seat = Seat(group_session_id=self.id, student_id=student_id, taken_at=now)
        self.seats.append(seat)
        self.updated_at = now
        self._raise(SeatTaken, now, seat_id=seat.id, student_id=student_id,
                    starts_at=self.starts_at, seats_left=self.seats_left)
        return seat

    def cancel_seat(self, student_id: UUID, now: datetime) -> Seat:
        """The student gives their seat back, until the start; it is free for someone else."""
        seat = self.seat_of(student_id)
        if seat is None:
            raise SeatNotFound()
        if now >= self.starts_at:
            raise SessionTimeRule("The group session has started: the seat can no longer be "
                                  "given back.")
        seat.status, seat.ended_at = SeatStatus.CANCELLED, now
        self.updated_at = now
        self._raise(SeatCancelled, now, seat_id=seat.id, student_id=student_id,
                    late=now > self.cancellation.free_until(self.starts_at))
        return seat

    def cancel(self, now: datetime, *, by_admin: bool) -> list[Seat]:
        """Calls the session off and releases every taken seat (returned). Its mentor may
        until the start, an admin until it completes."""
        self._require_scheduled()
        if now >= self.starts_at and not by_admin:
            raise SessionTimeRule("The group session has started: ask an administrator.")
        released = self.taken
        for seat in released:
            seat.status, seat.ended_at = SeatStatus.RELEASED, now
        self.status = GroupSessionStatus.CANCELLED
        self.updated_at = now
        self._raise(GroupSessionCancelled, now, starts_at=self.starts_at, by_admin=by_admin,
                    released_students=tuple(seat.student_id for seat in released))
        return released

    def complete(self, now: datetime) -> None:
        self._require_scheduled()
        if now < self.ends_at:
            raise SessionTimeRule("A group session can be completed once it has ended.")
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
