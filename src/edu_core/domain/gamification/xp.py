"""Experience points: what each learning activity is worth, the award of one, and levels.

An award is keyed by its source (``source_type``, ``source_id``) per learner: the ledger keeps
one row per key, so a replayed or duplicated event awards nothing the second time.

XP is attributed to a mentor (and a subject) when its source belongs to one: a question, note
or course item is its author's; a course its mentor's and subject's; a session or review its
mentor's; an accepted forum answer the mentor of the lesson the thread is about. A daily goal
belongs to nobody. The mentor's weekly board sums what their students earned from their work.
"""

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from math import isqrt
from typing import ClassVar
from uuid import UUID

from edu_core.domain.events import DomainEvent

MAX_SOURCE_ID = 100


class XpSource(StrEnum):
    ANSWER = "answer"  # a question answered correctly for the first time
    ITEM = "item"  # a note or simulation marked done
    NOTE_READ = "note_read"  # a note read to its end
    COURSE = "course"  # a course finished
    SESSION = "session"  # a mentoring session attended
    REVIEW = "review"  # a review of a session written
    FORUM_ANSWER = "forum_answer"  # a forum reply accepted as the answer
    DAILY_GOAL = "daily_goal"  # the learner's daily goal met (source id: the local date)


XP_FOR: dict[XpSource, int] = {
    XpSource.ANSWER: 10,
    XpSource.ITEM: 10,
    XpSource.NOTE_READ: 5,
    XpSource.COURSE: 100,
    XpSource.SESSION: 50,
    XpSource.REVIEW: 15,
    XpSource.FORUM_ANSWER: 25,
    XpSource.DAILY_GOAL: 10,
}


@dataclass(frozen=True, kw_only=True)
class Attribution:
    """Whose work an award came from, when it came from someone's."""

    mentor_id: UUID | None = None
    subject_id: UUID | None = None


NOBODY = Attribution()


@dataclass(frozen=True, kw_only=True)
class XpAward:
    user_id: UUID
    source_type: XpSource
    source_id: str
    amount: int
    awarded_at: datetime
    attribution: Attribution = NOBODY

    def __post_init__(self) -> None:
        if not 0 < len(self.source_id) <= MAX_SOURCE_ID:
            raise ValueError("source_id must be 1 to 100 characters")
        if self.amount <= 0:
            raise ValueError("an award is worth at least 1 XP")

    @classmethod
    def of(cls, source_type: XpSource, source_id: UUID | str, *, user_id: UUID,
           at: datetime, attribution: Attribution = NOBODY) -> "XpAward":
        return cls(user_id=user_id, source_type=source_type, source_id=str(source_id),
                   amount=XP_FOR[source_type], awarded_at=at, attribution=attribution)


@dataclass(frozen=True, kw_only=True)
class XpAwarded(DomainEvent):
    """XP landed (only when the award was new): boards and the learner's screens refresh."""

    name: ClassVar[str] = "gamification.xp_awarded"
    user_id: UUID
    amount: int
    total_xp: int
    source_type: str
    mentor_id: UUID | None
    subject_id: UUID | None
    league_id: UUID | None
    week_start: date


# -- levels ------------------------------------------------------------------------------------
# Level n starts at 50 * n * (n - 1) XP: 0, 100, 300, 600, 1000, ... each level asks 100 XP
# more than the one before, so early levels come within a day and later ones take weeks.

LEVEL_STEP = 50


def level_floor(level: int) -> int:
    """The total XP at which ``level`` (1 or more) starts."""
    if level < 1:
        raise ValueError("levels start at 1")
    return LEVEL_STEP * level * (level - 1)


def level_for(total_xp: int) -> int:
    if total_xp < 0:
        raise ValueError("XP is never negative")
    # Root of 50 n (n - 1) = xp, then corrected for integer rounding.
    level = max(1, (1 + isqrt(1 + (4 * total_xp) // LEVEL_STEP)) // 2)
    while level_floor(level + 1) <= total_xp:
        level += 1
    while level > 1 and level_floor(level) > total_xp:
        level -= 1
    return level


@dataclass(frozen=True, kw_only=True)
class Level:
    level: int
    floor: int  # XP where this level started
    next_at: int  # XP where the next one starts

    @classmethod
    def of(cls, total_xp: int) -> "Level":
        level = level_for(total_xp)
        return cls(level=level, floor=level_floor(level), next_at=level_floor(level + 1))
