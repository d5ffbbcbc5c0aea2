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


@dataclass(frozen=True, kw_only=True)
class Achievement:
    code: str
    title: str
    description: str
    icon: str  # a name the web client maps to a picture
    reached: Callable[[Stats], bool]


def _count(source: XpSource, n: int) -> Callable[[Stats], bool]:
    return lambda s: s.count(source) >= n


CATALOG: tuple[Achievement, ...] = (
    Achievement(code="first_lesson", title="First lesson",
                description="Finish your first note or lesson.", icon="book",
                reached=lambda s: s.count(XpSource.ITEM) + s.count(XpSource.NOTE_READ) >= 1),
    Achievement(code="first_correct", title="Right first time",
                description="Answer a question correctly.", icon="check",
                reached=_count(XpSource.ANSWER, 1)),
    Achievement(code="correct_100", title="Century",
                description="Answer 100 questions correctly.", icon="target",
                reached=_count(XpSource.ANSWER, 100)),
    Achievement(code="streak_7", title="Week on fire",
                description="Keep a 7-day streak.", icon="flame",
                reached=lambda s: s.longest_streak >= 7),
    Achievement(code="streak_30", title="Unstoppable",
                description="Keep a 30-day streak.", icon="flame",
                reached=lambda s: s.longest_streak >= 30),
    Achievement(code="first_session", title="Face to face",
                description="Attend your first mentoring session.", icon="video",
                reached=_count(XpSource.SESSION, 1)),
    Achievement(code="course_finished", title="Graduate",
                description="Finish a course.", icon="award",
                reached=_count(XpSource.COURSE, 1)),
    Achievement(code="helpful_answer", title="Helpful",
                description="Have a forum answer accepted.", icon="message",
                reached=_count(XpSource.FORUM_ANSWER, 1)),
    Achievement(code="first_review", title="Critic",
                description="Review a session.", icon="star",
                reached=_count(XpSource.REVIEW, 1)),
    Achievement(code="goal_7", title="Goal getter",
                description="Meet your daily goal on 7 days.", icon="target",
                reached=_count(XpSource.DAILY_GOAL, 7)),
    Achievement(code="level_5", title="Level 5", description="Reach level 5.", icon="trophy",
                reached=lambda s: s.level >= 5),
    Achievement(code="level_10", title="Level 10", description="Reach level 10.",
                icon="trophy", reached=lambda s: s.level >= 10),
)
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
