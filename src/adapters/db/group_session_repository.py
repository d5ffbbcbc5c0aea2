"""Postgres repository of group sessions and their seats.

Written at commit (``flush``): new sessions inserted, loaded ones updated under their version
(with the count of taken seats the table checks against the capacity), new seats inserted and
changed ones updated. The database refuses what concurrency could break: triggers copy each
session's and each taken seat's range into ``time_claims``, whose exclusion constraints refuse
a mentor or a student in two places (``SlotTaken`` / ``StudentBusy``, see migration 0036), and
a partial unique index keeps one taken seat per student (``SeatAlreadyTaken``).
"""

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import RowMapping, func, insert, select, update

from adapters.db.connections import Session
from adapters.db.results import rowcount
from adapters.db.tables import group_seats, group_sessions
from adapters.pending_events import PendingEvents
from edu_core.domain.bookings import CancellationPolicy
from edu_core.domain.bookings.group import GroupSession, GroupSessionStatus, Seat, SeatStatus
from edu_core.domain.errors import ConcurrentModification
from edu_core.domain.pagination import Page, PageRequest

g = group_sessions.c
seat_c = group_seats.c
_COLUMNS = ("id", "mentor_id", "title", "starts_at", "ends_at", "capacity", "seat_price",
            "currency", "created_at", "updated_at", "version")


def group_values(group: GroupSession) -> dict[str, Any]:
    values = {c: getattr(group, c) for c in _COLUMNS}
    values["status"] = group.status.value
    values["seats_taken"] = len(group.occupied)  # held seats count against the capacity
    values["free_until_hours"] = group.cancellation.free_until_hours
    values["late_refund_percent"] = group.cancellation.late_refund_percent
    return values


_SEAT_COLUMNS = ("id", "group_session_id", "student_id", "taken_at", "ended_at", "price",
                 "hold_expires_at", "checkout_ref", "payment_ref", "paid", "refunded")


def _seat_values(seat: Seat) -> dict[str, Any]:
    return {**{c: getattr(seat, c) for c in _SEAT_COLUMNS}, "status": seat.status.value}


class PostgresGroupSessionRepository:
    def __init__(self, session: Session, events: PendingEvents) -> None:
        self._s = session
        self._pending = events
        self._new: list[GroupSession] = []
        # Loaded sessions with their values and their seats' values as read.
        self._loaded: dict[UUID, tuple[GroupSession, dict[str, Any],
                                       dict[UUID, dict[str, Any]]]] = {}

    def add(self, group: GroupSession) -> None:
        self._new.append(group)

    async def _load(self, rows: list[RowMapping]) -> list[GroupSession]:
        if not rows:
            return []
        seats: dict[UUID, list[Seat]] = {r["id"]: [] for r in rows}
        for row in (await self._s.execute(
                select(group_seats).where(seat_c.group_session_id.in_(list(seats)))
                .order_by(seat_c.group_session_id, seat_c.taken_at, seat_c.id))).mappings():
            seats[row["group_session_id"]].append(Seat(
                **{c: row[c] for c in _SEAT_COLUMNS}, status=SeatStatus(row["status"])))
        found = []
        for row in rows:
            known = self._loaded.get(row["id"])
            if known is not None:  # one row, one object per unit of work
                found.append(known[0])
                continue
            group = GroupSession(
                **{c: row[c] for c in _COLUMNS}, status=GroupSessionStatus(row["status"]),
                cancellation=CancellationPolicy(free_until_hours=row["free_until_hours"],
                                                late_refund_percent=row["late_refund_percent"]),
                seats=seats[row["id"]])
            self._remember(group)
            found.append(group)
        return found

    def _remember(self, group: GroupSession) -> None:
        self._loaded[group.id] = (group, group_values(group),
                                  {seat.id: _seat_values(seat) for seat in group.seats})

    async def get(self, group_id: UUID, *, lock: bool = False) -> GroupSession | None:
        statement = select(group_sessions).where(g.id == group_id)
        if lock:
            statement = statement.with_for_update()
        found = await self._load(list((await self._s.execute(statement)).mappings()))
        return found[0] if found else None

    async def _page(self, condition: Any, page: PageRequest) -> Page[GroupSession]:
        total = (await self._s.execute(
            select(func.count()).select_from(group_sessions).where(condition))).scalar_one()
        rows = list((await self._s.execute(
            select(group_sessions).where(condition).order_by(g.starts_at, g.id)
            .limit(page.page_size).offset(page.offset))).mappings())
        return Page(items=await self._load(rows), total=total, page=page.page,
                    page_size=page.page_size)

    async def of_mentor(self, mentor_id: UUID, *, open_after: datetime | None,
                        page: PageRequest) -> Page[GroupSession]:
        condition = g.mentor_id == mentor_id
        if open_after is not None:
            condition = condition & (g.status == GroupSessionStatus.SCHEDULED.value) & (
                g.starts_at > open_after)
        return await self._page(condition, page)

    async def of_student(self, student_id: UUID, page: PageRequest) -> Page[GroupSession]:
        return await self._page(g.id.in_(select(seat_c.group_session_id).where(
            seat_c.student_id == student_id)), page)

    async def upcoming_of(self, user_id: UUID, after: datetime) -> list[UUID]:
        seated = select(seat_c.group_session_id).where(
            seat_c.student_id == user_id,
            seat_c.status.in_([SeatStatus.HELD.value, SeatStatus.TAKEN.value]))
        rows = await self._s.execute(select(g.id).where(
            g.status == GroupSessionStatus.SCHEDULED.value, g.starts_at > after,
            (g.mentor_id == user_id) | g.id.in_(seated)).order_by(g.starts_at, g.id))
        return list(rows.scalars())

    async def by_checkout(self, checkout_ref: str, *,
                          lock: bool = False) -> GroupSession | None:
        statement = select(group_sessions).where(g.id == select(seat_c.group_session_id).where(
            seat_c.checkout_ref == checkout_ref).scalar_subquery())
        if lock:
            statement = statement.with_for_update()
        found = await self._load(list((await self._s.execute(statement)).mappings()))
        return found[0] if found else None

    async def completed_of_mentor(self, mentor_id: UUID, start: datetime,
                                  end: datetime) -> list[GroupSession]:
        paid = select(seat_c.group_session_id).where(seat_c.paid > 0)
        rows = await self._s.execute(select(group_sessions).where(
            g.mentor_id == mentor_id, g.status == GroupSessionStatus.COMPLETED.value,
            g.starts_at >= start, g.starts_at < end, g.id.in_(paid))
            .order_by(g.starts_at, g.id))
        return await self._load(list(rows.mappings()))

    async def flush(self) -> None:
        """Write what changed: called by the unit of work at commit."""
        for group in self._new:
            await self._s.execute(insert(group_sessions).values(**group_values(group)))
            await self._write_seats(group, {})
            self._done(group)
        self._new.clear()
        for group, before, seats_before in list(self._loaded.values()):
            values = group_values(group)
            seats_now = {seat.id: _seat_values(seat) for seat in group.seats}
            if values == before and seats_now == seats_before:
                continue
            # Written only if nobody changed the row (or its seats) since it was read.
            values["version"] = before["version"] + 1
            result = await self._s.execute(update(group_sessions).where(
                g.id == group.id, g.version == before["version"]).values(**values))
            if rowcount(result) != 1:
                raise ConcurrentModification()
            group.version = values["version"]
            await self._write_seats(group, seats_before)
            self._done(group)

    async def _write_seats(self, group: GroupSession,
                           before: dict[UUID, dict[str, Any]]) -> None:
        # Given-back seats first: a student who gave theirs back and took a new one in the
        # same transaction must not meet their old seat in the unique index.
        for seat in sorted(group.seats, key=lambda s: s.occupies):
            values = _seat_values(seat)
            if seat.id not in before:
                await self._s.execute(insert(group_seats).values(**values))
            elif values != before[seat.id]:
                await self._s.execute(update(group_seats).where(seat_c.id == seat.id)
                                      .values(**values))

    def _done(self, group: GroupSession) -> None:
        self._pending.take_from(group)
        self._remember(group)
