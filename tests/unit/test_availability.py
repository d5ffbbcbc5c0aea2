"""Mentor availability (S21): validation of windows and rules, and slot expansion across DST."""

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest

from edu_core.application.mentors import first_free_slot
from edu_core.domain.availability import (
    END_OF_DAY,
    Availability,
    AvailabilityRules,
    DateOverride,
    InvalidAvailabilityRules,
    InvalidAvailabilityWindow,
    InvalidDateOverride,
    InvalidSessionLength,
    InvalidTimeRange,
    OverlappingAvailabilityWindows,
    Slot,
    TooManyAvailabilityWindows,
    WeeklyWindow,
    expand_slots,
    offers_slot,
    slots_by_local_day,
)
from edu_core.domain.errors import InvalidInput
from edu_core.domain.identity import InvalidTimezone

MENTOR = UUID(int=7)
BERLIN, NEW_YORK = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")
KOLKATA, LORD_HOWE = ZoneInfo("Asia/Kolkata"), ZoneInfo("Australia/Lord_Howe")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
SUNDAY = 6


def rules(zone: str = "Europe/Berlin", lengths: tuple[int, ...] = (60,),
          **extra: Any) -> AvailabilityRules:
    return AvailabilityRules(timezone=zone, session_lengths=lengths, **extra)


def make(zone: str = "Europe/Berlin", weekly: Iterable[WeeklyWindow] = (),
         overrides: Iterable[DateOverride] = (), lengths: tuple[int, ...] = (60,),
         **extra: Any) -> Availability:
    return Availability(mentor_id=MENTOR, rules=rules(zone, lengths, **extra),
                        weekly=tuple(weekly), overrides=tuple(overrides))


def every_day(start: time, end: time) -> list[WeeklyWindow]:
    return [WeeklyWindow(weekday, start, end) for weekday in range(7)]


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def expand_day(availability: Availability, day: date, minutes: int = 60, *,
               now: datetime | None = None,
               busy: Sequence[tuple[datetime, datetime]] = ()) -> list[Slot]:
    """Slots starting within the mentor's local ``day`` (plus its neighbours' edges)."""
    zone = ZoneInfo(availability.rules.timezone)
    start = datetime.combine(day, time(0), zone)
    end = datetime.combine(day + timedelta(days=1), time(0), zone)
    moment = now or datetime.combine(day - timedelta(days=3), time(0), UTC)
    return expand_slots(availability, start=start, end=end, session_minutes=minutes, now=moment,
                        busy=busy)


def starts(slots: Iterable[Slot]) -> list[datetime]:
    return [slot.start for slot in slots]


def local(slots: Iterable[Slot], zone: ZoneInfo) -> list[str]:
    return [slot.start.astimezone(zone).strftime("%H:%M%z") for slot in slots]


# ---- validation ------------------------------------------------------------------------------


def test_a_valid_availability_keeps_its_windows_and_defaults() -> None:
    availability = make(weekly=[WeeklyWindow(0, time(9), time(12)),
                                WeeklyWindow(0, time(12), time(13, 30)),
                                WeeklyWindow(4, time(22), END_OF_DAY),
                                WeeklyWindow(5, time(0), END_OF_DAY)],
                        overrides=[DateOverride(date(2026, 12, 24)),
                                   DateOverride(date(2026, 12, 27), ((time(10), time(11)),))])
    assert availability.version == 1
    assert availability.rules.buffer_minutes == 0
    assert availability.rules.horizon_days == 60
    assert availability.windows_on(date(2026, 3, 2)) == ((time(9), time(12)),
                                                         (time(12), time(13, 30)))
    assert availability.windows_on(date(2026, 12, 24)) == ()
    assert availability.windows_on(date(2026, 12, 27)) == ((time(10), time(11)),)
    # Touching windows form one stretch; 00:00 as an end is 24:00.
    assert availability.stretches_on(date(2026, 3, 2)) == ((540, 810),)
    assert availability.stretches_on(date(2026, 3, 6)) == ((1320, 1440),)
    assert availability.stretches_on(date(2026, 3, 7)) == ((0, 1440),)


def test_every_refusal_is_invalid_input_with_a_stable_code() -> None:
    codes = {InvalidAvailabilityWindow: "invalid_availability_window",
             OverlappingAvailabilityWindows: "overlapping_availability_windows",
             TooManyAvailabilityWindows: "too_many_availability_windows",
             InvalidDateOverride: "invalid_availability_override",
             InvalidSessionLength: "invalid_session_length",
             InvalidAvailabilityRules: "invalid_availability_rules",
             InvalidTimeRange: "invalid_time_range",
             InvalidTimezone: "invalid_timezone"}
    for error, code in codes.items():
        assert issubclass(error, InvalidInput)
        assert error.code == code


@pytest.mark.parametrize(("window", "field"), [
    (WeeklyWindow(0, time(12), time(9)), "weekly[1].end"),
    (WeeklyWindow(0, time(9), time(9)), "weekly[1].end"),
    (WeeklyWindow(0, time(0), END_OF_DAY), None),
    (WeeklyWindow(7, time(9), time(10)), "weekly[1].weekday"),
    (WeeklyWindow(-1, time(9), time(10)), "weekly[1].weekday"),
    (WeeklyWindow(0, time(9, 0, 30), time(10)), "weekly[1].start"),
    (WeeklyWindow(0, time(9), time(10, tzinfo=UTC)), "weekly[1].end"),
])
def test_malformed_weekly_windows_are_refused_by_index(window: WeeklyWindow,
                                                       field: str | None) -> None:
    weekly = [WeeklyWindow(1, time(8), time(9)), window]
    if field is None:  # 00:00-00:00 is the whole day, not an empty window
        assert make(weekly=weekly).stretches_on(date(2026, 3, 2)) == ((0, 1440),)
        return
    with pytest.raises(InvalidAvailabilityWindow) as err:
        make(weekly=weekly)
    assert err.value.code == "invalid_availability_window"
    assert err.value.details is not None
    assert list(err.value.details["fields"]) == [field]


def test_malformed_override_windows_are_refused_by_index() -> None:
    override = DateOverride(date(2026, 5, 1), ((time(9), time(10)), (time(15), time(14))))
    with pytest.raises(InvalidAvailabilityWindow) as err:
        make(overrides=[override])
    assert err.value.details is not None
    assert list(err.value.details["fields"]) == ["overrides[0].windows[1].end"]


def test_every_malformed_window_is_reported_at_once() -> None:
    with pytest.raises(InvalidAvailabilityWindow) as err:
        make(weekly=[WeeklyWindow(0, time(10), time(9)), WeeklyWindow(1, time(9), time(10)),
                     WeeklyWindow(9, time(9), time(10))])
    assert err.value.details is not None
    assert set(err.value.details["fields"]) == {"weekly[0].end", "weekly[2].weekday"}


def test_overlapping_windows_on_one_weekday_are_refused_but_touching_ones_are_not() -> None:
    make(weekly=[WeeklyWindow(0, time(9), time(12)), WeeklyWindow(0, time(12), time(14)),
                 WeeklyWindow(1, time(10), time(13))])
    with pytest.raises(OverlappingAvailabilityWindows) as err:
        make(weekly=[WeeklyWindow(0, time(8), time(18)), WeeklyWindow(1, time(9), time(10)),
                     WeeklyWindow(0, time(9), time(10)), WeeklyWindow(0, time(12), time(13))])
    # A long window swallowing two later ones is blamed for both, not just the first.
    assert err.value.details == {"fields": {"weekly[2]": "Overlaps weekly[0].",
                                            "weekly[3]": "Overlaps weekly[0]."}}


def test_overlapping_override_windows_are_refused() -> None:
    with pytest.raises(OverlappingAvailabilityWindows) as err:
        make(overrides=[DateOverride(date(2026, 5, 1), ((time(9), time(11)),
                                                        (time(10), END_OF_DAY)))])
    assert err.value.details == {
        "fields": {"overrides[0].windows[1]": "Overlaps overrides[0].windows[0]."}}


def test_more_than_twenty_windows_a_day_are_refused() -> None:
    twenty = [WeeklyWindow(2, time(hour), time(hour, 30)) for hour in range(20)]
    make(weekly=twenty)
    with pytest.raises(TooManyAvailabilityWindows) as err:
        make(weekly=[*twenty, WeeklyWindow(2, time(21), time(22))])
    assert err.value.details is not None
    assert list(err.value.details["fields"]) == ["weekly[20]"]
    crowded = DateOverride(date(2026, 5, 1),
                           tuple((time(hour), time(hour, 30)) for hour in range(21)))
    with pytest.raises(TooManyAvailabilityWindows):
        make(overrides=[crowded])


def test_a_date_can_be_overridden_only_once_and_only_by_a_date() -> None:
    with pytest.raises(InvalidDateOverride) as err:
        make(overrides=[DateOverride(date(2026, 5, 1)), DateOverride(date(2026, 5, 2)),
                        DateOverride(date(2026, 5, 1), ((time(9), time(10)),))])
    assert err.value.details == {"fields": {"overrides[2].day": "Duplicates overrides[0]."}}
    with pytest.raises(InvalidDateOverride):
        make(overrides=[DateOverride(datetime(2026, 5, 1, 9))])


@pytest.mark.parametrize("zone", ["", "Mars/Olympus", "../etc/passwd", "Europe/Berlin\x00"])
def test_unknown_zones_are_refused_with_the_identity_code(zone: str) -> None:
    with pytest.raises(InvalidTimezone) as err:
        rules(zone)
    assert err.value.code == "invalid_timezone"
    assert err.value.details is not None
    assert list(err.value.details["fields"]) == ["timezone"]


@pytest.mark.parametrize(("lengths", "field"), [
    ((), "session_lengths"),
    ((10,), "session_lengths[0]"),
    ((60, 20), "session_lengths[1]"),
    ((60, 255), "session_lengths[1]"),
    ((0,), "session_lengths[0]"),
    ((60, 30, 60), "session_lengths[2]"),
    ((True,), "session_lengths[0]"),
])
def test_bad_session_lengths_are_refused(lengths: tuple[int, ...], field: str) -> None:
    with pytest.raises(InvalidSessionLength) as err:
        rules(lengths=lengths)
    assert err.value.details is not None
    assert list(err.value.details["fields"]) == [field]


def test_every_offered_session_length_from_15_to_240_minutes_is_accepted() -> None:
    assert rules(lengths=tuple(range(240, 0, -15))).session_lengths[-1] == 15


@pytest.mark.parametrize(("name", "bad", "good"), [
    ("buffer_minutes", [-1, 121, True], [0, 120]),
    ("min_notice_minutes", [-1, 14 * 24 * 60 + 1], [0, 14 * 24 * 60]),
    ("horizon_days", [0, 181, -5], [1, 180]),
])
def test_rules_out_of_range_are_refused(name: str, bad: list[int], good: list[int]) -> None:
    for value in good:
        assert getattr(rules(**{name: value}), name) == value
    for value in bad:
        with pytest.raises(InvalidAvailabilityRules) as err:
            rules(**{name: value})
        assert err.value.details is not None
        assert list(err.value.details["fields"]) == [name]


# ---- plain expansion -------------------------------------------------------------------------


def test_a_morning_window_is_three_real_hours_in_winter_and_in_summer() -> None:
    availability = make(weekly=[WeeklyWindow(0, time(9), time(12))])
    assert starts(expand_day(availability, date(2026, 3, 2))) == [
        utc(2026, 3, 2, 8), utc(2026, 3, 2, 9), utc(2026, 3, 2, 10)]
    assert starts(expand_day(availability, date(2026, 6, 1))) == [
        utc(2026, 6, 1, 7), utc(2026, 6, 1, 8), utc(2026, 6, 1, 9)]
    slot = expand_day(availability, date(2026, 6, 1))[0]
    assert slot == Slot(utc(2026, 6, 1, 7), utc(2026, 6, 1, 8))
    assert slot.start.tzinfo is UTC


def test_slots_step_by_session_plus_buffer_from_the_window_start() -> None:
    availability = make(weekly=[WeeklyWindow(0, time(9), time(12))], lengths=(45, 60),
                        buffer_minutes=15)
    monday = date(2026, 3, 2)
    assert local(expand_day(availability, monday, 45), BERLIN) == [
        "09:00+0100", "10:00+0100", "11:00+0100"]
    assert local(expand_day(availability, monday, 60), BERLIN) == ["09:00+0100", "10:15+0100"]


def test_touching_windows_are_stepped_as_one() -> None:
    availability = make(weekly=[WeeklyWindow(0, time(10, 30), time(12)),
                                WeeklyWindow(0, time(9), time(10, 30))])
    assert local(expand_day(availability, date(2026, 3, 2)), BERLIN) == [
        "09:00+0100", "10:00+0100", "11:00+0100"]


def test_the_buffer_also_separates_slots_of_neighbouring_windows() -> None:
    weekly = [WeeklyWindow(0, time(9), time(10)), WeeklyWindow(0, time(10, 10), time(11, 10))]
    assert local(expand_day(make(weekly=weekly), date(2026, 3, 2)), BERLIN) == [
        "09:00+0100", "10:10+0100"]
    # The later window keeps its stated start; the earlier slot gives way.
    buffered = make(weekly=weekly, buffer_minutes=15)
    assert local(expand_day(buffered, date(2026, 3, 2)), BERLIN) == ["10:10+0100"]


def test_a_window_ending_at_midnight_fills_the_evening() -> None:
    availability = make(weekly=[WeeklyWindow(4, time(22), END_OF_DAY),
                                WeeklyWindow(5, time(0), time(1))])
    slots = expand_day(availability, date(2026, 3, 6), now=utc(2026, 3, 1))
    assert local(slots, BERLIN) == ["22:00+0100", "23:00+0100"]
    assert slots[-1].end == utc(2026, 3, 6, 23)


def test_overrides_replace_or_cancel_the_weekly_windows_of_their_date() -> None:
    availability = make(
        weekly=[WeeklyWindow(0, time(9), time(11))],
        overrides=[DateOverride(date(2026, 3, 2)),
                   DateOverride(date(2026, 3, 9), ((time(14), time(15)), (time(8), time(9)))),
                   DateOverride(date(2026, 3, 7), ((time(10), time(11)),))])
    assert expand_day(availability, date(2026, 3, 2)) == []
    assert local(expand_day(availability, date(2026, 3, 9)), BERLIN) == [
        "08:00+0100", "14:00+0100"]
    assert local(expand_day(availability, date(2026, 3, 7)), BERLIN) == ["10:00+0100"]
    assert local(expand_day(availability, date(2026, 3, 16)), BERLIN) == [
        "09:00+0100", "10:00+0100"]


# ---- DST -------------------------------------------------------------------------------------


def test_berlin_spring_forward_offers_only_times_that_exist() -> None:
    day = date(2026, 3, 29)
    assert day.weekday() == SUNDAY
    night = make(weekly=[WeeklyWindow(SUNDAY, time(1), time(4))], lengths=(30, 60))
    # 01:00-04:00 holds two real hours: 01:00-02:00 CET and 03:00-04:00 CEST.
    assert local(expand_day(night, day), BERLIN) == ["01:00+0100", "03:00+0200"]
    assert starts(expand_day(night, day)) == [utc(2026, 3, 29, 0), utc(2026, 3, 29, 1)]
    assert local(expand_day(night, day, 30), BERLIN) == [
        "01:00+0100", "01:30+0100", "03:00+0200", "03:30+0200"]
    # A window opening inside the skipped hour opens at the jump; one inside it never opens.
    late = make(weekly=[WeeklyWindow(SUNDAY, time(2, 30), time(4))], lengths=(30,))
    assert local(expand_day(late, day, 30), BERLIN) == ["03:00+0200", "03:30+0200"]
    skipped = make(weekly=[WeeklyWindow(SUNDAY, time(2), time(3))], lengths=(30,))
    assert expand_day(skipped, day, 30) == []


def test_berlin_fall_back_counts_the_repeated_hour_once() -> None:
    day = date(2026, 10, 25)
    assert day.weekday() == SUNDAY
    night = make(weekly=[WeeklyWindow(SUNDAY, time(1), time(4))], lengths=(30, 60))
    slots = expand_day(night, day)
    # First pass of 02:00-03:00 (CEST) is offered, the second (CET, 01:00Z-02:00Z) is not.
    assert starts(slots) == [utc(2026, 10, 24, 23), utc(2026, 10, 25, 0), utc(2026, 10, 25, 2)]
    assert local(slots, BERLIN) == ["01:00+0200", "02:00+0200", "03:00+0100"]
    assert all(slot.end - slot.start == timedelta(hours=1) for slot in slots)
    assert len(set(local(expand_day(night, day, 30), BERLIN))) == 6
    inside = make(weekly=[WeeklyWindow(SUNDAY, time(2, 30), time(5))], lengths=(30,))
    assert local(expand_day(inside, day, 30), BERLIN) == [
        "02:30+0200", "03:00+0100", "03:30+0100", "04:00+0100", "04:30+0100"]


def test_new_york_spring_forward_and_fall_back() -> None:
    night = make("America/New_York", weekly=[WeeklyWindow(SUNDAY, time(1), time(4))])
    assert starts(expand_day(night, date(2026, 3, 8))) == [utc(2026, 3, 8, 6),
                                                           utc(2026, 3, 8, 7)]
    assert local(expand_day(night, date(2026, 3, 8)), NEW_YORK) == ["01:00-0500", "03:00-0400"]
    assert starts(expand_day(night, date(2026, 11, 1))) == [
        utc(2026, 11, 1, 5), utc(2026, 11, 1, 7), utc(2026, 11, 1, 8)]
    assert local(expand_day(night, date(2026, 11, 1)), NEW_YORK) == [
        "01:00-0400", "02:00-0500", "03:00-0500"]


def test_daytime_windows_keep_their_wall_clock_times_across_a_transition() -> None:
    mornings = make("America/New_York", weekly=every_day(time(9), time(12)))
    for day, first_utc in [(date(2026, 3, 7), 14), (date(2026, 3, 8), 13),
                           (date(2026, 10, 31), 13), (date(2026, 11, 1), 14)]:
        slots = expand_day(mornings, day)
        assert local(slots, NEW_YORK)[0].startswith("09:00")
        assert starts(slots) == [utc(day.year, day.month, day.day, first_utc + hour)
                                 for hour in range(3)]


def test_kolkata_has_no_dst_and_a_half_hour_offset() -> None:
    availability = make("Asia/Kolkata", weekly=every_day(time(9), time(10, 30)), lengths=(30,))
    for day in [date(2026, 3, 8), date(2026, 3, 29), date(2026, 10, 25), date(2026, 11, 1)]:
        assert [s.start.time() for s in expand_day(availability, day, 30)] == [
            time(3, 30), time(4), time(4, 30)]
    assert local(expand_day(availability, date(2026, 3, 29), 30), KOLKATA) == [
        "09:00+0530", "09:30+0530", "10:00+0530"]


def test_lord_howe_fall_back_repeats_half_an_hour_once() -> None:
    day = date(2026, 4, 5)
    assert day.weekday() == SUNDAY
    night = make("Australia/Lord_Howe", weekly=[WeeklyWindow(SUNDAY, time(1), time(4))],
                 lengths=(30, 60))
    # 02:00 (+11) falls back to 01:30 (+10:30): the second pass of 01:30-02:00 is skipped.
    assert starts(expand_day(night, day)) == [utc(2026, 4, 4, 14), utc(2026, 4, 4, 15, 30),
                                              utc(2026, 4, 4, 16, 30)]
    assert local(expand_day(night, day), LORD_HOWE) == ["01:00+1100", "02:00+1030",
                                                        "03:00+1030"]
    assert local(expand_day(night, day, 30), LORD_HOWE) == [
        "01:00+1100", "01:30+1100", "02:00+1030", "02:30+1030", "03:00+1030", "03:30+1030"]


def test_lord_howe_spring_forward_skips_half_an_hour() -> None:
    day = date(2026, 10, 4)
    assert day.weekday() == SUNDAY
    night = make("Australia/Lord_Howe", weekly=[WeeklyWindow(SUNDAY, time(1), time(4))],
                 lengths=(30, 60))
    # 02:00 (+10:30) jumps to 02:30 (+11): 01:00-04:00 holds 2.5 real hours.
    assert starts(expand_day(night, day)) == [utc(2026, 10, 3, 14, 30), utc(2026, 10, 3, 15, 30)]
    assert local(expand_day(night, day), LORD_HOWE) == ["01:00+1030", "02:30+1100"]
    assert local(expand_day(night, day, 30), LORD_HOWE) == [
        "01:00+1030", "01:30+1030", "02:30+1100", "03:00+1100", "03:30+1100"]


def test_a_berlin_mentor_seen_from_new_york_while_only_new_york_has_switched() -> None:
    evenings = make(weekly=[WeeklyWindow(weekday, time(18), time(20)) for weekday in range(5)],
                    horizon_days=60)
    slots = expand_slots(evenings, start=datetime(2026, 3, 2, tzinfo=NEW_YORK),
                         end=datetime(2026, 4, 4, tzinfo=NEW_YORK), session_minutes=60,
                         now=utc(2026, 3, 1))
    student = slots_by_local_day(slots, "America/New_York")
    mentor = slots_by_local_day(slots, "Europe/Berlin")
    assert len(student) == len(mentor) == 25
    for day, shown in mentor.items():
        assert [slot.start.strftime("%H:%M") for slot in shown] == ["18:00", "19:00"], day
    expected = {date(2026, 3, 6): "12:00", date(2026, 3, 9): "13:00", date(2026, 3, 27): "13:00",
                date(2026, 3, 30): "12:00"}
    for day, first in expected.items():
        assert student[day][0].start.strftime("%H:%M") == first, day
    gap = {day: (shown[0].start.utcoffset() or timedelta()) for day, shown in student.items()}
    assert gap[date(2026, 3, 6)] == timedelta(hours=-5)
    assert gap[date(2026, 3, 9)] == timedelta(hours=-4)


def test_a_spring_forward_window_is_stepped_as_one_piece_across_the_jump() -> None:
    # 01:15-04:00 holds 01:15-02:00 CET and 03:00-04:00 CEST: 105 real minutes in one piece,
    # so the hour from 01:15 CET fits (it ends at 03:15 CEST); stepping each side on its own
    # would offer 03:00 CEST instead.
    day = date(2026, 3, 29)
    window = make(weekly=[WeeklyWindow(SUNDAY, time(1, 15), time(4))], lengths=(45, 60))
    assert local(expand_day(window, day), BERLIN) == ["01:15+0100"]
    assert expand_day(window, day)[0].end == utc(2026, 3, 29, 1, 15)
    assert local(expand_day(window, day, 45), BERLIN) == ["01:15+0100", "03:00+0200"]


# ---- notice, horizon, busy, range ------------------------------------------------------------


def test_minimum_notice_drops_early_slots_without_shifting_the_grid() -> None:
    availability = make(weekly=[WeeklyWindow(0, time(9), time(13))], min_notice_minutes=60)
    now = datetime(2026, 3, 2, 8, 30, tzinfo=BERLIN)
    assert local(expand_day(availability, date(2026, 3, 2), now=now), BERLIN) == [
        "10:00+0100", "11:00+0100", "12:00+0100"]
    exactly = datetime(2026, 3, 2, 9, tzinfo=BERLIN)
    assert local(expand_day(availability, date(2026, 3, 2), now=exactly), BERLIN)[0] == (
        "10:00+0100")


def test_the_horizon_bounds_how_far_ahead_a_slot_may_start() -> None:
    availability = make(weekly=every_day(time(9), time(12)), horizon_days=1)
    now = datetime(2026, 3, 2, 10, tzinfo=BERLIN)
    slots = expand_slots(availability, start=now, end=now + timedelta(days=5),
                         session_minutes=60, now=now)
    assert local(slots, BERLIN) == ["10:00+0100", "11:00+0100", "09:00+0100", "10:00+0100"]
    assert slots[-1].start == now + timedelta(days=1)


def test_busy_intervals_are_padded_by_the_buffer() -> None:
    availability = make(weekly=[WeeklyWindow(0, time(9), time(17))], buffer_minutes=15)
    day = date(2026, 3, 2)
    assert local(expand_day(availability, day), BERLIN) == [
        "09:00+0100", "10:15+0100", "11:30+0100", "12:45+0100", "14:00+0100", "15:15+0100"]
    # Booked 12:00-12:30 Berlin, given in New York time: 11:45-12:45 is off limits.
    booked = (datetime(2026, 3, 2, 6, tzinfo=NEW_YORK), datetime(2026, 3, 2, 6, 30,
                                                                 tzinfo=NEW_YORK))
    assert local(expand_day(availability, day, busy=[booked]), BERLIN) == [
        "09:00+0100", "10:15+0100", "12:45+0100", "14:00+0100", "15:15+0100"]
    overlapping = [(utc(2026, 3, 2, 8, 10), utc(2026, 3, 2, 8, 20)),
                   (utc(2026, 3, 2, 8, 15), utc(2026, 3, 2, 9, 5))]
    assert local(expand_day(availability, day, busy=overlapping), BERLIN)[0] == "11:30+0100"


def test_a_slot_inside_the_longer_of_two_nested_busy_intervals_is_not_offered() -> None:
    availability = make(weekly=[WeeklyWindow(0, time(9), time(17))])
    day = date(2026, 3, 2)
    # 09:00-13:00 Berlin holds 09:30-10:00: what is busy is the longer one, whole.
    nested = [(utc(2026, 3, 2, 8), utc(2026, 3, 2, 12)),
              (utc(2026, 3, 2, 8, 30), utc(2026, 3, 2, 9))]
    expected = ["13:00+0100", "14:00+0100", "15:00+0100", "16:00+0100"]
    assert local(expand_day(availability, day, busy=nested), BERLIN) == expected
    assert local(expand_day(availability, day, busy=nested[::-1]), BERLIN) == expected
    # A busy interval ending exactly when a slot starts, or starting when it ends, leaves it.
    touching = [(utc(2026, 3, 2, 9), utc(2026, 3, 2, 10)),
                (utc(2026, 3, 2, 12), utc(2026, 3, 2, 12, 30))]
    assert local(expand_day(availability, day, busy=touching), BERLIN) == [
        "09:00+0100", "11:00+0100", "12:00+0100", "14:00+0100", "15:00+0100", "16:00+0100"]
    with pytest.raises(InvalidTimeRange):
        expand_day(availability, day, busy=[(utc(2026, 3, 2, 9), utc(2026, 3, 2, 9))])


def test_busy_intervals_nested_in_a_later_one_keep_the_whole_of_it_busy() -> None:
    availability = make(weekly=[WeeklyWindow(0, time(8), time(18))])
    day = date(2026, 3, 2)

    def berlin(hour: int) -> datetime:
        return datetime.combine(day, time(hour), BERLIN)

    # Booked 08-09 and 10-16, and inside the second 11-12 and 13-14 (say a lesson within a
    # block the mentor marked busy): 09:00 stays free between the first two, and nothing
    # starts before 16:00 after the nested ones are over.
    busy = [(berlin(8), berlin(9)), (berlin(10), berlin(16)), (berlin(11), berlin(12)),
            (berlin(13), berlin(14))]
    expected = ["09:00+0100", "16:00+0100", "17:00+0100"]
    assert local(expand_day(availability, day, busy=busy), BERLIN) == expected
    assert local(expand_day(availability, day, busy=busy[::-1]), BERLIN) == expected
    assert not offers_slot(availability, start=berlin(14), session_minutes=60, now=utc(2026, 3, 1),
                           busy=busy)
    assert offers_slot(availability, start=berlin(9), session_minutes=60, now=utc(2026, 3, 1),
                       busy=busy)


def test_the_buffer_drops_only_the_last_slot_of_a_window_that_ends_too_close() -> None:
    def day_with(next_start: time) -> list[str]:
        weekly = [WeeklyWindow(0, time(9), time(10, 10)),
                  WeeklyWindow(0, next_start, time(10, 50))]
        availability = make(weekly=weekly, lengths=(30,), buffer_minutes=10)
        return local(expand_day(availability, date(2026, 3, 2), 30), BERLIN)

    # 09:00 and 09:40 fit the first window; 09:40 ends at 10:10, the buffer runs to 10:20.
    assert day_with(time(10, 19)) == ["09:00+0100", "10:19+0100"]
    assert day_with(time(10, 20)) == ["09:00+0100", "09:40+0100", "10:20+0100"]
    # The window that follows may also be on the next local day.
    late = make(weekly=[WeeklyWindow(0, time(23), END_OF_DAY), WeeklyWindow(1, time(0), time(1))],
                buffer_minutes=5)
    monday = expand_slots(late, start=datetime(2026, 3, 2, tzinfo=BERLIN),
                          end=datetime(2026, 3, 3, tzinfo=BERLIN), session_minutes=60,
                          now=utc(2026, 3, 1))
    assert monday == []
    assert not offers_slot(late, start=datetime(2026, 3, 2, 23, tzinfo=BERLIN),
                           session_minutes=60, now=utc(2026, 3, 1))
    assert offers_slot(late, start=datetime(2026, 3, 3, 0, tzinfo=BERLIN), session_minutes=60,
                       now=utc(2026, 3, 1))


def test_a_window_exactly_one_session_long_offers_it() -> None:
    availability = make(weekly=[WeeklyWindow(0, time(9), time(9, 45)),
                                WeeklyWindow(0, time(10), time(10, 44))], lengths=(45,))
    assert local(expand_day(availability, date(2026, 3, 2), 45), BERLIN) == ["09:00+0100"]


def test_evening_slots_west_of_utc_reach_the_ranges_last_day() -> None:
    # 18:00-24:00 in Los Angeles is 02:00-08:00 UTC the next day.
    evenings = make("America/Los_Angeles", weekly=every_day(time(18), END_OF_DAY),
                    horizon_days=30)
    now = utc(2026, 1, 1)
    week = expand_slots(evenings, start=datetime(2026, 1, 5, tzinfo=LOS_ANGELES),
                        end=datetime(2026, 1, 12, tzinfo=LOS_ANGELES), session_minutes=60,
                        now=now)
    assert len(week) == 7 * 6
    assert week[-1] == Slot(utc(2026, 1, 12, 7), utc(2026, 1, 12, 8))
    # The same week seen from UTC, a day at a time and at once.
    days = [expand_slots(evenings, start=utc(2026, 1, 5) + timedelta(days=k),
                         end=utc(2026, 1, 6) + timedelta(days=k), session_minutes=60, now=now)
            for k in range(7)]
    assert [len(day) for day in days] == [6] * 7
    assert days[-1][-1] == Slot(utc(2026, 1, 11, 7), utc(2026, 1, 11, 8))
    assert offers_slot(evenings, start=utc(2026, 1, 12, 7), session_minutes=60, now=now)


def test_a_slot_starting_exactly_at_the_horizon_or_the_notice_is_offered() -> None:
    availability = make(weekly=every_day(time(9), time(12)), horizon_days=2,
                        min_notice_minutes=24 * 60)
    now = datetime(2026, 3, 2, 9, tzinfo=BERLIN)
    slots = expand_slots(availability, start=now, end=now + timedelta(days=5),
                         session_minutes=60, now=now)
    assert starts(slots) == [now + timedelta(days=1, hours=h) for h in range(3)] + [
        now + timedelta(days=2)]
    # A microsecond earlier, the notice lets 09:00 in and the horizon keeps the last out.
    earlier = now - timedelta(microseconds=1)
    assert starts(expand_slots(availability, start=earlier, end=earlier + timedelta(days=5),
                               session_minutes=60, now=earlier)) == [
        now + timedelta(days=1, hours=h) for h in range(3)]
    # Checked on its own, as a booking is, the slot at the horizon is still offered: the
    # range then starts exactly at the horizon.
    assert offers_slot(availability, start=now + timedelta(days=2), session_minutes=60, now=now)


def test_search_finds_only_a_slot_that_fits_wholly_in_the_searched_window() -> None:
    calendar = make("UTC", weekly=every_day(time(10), time(12)))
    now = utc(2026, 3, 1)
    assert first_free_slot(calendar, start=utc(2026, 3, 2, 9), end=utc(2026, 3, 2, 10, 59),
                           now=now) is None
    found = first_free_slot(calendar, start=utc(2026, 3, 2, 9), end=utc(2026, 3, 2, 11),
                            now=now)
    assert found == Slot(utc(2026, 3, 2, 10), utc(2026, 3, 2, 11))


def test_a_range_beyond_the_horizon_is_empty_even_at_the_end_of_time() -> None:
    availability = make("Pacific/Kiritimati", weekly=every_day(time(0), END_OF_DAY))
    far = datetime(9999, 12, 31, 12, tzinfo=UTC)
    assert expand_slots(availability, start=far, end=far + timedelta(hours=11),
                        session_minutes=60, now=utc(2026, 3, 1)) == []
    assert not offers_slot(availability, start=far, session_minutes=60, now=utc(2026, 3, 1))


def test_a_range_holds_the_slots_that_start_in_it() -> None:
    availability = make(weekly=[WeeklyWindow(0, time(9), time(13))])
    now = utc(2026, 3, 1)

    def between(start: datetime, end: datetime) -> list[str]:
        return local(expand_slots(availability, start=start, end=end, session_minutes=60,
                                  now=now), BERLIN)

    # 12:00-13:00 Berlin runs past the range's end but starts inside it.
    assert between(utc(2026, 3, 2, 9), utc(2026, 3, 2, 11, 30)) == [
        "10:00+0100", "11:00+0100", "12:00+0100"]
    # The start is inclusive, the end exclusive, to the microsecond.
    assert between(utc(2026, 3, 2, 9), utc(2026, 3, 2, 11)) == ["10:00+0100", "11:00+0100"]
    assert between(utc(2026, 3, 2, 9), utc(2026, 3, 2, 11, 0, 0, 1)) == [
        "10:00+0100", "11:00+0100", "12:00+0100"]
    assert between(utc(2026, 3, 2, 9, 0, 0, 1), utc(2026, 3, 2, 10, 0, 0, 1)) == [
        "11:00+0100"]
    assert between(utc(2026, 3, 2, 9), utc(2026, 3, 2, 9)) == []
    assert between(utc(2026, 3, 2, 11), utc(2026, 3, 2, 11)) == []


def test_a_late_slot_on_a_pages_last_day_is_on_that_page_and_only_there() -> None:
    # 05:00-06:00 IST is 23:30-00:30 UTC: a UTC viewer's week ending on Sunday must show
    # Sunday's 23:30, and the next week must not show it again.
    availability = make("Asia/Kolkata", weekly=every_day(time(5), time(6)), horizon_days=90)
    now = utc(2026, 3, 1)
    pages = [expand_slots(availability, start=utc(2026, 3, 2) + timedelta(weeks=week),
                          end=utc(2026, 3, 9) + timedelta(weeks=week), session_minutes=60,
                          now=now) for week in range(2)]
    assert pages[0][-1] == Slot(utc(2026, 3, 8, 23, 30), utc(2026, 3, 9, 0, 30))
    assert pages[1][0] == Slot(utc(2026, 3, 9, 23, 30), utc(2026, 3, 10, 0, 30))
    assert [len(page) for page in pages] == [7, 7]
    assert offers_slot(availability, start=utc(2026, 3, 8, 23, 30), session_minutes=60, now=now)


def test_the_grid_does_not_depend_on_the_queried_range() -> None:
    availability = make(weekly=every_day(time(0), END_OF_DAY), lengths=(45,), buffer_minutes=25)
    now = utc(2026, 3, 1)
    week = expand_slots(availability, start=now, end=now + timedelta(days=7),
                        session_minutes=45, now=now)
    day_start, day_end = utc(2026, 3, 4, 13, 7), utc(2026, 3, 5, 2)
    one_day = expand_slots(availability, start=day_start, end=day_end, session_minutes=45,
                           now=now)
    assert one_day == [s for s in week if day_start <= s.start < day_end]
    # Steps of 70 minutes from local midnight: 14:00 starts before the range, 15:10 is next.
    assert local(one_day, BERLIN)[0] == "15:10+0100"


def test_offers_slot_accepts_exactly_the_listed_slots() -> None:
    availability = make(weekly=[WeeklyWindow(0, time(9), time(12))], buffer_minutes=10)
    now = utc(2026, 3, 1)
    nine, ten_ten = datetime(2026, 3, 2, 9, tzinfo=BERLIN), datetime(2026, 3, 2, 10, 10,
                                                                     tzinfo=BERLIN)
    assert offers_slot(availability, start=nine, session_minutes=60, now=now)
    assert offers_slot(availability, start=ten_ten, session_minutes=60, now=now)
    assert not offers_slot(availability, start=nine + timedelta(minutes=5), session_minutes=60,
                           now=now)
    # Booked until 10:01, padded by the 10-minute buffer to 10:11.
    assert not offers_slot(availability, start=ten_ten, session_minutes=60, now=now,
                           busy=[(nine, nine + timedelta(minutes=61))])
    assert offers_slot(availability, start=ten_ten, session_minutes=60, now=now,
                       busy=[(nine, nine + timedelta(minutes=60))])


def test_unoffered_lengths_and_malformed_ranges_are_refused() -> None:
    availability = make(weekly=[WeeklyWindow(0, time(9), time(12))], lengths=(30, 60))
    now, start, end = utc(2026, 3, 1), utc(2026, 3, 2), utc(2026, 3, 3)

    def refused(error: type[InvalidInput], field: str, **changes: Any) -> None:
        arguments: dict[str, Any] = {"start": start, "end": end, "session_minutes": 60,
                                     "now": now, **changes}
        with pytest.raises(error) as err:
            expand_slots(availability, **arguments)
        assert err.value.details is not None
        assert list(err.value.details["fields"]) == [field]

    refused(InvalidSessionLength, "session_minutes", session_minutes=45)
    refused(InvalidSessionLength, "session_minutes", session_minutes=True)
    refused(InvalidTimeRange, "start", start=datetime(2026, 3, 2))
    refused(InvalidTimeRange, "end", end=start - timedelta(minutes=1))
    refused(InvalidTimeRange, "now", now=datetime(2026, 3, 1))
    refused(InvalidTimeRange, "busy[1]", busy=[(start, end), (datetime(2026, 3, 2), end)])
    refused(InvalidTimeRange, "busy[0]", busy=[(end, start)])


def test_slots_are_grouped_by_the_viewers_local_date() -> None:
    availability = make(weekly=[WeeklyWindow(0, time(19), time(21))])
    slots = expand_day(availability, date(2026, 3, 2))
    in_kolkata = slots_by_local_day(slots, "Asia/Kolkata")
    assert list(in_kolkata) == [date(2026, 3, 2), date(2026, 3, 3)]
    assert [s.start.strftime("%H:%M") for s in in_kolkata[date(2026, 3, 3)]] == ["00:30"]
    assert in_kolkata[date(2026, 3, 2)][0] == slots[0]  # the same instant, shown locally
    with pytest.raises(InvalidTimezone):
        slots_by_local_day(slots, "Nowhere/Special")
