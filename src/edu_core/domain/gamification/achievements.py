"""Achievements: a catalog in code, each unlocked once per learner when a count reaches its
threshold."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar
from uuid import UUID

from edu_core.domain.events import DomainEvent
from edu_core.domain.gamification.xp import XpSource


@dataclass(frozen=True, kw_only=True)
class Stats:
    """What achievements are judged on."""

    counts: Mapping[str, int]  # awards per XpSource value
    longest_streak: int
    level: int

    def count(self, source: XpSource) -> int:
        return self.counts.get(source.value, 0)


Measure = Callable[[Stats], int]


@dataclass(frozen=True, kw_only=True)
class Achievement:
    code: str
    title: str
    description: str
    icon: str  # a name the web client maps to a picture
    measure: Measure
    threshold: int

    def reached(self, stats: Stats) -> bool:
        return self.measure(stats) >= self.threshold


def _awards(*sources: XpSource) -> Measure:
    return lambda s: sum(s.count(source) for source in sources)


def _longest_streak(s: Stats) -> int:
    return s.longest_streak


def _level(s: Stats) -> int:
    return s.level


_LESSONS = _awards(XpSource.ITEM, XpSource.NOTE_READ)
# code, title, description, icon, what is counted, how many unlock it
_TABLE: tuple[tuple[str, str, str, str, Measure, int], ...] = (
    ("first_lesson", "First lesson", "Finish your first note or lesson.", "book", _LESSONS, 1),
    ("first_correct", "Right first time", "Answer a question correctly.", "check",
     _awards(XpSource.ANSWER), 1),
    ("correct_100", "Century", "Answer 100 questions correctly.", "target",
     _awards(XpSource.ANSWER), 100),
    ("streak_7", "Week on fire", "Keep a 7-day streak.", "flame", _longest_streak, 7),
    ("streak_30", "Unstoppable", "Keep a 30-day streak.", "flame", _longest_streak, 30),
    ("first_session", "Face to face", "Attend your first mentoring session.", "video",
     _awards(XpSource.SESSION), 1),
    ("course_finished", "Graduate", "Finish a course.", "award", _awards(XpSource.COURSE), 1),
    ("helpful_answer", "Helpful", "Have a forum answer accepted.", "message",
     _awards(XpSource.FORUM_ANSWER), 1),
    ("first_review", "Critic", "Review a session.", "star", _awards(XpSource.REVIEW), 1),
    ("goal_7", "Goal getter", "Meet your daily goal on 7 days.", "target",
     _awards(XpSource.DAILY_GOAL), 7),
    ("level_5", "Level 5", "Reach level 5.", "trophy", _level, 5),
    ("level_10", "Level 10", "Reach level 10.", "trophy", _level, 10),
)
CATALOG: tuple[Achievement, ...] = tuple(
    Achievement(code=code, title=title, description=description, icon=icon, measure=measure,
                threshold=threshold)
    for code, title, description, icon, measure, threshold in _TABLE)
ACHIEVEMENTS: Mapping[str, Achievement] = {a.code: a for a in CATALOG}


def reached(stats: Stats, unlocked: frozenset[str] = frozenset()) -> list[Achievement]:
    """Achievements ``stats`` has reached that are not unlocked yet, in catalog order."""
    return [a for a in CATALOG if a.code not in unlocked and a.reached(stats)]


@dataclass(frozen=True, kw_only=True)
class Unlock:
    user_id: UUID
    code: str
    unlocked_at: datetime


@dataclass(frozen=True, kw_only=True)
class AchievementUnlocked(DomainEvent):
    name: ClassVar[str] = "gamification.achievement_unlocked"
    user_id: UUID
    code: str
