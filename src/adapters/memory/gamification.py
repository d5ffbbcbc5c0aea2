"""In-memory XP, progress, achievements, boards and leagues: writes go to a private copy that
commit applies, like a transaction."""

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any
from uuid import UUID, uuid4

from adapters.pending_events import PendingEvents
from edu_core.domain.gamification import (
    LEAGUE_SIZE,
    Attribution,
    LearnerProgress,
    Reading,
    Result,
    Standing,
    Unlock,
    XpAward,
    week_closes_at,
    zones,
)
from edu_core.domain.gamification.boards import (
    Board,
    BoardRef,
    BoardRow,
    DayRecord,
    LeagueBoard,
    LedgerEntry,
)
from edu_core.domain.identity import User
from edu_core.domain.pagination import Page, PageRequest


@dataclass
class Entry:
    """A running total on a board: XP and when it last grew."""

    xp: int
    reached_at: datetime


@dataclass
class Seat:
    league_id: UUID
    tier: int
    xp: int
    reached_at: datetime
    rank: int | None = None
    outcome: str | None = None


@dataclass
class League:
    id: UUID
    week: date
    tier: int
    number: int


@dataclass
class GamificationData:
    readings: dict[tuple[UUID, UUID], datetime] = field(default_factory=dict)
    ledger: dict[tuple[UUID, str, str], tuple[XpAward, date]] = field(default_factory=dict)
    progress: dict[UUID, LearnerProgress] = field(default_factory=dict)
    days: dict[tuple[UUID, date], DayRecord] = field(default_factory=dict)
    mentor_weeks: dict[tuple[UUID, date], dict[UUID, Entry]] = field(default_factory=dict)
    subjects: dict[UUID, dict[UUID, Entry]] = field(default_factory=dict)
    leagues: dict[UUID, League] = field(default_factory=dict)
    seats: dict[tuple[date, UUID], Seat] = field(default_factory=dict)
    closed: set[date] = field(default_factory=set)
    unlocks: dict[tuple[UUID, str], Unlock] = field(default_factory=dict)


@dataclass(frozen=True)
class Sources:
    """What attribution reads from the other contexts' fakes: (mentor, subject) per id."""

    items: Callable[[], Mapping[UUID, Attribution]]
    courses: Callable[[], Mapping[UUID, Attribution]]
    threads: Callable[[], Mapping[UUID, Attribution]]


def _order(entry: tuple[UUID, Any]) -> tuple[int, datetime, UUID]:
    return (-entry[1].xp, entry[1].reached_at, entry[0])


class MemoryGamificationRepository:
    def __init__(self, data: GamificationData, events: PendingEvents, sources: Sources,
                 users: Callable[[], Mapping[UUID, User]],
                 subject_names: Callable[[], Mapping[UUID, str]]) -> None:
        self._data = data
        self._subject_names = subject_names
        self._events = events
        self._sources = sources
        self._users = users
        self._working: GamificationData | None = None

    def _read(self) -> GamificationData:
        return self._working or self._data

    def _write(self) -> GamificationData:
        if self._working is None:
            self._working = copy.deepcopy(self._data)
        return self._working

    def apply(self) -> None:
        if self._working is not None:
            self._data.__dict__.update(self._working.__dict__)
            self._working = None

    # -- sources ------------------------------------------------------------------------------

    async def record_reading(self, reading: Reading) -> bool:
        key = (reading.user_id, reading.item_id)
        if key in self._read().readings:
            return False
        self._write().readings[key] = reading.read_at
        self._events.stored(reading)
        return True

    async def item_attribution(self, item_id: UUID) -> Attribution | None:
        return self._sources.items().get(item_id)

    async def course_attribution(self, course_id: UUID) -> Attribution | None:
        return self._sources.courses().get(course_id)

    async def thread_attribution(self, thread_id: UUID) -> Attribution | None:
        return self._sources.threads().get(thread_id)

    # -- awards -------------------------------------------------------------------------------

    async def award(self, award: XpAward, *, week: date) -> bool:
        key = (award.user_id, award.source_type.value, award.source_id)
        if key in self._read().ledger:
            return False
        self._write().ledger[key] = (award, week)
        return True

    async def progress(self, user_id: UUID, *, for_update: bool = False
                       ) -> LearnerProgress | None:
        return copy.deepcopy(self._read().progress.get(user_id))

    async def lock_progress(self, user_id: UUID, now: datetime) -> LearnerProgress:
        found = await self.progress(user_id)
        return found or LearnerProgress(user_id=user_id, updated_at=now)

    async def save_progress(self, progress: LearnerProgress) -> None:
        self._events.take_from(progress)
        self._write().progress[progress.user_id] = copy.deepcopy(progress)

    async def add_to_day(self, user_id: UUID, day: date, amount: int, *,
                         goal_met: bool = False) -> int:
        days = self._write().days
        old = days.get((user_id, day)) or DayRecord(day=day, xp=0, goal_met=False,
                                                     frozen=False)
        days[(user_id, day)] = DayRecord(day=day, xp=old.xp + amount,
                                         goal_met=old.goal_met or goal_met, frozen=old.frozen)
        return old.xp + amount

    async def freeze_days(self, user_id: UUID, days: Sequence[date]) -> None:
        stored = self._write().days
        for d in days:
            old = stored.get((user_id, d))
            stored[(user_id, d)] = DayRecord(day=d, xp=old.xp if old else 0,
                                             goal_met=bool(old and old.goal_met), frozen=True)

    @staticmethod
    def _bump(board: dict[UUID, Entry], user_id: UUID, amount: int, at: datetime) -> None:
        entry = board.get(user_id)
        board[user_id] = Entry(xp=(entry.xp if entry else 0) + amount, reached_at=at)

    async def add_to_boards(self, award: XpAward, *, week: date) -> None:
        a, data = award.attribution, self._write()
        if a.mentor_id is not None:
            self._bump(data.mentor_weeks.setdefault((a.mentor_id, week), {}), award.user_id,
                       award.amount, award.awarded_at)
        if a.subject_id is not None:
            self._bump(data.subjects.setdefault(a.subject_id, {}), award.user_id,
                       award.amount, award.awarded_at)

    async def add_to_league(self, user_id: UUID, *, week: date, tier: int, amount: int,
                            at: datetime) -> tuple[UUID, bool]:
        data = self._write()
        seat = data.seats.get((week, user_id))
        if seat is not None:
            seat.xp += amount
            seat.reached_at = at
            return seat.league_id, False
        sizes = self._sizes(data)
        open_ = sorted((x for x in data.leagues.values() if x.week == week and x.tier == tier
                        and sizes.get(x.id, 0) < LEAGUE_SIZE), key=lambda x: x.number)
        created = not open_
        if open_:
            league = open_[0]
        else:
            number = 1 + max((x.number for x in data.leagues.values()
                              if x.week == week and x.tier == tier), default=0)
            league = League(id=uuid4(), week=week, tier=tier, number=number)
            data.leagues[league.id] = league
        data.seats[(week, user_id)] = Seat(league_id=league.id, tier=tier, xp=amount,
                                           reached_at=at)
        return league.id, created

    @staticmethod
    def _sizes(data: GamificationData) -> dict[UUID, int]:
        sizes: dict[UUID, int] = {}
        for seat in data.seats.values():
            sizes[seat.league_id] = sizes.get(seat.league_id, 0) + 1
        return sizes

    async def unlocked(self, user_id: UUID) -> list[Unlock]:
        return sorted((u for (uid, _), u in self._read().unlocks.items() if uid == user_id),
                      key=lambda u: (u.unlocked_at, u.code))

    async def unlock(self, unlock: Unlock) -> bool:
        key = (unlock.user_id, unlock.code)
        if key in self._read().unlocks:
            return False
        self._write().unlocks[key] = unlock
        return True

    # -- reading ------------------------------------------------------------------------------

    async def days(self, user_id: UUID, since: date, until: date) -> list[DayRecord]:
        return sorted((d for (uid, day), d in self._read().days.items()
                       if uid == user_id and since <= day <= until), key=lambda d: d.day)

    async def ledger(self, user_id: UUID, page: PageRequest) -> Page[LedgerEntry]:
        mine = sorted((a for a, _ in self._read().ledger.values() if a.user_id == user_id),
                      key=lambda a: a.awarded_at, reverse=True)
        items = [LedgerEntry(source_type=a.source_type.value, source_id=a.source_id,
                             amount=a.amount, awarded_at=a.awarded_at,
                             mentor_id=a.attribution.mentor_id,
                             subject_id=a.attribution.subject_id)
                 for a in mine[page.offset:page.offset + page.page_size]]
        return Page(items=items, total=len(mine), page=page.page, page_size=page.page_size)

    def _hidden(self, user_id: UUID) -> bool:
        progress = self._read().progress.get(user_id)
        return bool(progress and progress.hidden)

    def _row(self, rank: int, user_id: UUID, xp: int) -> BoardRow:
        user = self._users().get(user_id)
        progress = self._read().progress.get(user_id)
        return BoardRow(rank=rank, user_id=user_id,
                        display_name=user.display_name if user else "",
                        xp=xp, total_xp=progress.total_xp if progress else 0)

    def _board(self, board: Mapping[UUID, Entry], viewer: UUID, page: PageRequest) -> Board:
        ordered = sorted(((u, e) for u, e in board.items() if u in self._users()), key=_order)
        mine = board.get(viewer)
        shown = [(u, e) for u, e in ordered if u == viewer or not self._hidden(u)]
        rows = [self._row(page.offset + i + 1, u, e.xp)
                for i, (u, e) in enumerate(shown[page.offset:page.offset + page.page_size])]
        me = None
        if mine is not None and viewer in self._users():
            rank = next(i for i, (u, _) in enumerate(shown) if u == viewer) + 1
            me = self._row(rank, viewer, mine.xp)
        return Board(rows=rows, total=len(shown), page=page.page, page_size=page.page_size,
                     me=me)

    async def mentor_board(self, mentor_id: UUID, week: date, viewer: UUID,
                           page: PageRequest) -> Board:
        return self._board(self._read().mentor_weeks.get((mentor_id, week), {}), viewer, page)

    async def subject_board(self, subject_id: UUID, viewer: UUID,
                            page: PageRequest) -> Board:
        return self._board(self._read().subjects.get(subject_id, {}), viewer, page)

    async def boards_of(self, user_id: UUID, week: date) -> list[BoardRef]:
        data, users, names = self._read(), self._users(), self._subject_names()
        mentors = [BoardRef(kind="mentor", id=m, name=users[m].display_name, xp=b[user_id].xp)
                   for (m, w), b in data.mentor_weeks.items()
                   if w == week and user_id in b and m in users]
        found = [BoardRef(kind="subject", id=s, name=names[s], xp=b[user_id].xp)
                 for s, b in data.subjects.items() if user_id in b and s in names]
        return [*sorted(mentors, key=lambda r: -r.xp), *sorted(found, key=lambda r: -r.xp)]

    async def league_of(self, user_id: UUID, week: date) -> UUID | None:
        seat = self._read().seats.get((week, user_id))
        return seat.league_id if seat else None

    async def league_board(self, league_id: UUID, viewer: UUID) -> LeagueBoard | None:
        data = self._read()
        league = data.leagues.get(league_id)
        if league is None:
            return None
        members = sorted(((u, s) for (w, u), s in data.seats.items()
                          if s.league_id == league_id and u in self._users()), key=_order)
        ranked = [self._row(i + 1, u, s.xp) for i, (u, s) in enumerate(members)]
        up, down = zones(len(ranked))
        return LeagueBoard(
            league_id=league.id, week_start=league.week, tier=league.tier,
            closes_at=week_closes_at(league.week), size=len(ranked), promoted=up,
            demoted=down,
            rows=[r for r in ranked if r.user_id == viewer or not self._hidden(r.user_id)],
            me=next((r for r in ranked if r.user_id == viewer), None))

    async def rank_in_league(self, user_id: UUID, week: date) -> BoardRow | None:
        league_id = await self.league_of(user_id, week)
        board = await self.league_board(league_id, user_id) if league_id else None
        return board.me if board else None

    async def erase(self, user_id: UUID) -> None:
        data = self._write()
        data.readings = {k: v for k, v in data.readings.items() if k[0] != user_id}
        data.ledger = {k: v for k, v in data.ledger.items() if k[0] != user_id}
        data.progress.pop(user_id, None)
        data.days = {k: v for k, v in data.days.items() if k[0] != user_id}
        for board in [*data.mentor_weeks.values(), *data.subjects.values()]:
            board.pop(user_id, None)
        data.seats = {k: v for k, v in data.seats.items() if k[1] != user_id}
        data.unlocks = {k: v for k, v in data.unlocks.items() if k[0] != user_id}

    # -- the weekly close ---------------------------------------------------------------------

    async def enter_week(self, week: date) -> bool:
        # One transaction at a time here: nothing to wait for.
        return week not in self._read().closed

    async def start_close(self, week: date, at: datetime) -> bool:
        if week in self._read().closed:
            return False
        self._write().closed.add(week)
        return True

    async def standings(self, week: date) -> list[Standing]:
        return [Standing(league_id=s.league_id, tier=s.tier, user_id=u, xp=s.xp,
                         reached_at=s.reached_at)
                for (w, u), s in self._read().seats.items() if w == week]

    async def record_results(self, week: date, results: Sequence[Result]) -> None:
        data = self._write()
        for r in results:
            seat = data.seats[(week, r.user_id)]
            seat.rank, seat.outcome = r.rank, r.outcome.value
            progress = data.progress.setdefault(r.user_id, LearnerProgress(user_id=r.user_id))
            progress.tier = r.next_tier

    async def seat(self, week: date, groups: Sequence[tuple[int, Sequence[UUID]]]) -> int:
        data = self._write()
        seated = 0
        monday = datetime.combine(week, time(0), tzinfo=UTC)
        for tier, members in groups:
            fresh = [u for u in members if (week, u) not in data.seats]
            if not fresh:
                continue
            number = 1 + max((x.number for x in data.leagues.values()
                              if x.week == week and x.tier == tier), default=0)
            league = League(id=uuid4(), week=week, tier=tier, number=number)
            data.leagues[league.id] = league
            for user_id in fresh:
                data.seats[(week, user_id)] = Seat(league_id=league.id, tier=tier, xp=0,
                                                   reached_at=monday)
                seated += 1
        return seated
