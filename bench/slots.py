"""How long the slot calculator takes for a busy mentor: 60 days of two daily windows, two
session lengths, a 10-minute buffer and 150 busy intervals (one every 7 hours).

    uv run python bench/slots.py [--days 60] [--runs 20]

Prints the number of slots and the best / median wall time per expansion. A figure to compare
between changes, not a pass/fail limit.
"""

import argparse
import statistics
import sys
import time as clock
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from uuid import UUID

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from edu_core.domain.availability import (
    Availability,
    AvailabilityRules,
    WeeklyWindow,
    expand_slots,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    windows = [WeeklyWindow(day, start, end) for day in range(7)
               for start, end in ((time(8), time(12)), (time(13), time(19)))]
    availability = Availability(
        mentor_id=UUID(int=7), weekly=tuple(windows), overrides=(),
        rules=AvailabilityRules(timezone="Europe/Berlin", session_lengths=(30, 60),
                                buffer_minutes=10, horizon_days=max(args.days, 60)))
    now = datetime(2026, 3, 1, tzinfo=UTC)
    busy = [(now + timedelta(hours=7 * i), now + timedelta(hours=7 * i + 1)) for i in range(150)]
    timings = []
    slots = 0
    for _ in range(args.runs):
        began = clock.perf_counter()
        slots = len(expand_slots(availability, start=now, end=now + timedelta(days=args.days),
                                 session_minutes=30, now=now, busy=busy))
        timings.append(clock.perf_counter() - began)
    print(f"{args.days} days, {slots} slots: best {min(timings) * 1000:.2f} ms, "
          f"median {statistics.median(timings) * 1000:.2f} ms over {args.runs} runs")


if __name__ == "__main__":
    main()
