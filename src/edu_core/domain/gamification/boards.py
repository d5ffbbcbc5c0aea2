"""Leaderboards as read: ranked rows of learners, and where the viewer stands.

Learners who hide themselves are left out of what others see; the viewer always sees their
own row and rank (counted as if they were shown). On a mentor's or a subject's board the ranks
count the shown learners only; in a league they are the true standings, which decide who moves
up and down, so a hidden member leaves a gap in the numbers others see.
"""

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID


@dataclass(frozen=True, kw_only=True)
class BoardRow:
    rank: int
    user_id: UUID
    display_name: str
    xp: int
    total_xp: int


@dataclass(frozen=True, kw_only=True)
class Board:
    rows: list[BoardRow]
    total: int  # rows the viewer can page through
    page: int
    page_size: int
    me: BoardRow | None  # the viewer's own row, when they are on the board


@dataclass(frozen=True, kw_only=True)
class LeagueBoard:
    league_id: UUID
    week_start: date
    tier: int
    closes_at: datetime
    size: int
    promoted: int  # ranks 1..promoted move up at the close
    demoted: int  # the last ``demoted`` ranks move down
    rows: list[BoardRow]
    me: BoardRow | None


@dataclass(frozen=True, kw_only=True)
class DayRecord:
    day: date
    xp: int
    goal_met: bool
    frozen: bool


@dataclass(frozen=True, kw_only=True)
class LedgerEntry:
    source_type: str
    source_id: str
    amount: int
    awarded_at: datetime
    mentor_id: UUID | None
    subject_id: UUID | None


@dataclass(frozen=True, kw_only=True)
class BoardRef:
    """A board the learner is on: a mentor's (this week) or a subject's (all time)."""

    kind: str  # "mentor" | "subject"
    id: UUID
    name: str
    xp: int
