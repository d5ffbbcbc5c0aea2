"""Expanding wall-clock availability into bookable slots in real time (S21).

How local windows become real time
    An instant is available when the mentor's clock (``rules.timezone``) reads a time inside a
    window of that local date. So a 09:00-12:00 window is the three real hours the clock shows
    those readings, whatever the offset that day.

    *Spring forward*: skipped readings have no instants. On 2026-03-29 in Berlin a 01:00-04:00
    window is two real hours (01:00-02:00 CET, 03:00-04:00 CEST) and a window starting at 02:30
    starts at the transition, when the clock shows 03:00.

    *Fall back*: the repeated readings count once, on their first pass (``fold=0``, still on
    the earlier offset); the second pass (``fold=1``) is outside every window. A window then
    never grants more real time than its wall-clock width, and no two slots share a local start
    time, so the mentor's own calendar never shows "02:00" twice. On 2026-10-25 in Berlin a
    01:00-04:00 window is 01:00-03:00 CEST, then a one-hour hole, then 03:00-04:00 CET. The cost
    is that round-the-clock availability loses the repeated hour once a year.

How slots are stepped
    Touching windows of one local date are joined into a stretch; its available real time forms
    one or, around a fall-back, two *pieces*. Each piece is cut from its own start in steps of
    ``session + buffer`` real minutes, keeping the slots that end inside it. Anchoring at the
    piece makes the grid a function of the availability alone: the queried range, ``now`` and
    the bookings only remove grid slots, never shift them, so a slot listed in a week view is
    still a slot when a booking for it is checked on its own (see :func:`offers_slot`). Local
    dates are not joined across midnight for the same reason: a chain of 24-hour days would make
    the anchor depend on where the query began.

    The buffer separates any two offered slots, also across windows: when a piece's last slot
    ends less than ``buffer`` before the next piece's first slot, the earlier slot is dropped,
    so the next window still opens at its stated time.

Which range a slot belongs to
    A query range selects slots by their *start*: [start, end) holds the slots starting in it,
    whether or not they end inside it. Consecutive ranges, such as the calendar's pages from
    one local midnight to another, therefore share out every slot exactly once; requiring the
    whole slot inside its range would put a slot running past a page's last midnight on no
    page at all, while a booking for it would still be accepted.

All arithmetic is on datetimes in ``UTC``: arithmetic on an aware datetime in a ``ZoneInfo`` zone
is wall-clock arithmetic and would be wrong across transitions. Wall-clock readings are carried as
UTC-labelled datetimes too, so "reading minus offset" is the instant.
"""

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import NamedTuple
from zoneinfo import ZoneInfo

from edu_core.domain.availability.model import Availability, InvalidSessionLength
from edu_core.domain.errors import InvalidInput
from edu_core.domain.identity.users import validate_timezone

# Offsets are probed this often and each change is bisected to the second. No zone in use changes
# its offset twice within six hours, so nothing in between can be missed.
_PROBE = timedelta(hours=6)
_ZERO = timedelta(0)
_DAY = timedelta(days=1)
_TICK = timedelta(microseconds=1)


class InvalidTimeRange(InvalidInput):
    code = "invalid_time_range"
    default_message = "Give time zone-aware times, each range ending after it starts."


class Slot(NamedTuple):
    """A bookable session, ``start`` inclusive and ``end`` exclusive, as aware datetimes."""

    start: datetime
    end: datetime

    def in_zone(self, zone: tzinfo) -> "Slot":
        return Slot(self.start.astimezone(zone), self.end.astimezone(zone))


# (start, end, utc offset) of a stretch of real time on one offset; a segment after a fall-back
# starts once the repeated readings are over.
_Segment = tuple[datetime, datetime, timedelta]


def _utc(value: datetime, field: str) -> datetime:
    if value.utcoffset() is None:
        raise InvalidTimeRange(details={"fields": {field: "Give a time zone-aware time."}})
    return value.astimezone(UTC)


def _offset_at(zone: ZoneInfo, instant: datetime) -> timedelta:
    offset = instant.astimezone(zone).utcoffset()
    assert offset is not None
    return offset


def _segments(zone: ZoneInfo, low: datetime, high: datetime) -> list[_Segment]:
    """The real time in [low, high) whose clock reading is on its first pass, by offset.

    ``low`` must fall on a whole second so the bisection lands on the transition itself.
    """
    segments: list[_Segment] = []
    begin, offset = low, _offset_at(zone, low)
    probe = low
    while probe < high:
        ahead = min(probe + _PROBE, high)
        new_offset = _offset_at(zone, ahead)
        if new_offset != offset:
            below, above = 0, int((ahead - probe).total_seconds())
            while above - below > 1:
                middle = (below + above) // 2
                if _offset_at(zone, probe + timedelta(seconds=middle)) == offset:
                    below = middle
                else:
                    above = middle
            change = probe + timedelta(seconds=above)
            segments.append((begin, change, offset))
            begin, offset = change + max(offset - new_offset, _ZERO), new_offset
        probe = ahead
    segments.append((begin, high, offset))
    return segments


def _pieces(segments: Sequence[_Segment], first: datetime,
            last: datetime) -> list[tuple[datetime, datetime]]:
    """Real-time pieces of the wall-clock stretch [first, last) (readings labelled UTC)."""
    pieces: list[tuple[datetime, datetime]] = []
    for begin, finish, offset in segments:
        start, end = max(first - offset, begin), min(last - offset, finish)
        if start < end:
            # Across a spring-forward the two offsets' parts meet and form one piece.
            if pieces and pieces[-1][1] == start:
                pieces[-1] = (pieces[-1][0], end)
            else:
                pieces.append((start, end))
    return pieces


def _merged_busy(busy: Iterable[tuple[datetime, datetime]],
                 pad: timedelta) -> tuple[list[datetime], list[datetime]]:
    intervals: list[tuple[datetime, datetime]] = []
    for index, (begin, finish) in enumerate(busy):
        start = _utc(begin, f"busy[{index}]")
        end = _utc(finish, f"busy[{index}]")
        if end <= start:
            raise InvalidTimeRange(
                details={"fields": {f"busy[{index}]": "Must end after it starts."}})
        intervals.append((start - pad, end + pad))
    starts: list[datetime] = []
    ends: list[datetime] = []
    for start, end in sorted(intervals):
        if ends and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


def expand_slots(availability: Availability, *, start: datetime, end: datetime,
                 session_minutes: int, now: datetime,
                 busy: Sequence[tuple[datetime, datetime]] = ()) -> list[Slot]:
    """The bookable slots of ``session_minutes`` *starting* in [start, end), sorted, in UTC.

    A slot belongs to the range of its start, so consecutive ranges (calendar pages) share
    out every slot exactly once, also one that runs past the end of its page. A slot starts
    no earlier than ``now`` plus the minimum notice and no later than ``now`` plus the
    horizon (in 24-hour days), and keeps ``buffer`` minutes clear of every busy interval.
    All datetimes must be aware; any zone will do.
    """
    rules = availability.rules
    if isinstance(session_minutes, bool) or session_minutes not in rules.session_lengths:
        offered = ", ".join(str(minutes) for minutes in sorted(rules.session_lengths))
        raise InvalidSessionLength(f"This mentor offers sessions of {offered} minutes.",
                                   details={"fields": {"session_minutes": f"Use {offered}."}})
    range_start, range_end = _utc(start, "start"), _utc(end, "end")
    if range_end < range_start:
        raise InvalidTimeRange(details={"fields": {"end": "Must not be before the start."}})
    moment = _utc(now, "now")
    session = timedelta(minutes=session_minutes)
    buffer = timedelta(minutes=rules.buffer_minutes)
    busy_starts, busy_ends = _merged_busy(busy, buffer)

    # Slots start from ``earliest`` until ``horizon`` inclusive and before ``range_end``.
    earliest = max(range_start, moment + timedelta(minutes=rules.min_notice_minutes))
    horizon = moment + timedelta(days=rules.horizon_days)
    if earliest > horizon:
        # Also keeps a range in the far future (year 9999) away from date arithmetic.
        return []

    zone = ZoneInfo(rules.timezone)
    first_day = earliest.astimezone(zone).date()
    # One more local day than the range needs: the buffer rule looks at the next window.
    days = (min(horizon, range_end).astimezone(zone).date() - first_day).days + 2
    midnight = datetime.combine(first_day, time(0), UTC)
    # Readings and instants differ by less than a day, so a day's margin covers every stretch.
    segments = _segments(zone, midnight - _DAY, midnight + (days + 1) * _DAY)

    pieces: list[tuple[datetime, datetime]] = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        day_start = midnight + timedelta(days=offset)
        for first, last in availability.stretches_on(day):
            pieces.extend(_pieces(segments, day_start + timedelta(minutes=first),
                                  day_start + timedelta(minutes=last)))

    step = session + buffer
    # (first slot, slot count) of each piece's grid, for the pieces that fit a session at all.
    grids = [(begin, (finish - begin - session) // step + 1)
             for begin, finish in pieces if finish - begin >= session]
    slots: list[Slot] = []
    for index, (anchor, count) in enumerate(grids):
        if index + 1 < len(grids):
            last_end = anchor + (count - 1) * step + session
            if last_end + buffer > grids[index + 1][0]:
                count -= 1
        # First and last k with earliest <= anchor + k * step <= horizon, < range_end.
        low = max(0, -((anchor - earliest) // step))
        high = min(count - 1, (horizon - anchor) // step, -((anchor - range_end) // step) - 1)
        for k in range(low, high + 1):
            slot_start = anchor + k * step
            slot_end = slot_start + session
            clash = bisect_right(busy_ends, slot_start)
            if clash < len(busy_starts) and busy_starts[clash] < slot_end:
                continue
            slots.append(Slot(slot_start, slot_end))
    return slots


def offers_slot(availability: Availability, *, start: datetime, session_minutes: int,
                now: datetime, busy: Sequence[tuple[datetime, datetime]] = ()) -> bool:
    """Whether a session may be booked at ``start``, i.e. it is one of the slots that
    :func:`expand_slots` lists for any range containing ``start``."""
    begin = _utc(start, "start")
    found = expand_slots(availability, start=begin, end=begin + _TICK,
                         session_minutes=session_minutes, now=now, busy=busy)
    return any(slot.start == begin for slot in found)


def slots_by_local_day(slots: Iterable[Slot], viewer_timezone: str) -> dict[date, list[Slot]]:
    """Slots grouped by the viewer's local date of their start, re-expressed in that zone,
    in chronological order."""
    zone = ZoneInfo(validate_timezone(viewer_timezone))
    grouped: dict[date, list[Slot]] = {}
    for slot in sorted(slots):
        local = slot.in_zone(zone)
        grouped.setdefault(local.start.date(), []).append(local)
    return grouped
