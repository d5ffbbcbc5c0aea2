"""Properties of slot expansion over random availabilities, zones and ranges around DST dates.

The checks re-derive everything from the raw windows and the zone database, never from the
module's own conversion, so a slot shifted by any offset error lands outside its window.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from uuid import UUID
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from edu_core.domain.availability import (
    END_OF_DAY,
    Availability,
    AvailabilityRules,
    DateOverride,
    Slot,
    WeeklyWindow,
    expand_slots,
    offers_slot,
)

TRANSITIONS = {"Europe/Berlin": [date(2026, 3, 29), date(2026, 10, 25)],
               "America/New_York": [date(2026, 3, 8), date(2026, 11, 1)],
               "Australia/Lord_Howe": [date(2026, 4, 5), date(2026, 10, 4)]}
ZONES = [*TRANSITIONS, "Asia/Kolkata"]
TICK = timedelta(microseconds=1)

Minutes = tuple[int, int]


def to_time(minute: int) -> time:
    return END_OF_DAY if minute == 24 * 60 else time(minute // 60, minute % 60)


@st.composite
def day_windows(draw: st.DrawFn) -> list[Minutes]:
    """Disjoint windows on a 5-minute grid, some split into touching halves; often one spans
    the small hours, where the transitions are."""
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return [(0, 24 * 60)]
    points = set(draw(st.lists(st.integers(0, 288), max_size=6)))
    if kind <= 5:
        points |= {draw(st.integers(0, 30)), draw(st.integers(31, 60))}
    ordered = sorted(points)
    windows: list[Minutes] = []
    for first, last in zip(ordered[::2], ordered[1::2], strict=False):
        cut = draw(st.integers(first + 1, last)) if last - first > 1 else last
        windows += [(first * 5, cut * 5), (cut * 5, last * 5)] if cut < last else [
            (first * 5, last * 5)]
    return windows


@dataclass(frozen=True)
class Scenario:
    availability: Availability
    weekly: dict[int, list[Minutes]]
    overrides: dict[date, list[Minutes]]
    start: datetime
    end: datetime
    now: datetime
    session: int
    busy: list[tuple[datetime, datetime]]

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.availability.rules.timezone)

    def expand(self, **changes: object) -> list[Slot]:
        arguments: dict[str, object] = {"start": self.start, "end": self.end,
                                        "session_minutes": self.session, "now": self.now,
                                        "busy": self.busy, **changes}
        return expand_slots(self.availability, **arguments)  # type: ignore[arg-type]

    def stretches(self, day: date) -> list[Minutes]:
        """The day's windows with touching ones joined, worked out independently."""
        joined: list[Minutes] = []
        for first, last in sorted(self.overrides.get(day, self.weekly[day.weekday()])):
            if joined and joined[-1][1] == first:
                joined[-1] = (joined[-1][0], last)
            else:
                joined.append((first, last))
        return joined


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    zone = draw(st.sampled_from(ZONES))
    length = st.one_of(st.sampled_from([15, 30, 45, 60]), st.sampled_from(range(15, 241, 15)))
    lengths = draw(st.lists(length, min_size=1, max_size=4, unique=True))
    rules = AvailabilityRules(
        timezone=zone, session_lengths=tuple(lengths),
        buffer_minutes=draw(st.one_of(st.just(0), st.integers(0, 120))),
        min_notice_minutes=draw(st.integers(0, 12 * 60) if draw(st.integers(0, 4))
                                else st.integers(0, 14 * 24 * 60)),
        horizon_days=draw(st.integers(1, 180) if draw(st.integers(0, 4)) else st.integers(1, 3)))
    weekly = {weekday: draw(day_windows()) for weekday in range(7)}
    all_days = [day for days in TRANSITIONS.values() for day in days]
    anchor = draw(st.sampled_from(TRANSITIONS.get(zone, all_days)))
    override_days = draw(st.lists(st.integers(-2, 2), max_size=3, unique=True))
    overrides = {anchor + timedelta(days=shift): draw(day_windows())
                 for shift in override_days}
    availability = Availability(
        mentor_id=UUID(int=1), rules=rules,
        weekly=tuple(WeeklyWindow(weekday, to_time(first), to_time(last))
                     for weekday, windows in weekly.items() for first, last in windows),
        overrides=tuple(DateOverride(day, tuple((to_time(a), to_time(b)) for a, b in windows))
                        for day, windows in overrides.items()))

    viewers = st.sampled_from([*ZONES, "UTC"]).map(ZoneInfo)
    base = datetime.combine(anchor, time(0), UTC)
    start = base + timedelta(minutes=draw(st.integers(-2 * 24 * 60, 12 * 60)))
    long_range = draw(st.integers(0, 3)) > 0
    length = st.integers(24 * 60, 4 * 24 * 60) if long_range else st.integers(0, 6 * 60)
    end = start + timedelta(minutes=draw(length))
    now = start - timedelta(seconds=draw(st.one_of(st.integers(0, 86400),
                                                   st.integers(-2 * 86400, 4 * 86400))))
    busy = []
    for _ in range(draw(st.integers(0, 6))):
        begin = start + timedelta(minutes=draw(st.integers(-300, 4 * 24 * 60)))
        length = timedelta(minutes=draw(st.integers(1, 240)))
        busy.append((begin.astimezone(draw(viewers)), (begin + length).astimezone(draw(viewers))))
    return Scenario(availability=availability, weekly=weekly, overrides=overrides,
                    start=start.astimezone(draw(viewers)), end=end.astimezone(draw(viewers)),
                    now=now.astimezone(draw(viewers)), session=draw(st.sampled_from(lengths)),
                    busy=busy)


def reading(instant: datetime, zone: ZoneInfo) -> datetime:
    return instant.astimezone(zone).replace(tzinfo=None)


@settings(max_examples=300)
@given(scenarios())
def test_every_slot_lies_inside_a_window_of_its_local_date(case: Scenario) -> None:
    for slot in case.expand():
        local_start = slot.start.astimezone(case.zone)
        # A repeated reading counts on its first pass only.
        assert local_start.fold == 0, slot
        wall_start = local_start.replace(tzinfo=None)
        # The reading just before the end, so a slot ending at midnight or at a transition is
        # judged by the readings it actually covers.
        wall_end = reading(slot.end - TICK, case.zone) + TICK
        day = wall_start.date()
        midnight = datetime.combine(day, time(0))
        assert any(midnight + timedelta(minutes=first) <= wall_start
                   and wall_end <= midnight + timedelta(minutes=last)
                   for first, last in case.stretches(day)), (slot, wall_start, wall_end)
        # Readings never run backwards inside a slot: no second pass of a repeated hour.
        assert wall_end - wall_start >= slot.end - slot.start, slot


@given(scenarios())
def test_slots_are_sorted_disjoint_and_kept_apart_by_the_buffer(case: Scenario) -> None:
    slots = case.expand()
    gap = timedelta(minutes=case.availability.rules.buffer_minutes)
    for earlier, later in pairwise(slots):
        assert earlier.end + gap <= later.start, (earlier, later)
    labels = [reading(slot.start, case.zone) for slot in slots]
    assert len(set(labels)) == len(labels)


@given(scenarios())
def test_slots_have_the_session_length_in_real_time_and_stay_in_the_range(
        case: Scenario) -> None:
    for slot in case.expand():
        assert slot.start.utcoffset() == timedelta(0)
        assert slot.end - slot.start == timedelta(minutes=case.session)
        assert case.start <= slot.start < case.end


@given(scenarios())
def test_slots_respect_notice_and_horizon(case: Scenario) -> None:
    rules = case.availability.rules
    # In UTC: adding to an aware datetime in a DST zone would add wall-clock time.
    now = case.now.astimezone(UTC)
    for slot in case.expand():
        assert slot.start >= now + timedelta(minutes=rules.min_notice_minutes)
        assert slot.start <= now + timedelta(days=rules.horizon_days)


@given(scenarios())
def test_slots_keep_the_buffer_clear_of_every_busy_interval(case: Scenario) -> None:
    pad = timedelta(minutes=case.availability.rules.buffer_minutes)
    free = case.expand(busy=[])
    taken = case.expand()
    assert set(taken) <= set(free)
    for slot in taken:
        for begin, finish in case.busy:
            begin, finish = begin.astimezone(UTC), finish.astimezone(UTC)
            assert slot.end <= begin - pad or slot.start >= finish + pad, (slot, begin, finish)


@given(scenarios(), st.data())
def test_a_narrower_query_finds_the_same_slots(case: Scenario, data: st.DataObject) -> None:
    # In UTC: two datetimes sharing a ZoneInfo subtract as wall-clock readings.
    start, end = case.start.astimezone(UTC), case.end.astimezone(UTC)
    span = int((end - start).total_seconds())
    low = start + timedelta(seconds=data.draw(st.integers(0, span)))
    high = low + timedelta(seconds=data.draw(st.integers(0, span)))
    assert case.expand(start=low, end=high) == [
        slot for slot in case.expand(end=max(high, end)) if low <= slot.start < high]
    assert [s for s in case.expand() if s.start >= low] == case.expand(start=low)


# ---- the calendar a mentor's windows must produce, derived cell by cell -----------------------

CELL = timedelta(minutes=5)  # windows lie on 5-minute readings; offsets are half hours


def pieces_by_brute_force(case: Scenario, low: datetime, high: datetime
                          ) -> list[tuple[datetime, datetime]]:
    """Runs of real time in [low, high) whose readings lie in one stretch of one local date,
    read off the zone database every five minutes; second passes of a repeated hour are out."""
    pieces: list[tuple[datetime, datetime]] = []
    previous: tuple[date, int] | None = None
    cell = low
    while cell < high:
        shown = cell.astimezone(case.zone)
        minute = shown.hour * 60 + shown.minute
        owner = next(((shown.date(), index)
                      for index, (first, last) in enumerate(case.stretches(shown.date()))
                      if first <= minute < last), None) if shown.fold == 0 else None
        if owner is not None and owner == previous and pieces[-1][1] == cell:
            pieces[-1] = (pieces[-1][0], cell + CELL)
        elif owner is not None:
            pieces.append((cell, cell + CELL))
        previous = owner
        cell += CELL
    return pieces


def expected_slots(case: Scenario) -> list[Slot]:
    """Each piece stepped by session + buffer from its start; a piece's last slot gives way
    when it ends less than the buffer before the next piece's first; then notice, horizon,
    range and busy time (padded by the buffer) remove slots."""
    rules = case.availability.rules
    now, start, end = (moment.astimezone(UTC) for moment in (case.now, case.start, case.end))
    earliest = max(start, now + timedelta(minutes=rules.min_notice_minutes))
    horizon = now + timedelta(days=rules.horizon_days)
    if earliest >= end or earliest > horizon:
        return []
    session = timedelta(minutes=case.session)
    buffer = timedelta(minutes=rules.buffer_minutes)
    low = datetime.combine(earliest.date() - timedelta(days=1), time(0), UTC)
    high = datetime.combine(min(end, horizon).date() + timedelta(days=3), time(0), UTC)
    grids: list[list[Slot]] = []
    for begin, finish in pieces_by_brute_force(case, low, high):
        grid: list[Slot] = []
        while begin + session <= finish:
            grid.append(Slot(begin, begin + session))
            begin += session + buffer
        if grid:
            grids.append(grid)
    for grid, following in pairwise(grids):
        if grid[-1].end + buffer > following[0].start:
            grid.pop()
    busy = [(b.astimezone(UTC) - buffer, f.astimezone(UTC) + buffer) for b, f in case.busy]
    return [slot for grid in grids for slot in grid
            if earliest <= slot.start <= horizon and slot.start < end
            and not any(b < slot.end and slot.start < f for b, f in busy)]


@settings(max_examples=200, deadline=None)
@given(scenarios())
def test_the_calendar_lists_exactly_the_slots_the_windows_call_for(case: Scenario) -> None:
    assert case.expand() == expected_slots(case)


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_booking_accepts_exactly_the_slots_the_calendar_lists(case: Scenario) -> None:
    listed = case.expand()
    starts = {slot.start for slot in listed}
    nearby = {slot.start + timedelta(minutes=shift) for slot in listed for shift in (-1, 1)}
    # Times a session could plausibly be asked for: window openings, the first day's half
    # hours, the listed slots' neighbours.
    span = min(case.end.astimezone(UTC) - case.start.astimezone(UTC), timedelta(days=1))
    hours = {case.start.astimezone(UTC) + timedelta(minutes=30 * k)
             for k in range(int(span / timedelta(minutes=30)) + 1)}
    for begin, _ in pieces_by_brute_force(case, case.start.astimezone(UTC),
                                          case.end.astimezone(UTC)):
        hours.add(begin)
    for moment in sorted(starts | nearby | hours):
        if not case.start <= moment < case.end:
            continue
        booked = offers_slot(case.availability, start=moment, session_minutes=case.session,
                             now=case.now, busy=case.busy)
        assert booked == (moment in starts), moment


@settings(max_examples=100, deadline=None)
@given(scenarios(), st.sampled_from([*ZONES, "UTC", "America/Los_Angeles", "Pacific/Kiritimati"]),
       st.integers(1, 14), st.integers(1, 4))
def test_calendar_pages_share_out_every_slot_exactly_once(
        case: Scenario, viewer: str, page_days: int, pages: int) -> None:
    # Pages run from the viewer's local midnights, as the slots endpoint builds them.
    zone = ZoneInfo(viewer)
    first = case.start.astimezone(zone).date()
    bounds = [datetime.combine(first + timedelta(days=page_days * k), time(0), zone)
              for k in range(pages + 1)]
    paged = [case.expand(start=low, end=high, busy=[]) for low, high in pairwise(bounds)]
    assert [slot for page in paged for slot in page] == case.expand(
        start=bounds[0], end=bounds[-1], busy=[])
    for k, page in enumerate(paged):
        for slot in page:
            day = slot.start.astimezone(zone).date()
            assert first + timedelta(days=page_days * k) <= day, (slot, k)
            assert day < first + timedelta(days=page_days * (k + 1)), (slot, k)
