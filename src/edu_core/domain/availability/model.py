"""A mentor's availability: weekly wall-clock windows, date overrides and booking rules (S21).

Every time of day here is the mentor's local wall-clock time in ``rules.timezone``; converting
to real instants (and coping with DST) is the job of :mod:`.slots`.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cached_property
from uuid import UUID

from edu_core.domain.errors import InvalidInput
from edu_core.domain.identity.users import validate_timezone

MINUTES_PER_DAY = 24 * 60
MAX_WINDOWS_PER_DAY = 20
# Past overrides are useless; the cap only stops a client from storing an unbounded list.
MAX_OVERRIDES = 500
SESSION_LENGTH_STEP = 15
MIN_SESSION_MINUTES = 15
MAX_SESSION_MINUTES = 240
MAX_BUFFER_MINUTES = 120
MAX_NOTICE_MINUTES = 14 * MINUTES_PER_DAY
MAX_HORIZON_DAYS = 180

END_OF_DAY = time(0, 0)
"""As a window *end*, 00:00 means midnight at the end of the day (24:00)."""

TimeRange = tuple[time, time]


class InvalidAvailabilityWindow(InvalidInput):
    code = "invalid_availability_window"
    default_message = ("A window runs from a start to a later end within one day, in whole "
                       "minutes; 00:00 as an end means midnight; split windows that cross it.")


class OverlappingAvailabilityWindows(InvalidInput):
    code = "overlapping_availability_windows"
    default_message = "Windows on the same day must not overlap."


class TooManyAvailabilityWindows(InvalidInput):
    code = "too_many_availability_windows"
    default_message = f"Use at most {MAX_WINDOWS_PER_DAY} windows per day."


class InvalidDateOverride(InvalidInput):
    code = "invalid_availability_override"
    default_message = "Each date may be overridden once."


class InvalidSessionLength(InvalidInput):
    code = "invalid_session_length"
    default_message = (f"Session lengths are {MIN_SESSION_MINUTES} to {MAX_SESSION_MINUTES} "
                       f"minutes in steps of {SESSION_LENGTH_STEP}, each offered once.")


class InvalidAvailabilityRules(InvalidInput):
    code = "invalid_availability_rules"
    default_message = "Some booking rules are out of range."


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _day_minutes(start: time, end: time) -> tuple[int, int]:
    """Minutes since local midnight; an end of 00:00 is 24:00 (see ``END_OF_DAY``)."""
    end_minutes = MINUTES_PER_DAY if end == END_OF_DAY else end.hour * 60 + end.minute
    return start.hour * 60 + start.minute, end_minutes


def _time_problem(value: object) -> str | None:
    if not isinstance(value, time) or value.tzinfo is not None:
        return "Give a local time of day without a time zone."
    if value.second or value.microsecond:
        return "Use whole minutes."
    return None


def _window_problem(start: time, end: time) -> tuple[str, str] | None:
    """(which bound, message) for a malformed window, or None."""
    for name, value in (("start", start), ("end", end)):
        if problem := _time_problem(value):
            return name, problem
    first, last = _day_minutes(start, end)
    if first >= last:
        return "end", "Must be later than the start (00:00 stands for midnight at day's end)."
    return None


@dataclass(frozen=True)
class WeeklyWindow:
    """A recurring window: ``weekday`` 0 = Monday .. 6 = Sunday, ``end`` 00:00 = 24:00.

    Checked when an :class:`Availability` is built, so an error can name the window's index.
    """

    weekday: int
    start: time
    end: time


@dataclass(frozen=True)
class DateOverride:
    """Replaces the weekly windows of one local date: no windows = day off."""

    day: date
    windows: tuple[TimeRange, ...] = ()


@dataclass(frozen=True, kw_only=True)
class AvailabilityRules:
    timezone: str
    session_lengths: tuple[int, ...]
    buffer_minutes: int = 0
    min_notice_minutes: int = 0
    horizon_days: int = 60

    def __post_init__(self) -> None:
        validate_timezone(self.timezone)
        object.__setattr__(self, "session_lengths", tuple(self.session_lengths))
        self._check_session_lengths()
        problems: dict[str, str] = {}
        for name, value, high in (
            ("buffer_minutes", self.buffer_minutes, MAX_BUFFER_MINUTES),
            ("min_notice_minutes", self.min_notice_minutes, MAX_NOTICE_MINUTES),
        ):
            if not _is_int(value) or not 0 <= value <= high:
                problems[name] = f"Use 0 to {high} minutes."
        if not _is_int(self.horizon_days) or not 1 <= self.horizon_days <= MAX_HORIZON_DAYS:
            problems["horizon_days"] = f"Use 1 to {MAX_HORIZON_DAYS} days."
        if problems:
            raise InvalidAvailabilityRules(details={"fields": problems})

    def _check_session_lengths(self) -> None:
        if not self.session_lengths:
            raise InvalidSessionLength(
                details={"fields": {"session_lengths": "Offer at least one session length."}})
        problems: dict[str, str] = {}
        seen: set[int] = set()
        for index, minutes in enumerate(self.session_lengths):
            key = f"session_lengths[{index}]"
            if (not _is_int(minutes) or not MIN_SESSION_MINUTES <= minutes <= MAX_SESSION_MINUTES
                    or minutes % SESSION_LENGTH_STEP):
                problems[key] = InvalidSessionLength.default_message
            elif minutes in seen:
                problems[key] = "Already offered."
            else:
                seen.add(minutes)
        if problems:
            raise InvalidSessionLength(details={"fields": problems})


@dataclass(frozen=True, kw_only=True)
class Availability:
    """The aggregate: building one validates it whole, naming offending fields by index
    (``weekly[2].end``, ``overrides[0].windows[1]``) as the API payload lays them out."""

    mentor_id: UUID
    rules: AvailabilityRules
    weekly: tuple[WeeklyWindow, ...] = ()
    overrides: tuple[DateOverride, ...] = ()
    # Optimistic-concurrency counter: the repository refuses to save over a newer row.
    version: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "weekly", tuple(self.weekly))
        object.__setattr__(self, "overrides", tuple(
            DateOverride(o.day, tuple(o.windows)) for o in self.overrides))
        self._check_shapes()
        self._check_days()

    def _check_shapes(self) -> None:
        problems: dict[str, str] = {}
        for index, window in enumerate(self.weekly):
            if not _is_int(window.weekday) or not 0 <= window.weekday <= 6:
                problems[f"weekly[{index}].weekday"] = "Use 0 (Monday) to 6 (Sunday)."
            elif problem := _window_problem(window.start, window.end):
                problems[f"weekly[{index}].{problem[0]}"] = problem[1]
        for index, override in enumerate(self.overrides):
            for position, pair in enumerate(override.windows):
                key = f"overrides[{index}].windows[{position}]"
                if not isinstance(pair, tuple) or len(pair) != 2:
                    problems[key] = "Give a (start, end) pair."
                elif problem := _window_problem(*pair):
                    problems[f"{key}.{problem[0]}"] = problem[1]
        if problems:
            raise InvalidAvailabilityWindow(details={"fields": problems})

    def _check_days(self) -> None:
        days: list[list[tuple[str, TimeRange]]] = []
        by_weekday: dict[int, list[tuple[str, TimeRange]]] = defaultdict(list)
        for index, window in enumerate(self.weekly):
            by_weekday[window.weekday].append((f"weekly[{index}]", (window.start, window.end)))
        days.extend(by_weekday.values())
        if len(self.overrides) > MAX_OVERRIDES:
            raise InvalidDateOverride(
                details={"fields": {"overrides": f"Use at most {MAX_OVERRIDES} overrides."}})
        first_index: dict[date, int] = {}
        for index, override in enumerate(self.overrides):
            key = f"overrides[{index}].day"
            if not isinstance(override.day, date) or isinstance(override.day, datetime):
                raise InvalidDateOverride(details={"fields": {key: "Give a calendar date."}})
            if override.day in first_index:
                message = f"Duplicates overrides[{first_index[override.day]}]."
                raise InvalidDateOverride(details={"fields": {key: message}})
            first_index[override.day] = index
            days.append([(f"overrides[{index}].windows[{position}]", pair)
                         for position, pair in enumerate(override.windows)])
        too_many = {pairs[MAX_WINDOWS_PER_DAY][0]: TooManyAvailabilityWindows.default_message
                    for pairs in days if len(pairs) > MAX_WINDOWS_PER_DAY}
        if too_many:
            raise TooManyAvailabilityWindows(details={"fields": too_many})
        overlaps: dict[str, str] = {}
        for pairs in days:
            reach, reached_by = -1, ""
            for key, pair in sorted(pairs, key=lambda item: _day_minutes(*item[1])):
                first, last = _day_minutes(*pair)
                if first < reach:
                    overlaps[key] = f"Overlaps {reached_by}."
                if last > reach:
                    reach, reached_by = last, key
        if overlaps:
            raise OverlappingAvailabilityWindows(details={"fields": overlaps})

    def windows_on(self, day: date) -> tuple[TimeRange, ...]:
        """The windows that apply on a local date, in the order they were given."""
        override = self._overrides_by_day.get(day)
        if override is not None:
            return override.windows
        return tuple((w.start, w.end) for w in self.weekly if w.weekday == day.weekday())

    def stretches_on(self, day: date) -> tuple[tuple[int, int], ...]:
        """Minutes since local midnight, sorted, with touching windows joined (09-12 + 12-15 is
        09-15): splitting a window in two must not change which sessions fit in it."""
        found = self._override_minutes.get(day)
        return self._weekly_minutes[day.weekday()] if found is None else found

    @cached_property
    def _weekly_minutes(self) -> tuple[tuple[tuple[int, int], ...], ...]:
        return tuple(
            _joined(_day_minutes(w.start, w.end) for w in self.weekly if w.weekday == weekday)
            for weekday in range(7))

    @cached_property
    def _overrides_by_day(self) -> dict[date, DateOverride]:
        return {o.day: o for o in self.overrides}

    @cached_property
    def _override_minutes(self) -> dict[date, tuple[tuple[int, int], ...]]:
        return {o.day: _joined(_day_minutes(*pair) for pair in o.windows)
                for o in self.overrides}


def _joined(ranges: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    joined: list[tuple[int, int]] = []
    for first, last in sorted(ranges):
        if joined and joined[-1][1] == first:
            joined[-1] = (joined[-1][0], last)
        else:
            joined.append((first, last))
    return tuple(joined)
