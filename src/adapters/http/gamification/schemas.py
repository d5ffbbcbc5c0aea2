"""Shapes of the gamification API: progress, settings, achievements, boards and leagues."""

from datetime import date, datetime
from typing import Annotated, Any, ClassVar, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from adapters.http.pagination import PageOut
from edu_core.application.gamification import AchievementView, ProgressSummary
from edu_core.domain.gamification import tier_name
from edu_core.domain.gamification.boards import (
    Board,
    BoardRef,
    BoardRow,
    DayRecord,
    LeagueBoard,
    LedgerEntry,
)

DailyGoal = Literal[10, 20, 30, 50]


class ProgressSettingsIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {"daily_goal": 20, "hidden": False}

    daily_goal: Annotated[DailyGoal, Meta(description="XP a day: 10, 20, 30 or 50.")] | \
        UnsetType = UNSET
    hidden: Annotated[bool, Meta(description=(
        "Keep me off public leaderboards (I still see my own rank)."))] | UnsetType = UNSET


class RankOut(msgspec.Struct):
    rank: int
    user_id: UUID
    display_name: str
    xp: Annotated[int, Meta(description="XP on this board (the week's, or all time).")]
    total_xp: int

    @classmethod
    def of(cls, row: BoardRow) -> "RankOut":
        return cls(rank=row.rank, user_id=row.user_id, display_name=row.display_name,
                   xp=row.xp, total_xp=row.total_xp)


class LevelOut(msgspec.Struct):
    level: int
    floor: Annotated[int, Meta(description="Total XP where this level began.")]
    next_at: Annotated[int, Meta(description="Total XP where the next level begins.")]


class LearnerProgressOut(msgspec.Struct):
    total_xp: int
    level: LevelOut
    streak: Annotated[int, Meta(description="Days in a row, as of today in my time zone.")]
    longest_streak: int
    freezes: Annotated[int, Meta(description="Streak freezes held (at most 2).")]
    daily_goal: DailyGoal
    today_xp: int
    today: Annotated[date, Meta(description="Today, in the zone my streak follows.")]
    hidden: bool
    tier: int
    tier_name: str
    league: Annotated[RankOut | None, Meta(description="My standing in this week's league.")]
    achievements: Annotated[int, Meta(description="How many are unlocked.")]

    @classmethod
    def of(cls, s: ProgressSummary) -> "LearnerProgressOut":
        goal: DailyGoal = s.daily_goal  # type: ignore[assignment]
        return cls(total_xp=s.total_xp,
                   level=LevelOut(level=s.level.level, floor=s.level.floor,
                                  next_at=s.level.next_at),
                   streak=s.streak, longest_streak=s.longest_streak, freezes=s.freezes,
                   daily_goal=goal, today_xp=s.today_xp, today=s.today, hidden=s.hidden,
                   tier=s.tier, tier_name=s.tier_name,
                   league=RankOut.of(s.league) if s.league else None,
                   achievements=s.achievements)


class DayOut(msgspec.Struct):
    day: date
    xp: int
    goal_met: bool
    frozen: Annotated[bool, Meta(description="Missed, and bridged by a streak freeze.")]

    @classmethod
    def of(cls, d: DayRecord) -> "DayOut":
        return cls(day=d.day, xp=d.xp, goal_met=d.goal_met, frozen=d.frozen)


class XpEntryOut(msgspec.Struct):
    source_type: str
    source_id: str
    amount: int
    awarded_at: datetime
    mentor_id: UUID | None
    subject_id: UUID | None

    @classmethod
    def of(cls, e: LedgerEntry) -> "XpEntryOut":
        return cls(source_type=e.source_type, source_id=e.source_id, amount=e.amount,
                   awarded_at=e.awarded_at, mentor_id=e.mentor_id, subject_id=e.subject_id)


class XpEntryPage(PageOut[XpEntryOut]):
    items: list[XpEntryOut]


class AchievementOut(msgspec.Struct):
    code: str
    title: str
    description: str
    icon: str
    unlocked_at: datetime | None

    @classmethod
    def of(cls, a: AchievementView) -> "AchievementOut":
        return cls(code=a.code, title=a.title, description=a.description, icon=a.icon,
                   unlocked_at=a.unlocked_at)


class BoardOut(PageOut[RankOut]):
    items: list[RankOut]
    me: Annotated[RankOut | None, Meta(description="My row, when I am on this board.")]

    @classmethod
    def of_board(cls, board: Board) -> "BoardOut":
        return cls(items=[RankOut.of(r) for r in board.rows], total=board.total,
                   page=board.page, page_size=board.page_size,
                   me=RankOut.of(board.me) if board.me else None)


class BoardRefOut(msgspec.Struct):
    kind: Literal["mentor", "subject"]
    id: UUID
    name: str
    xp: int

    @classmethod
    def of(cls, ref: BoardRef) -> "BoardRefOut":
        kind: Literal["mentor", "subject"] = "mentor" if ref.kind == "mentor" else "subject"
        return cls(kind=kind, id=ref.id, name=ref.name, xp=ref.xp)


class LeagueOut(msgspec.Struct):
    league_id: UUID
    week_start: date
    closes_at: datetime
    tier: int
    tier_name: str
    size: int
    promoted: Annotated[int, Meta(description="Ranks 1 to this move up at the close.")]
    demoted: Annotated[int, Meta(description="The last this many ranks move down.")]
    items: list[RankOut]
    me: RankOut | None

    @classmethod
    def of(cls, b: LeagueBoard) -> "LeagueOut":
        return cls(league_id=b.league_id, week_start=b.week_start, closes_at=b.closes_at,
                   tier=b.tier, tier_name=tier_name(b.tier), size=b.size, promoted=b.promoted,
                   demoted=b.demoted, items=[RankOut.of(r) for r in b.rows],
                   me=RankOut.of(b.me) if b.me else None)


class MyLeagueOut(msgspec.Struct):
    league: Annotated[LeagueOut | None, Meta(
        description="None until I earn XP this week (that seats me in a league).")]
    channel: Annotated[str | None, Meta(description="Live channel of my league.")]


class NoteReadOut(msgspec.Struct):
    first_time: Annotated[bool, Meta(description="False when I had read it to the end before.")]
