"""Weekly leagues: about 30 learners of similar pace compete for a week (Monday 00:00 UTC to
the next); when the week closes the top of each league moves up a tier, the bottom down.

Learners are seated in a league the first time they earn XP in a week. At the close, everyone
who earned XP is seated for the next week at once, grouped by the XP they earned (so a league
holds people of similar pace); those who come back later fill the open leagues of their tier.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import ClassVar
from uuid import UUID

from edu_core.domain.events import DomainEvent

LEAGUE_SIZE = 30
PROMOTED = 7  # of a full league; fewer in a smaller one
DEMOTED = 5
TIERS = ("bronze", "silver", "gold", "sapphire", "diamond")
FIRST_TIER, TOP_TIER = 1, len(TIERS)


def tier_name(tier: int) -> str:
    return TIERS[tier - 1]


def week_start(at: datetime) -> date:
    """The Monday (UTC) of the ISO week ``at`` falls in."""
    day = at.astimezone(UTC).date()
    return day - timedelta(days=day.weekday())


def week_closes_at(start: date) -> datetime:
    return datetime.combine(start + timedelta(days=7), time(0), tzinfo=UTC)


def zones(size: int) -> tuple[int, int]:
    """(how many move up, how many move down) in a league of ``size``: 7 and 5 of 30,
    in proportion below, never overlapping."""
    if size < 2:
        return 0, 0
    up = max(1, size * PROMOTED // LEAGUE_SIZE)
    down = min(size * DEMOTED // LEAGUE_SIZE, size - up)
    return up, down


class Outcome(StrEnum):
    PROMOTED = "promoted"
    STAYED = "stayed"
    DEMOTED = "demoted"


@dataclass(frozen=True, kw_only=True)
class Standing:
    """One member of a league at the close."""

    league_id: UUID
    tier: int
    user_id: UUID
    xp: int
    reached_at: datetime  # when the member's XP last grew: earlier wins a tie


@dataclass(frozen=True, kw_only=True)
class Result:
    user_id: UUID
    league_id: UUID
    rank: int
    xp: int
    outcome: Outcome
    next_tier: int


def ranked(members: Iterable[Standing]) -> list[Standing]:
    return sorted(members, key=lambda m: (-m.xp, m.reached_at, m.user_id))


def outcome_for(rank: int, size: int, tier: int, xp: int) -> Outcome:
    up, down = zones(size)
    if rank <= up and xp > 0 and tier < TOP_TIER:
        return Outcome.PROMOTED
    if rank > size - down and tier > FIRST_TIER:
        return Outcome.DEMOTED
    return Outcome.STAYED


def close_league(members: Sequence[Standing]) -> list[Result]:
    order = ranked(members)
    results = []
    for rank, m in enumerate(order, start=1):
        outcome = outcome_for(rank, len(order), m.tier, m.xp)
        step = {Outcome.PROMOTED: 1, Outcome.DEMOTED: -1, Outcome.STAYED: 0}[outcome]
        results.append(Result(user_id=m.user_id, league_id=m.league_id, rank=rank, xp=m.xp,
                              outcome=outcome, next_tier=m.tier + step))
    return results


def close_week(standings: Iterable[Standing]) -> list[Result]:
    by_league: dict[UUID, list[Standing]] = {}
    for s in standings:
        by_league.setdefault(s.league_id, []).append(s)
    return [r for league in sorted(by_league) for r in close_league(by_league[league])]


def next_week_groups(results: Iterable[Result]) -> list[tuple[int, list[UUID]]]:
    """Who sits together next week: those who earned XP, per tier, by XP earned, in groups
    of ``LEAGUE_SIZE`` (the last of a tier may be smaller)."""
    by_tier: dict[int, list[Result]] = {}
    for r in results:
        if r.xp > 0:
            by_tier.setdefault(r.next_tier, []).append(r)
    groups = []
    for tier in sorted(by_tier):
        order = sorted(by_tier[tier], key=lambda r: (-r.xp, r.user_id))
        for i in range(0, len(order), LEAGUE_SIZE):
            groups.append((tier, [r.user_id for r in order[i:i + LEAGUE_SIZE]]))
    return groups


@dataclass(frozen=True, kw_only=True)
class LeagueWeekDue(DomainEvent):
    """Raised by a durable schedule when a league week ends."""

    name: ClassVar[str] = "gamification.league_week_due"
    week_start: date


def close_schedule_key(start: date) -> str:
    return f"gamification:league-week:{start.isoformat()}"
