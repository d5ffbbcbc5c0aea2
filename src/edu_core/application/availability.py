"""Mentor availability (S21): the mentor edits weekly windows, overrides and rules; anyone
sees a verified mentor's bookable slots in their own time zone."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from edu_core.application.actors import Principal
from edu_core.application.mentors import NotAMentor
from edu_core.domain.availability import (
    MAX_HORIZON_DAYS,
    Availability,
    AvailabilityRules,
    DateOverride,
    Slot,
    WeeklyWindow,
    expand_slots,
)
from edu_core.domain.errors import InvalidInput
from edu_core.domain.identity import Role, validate_timezone
from edu_core.domain.mentors import MentorProfileNotFound
from edu_core.ports.clock import Clock
from edu_core.ports.unit_of_work import UnitOfWorkFactory

DEFAULT_SESSION_LENGTHS = (60,)
# A slots request covers at most this much time: enough for a month view with margins.
MAX_SLOT_RANGE = timedelta(days=42)


@dataclass(frozen=True)
class AvailabilityChanges:
    timezone: str
    session_lengths: Sequence[int]
    buffer_minutes: int
    min_notice_minutes: int
    horizon_days: int
    weekly: Sequence[WeeklyWindow]
    overrides: Sequence[DateOverride]


@dataclass(frozen=True)
class SlotsView:
    mentor_id: UUID
    timezone: str  # the viewer's
    session_minutes: int
    session_lengths: tuple[int, ...]
    slots: list[Slot]  # in the viewer's zone


class AvailabilityService:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def mine(self, principal: Principal) -> Availability:
        self._mentor_only(principal)
        async with self._uow() as uow:
            found = await uow.availability.get(principal.user_id)
            if found is not None:
                return found
            profile = await uow.mentors.get(principal.user_id)
            user = await uow.users.get(principal.user_id)
        zone = profile.timezone if profile else (user.timezone if user else "UTC")
        # Not stored until the mentor saves: an empty week offers nothing.
        return Availability(mentor_id=principal.user_id, rules=AvailabilityRules(
            timezone=zone, session_lengths=DEFAULT_SESSION_LENGTHS))

    async def replace_mine(self, principal: Principal, changes: AvailabilityChanges,
                           *, expected_version: int) -> Availability:
        self._mentor_only(principal)
        availability = Availability(
            mentor_id=principal.user_id,
            rules=AvailabilityRules(timezone=changes.timezone,
                                    session_lengths=tuple(changes.session_lengths),
                                    buffer_minutes=changes.buffer_minutes,
                                    min_notice_minutes=changes.min_notice_minutes,
                                    horizon_days=changes.horizon_days),
            weekly=tuple(changes.weekly), overrides=tuple(changes.overrides),
            version=expected_version)
        async with self._uow() as uow:
            if await uow.mentors.get(principal.user_id) is None:
                raise InvalidInput("Start your mentor profile before setting availability.")
            saved = await uow.availability.save(availability)
            await uow.commit()
        return saved

    async def slots(self, mentor_id: UUID, *, start: date, days: int, viewer_timezone: str,
                    session_minutes: int | None) -> SlotsView:
        """Bookable slots starting from the viewer's local midnight of ``start`` for ``days``
        days; consecutive pages share out every slot exactly once."""
        zone_name = validate_timezone(viewer_timezone)
        if not 1 <= days <= MAX_SLOT_RANGE.days:
            raise InvalidInput(f"Ask for 1 to {MAX_SLOT_RANGE.days} days.",
                               details={"fields": {"days": "Out of range."}})
        zone = ZoneInfo(zone_name)
        now = self._clock.now()
        # No slot starts before now or beyond the longest horizon: a page far from them is
        # empty, and its bounds may not even exist (the week after 9999-12-31).
        today = now.astimezone(zone).date()
        reachable = (today - timedelta(days=days + 1) <= start
                     <= today + timedelta(days=MAX_HORIZON_DAYS + 1))
        async with self._uow() as uow:
            profile = await uow.mentors.get(mentor_id)
            user = await uow.users.get(mentor_id)
            if profile is None or user is None or not profile.is_public or (
                    user.status.value != "active"):
                raise MentorProfileNotFound()
            availability = await uow.availability.get(mentor_id)
            # Held and booked sessions are not free: their slots vanish from the calendar.
            taken = await uow.bookings.taken(
                mentor_id, datetime.combine(start - timedelta(days=1), time(0), zone),
                datetime.combine(start + timedelta(days=days + 1), time(0), zone)
            ) if availability is not None and reachable else []
        if availability is None:
            return SlotsView(mentor_id, zone_name, session_minutes or 60, (), [])
        length = session_minutes or min(availability.rules.session_lengths)
        found: list[Slot] = []
        if reachable:
            found = expand_slots(
                availability, start=datetime.combine(start, time(0), zone),
                end=datetime.combine(start + timedelta(days=days), time(0), zone),
                session_minutes=length, now=now, busy=taken)
        return SlotsView(mentor_id=mentor_id, timezone=zone_name, session_minutes=length,
                         session_lengths=tuple(sorted(availability.rules.session_lengths)),
                         slots=[s.in_zone(zone) for s in found])

    @staticmethod
    def _mentor_only(principal: Principal) -> None:
        if principal.role is not Role.MENTOR:
            raise NotAMentor()
