"""Gamification rules on their own: levels, streaks in local days (DST nights, the extreme
zones, zone changes), freezes, achievements and the weekly close of leagues."""

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import pytest

from edu_core.domain.gamification import (
    MAX_FREEZES,
    InvalidDailyGoal,
    LearnerProgress,
    Outcome,
    Standing,
    Stats,
    Streak,
    StreakZone,
    XpAward,
    XpSource,
    close_week,
    level_floor,
    level_for,
    next_week_groups,
    reached,
    week_closes_at,
    week_start,
    zones,
)
from edu_core.domain.gamification.streaks import next_midnight

USER = UUID(int=1)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# -- levels --------------------------------------------------------------------------------------

def test_levels_start_at_fifty_n_n_minus_one() -> None:
    assert [level_floor(n) for n in range(1, 6)] == [0, 100, 300, 600, 1000]
    assert [level_for(x) for x in (0, 99, 100, 299, 300, 999, 1000)] == [1, 1, 2, 2, 3, 4, 5]


def test_level_matches_its_floor_for_every_total_up_to_a_large_one() -> None:
    for xp in [*list(range(0, 5000)), 10 ** 6, 10 ** 9 + 7]:
        level = level_for(xp)
        assert level_floor(level) <= xp < level_floor(level + 1)


def test_negative_xp_has_no_level() -> None:
    with pytest.raises(ValueError):
        level_for(-1)


# -- streaks -------------------------------------------------------------------------------------

def days(start: date, n: int) -> list[date]:
    return [start + timedelta(days=i) for i in range(n)]


def test_consecutive_days_grow_the_streak_and_the_same_day_does_not() -> None:
    s = Streak()
    for d in days(date(2026, 3, 1), 3):
        s = s.on_day(d).streak
        s = s.on_day(d).streak  # twice the same day
    assert (s.current, s.longest, s.last_day) == (3, 3, date(2026, 3, 3))


def test_a_missed_day_without_a_freeze_starts_again_at_one() -> None:
    s = Streak().on_day(date(2026, 3, 1)).streak.on_day(date(2026, 3, 2)).streak
    outcome = s.on_day(date(2026, 3, 4))
    assert (outcome.streak.current, outcome.streak.longest) == (1, 2)
    assert s.as_of(date(2026, 3, 3)) == 2  # yesterday was the last: still alive today
    assert s.as_of(date(2026, 3, 4)) == 0  # a whole day missed


def test_every_seventh_day_earns_a_freeze_up_to_two_and_freezes_bridge_missed_days() -> None:
    s = Streak()
    for d in days(date(2026, 3, 1), 21):
        s = s.on_day(d).streak
    assert (s.current, s.freezes) == (21, MAX_FREEZES)  # 3 earned by day 21, 2 held
    assert s.as_of(date(2026, 3, 24)) == 21  # two days missed, two freezes
    assert s.as_of(date(2026, 3, 25)) == 0  # three missed
    outcome = s.on_day(date(2026, 3, 24))
    assert outcome.frozen_days == (date(2026, 3, 22), date(2026, 3, 23))
    assert (outcome.streak.current, outcome.streak.freezes) == (22, 0)


def test_too_few_freezes_break_the_streak_and_keep_the_freezes() -> None:
    s = Streak(current=7, longest=7, last_day=date(2026, 3, 7), freezes=1)
    outcome = s.on_day(date(2026, 3, 10))
    assert (outcome.streak.current, outcome.streak.freezes, outcome.frozen_days) == (1, 1, ())


def progress_days(zone: str, instants: list[datetime], user_zone: str | None = None
                  ) -> tuple[LearnerProgress, list[date]]:
    p = LearnerProgress(user_id=USER, zone=StreakZone(zone=zone))
    seen = []
    for at in instants:
        day = p.local_day(at, user_zone or zone)
        p.gain(XpAward.of(XpSource.ANSWER, at.isoformat(), user_id=USER, at=at), day=day,
               day_xp_before=0)
        seen.append(day)
    return p, seen


def test_days_follow_the_local_date_across_a_spring_forward_night() -> None:
    # New York springs forward on 2026-03-08 at 02:00 (a 23-hour day).
    instants = [utc(2026, 3, 7, 4, 30),  # Mar 6, 23:30 local
                utc(2026, 3, 8, 4, 59),  # Mar 7, 23:59 EST
                utc(2026, 3, 8, 5, 1),  # Mar 8, 00:01 EST
                utc(2026, 3, 9, 3, 59)]  # Mar 8, 23:59 EDT: still the 23-hour day
    p, seen = progress_days("America/New_York", instants)
    assert seen == [date(2026, 3, 6), date(2026, 3, 7), date(2026, 3, 8), date(2026, 3, 8)]
    assert p.streak.current == 3


def test_the_long_fall_back_day_is_one_day() -> None:
    # Berlin falls back on 2026-10-25 at 03:00 (a 25-hour day).
    instants = [utc(2026, 10, 24, 22, 0),  # Oct 25, 00:00 CEST
                utc(2026, 10, 25, 22, 59),  # Oct 25, 23:59 CET, 25 hours later
                utc(2026, 10, 25, 23, 0)]  # Oct 26, 00:00 CET
    p, seen = progress_days("Europe/Berlin", instants)
    assert seen == [date(2026, 10, 25), date(2026, 10, 25), date(2026, 10, 26)]
    assert p.streak.current == 2


@pytest.mark.parametrize(("zone", "local_day"), [
    ("Pacific/Kiritimati", date(2026, 6, 2)),  # UTC+14: already tomorrow
    ("Pacific/Pago_Pago", date(2026, 6, 1)),  # UTC-11: still today
])
def test_extreme_zones_count_their_own_local_date(zone: str, local_day: date) -> None:
    at = utc(2026, 6, 1, 12, 0)
    p, seen = progress_days(zone, [at, at + timedelta(hours=23, minutes=59)])
    assert seen[0] == local_day
    assert seen[1] == local_day + timedelta(days=1)
    assert p.streak.current == 2
    assert p.streak_today(at + timedelta(days=2)) == 2  # the next local day: still alive


def test_a_new_learner_counts_from_the_first_award_in_their_own_zone() -> None:
    p = LearnerProgress(user_id=USER)  # nothing counted yet: no zone followed so far
    days = []
    for at in (utc(2026, 6, 1, 18, 0), utc(2026, 6, 2, 18, 0)):  # 08:00 in Kiritimati
        day = p.local_day(at, "Pacific/Kiritimati")
        p.gain(XpAward.of(XpSource.ANSWER, at.isoformat(), user_id=USER, at=at), day=day,
               day_xp_before=0)
        days.append(day)
    # June 1 18:00 UTC is June 2 there; the second morning is June 3, one day later.
    assert days == [date(2026, 6, 2), date(2026, 6, 3)]
    assert (p.zone.zone, p.zone.next_zone, p.streak.current) == ("Pacific/Kiritimati", None, 2)


def test_kiritimati_at_ten_utc_is_already_the_next_day() -> None:
    assert StreakZone(zone="Pacific/Kiritimati").day_of(utc(2026, 6, 1, 10, 0)) == \
        date(2026, 6, 2)
    assert StreakZone(zone="Pacific/Pago_Pago").day_of(utc(2026, 6, 1, 10, 59)) == \
        date(2026, 5, 31)


def test_a_zone_change_takes_effect_at_the_next_local_midnight_of_the_old_zone() -> None:
    z = StreakZone(zone="Europe/Berlin")
    at = utc(2026, 6, 1, 12, 0)  # 14:00 in Berlin
    moved = z.following("America/Los_Angeles", at)
    assert moved.zone == "Europe/Berlin"
    assert moved.next_from == utc(2026, 6, 1, 22, 0)  # midnight in Berlin
    assert moved.day_of(at + timedelta(hours=9)) == date(2026, 6, 1)  # Berlin's day still
    # After Berlin's midnight the day is Los Angeles': it is 15:00 on June 1 there.
    assert moved.day_of(utc(2026, 6, 1, 22, 0)) == date(2026, 6, 1)
    assert moved.settled(utc(2026, 6, 1, 22, 0)).zone == "America/Los_Angeles"
    assert moved.following("Europe/Berlin", at).next_zone is None  # changed back: cancelled


def test_moving_west_never_counts_today_twice() -> None:
    # Kiritimati to Pago Pago: 25 hours back, so at the switch the new zone's date is earlier
    # than the day already counted.
    at = utc(2026, 6, 1, 8, 0)  # June 1, 22:00 in Kiritimati
    p, _ = progress_days("Pacific/Kiritimati", [at])
    p.local_day(at + timedelta(hours=1), "Pacific/Pago_Pago")  # the change is noticed
    assert p.zone.next_from == utc(2026, 6, 1, 10, 0)  # Kiritimati's midnight

    def learn(when: datetime) -> date:
        day = p.local_day(when, "Pacific/Pago_Pago")
        p.gain(XpAward.of(XpSource.ANSWER, when.isoformat(), user_id=USER, at=when), day=day,
               day_xp_before=0)
        return day

    # May 31, 23:30 and June 1, 00:30 in Pago Pago: both the June 1 already counted.
    assert learn(utc(2026, 6, 1, 10, 30)) == date(2026, 6, 1)
    assert learn(utc(2026, 6, 1, 11, 30)) == date(2026, 6, 1)
    assert p.streak.current == 1
    assert learn(utc(2026, 6, 2, 11, 30)) == date(2026, 6, 2)  # the next local day
    assert p.streak.current == 2


def test_moving_east_across_the_date_line_excuses_the_day_jumped_over() -> None:
    # Pago Pago to Kiritimati (25 hours ahead): at Pago Pago's midnight it is already 01:00 of
    # the day after in Kiritimati; that skipped date is not a missed day.
    first = utc(2026, 6, 1, 12, 0)  # June 1, 01:00 in Pago Pago
    p, _ = progress_days("Pacific/Pago_Pago", [first])
    p.local_day(first + timedelta(hours=1), "Pacific/Kiritimati")  # the change is noticed
    switch = p.zone.next_from
    assert switch == utc(2026, 6, 2, 11, 0)  # June 2, 00:00 in Pago Pago
    at = switch + timedelta(hours=1)  # June 3, 02:00 in Kiritimati
    day = p.local_day(at, "Pacific/Kiritimati")
    assert day == date(2026, 6, 3)
    assert p.zone.excused_day == date(2026, 6, 2)
    gain = p.gain(XpAward.of(XpSource.ANSWER, "y", user_id=USER, at=at), day=day,
                  day_xp_before=0)
    assert (p.streak.current, gain.frozen_days) == (2, ())
    assert p.streak_today(at + timedelta(hours=20)) == 2


def test_next_midnight_is_built_from_the_local_date() -> None:
    # Spring forward in New York: the day after Mar 8 begins at 04:00 UTC (EDT).
    assert next_midnight(utc(2026, 3, 8, 12), "America/New_York") == utc(2026, 3, 9, 4)
    assert next_midnight(utc(2026, 3, 7, 12), "America/New_York") == utc(2026, 3, 8, 5)


def test_the_daily_goal_is_met_once_by_the_award_that_crosses_it() -> None:
    p = LearnerProgress(user_id=USER, daily_goal=20)
    at = utc(2026, 6, 1, 9)
    award = XpAward.of(XpSource.ANSWER, "a", user_id=USER, at=at)  # 10 XP
    assert not p.gain(award, day=at.date(), day_xp_before=0).goal_met
    assert p.gain(award, day=at.date(), day_xp_before=10).goal_met
    assert not p.gain(award, day=at.date(), day_xp_before=20).goal_met
    with pytest.raises(InvalidDailyGoal):
        p.choose(daily_goal=15, now=at)
    p.choose(daily_goal=50, hidden=True, now=at)
    assert (p.daily_goal, p.hidden) == (50, True)


# -- achievements ----------------------------------------------------------------------------------

def test_achievements_are_reached_by_counts_and_not_twice() -> None:
    stats = Stats(counts={"answer": 100, "item": 1}, longest_streak=7, level=5)
    codes = [a.code for a in reached(stats)]
    assert codes == ["first_lesson", "first_correct", "correct_100", "streak_7", "level_5"]
    assert [a.code for a in reached(stats, frozenset(codes[:4]))] == ["level_5"]
    assert reached(Stats(counts={}, longest_streak=0, level=1)) == []


# -- leagues ---------------------------------------------------------------------------------------

def test_weeks_start_on_monday_utc() -> None:
    assert week_start(utc(2026, 12, 6, 23, 59)) == date(2026, 11, 30)  # a Sunday
    assert week_start(utc(2026, 12, 7, 0, 0)) == date(2026, 12, 7)
    assert week_closes_at(date(2026, 12, 7)) == utc(2026, 12, 14)


def test_zones_are_seven_and_five_of_thirty_and_never_overlap() -> None:
    assert zones(30) == (7, 5)
    assert zones(1) == (0, 0)
    for size in range(2, 31):
        up, down = zones(size)
        assert up >= 1 and up + down <= size


def standing(league: int, tier: int, user: int, xp: int, minute: int = 0) -> Standing:
    return Standing(league_id=UUID(int=league), tier=tier, user_id=UUID(int=user), xp=xp,
                    reached_at=utc(2026, 6, 1, 0, minute))


def test_the_close_promotes_the_top_and_demotes_the_bottom() -> None:
    members = [standing(1, 2, u, 300 - u * 10) for u in range(1, 31)]
    results = {r.user_id.int: r for r in close_week(members)}
    assert [results[u].outcome for u in (1, 7, 8, 25, 26, 30)] == [
        Outcome.PROMOTED, Outcome.PROMOTED, Outcome.STAYED, Outcome.STAYED, Outcome.DEMOTED,
        Outcome.DEMOTED]
    assert results[1].next_tier == 3 and results[30].next_tier == 1


def test_ties_go_to_who_got_there_first_and_nobody_moves_up_without_xp() -> None:
    results = {r.user_id.int: r for r in close_week([
        standing(1, 1, 1, 50, minute=9), standing(1, 1, 2, 50, minute=1),
        standing(1, 1, 3, 0), standing(1, 1, 4, 0)])}
    assert (results[2].rank, results[1].rank) == (1, 2)
    assert results[2].outcome is Outcome.PROMOTED
    # Bronze is the floor: nobody is demoted out of it.
    assert {results[3].outcome, results[4].outcome} == {Outcome.STAYED}


def test_the_top_tier_keeps_its_winners_and_a_zero_week_does_not_promote() -> None:
    top = close_week([standing(1, 5, u, 120 - u) for u in range(1, 13)])
    assert zones(12) == (2, 2)
    assert [r.outcome for r in top].count(Outcome.PROMOTED) == 0
    assert [r.outcome for r in top][-2:] == [Outcome.DEMOTED, Outcome.DEMOTED]
    idle = close_week([standing(2, 3, u, 0) for u in range(1, 13)])
    assert Outcome.PROMOTED not in {r.outcome for r in idle}
    alone = close_week([standing(3, 2, 99, 0)])
    assert alone[0].outcome is Outcome.STAYED


def test_next_week_seats_learners_of_similar_pace_together_by_tier() -> None:
    members = [standing(1 + u // 30, 1, u, 1000 - u) for u in range(70)]
    groups = next_week_groups(close_week(members))
    sizes = [(tier, len(users)) for tier, users in groups]
    assert sum(n for _, n in sizes) == 70  # everyone earned XP
    assert all(n <= 30 for _, n in sizes)
    for _tier, users in groups:
        xp = [1000 - u.int for u in users]
        assert xp == sorted(xp, reverse=True)
