"""In-memory bookings, group sessions, ledger and payment event log, staged until commit;
``check_commit`` refuses what the database's constraints refuse (a person in two places,
whatever the kinds of session; a second live trial; a second seat of one student)."""

import copy
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from uuid import UUID

from adapters.memory.reviews import ReviewData
from adapters.pending_events import PendingEvents
from edu_core.domain.bookings import (
    BookingPolicy,
    MentoringSession,
    SessionStatus,
    SlotTaken,
    StudentBusy,
    TrialUsed,
)
from edu_core.domain.bookings.group import GroupSession, GroupSessionStatus, SeatAlreadyTaken
from edu_core.domain.bookings.ledger import Posting, PostingKind
from edu_core.domain.errors import ConcurrentModification
from edu_core.domain.identity import User
from edu_core.domain.pagination import Page, PageRequest
from edu_core.ports.bookings import SessionListing

_NO_TRIAL = (SessionStatus.EXPIRED, SessionStatus.CANCELLED)


@dataclass
class BookingData:
    sessions: dict[UUID, MentoringSession] = field(default_factory=dict)
    policies: dict[UUID, BookingPolicy] = field(default_factory=dict)
    postings: list[Posting] = field(default_factory=list)
    payment_events: set[str] = field(default_factory=set)
    groups: dict[UUID, GroupSession] = field(default_factory=dict)


Claim = tuple[datetime, datetime, UUID]  # a range and the session or seat taking it


def time_claims(sessions: Iterable[MentoringSession], groups: Iterable[GroupSession]
                ) -> dict[tuple[str, UUID], list[Claim]]:
    """What the database's ``time_claims`` holds: each person's taken ranges by party."""
    claims: dict[tuple[str, UUID], list[Claim]] = {}
    for x in sessions:
        if x.blocks_its_range:
            claims.setdefault(("mentor", x.mentor_id), []).append((x.starts_at, x.ends_at, x.id))
            claims.setdefault(("student", x.student_id), []).append(
                (x.starts_at, x.ends_at, x.id))
    for group in groups:
        if group.takes_its_range:
            claims.setdefault(("mentor", group.mentor_id), []).append(
                (group.starts_at, group.ends_at, group.id))
        for seat in group.occupied:
            claims.setdefault(("student", seat.student_id), []).append(
                (group.starts_at, group.ends_at, seat.id))
    return claims


def check_time_claims(sessions: Iterable[MentoringSession],
                      groups: Iterable[GroupSession]) -> None:
    """The two exclusion constraints of ``time_claims``: the mentor's first."""
    claims = time_claims(sessions, groups)
    for party, error in (("mentor", SlotTaken), ("student", StudentBusy)):
        for (kind, _), ranges in claims.items():
            ranges.sort()
            if kind == party and any(later[0] < earlier[1]
                                     for earlier, later in pairwise(ranges)):
                raise error()


class MemoryBookingRepository:
    def __init__(self, data: BookingData, *, users: Mapping[UUID, User],
                 reviews: ReviewData,
                 groups: Callable[[], Mapping[UUID, GroupSession]]) -> None:
        self._data = data
        # The group sessions as this unit of work sees them (stored and staged).
        self._groups = groups
        # The stored people and reviews, read (as a join reads them) to list sessions.
        self._users = users
        self._reviews = reviews
        self.staged: dict[UUID, MentoringSession] = {}
        self._versions: dict[UUID, int] = {}
        self.staged_policies: dict[UUID, BookingPolicy] = {}

    def add(self, session: MentoringSession) -> None:
        self.staged[session.id] = session
        self._versions[session.id] = 0

    def _all(self) -> dict[UUID, MentoringSession]:
        return {**self._data.sessions, **self.staged}

    async def get(self, session_id: UUID, *, lock: bool = False) -> MentoringSession | None:
        if session_id not in self.staged:
            stored = self._data.sessions.get(session_id)
            if stored is None:
                return None
            self.staged[session_id] = copy.deepcopy(stored)
            self._versions[session_id] = stored.version
        return self.staged[session_id]

    async def by_checkout(self, checkout_ref: str) -> MentoringSession | None:
        for session in self._all().values():
            if session.checkout_ref == checkout_ref:
                return await self.get(session.id)
        return None

    async def taken(self, mentor_id: UUID, start: datetime, end: datetime, *,
                    excluding: UUID | None = None) -> list[tuple[datetime, datetime]]:
        claims = time_claims(self._all().values(), self._groups().values())
        return sorted((a, b) for a, b, source in claims.get(("mentor", mentor_id), [])
                      if source != excluding and a < end and b > start)

    async def taken_by_mentors(self, mentor_ids: Collection[UUID], start: datetime,
                               end: datetime) -> dict[UUID, list[tuple[datetime, datetime]]]:
        found = {m: await self.taken(m, start, end) for m in mentor_ids}
        return {m: ranges for m, ranges in found.items() if ranges}

    async def for_user(self, user_id: UUID, *, as_mentor: bool, upcoming: bool | None,
                       now: datetime, page: PageRequest, starts_from: datetime | None = None,
                       starts_before: datetime | None = None) -> Page[SessionListing]:
        found = [x for x in self._all().values()
                 if (x.mentor_id if as_mentor else x.student_id) == user_id
                 and (x.status is not SessionStatus.EXPIRED or x.paid > 0)
                 and (upcoming is None or (x.ends_at > now if upcoming else x.ends_at <= now))
                 and (starts_from is None or x.starts_at >= starts_from)
                 and (starts_before is None or x.starts_at < starts_before)]
        found.sort(key=lambda x: (x.starts_at, x.id), reverse=upcoming is False)
        shown = [await self.get(x.id) or x for x in found[page.offset:page.offset + page.page_size]]
        return Page(items=await self.listings(shown), total=len(found),
                    page=page.page, page_size=page.page_size)

    async def listings(self, sessions: Sequence[MentoringSession]) -> list[SessionListing]:
        reviewed = {review.session_id for review in self._reviews.reviews.values()}
        return [SessionListing(session=x, student_name=self._users[x.student_id].display_name,
                               mentor_name=self._users[x.mentor_id].display_name,
                               reviewed=x.id in reviewed) for x in sessions]

    async def with_status(self, status: SessionStatus,
                          page: PageRequest) -> Page[MentoringSession]:
        found = sorted((x for x in self._all().values() if x.status is status),
                       key=lambda x: (x.updated_at, x.id))
        return Page(items=found[page.offset:page.offset + page.page_size], total=len(found),
                    page=page.page, page_size=page.page_size)

    async def paid_of_mentor(self, mentor_id: UUID, start: datetime,
                             end: datetime) -> list[MentoringSession]:
        return sorted((x for x in self._all().values() if x.mentor_id == mentor_id
                       and x.paid > 0 and start <= x.starts_at < end),
                      key=lambda x: (x.starts_at, x.id))

    async def had_trial(self, student_id: UUID, mentor_id: UUID) -> bool:
        return any(x.student_id == student_id and x.mentor_id == mentor_id and x.trial
                   and x.status not in _NO_TRIAL for x in self._all().values())

    async def policy(self, mentor_id: UUID) -> BookingPolicy | None:
        return self.staged_policies.get(mentor_id) or self._data.policies.get(mentor_id)

    async def save_policy(self, mentor_id: UUID, policy: BookingPolicy) -> None:
        self.staged_policies[mentor_id] = policy

    def check_commit(self) -> None:
        """What the exclusion constraints and the trial index refuse, refused here."""
        sessions = self._all()
        for session in self.staged.values():
            stored = self._data.sessions.get(session.id)
            if stored is not None and stored.version != self._versions[session.id]:
                raise ConcurrentModification()
            if session.trial and session.status not in _NO_TRIAL and any(
                    o.id != session.id and o.trial and o.status not in _NO_TRIAL
                    and (o.student_id, o.mentor_id) == (session.student_id, session.mentor_id)
                    for o in sessions.values()):
                raise TrialUsed()
        check_time_claims(sessions.values(), self._groups().values())

    def apply(self, events: PendingEvents) -> None:
        """Store the staged sessions, their events going to ``events``."""
        for session_id, session in self.staged.items():
            events.take_from(session)
            stored = self._data.sessions.get(session_id)
            if stored is not None and stored == session:
                continue
            if stored is not None:
                session.version = stored.version + 1
            self._data.sessions[session_id] = copy.deepcopy(session)
        self._data.policies.update(self.staged_policies)


class MemoryGroupSessionRepository:
    def __init__(self, data: BookingData) -> None:
        self._data = data
        self.staged: dict[UUID, GroupSession] = {}
        self._versions: dict[UUID, int] = {}

    def add(self, group: GroupSession) -> None:
        self.staged[group.id] = group
        self._versions[group.id] = 0

    def all(self) -> dict[UUID, GroupSession]:
        return {**self._data.groups, **self.staged}

    async def get(self, group_id: UUID, *, lock: bool = False) -> GroupSession | None:
        if group_id not in self.staged:
            stored = self._data.groups.get(group_id)
            if stored is None:
                return None
            self.staged[group_id] = copy.deepcopy(stored)
            self._versions[group_id] = stored.version
        return self.staged[group_id]

    async def _page(self, found: list[GroupSession], page: PageRequest) -> Page[GroupSession]:
        found.sort(key=lambda x: (x.starts_at, x.id))
        return Page(items=[await self.get(x.id) or x
                           for x in found[page.offset:page.offset + page.page_size]],
                    total=len(found), page=page.page, page_size=page.page_size)

    async def of_mentor(self, mentor_id: UUID, *, open_after: datetime | None,
                        page: PageRequest) -> Page[GroupSession]:
        return await self._page([x for x in self.all().values() if x.mentor_id == mentor_id
                                 and (open_after is None or (x.takes_its_range
                                                             and x.starts_at > open_after))],
                                page)

    async def of_student(self, student_id: UUID, page: PageRequest) -> Page[GroupSession]:
        return await self._page([x for x in self.all().values()
                                 if any(s.student_id == student_id for s in x.seats)], page)

    async def upcoming_of(self, user_id: UUID, after: datetime) -> list[UUID]:
        found = [x for x in self.all().values()
                 if x.takes_its_range and x.starts_at > after
                 and (x.mentor_id == user_id or x.seat_of(user_id) is not None)]
        return [x.id for x in sorted(found, key=lambda x: (x.starts_at, x.id))]

    async def by_checkout(self, checkout_ref: str, *,
                          lock: bool = False) -> GroupSession | None:
        found = next((x for x in self.all().values()
                      if any(s.checkout_ref == checkout_ref for s in x.seats)), None)
        return None if found is None else await self.get(found.id)

    async def completed_of_mentor(self, mentor_id: UUID, start: datetime,
                                  end: datetime) -> list[GroupSession]:
        found = [x for x in self.all().values()
                 if x.mentor_id == mentor_id and x.status is GroupSessionStatus.COMPLETED
                 and start <= x.starts_at < end and any(seat.paid for seat in x.seats)]
        return [await self.get(x.id) or x
                for x in sorted(found, key=lambda x: (x.starts_at, x.id))]

    def check_commit(self) -> None:
        """Stale writes and a student's second taken seat; ranges are the bookings'."""
        for group in self.staged.values():
            stored = self._data.groups.get(group.id)
            if stored is not None and stored.version != self._versions[group.id]:
                raise ConcurrentModification()
            holders = [seat.student_id for seat in group.occupied]
            if len(holders) != len(set(holders)):
                raise SeatAlreadyTaken()

    def apply(self, events: PendingEvents) -> None:
        for group_id, group in self.staged.items():
            events.take_from(group)
            stored = self._data.groups.get(group_id)
            if stored is not None and stored == group:
                continue
            if stored is not None:
                group.version = stored.version + 1
            self._data.groups[group_id] = copy.deepcopy(group)


class MemoryLedger:
    def __init__(self, data: BookingData) -> None:
        self._data = data
        self.staged: list[Posting] = []

    def post(self, posting: Posting) -> None:
        self.staged.append(posting)

    async def postings(self, *, session_id: UUID | None = None,
                       mentor_id: UUID | None = None,
                       kind: PostingKind | None = None,
                       seat_id: UUID | None = None) -> list[Posting]:
        return [p for p in [*self._data.postings, *self.staged]
                if (session_id is None or p.session_id == session_id)
                and (seat_id is None or p.seat_id == seat_id)
                and (mentor_id is None or any(e.account.owner == mentor_id for e in p.entries))
                and (kind is None or p.kind is kind)]

    async def lock_payouts(self) -> None:
        """One event loop and no awaits between reading and staging: nothing to lock."""

    def apply(self) -> None:
        self._data.postings.extend(self.staged)


class MemoryPaymentEventLog:
    def __init__(self, data: BookingData) -> None:
        self._data = data
        self.staged: set[str] = set()

    async def first_time(self, event_id: str, event_type: str, at: datetime) -> bool:
        if event_id in self._data.payment_events or event_id in self.staged:
            return False
        self.staged.add(event_id)
        return True

    def apply(self) -> None:
        self._data.payment_events.update(self.staged)
