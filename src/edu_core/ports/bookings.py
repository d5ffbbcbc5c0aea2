"""Persistence of booked sessions, booking terms, the ledger and applied gateway events (part
of the unit of work)."""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from edu_core.domain.bookings import BookingPolicy, MentoringSession, SessionStatus
from edu_core.domain.bookings.group import GroupSession
from edu_core.domain.bookings.ledger import Posting, PostingKind
from edu_core.domain.pagination import Page, PageRequest


@dataclass(frozen=True, slots=True)
class SessionListing:
    """A session as its people see it: with their display names (never an e-mail address) and
    whether its student has reviewed it, read together with the session."""

    session: MentoringSession
    student_name: str
    mentor_name: str
    reviewed: bool


class BookingRepository(Protocol):
    def add(self, session: MentoringSession) -> None:
        """Stage a new session. At commit, a range that overlaps another session taking its
        range raises ``SlotTaken`` (the mentor's) or ``StudentBusy`` (the student's); a second
        live trial with one mentor raises ``TrialUsed``."""
        ...

    async def get(self, session_id: UUID, *, lock: bool = False) -> MentoringSession | None:
        """A session; changes to it are written at commit (``ConcurrentModification`` when it
        changed meanwhile). ``lock`` holds its row until the end of the transaction."""
        ...

    async def by_checkout(self, checkout_ref: str) -> MentoringSession | None: ...

    async def taken(self, mentor_id: UUID, start: datetime, end: datetime, *,
                    excluding: UUID | None = None) -> list[tuple[datetime, datetime]]:
        """The ranges of the mentor's sessions that take their range and overlap
        [start, end), in order: one-to-one sessions and scheduled group sessions alike."""
        ...

    async def taken_by_mentors(self, mentor_ids: Collection[UUID], start: datetime,
                               end: datetime) -> dict[UUID, list[tuple[datetime, datetime]]]:
        """``taken`` for several mentors at once (a mentor with none is absent)."""
        ...

    async def for_user(self, user_id: UUID, *, as_mentor: bool, upcoming: bool | None,
                       now: datetime, page: PageRequest, starts_from: datetime | None = None,
                       starts_before: datetime | None = None) -> Page[SessionListing]:
        """Upcoming (not yet ended, soonest first), past (latest first) or, with ``upcoming``
        None, both (soonest first) sessions, listed (names and review read in the same query
        as the page); only those starting in [starts_from, starts_before) where given."""
        ...

    async def listings(self, sessions: Sequence[MentoringSession]) -> list[SessionListing]:
        """Stored sessions listed, in the order given (one query whatever their number)."""
        ...

    async def with_status(self, status: SessionStatus,
                          page: PageRequest) -> Page[MentoringSession]:
        """Sessions in one status, the longest waiting (least recently changed) first."""
        ...

    async def paid_of_mentor(self, mentor_id: UUID, start: datetime,
                             end: datetime) -> list[MentoringSession]:
        """The mentor's sessions starting in [start, end) that took a payment, in order."""
        ...

    async def had_trial(self, student_id: UUID, mentor_id: UUID) -> bool: ...

    async def policy(self, mentor_id: UUID) -> BookingPolicy | None: ...

    async def save_policy(self, mentor_id: UUID, policy: BookingPolicy) -> None: ...


class GroupSessionRepository(Protocol):
    def add(self, group: GroupSession) -> None:
        """Stage a new group session. At commit, a range that overlaps another session of
        its mentor (of either kind) raises ``SlotTaken``."""
        ...

    async def get(self, group_id: UUID, *, lock: bool = False) -> GroupSession | None:
        """A group session with its seats; changes to it (and its seats) are written at
        commit (``ConcurrentModification`` when it changed meanwhile). ``lock`` holds its row
        until the end of the transaction, so seat takers queue. At commit a new seat whose
        student is busy at that time raises ``StudentBusy``; a second taken seat of one
        student ``SeatAlreadyTaken``."""
        ...

    async def of_mentor(self, mentor_id: UUID, *, open_after: datetime | None,
                        page: PageRequest) -> Page[GroupSession]:
        """The mentor's group sessions, soonest first; with ``open_after``, only those still
        scheduled that start after it (what students may still join)."""
        ...

    async def of_student(self, student_id: UUID, page: PageRequest) -> Page[GroupSession]:
        """Group sessions in which the student took a seat (whatever became of it), soonest
        first."""
        ...

    async def upcoming_of(self, user_id: UUID, after: datetime) -> list[UUID]:
        """The scheduled group sessions starting after ``after`` that the user gives (as
        their mentor) or holds a held or taken seat in (for a deleted account)."""
        ...

    async def by_checkout(self, checkout_ref: str, *,
                          lock: bool = False) -> GroupSession | None:
        """The group session one of whose seats went to this checkout (None: no seat did)."""
        ...

    async def completed_of_mentor(self, mentor_id: UUID, start: datetime,
                                  end: datetime) -> list[GroupSession]:
        """The mentor's completed group sessions that started in ``[start, end)`` and had a
        paid seat (the earnings' month), soonest first."""
        ...


class Ledger(Protocol):
    def post(self, posting: Posting) -> None:
        """Stage a posting (written at commit; the books refuse an unbalanced one)."""
        ...

    async def postings(self, *, session_id: UUID | None = None,
                       mentor_id: UUID | None = None,
                       kind: PostingKind | None = None,
                       seat_id: UUID | None = None) -> list[Posting]: ...

    async def lock_payouts(self) -> None:
        """Until the end of the transaction, no other one pays mentors out: two payout runs
        at once would both see the same available balances."""
        ...


class PaymentEventLog(Protocol):
    async def first_time(self, event_id: str, event_type: str, at: datetime) -> bool:
        """Record a gateway event id; False when it was recorded before (a repeat)."""
        ...
