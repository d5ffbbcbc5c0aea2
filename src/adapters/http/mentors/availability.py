"""Availability (S21): the mentor's weekly editor and everyone's slot calendar."""

from datetime import date, time
from typing import Annotated, Any, ClassVar
from uuid import UUID

import msgspec
from litestar import Controller, get, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from msgspec import Meta

from adapters.http.access import PUBLIC, policy, provide_principal
from adapters.http.dependencies import provide_availability
from adapters.http.errors import error_responses
from edu_core.application.actors import Principal
from edu_core.application.availability import (
    AvailabilityChanges,
    AvailabilityService,
    SlotsView,
)
from edu_core.domain.availability import Availability, DateOverride, WeeklyWindow
from edu_core.domain.calendar_range import within_calendar
from edu_core.domain.identity import Role

Clock = Annotated[str, Meta(pattern=r"^([01]\d|2[0-3]):[0-5]\d$",
                            description="Local wall-clock time HH:MM; as an end, 00:00 is "
                                        "midnight at the end of the day.",
                            examples=["09:00"])]


class WindowOut(msgspec.Struct):
    start: str
    end: str


class WeeklyWindowIO(msgspec.Struct, forbid_unknown_fields=True):
    weekday: Annotated[int, Meta(ge=0, le=6, description="0 = Monday .. 6 = Sunday")]
    start: Clock
    end: Clock


class TimeRangeIO(msgspec.Struct, forbid_unknown_fields=True):
    start: Clock
    end: Clock


class OverrideIO(msgspec.Struct, forbid_unknown_fields=True):
    day: date
    windows: Annotated[list[TimeRangeIO], Meta(max_length=20,
                                               description="Empty: a day off.")] = []


class AvailabilityOut(msgspec.Struct):
    version: int
    timezone: str
    session_lengths: list[int]
    buffer_minutes: int
    min_notice_minutes: int
    horizon_days: int
    weekly: list[WeeklyWindowIO]
    overrides: list[OverrideIO]

    @classmethod
    def of(cls, a: Availability) -> "AvailabilityOut":
        r = a.rules
        return cls(version=a.version, timezone=r.timezone,
                   session_lengths=list(r.session_lengths), buffer_minutes=r.buffer_minutes,
                   min_notice_minutes=r.min_notice_minutes, horizon_days=r.horizon_days,
                   weekly=[WeeklyWindowIO(w.weekday, _hm(w.start), _hm(w.end))
                           for w in a.weekly],
                   overrides=[OverrideIO(o.day, [TimeRangeIO(_hm(s), _hm(e))
                                                 for s, e in o.windows])
                              for o in a.overrides])


class AvailabilityIn(msgspec.Struct, forbid_unknown_fields=True):
    """The whole availability, replacing what is stored. ``version`` is the one you read:
    a newer one on the server (another tab saved meanwhile) is a 409."""

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "version": 3, "timezone": "Europe/Berlin", "session_lengths": [30, 60],
        "buffer_minutes": 15, "min_notice_minutes": 720, "horizon_days": 60,
        "weekly": [{"weekday": 0, "start": "16:00", "end": "20:00"},
                   {"weekday": 2, "start": "16:00", "end": "20:00"},
                   {"weekday": 5, "start": "09:00", "end": "13:00"}],
        # A day off before the holidays, and a shorter Saturday.
        "overrides": [{"day": "2026-12-23", "windows": []},
                      {"day": "2027-01-09", "windows": [{"start": "10:00", "end": "12:00"}]}]}

    version: Annotated[int, Meta(ge=1)]
    timezone: Annotated[str, Meta(min_length=1, max_length=64)]
    session_lengths: Annotated[list[int], Meta(min_length=1, max_length=8)]
    buffer_minutes: Annotated[int, Meta(ge=0, le=120)] = 0
    min_notice_minutes: Annotated[int, Meta(ge=0, le=20160)] = 720
    horizon_days: Annotated[int, Meta(ge=1, le=180)] = 60
    weekly: Annotated[list[WeeklyWindowIO], Meta(max_length=140)] = []
    overrides: Annotated[list[OverrideIO], Meta(max_length=500)] = []


class SlotOut(msgspec.Struct):
    start: str
    end: str


class SlotDay(msgspec.Struct):
    date: date
    slots: list[SlotOut]


class SlotsOut(msgspec.Struct):
    mentor_id: UUID
    timezone: str
    session_minutes: int
    session_lengths: list[int]
    days: list[SlotDay]

    @classmethod
    def of(cls, view: SlotsView) -> "SlotsOut":
        days: dict[date, list[SlotOut]] = {}
        for slot in view.slots:
            days.setdefault(slot.start.date(), []).append(
                SlotOut(slot.start.isoformat(), slot.end.isoformat()))
        return cls(mentor_id=view.mentor_id, timezone=view.timezone,
                   session_minutes=view.session_minutes,
                   session_lengths=list(view.session_lengths),
                   days=[SlotDay(d, s) for d, s in sorted(days.items())])


def _hm(value: time) -> str:
    return value.strftime("%H:%M")


def _time(text: str) -> time:
    return time.fromisoformat(text)


class MyAvailabilityController(Controller):
    path = "/api/v1/mentor/availability"
    tags = ["Mentor onboarding"]
    dependencies = {"availability": Provide(provide_availability, sync_to_thread=False),
                    "principal": Provide(provide_principal)}

    @get("/", operation_id="getMyAvailability",
         summary="My weekly windows, date overrides and booking rules",
         responses=error_responses(401, 403), **policy(Role.MENTOR))
    async def get_mine(self, availability: NamedDependency[AvailabilityService],
                       principal: NamedDependency[Principal]) -> AvailabilityOut:
        return AvailabilityOut.of(await availability.mine(principal))

    @put("/", operation_id="replaceMyAvailability",
         summary="Save my availability (the whole of it)",
         description="Times are the mentor's wall-clock times in `timezone`. Windows may not "
                     "overlap on a day; an override replaces that date's weekly windows.",
         responses=error_responses(401, 403, 409, 422), **policy(Role.MENTOR))
    async def replace_mine(self, availability: NamedDependency[AvailabilityService],
                           principal: NamedDependency[Principal],
                           data: JSONBody[AvailabilityIn]) -> AvailabilityOut:
        changes = AvailabilityChanges(
            timezone=data.timezone, session_lengths=data.session_lengths,
            buffer_minutes=data.buffer_minutes, min_notice_minutes=data.min_notice_minutes,
            horizon_days=data.horizon_days,
            weekly=[WeeklyWindow(w.weekday, _time(w.start), _time(w.end)) for w in data.weekly],
            overrides=[DateOverride(o.day, tuple((_time(r.start), _time(r.end))
                                                 for r in o.windows))
                       for o in data.overrides])
        saved = await availability.replace_mine(principal, changes,
                                                expected_version=data.version)
        return AvailabilityOut.of(saved)


class MentorSlotsController(Controller):
    path = "/api/v1/mentors"
    tags = ["Mentors"]
    dependencies = {"availability": Provide(provide_availability, sync_to_thread=False)}

    @get("/{mentor_id:uuid}/slots", operation_id="getMentorSlots",
         summary="A verified mentor's bookable slots, in the viewer's time zone",
         description="The slots starting from local midnight of `start` in `timezone`, for "
                     "`days` days, grouped by the viewer's local date of their start: a slot "
                     "that ends after the last midnight is on this page, not the next. "
                     "Correct across daylight-saving changes on either side.",
         responses=error_responses(404, 422, 429), **policy(PUBLIC, rate_limit="public"))
    async def slots(
        self, availability: NamedDependency[AvailabilityService], mentor_id: FromPath[UUID],
        start: FromQuery[date],
        timezone: Annotated[str, QueryParameter(min_length=1, max_length=64)] = "UTC",
        days: Annotated[int, QueryParameter(ge=1, le=42)] = 7,
        session_minutes: Annotated[int | None, QueryParameter(ge=15, le=240)] = None,
    ) -> SlotsOut:
        view = await availability.slots(mentor_id, start=within_calendar(start, "start"),
                                        days=days,
                                        viewer_timezone=timezone,
                                        session_minutes=session_minutes)
        return SlotsOut.of(view)
