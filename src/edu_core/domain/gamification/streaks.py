"""Daily streaks, counted in the learner's own local days.

A day counts when the learner earns XP in it. Missed days are bridged by streak freezes (at
most ``MAX_FREEZES`` held, one earned with every ``FREEZE_EVERY`` days of streak, never bought),
used up automatically when the learner comes back; without enough freezes the streak starts
again at 1.

The local day is taken in the zone the streak follows. When the learner changes their time
zone, the new zone takes over at the next local midnight of the old one, so a change can never
give a second "today" or take the current one away. Going east far enough at that midnight can
jump over a whole date (Pago Pago to Kiritimati is 25 hours): that date is excused, not missed.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from edu_core.domain.errors import InvalidInput

MAX_FREEZES = 2
FREEZE_EVERY = 7
DAILY_GOALS = (10, 20, 30, 50)  # casual, regular, serious, intense
DEFAULT_DAILY_GOAL = 20


class InvalidDailyGoal(InvalidInput):
    code = "invalid_daily_goal"
    default_message = "Choose a daily goal of 10, 20, 30 or 50 XP."


def check_daily_goal(goal: int) -> int:
    if goal not in DAILY_GOALS:
        raise InvalidDailyGoal(details={"fields": {"daily_goal": InvalidDailyGoal.default_message}})
    return goal


def next_midnight(at: datetime, zone: str) -> datetime:
    """The instant the local day after ``at``'s begins in ``zone`` (DST-safe: built from the
    local date, so a 23- or 25-hour day ends where it should)."""
    tz = ZoneInfo(zone)
    tomorrow = at.astimezone(tz).date() + timedelta(days=1)
    return datetime.combine(tomorrow, time(0), tzinfo=tz)


@dataclass(frozen=True, kw_only=True)
class StreakZone:
    """The zone the streak follows, and a change waiting for its midnight."""

    zone: str = "UTC"
    next_zone: str | None = None
    next_from: datetime | None = None
    excused_day: date | None = None  # jumped over by the last change (never missed)

    def settled(self, at: datetime) -> "StreakZone":
        """The same, with a waiting change applied once its midnight has passed."""
        if self.next_zone is None or self.next_from is None or at < self.next_from:
            return self
        # The old zone's new day begins at its midnight; if the new zone is past that date
        # already, the date was never lived in either zone.
        old_date = self.next_from.astimezone(ZoneInfo(self.zone)).date()
        new_date = self.next_from.astimezone(ZoneInfo(self.next_zone)).date()
        jumped = old_date if new_date > old_date else None
        return StreakZone(zone=self.next_zone, excused_day=jumped or self.excused_day)

    def following(self, wanted: str, at: datetime) -> "StreakZone":
        """After the learner's zone is found to be ``wanted`` at ``at``."""
        now = self.settled(at)
        if wanted == now.zone:
            return replace(now, next_zone=None, next_from=None)
        if wanted == now.next_zone:
            return now
        return replace(now, next_zone=wanted, next_from=next_midnight(at, now.zone))

    def day_of(self, at: datetime) -> date:
        return at.astimezone(ZoneInfo(self.settled(at).zone)).date()


@dataclass(frozen=True, kw_only=True)
class DayOutcome:
    streak: "Streak"
    counted: bool  # a new day joined the streak
    frozen_days: tuple[date, ...]  # missed days bridged by freezes just now
    freeze_earned: bool


@dataclass(frozen=True, kw_only=True)
class Streak:
    current: int = 0
    longest: int = 0
    last_day: date | None = None
    freezes: int = 0

    def _missed(self, until: date, excused: date | None) -> list[date]:
        """Days strictly between the last active day and ``until`` that nobody excused."""
        assert self.last_day is not None
        days = (until - self.last_day).days
        return [d for d in (self.last_day + timedelta(days=i) for i in range(1, days))
                if d != excused]

    def on_day(self, day: date, *, excused: date | None = None) -> DayOutcome:
        """The learner earned XP on local ``day``."""
        if self.last_day is not None and day <= self.last_day:
            # The same day again, or an earlier one seen after a westward zone change.
            return DayOutcome(streak=self, counted=False, frozen_days=(), freeze_earned=False)
        frozen: tuple[date, ...] = ()
        freezes = self.freezes
        if self.last_day is None:
            current = 1
        else:
            missed = self._missed(day, excused)
            if len(missed) <= freezes:
                frozen, freezes = tuple(missed), freezes - len(missed)
                current = self.current + 1
            else:
                current = 1
        earned = current % FREEZE_EVERY == 0 and freezes < MAX_FREEZES
        if earned:
            freezes += 1
        streak = Streak(current=current, longest=max(self.longest, current), last_day=day,
                        freezes=freezes)
        return DayOutcome(streak=streak, counted=True, frozen_days=frozen, freeze_earned=earned)

    def as_of(self, today: date, *, excused: date | None = None) -> int:
        """The streak shown on ``today``: alive while the freezes held can bridge every day
        missed before today (today itself is not missed yet)."""
        if self.last_day is None:
            return 0
        if today <= self.last_day:
            return self.current
        return self.current if len(self._missed(today, excused)) <= self.freezes else 0
