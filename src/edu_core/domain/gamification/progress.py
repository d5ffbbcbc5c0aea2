"""A learner's progress: total XP, level, streak, daily goal and what they chose to show."""

from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from edu_core.domain.errors import NotFound
from edu_core.domain.events import DomainEvent
from edu_core.domain.gamification.achievements import Stats
from edu_core.domain.gamification.leagues import FIRST_TIER
from edu_core.domain.gamification.streaks import (
    DEFAULT_DAILY_GOAL,
    Streak,
    StreakZone,
    check_daily_goal,
)
from edu_core.domain.gamification.xp import XpAward, XpSource, level_for


class LeaderboardNotFound(NotFound):
    code = "leaderboard_not_found"
    default_message = "No such leaderboard."


class NotANote(NotFound):
    code = "note_not_found"
    default_message = "No such note (only published notes are read to the end)."


@dataclass(frozen=True, kw_only=True)
class Gain:
    day: date  # the local day the XP counts for
    goal_met: bool  # this award carried the day past the daily goal
    frozen_days: tuple[date, ...]
    freeze_earned: bool


@dataclass(kw_only=True)
class LearnerProgress:
    user_id: UUID
    total_xp: int = 0
    streak: Streak = field(default_factory=Streak)
    zone: StreakZone = field(default_factory=StreakZone)
    daily_goal: int = DEFAULT_DAILY_GOAL
    hidden: bool = False  # kept off public boards (the learner still sees their own rank)
    tier: int = FIRST_TIER
    counts: dict[str, int] = field(default_factory=dict)
    updated_at: datetime | None = None
    events: list[DomainEvent] = field(default_factory=list, compare=False, repr=False)

    @property
    def level(self) -> int:
        return level_for(self.total_xp)

    def stats(self) -> Stats:
        return Stats(counts=dict(self.counts), longest_streak=self.streak.longest,
                     level=self.level)

    def local_day(self, at: datetime, timezone: str) -> date:
        """The learner's day at ``at``, following their current zone (see ``StreakZone``);
        never before the last day already counted. Until a day is counted there is no
        streak a change could shorten or stretch: the learner's zone applies at once."""
        if self.streak.last_day is None:
            self.zone = StreakZone(zone=timezone)
        self.zone = self.zone.following(timezone, at)
        day = self.zone.day_of(at)
        last = self.streak.last_day
        return day if last is None or day > last else last

    def gain(self, award: XpAward, *, day: date, day_xp_before: int) -> Gain:
        """Count a new award on local ``day`` (which had ``day_xp_before`` XP until now)."""
        outcome = self.streak.on_day(day, excused=self.zone.excused_day)
        self.streak = outcome.streak
        self.total_xp += award.amount
        source = award.source_type.value
        self.counts[source] = self.counts.get(source, 0) + 1
        self.updated_at = award.awarded_at
        met = (award.source_type is not XpSource.DAILY_GOAL
               and day_xp_before < self.daily_goal <= day_xp_before + award.amount)
        return Gain(day=day, goal_met=met, frozen_days=outcome.frozen_days,
                    freeze_earned=outcome.freeze_earned)

    def choose(self, *, daily_goal: int | None = None, hidden: bool | None = None,
               now: datetime) -> None:
        if daily_goal is not None:
            self.daily_goal = check_daily_goal(daily_goal)
        if hidden is not None:
            self.hidden = hidden
        self.updated_at = now

    def streak_today(self, now: datetime) -> int:
        today = self.zone.day_of(now)
        return self.streak.as_of(today, excused=self.zone.excused_day)
