from datetime import UTC, datetime, timedelta
from pathlib import Path

from adapters.security.clock import ShiftedClock


def test_a_shifted_clock_follows_its_file_and_keeps_running(tmp_path: Path) -> None:
    path = tmp_path / "clock"
    clock = ShiftedClock(path)
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(seconds=1)  # no file: no shift

    target = datetime(2027, 3, 29, 9, 0, tzinfo=UTC)
    ShiftedClock.shift_to(path, target)
    first = clock.now()
    assert abs(first - target) < timedelta(seconds=1)
    assert clock.now() >= first  # time runs on from the shifted instant

    later = target + timedelta(days=2, hours=3)
    ShiftedClock.shift_to(path, later)  # a second shift is seen at once by the same clock
    assert abs(clock.now() - later) < timedelta(seconds=1)

    path.unlink()
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(seconds=1)
