"""The rules of learning analytics: how much a heartbeat earns, which day it counts on, how a
question's difficulty reads, which topics are weak and who is at risk."""

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

import pytest

from edu_core.domain.analytics import (
    Accuracy,
    Difficulty,
    InvalidPeriod,
    RiskReason,
    RiskRule,
    credited_seconds,
    difficulty,
    is_weak,
    local_day,
    next_at_risk_scan,
    risk_reasons,
    study_period,
)

T = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)


@pytest.mark.parametrize(("gap", "earned"), [
    (None, 0),  # the first beat starts a stretch
    (timedelta(0), 0),  # a replay
    (timedelta(seconds=-5), 0),  # an earlier clock reading
    (timedelta(seconds=15), 15),
    (timedelta(seconds=14.9), 14),  # whole seconds
    (timedelta(seconds=30), 30),
    (timedelta(seconds=45), 30),  # capped
    (timedelta(seconds=60), 30),
    (timedelta(seconds=61), 0),  # away
    (timedelta(hours=5), 0),
])
def test_a_beat_earns_the_time_since_the_previous_one_within_bounds(
        gap: timedelta | None, earned: int) -> None:
    assert credited_seconds(None if gap is None else T - gap, T) == earned


def test_two_tabs_beating_together_earn_wall_clock_time_once() -> None:
    beats = sorted([T + timedelta(seconds=s) for s in range(0, 301, 15)]
                   + [T + timedelta(seconds=s + 7) for s in range(0, 301, 15)])
    earned = sum(credited_seconds(a, b) for a, b in pairwise(beats))
    assert earned == (beats[-1] - beats[0]).total_seconds()


@pytest.mark.parametrize(("zone", "day"), [
    ("UTC", date(2026, 3, 29)), ("Europe/Berlin", date(2026, 3, 29)),
    ("Pacific/Kiritimati", date(2026, 3, 29)), ("Pacific/Pago_Pago", date(2026, 3, 28)),
    ("America/New_York", date(2026, 3, 28)), ("Not/AZone", date(2026, 3, 29)),
])
def test_the_day_is_the_learners_local_one(zone: str, day: date) -> None:
    assert local_day(T, zone) == day


def test_periods_end_today_and_are_bounded() -> None:
    assert study_period(date(2026, 3, 1), 7) == (date(2026, 2, 23), date(2026, 3, 1))
    for days in (0, 367):
        with pytest.raises(InvalidPeriod):
            study_period(date(2026, 3, 1), days)


def test_difficulty_bands_and_weak_topics() -> None:
    assert [difficulty(p) for p in (None, 0.95, 0.8, 0.5, 0.3, 0.1)] == [
        None, Difficulty.EASY, Difficulty.MEDIUM, Difficulty.MEDIUM, Difficulty.MEDIUM,
        Difficulty.HARD]
    assert not is_weak(Accuracy(2, 0))  # too few to judge
    assert is_weak(Accuracy(3, 1))
    assert not is_weak(Accuracy(5, 3))  # 60 %


def test_risk_is_inactivity_or_a_falling_first_try_accuracy() -> None:
    rule = RiskRule(inactive_days=7, min_tries=5, accuracy_drop=0.2)
    fine = Accuracy(5, 4)
    assert risk_reasons(rule, now=T, last_activity=T - timedelta(days=6, hours=23),
                        recent=fine, earlier=fine) == []
    assert risk_reasons(rule, now=T, last_activity=T - timedelta(days=7),
                        recent=fine, earlier=fine) == [RiskReason.INACTIVE]
    assert risk_reasons(rule, now=T, last_activity=None, recent=Accuracy(0, 0),
                        earlier=Accuracy(0, 0)) == [RiskReason.INACTIVE]
    assert risk_reasons(rule, now=T, last_activity=T, recent=Accuracy(5, 2),
                        earlier=Accuracy(5, 4)) == [RiskReason.FALLING_ACCURACY]
    # Too few answers in either window to say it fell.
    assert risk_reasons(rule, now=T, last_activity=T, recent=Accuracy(4, 0),
                        earlier=Accuracy(5, 5)) == []
    assert risk_reasons(rule, now=T, last_activity=T, recent=Accuracy(10, 7),
                        earlier=Accuracy(5, 4)) == []
    # Exactly the threshold counts, whatever floating point makes of 0.7 - 0.5.
    assert risk_reasons(rule, now=T, last_activity=T, recent=Accuracy(10, 5),
                        earlier=Accuracy(10, 7)) == [RiskReason.FALLING_ACCURACY]


def test_the_scan_runs_each_morning() -> None:
    assert next_at_risk_scan(datetime(2026, 3, 29, 5, 59, tzinfo=UTC)) == datetime(
        2026, 3, 29, 6, 0, tzinfo=UTC)
    assert next_at_risk_scan(datetime(2026, 3, 29, 6, 0, tzinfo=UTC)) == datetime(
        2026, 3, 30, 6, 0, tzinfo=UTC)
