"""Postgres repository of XP, progress, achievements, boards and leagues.

An award is ``INSERT ... ON CONFLICT DO NOTHING RETURNING`` on the ledger's unique
(user, source): only the delivery that stored the row goes on to lock the learner's progress
and move the totals, in the same transaction, so fifty deliveries of one event count once.
Boards are kept as running totals (a mentor's week, a subject's all time, a league's week)
next to the ledger, each with an index in board order: a page is an index range scan.
"""

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import and_, func, literal, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from adapters.db.connections import Session
from adapters.db.tables import (
    achievement_unlocks,
    chapters,
    content_items,
    courses,
    forum_threads,
    league_closes,
    league_members,
    leagues,
    learner_progress,
    note_reads,
    subjects,
    topics,
    users,
    xp_days,
    xp_ledger,
    xp_mentor_weeks,
    xp_subject_totals,
)
from adapters.pending_events import PendingEvents
from edu_core.domain.gamification import (
    LEAGUE_SIZE,
    Attribution,
    LearnerProgress,
    Reading,
    Result,
    Standing,
    Streak,
    StreakZone,
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
from edu_core.domain.pagination import Page, PageRequest

_p = learner_progress


def _close_key(week: date) -> str:
    """The advisory lock that orders a week's close and the awards that enter its leagues."""
    return f"league-close:{week.isoformat()}"


def _progress(row: Any) -> LearnerProgress:
    return LearnerProgress(
        user_id=row.user_id, total_xp=row.total_xp,
        streak=Streak(current=row.streak_current, longest=row.streak_longest,
                      last_day=row.streak_last_day, freezes=row.freezes),
        zone=StreakZone(zone=row.zone, next_zone=row.next_zone,
                        next_from=row.next_zone_from, excused_day=row.excused_day),
        daily_goal=row.daily_goal, hidden=row.hidden, tier=row.tier,
        counts=dict(row.counts), updated_at=row.updated_at)


def _progress_values(p: LearnerProgress) -> dict[str, Any]:
    return {"total_xp": p.total_xp, "streak_current": p.streak.current,
            "streak_longest": p.streak.longest, "streak_last_day": p.streak.last_day,
            "freezes": p.streak.freezes, "zone": p.zone.zone, "next_zone": p.zone.next_zone,
            "next_zone_from": p.zone.next_from, "excused_day": p.zone.excused_day,
            "daily_goal": p.daily_goal, "hidden": p.hidden, "tier": p.tier,
            "counts": p.counts, "updated_at": p.updated_at}


def _visible(viewer: UUID) -> Any:
    """Rows others may see, and the viewer's own."""
    return or_(_p.c.hidden.is_(None), _p.c.hidden.is_(False), _p.c.user_id == viewer)


class PostgresGamificationRepository:
    def __init__(self, session: Session, pending: PendingEvents) -> None:
        self._s = session
        self._pending = pending

    # -- sources ------------------------------------------------------------------------------

    async def record_reading(self, reading: Reading) -> bool:
        stored = (await self._s.execute(
            pg_insert(note_reads).values(user_id=reading.user_id, item_id=reading.item_id,
                                         read_at=reading.read_at)
            .on_conflict_do_nothing().returning(note_reads.c.user_id))).first()
        if stored is not None:
            self._pending.stored(reading)
        return stored is not None

    async def item_attribution(self, item_id: UUID) -> Attribution | None:
        row = (await self._s.execute(
            select(content_items.c.mentor_id, chapters.c.subject_id)
            .select_from(content_items.join(topics, topics.c.id == content_items.c.topic_id)
                         .join(chapters, chapters.c.id == topics.c.chapter_id))
            .where(content_items.c.id == item_id))).first()
        return None if row is None else Attribution(mentor_id=row.mentor_id,
                                                    subject_id=row.subject_id)

    async def course_attribution(self, course_id: UUID) -> Attribution | None:
        row = (await self._s.execute(
            select(courses.c.mentor_id, courses.c.subject_id)
            .where(courses.c.id == course_id))).first()
        return None if row is None else Attribution(mentor_id=row.mentor_id,
                                                    subject_id=row.subject_id)

    async def thread_attribution(self, thread_id: UUID) -> Attribution | None:
        row = (await self._s.execute(
            select(forum_threads.c.item_mentor_id, chapters.c.subject_id)
            .select_from(forum_threads
                         .outerjoin(topics, topics.c.id == forum_threads.c.topic_id)
                         .outerjoin(chapters, chapters.c.id == topics.c.chapter_id))
            .where(forum_threads.c.id == thread_id))).first()
        return None if row is None else Attribution(mentor_id=row.item_mentor_id,
                                                    subject_id=row.subject_id)

    # -- awards -------------------------------------------------------------------------------

    async def award(self, award: XpAward, *, week: date) -> bool:
        stored = (await self._s.execute(
            pg_insert(xp_ledger).values(
                user_id=award.user_id, source_type=award.source_type.value,
                source_id=award.source_id, amount=award.amount,
                mentor_id=award.attribution.mentor_id,
                subject_id=award.attribution.subject_id, week_start=week,
                awarded_at=award.awarded_at)
            .on_conflict_do_nothing(constraint="uq_xp_ledger_source")
            .returning(xp_ledger.c.id))).first()
        return stored is not None

    async def progress(self, user_id: UUID, *, for_update: bool = False
                       ) -> LearnerProgress | None:
        query = select(_p).where(_p.c.user_id == user_id)
        if for_update:
            query = query.with_for_update()
        row = (await self._s.execute(query)).first()
        return None if row is None else _progress(row)

    async def lock_progress(self, user_id: UUID, now: datetime) -> LearnerProgress:
        await self._s.execute(pg_insert(_p).values(user_id=user_id, updated_at=now)
                              .on_conflict_do_nothing())
        found = await self.progress(user_id, for_update=True)
        assert found is not None
        return found

    async def save_progress(self, progress: LearnerProgress) -> None:
        values = _progress_values(progress)
        await self._s.execute(
            pg_insert(_p).values(user_id=progress.user_id, **values)
            .on_conflict_do_update(index_elements=[_p.c.user_id], set_=values))
        self._pending.take_from(progress)

    async def add_to_day(self, user_id: UUID, day: date, amount: int, *,
                         goal_met: bool = False) -> int:
        total: int = (await self._s.execute(
            pg_insert(xp_days).values(user_id=user_id, day=day, xp=amount, goal_met=goal_met)
            .on_conflict_do_update(
                index_elements=[xp_days.c.user_id, xp_days.c.day],
                set_={"xp": xp_days.c.xp + amount,
                      "goal_met": or_(xp_days.c.goal_met, literal(goal_met))})
            .returning(xp_days.c.xp))).scalar_one()
        return total

    async def freeze_days(self, user_id: UUID, days: Sequence[date]) -> None:
        if days:
            await self._s.execute(
                pg_insert(xp_days).on_conflict_do_update(
                    index_elements=[xp_days.c.user_id, xp_days.c.day],
                    set_={"frozen": True}),
                [{"user_id": user_id, "day": d, "xp": 0, "frozen": True} for d in days])

    async def add_to_boards(self, award: XpAward, *, week: date) -> None:
        a, at = award.attribution, award.awarded_at
        if a.mentor_id is not None:
            w = xp_mentor_weeks
            await self._s.execute(
                pg_insert(w).values(mentor_id=a.mentor_id, week_start=week,
                                    user_id=award.user_id, xp=award.amount, reached_at=at)
                .on_conflict_do_update(index_elements=[w.c.mentor_id, w.c.week_start,
                                                       w.c.user_id],
                                       set_={"xp": w.c.xp + award.amount, "reached_at": at}))
        if a.subject_id is not None:
            t = xp_subject_totals
            await self._s.execute(
                pg_insert(t).values(subject_id=a.subject_id, user_id=award.user_id,
                                    xp=award.amount, reached_at=at)
                .on_conflict_do_update(index_elements=[t.c.subject_id, t.c.user_id],
                                       set_={"xp": t.c.xp + award.amount, "reached_at": at}))

    async def enter_week(self, week: date) -> bool:
        # Shared advisory locks, earlier week first: awards never wait for one another.
        for closing in (week - timedelta(days=7), week):
            await self._s.execute(text("SELECT pg_advisory_xact_lock_shared(hashtext(:key))"),
                                  {"key": _close_key(closing)})
        closed = (await self._s.execute(
            select(league_closes.c.week_start).where(league_closes.c.week_start == week))
        ).first()
        return closed is None

    async def add_to_league(self, user_id: UUID, *, week: date, tier: int, amount: int,
                            at: datetime) -> tuple[UUID, bool]:
        m = league_members
        seated = (await self._s.execute(
            update(m).where(m.c.week_start == week, m.c.user_id == user_id)
            .values(xp=m.c.xp + amount, reached_at=at).returning(m.c.league_id))).first()
        if seated is not None:
            return seated.league_id, False
        # Seats in one tier and week are handed out one at a time: two learners joining at
        # once must not both take the last seat of a league.
        await self._s.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"),
                              {"key": f"league:{week.isoformat()}:{tier}"})
        league_id = (await self._s.execute(
            update(leagues).where(leagues.c.id == select(leagues.c.id).where(
                leagues.c.week_start == week, leagues.c.tier == tier,
                leagues.c.size < LEAGUE_SIZE).order_by(leagues.c.number).limit(1)
                .scalar_subquery())
            .values(size=leagues.c.size + 1).returning(leagues.c.id))).scalar()
        created = league_id is None
        if league_id is None:
            league_id = uuid4()
            number = (await self._s.execute(
                select(func.coalesce(func.max(leagues.c.number), 0) + 1)
                .where(leagues.c.week_start == week, leagues.c.tier == tier))).scalar_one()
            await self._s.execute(leagues.insert().values(
                id=league_id, week_start=week, tier=tier, number=number, size=1))
        await self._s.execute(m.insert().values(
            week_start=week, user_id=user_id, league_id=league_id, tier=tier, xp=amount,
            reached_at=at))
        return league_id, created

    async def unlocked(self, user_id: UUID) -> list[Unlock]:
        rows = await self._s.execute(
            select(achievement_unlocks).where(achievement_unlocks.c.user_id == user_id)
            .order_by(achievement_unlocks.c.unlocked_at, achievement_unlocks.c.code))
        return [Unlock(user_id=r.user_id, code=r.code, unlocked_at=r.unlocked_at)
                for r in rows]

    async def unlock(self, unlock: Unlock) -> bool:
        stored = (await self._s.execute(
            pg_insert(achievement_unlocks).values(user_id=unlock.user_id, code=unlock.code,
                                                  unlocked_at=unlock.unlocked_at)
            .on_conflict_do_nothing().returning(achievement_unlocks.c.code))).first()
        return stored is not None

    # -- reading ------------------------------------------------------------------------------

    async def days(self, user_id: UUID, since: date, until: date) -> list[DayRecord]:
        rows = await self._s.execute(
            select(xp_days).where(xp_days.c.user_id == user_id, xp_days.c.day >= since,
                                  xp_days.c.day <= until).order_by(xp_days.c.day))
        return [DayRecord(day=r.day, xp=r.xp, goal_met=r.goal_met, frozen=r.frozen)
                for r in rows]

    async def ledger(self, user_id: UUID, page: PageRequest) -> Page[LedgerEntry]:
        where = xp_ledger.c.user_id == user_id
        total = (await self._s.execute(
            select(func.count()).select_from(xp_ledger).where(where))).scalar_one()
        rows = await self._s.execute(
            select(xp_ledger).where(where)
            .order_by(xp_ledger.c.awarded_at.desc(), xp_ledger.c.id.desc())
            .offset(page.offset).limit(page.page_size))
        return Page(items=[LedgerEntry(source_type=r.source_type, source_id=r.source_id,
                                       amount=r.amount, awarded_at=r.awarded_at,
                                       mentor_id=r.mentor_id, subject_id=r.subject_id)
                           for r in rows],
                    total=total, page=page.page, page_size=page.page_size)

    async def _board(self, table: Any, where: list[Any], viewer: UUID,
                     page: PageRequest) -> Board:
        """A board over ``table`` (xp, reached_at, user_id) in board order, hidden learners
        left out but the viewer; ranks count the rows shown.

        Counts never join the whole board: rows are counted on the board's own index, less
        the hidden learners among them (few, found through their partial index)."""
        order = [table.c.xp.desc(), table.c.reached_at, table.c.user_id]
        hidden = select(_p.c.user_id).where(_p.c.hidden, _p.c.user_id != viewer)

        async def shown(*extra: Any) -> int:
            rows = (await self._s.execute(select(func.count()).select_from(table).where(
                *where, *extra))).scalar_one()
            gone = (await self._s.execute(select(func.count()).select_from(table).where(
                *where, *extra, table.c.user_id.in_(hidden)))).scalar_one()
            return int(rows - gone)

        columns = [table.c.user_id, table.c.xp, table.c.reached_at, users.c.display_name,
                   func.coalesce(_p.c.total_xp, 0).label("total_xp")]
        source = table.join(users, users.c.id == table.c.user_id).outerjoin(
            _p, _p.c.user_id == table.c.user_id)
        rows = (await self._s.execute(
            select(*columns).select_from(source).where(*where, _visible(viewer))
            .order_by(*order).offset(page.offset).limit(page.page_size))).all()
        items = [BoardRow(rank=page.offset + i + 1, user_id=r.user_id,
                          display_name=r.display_name, xp=r.xp, total_xp=r.total_xp)
                 for i, r in enumerate(rows)]
        me = next((row for row in items if row.user_id == viewer), None)
        if me is None:
            mine = (await self._s.execute(
                select(*columns).select_from(source)
                .where(*where, table.c.user_id == viewer))).first()
            if mine is not None:
                ahead = await shown(or_(table.c.xp > mine.xp, and_(
                    table.c.xp == mine.xp, or_(
                        table.c.reached_at < mine.reached_at,
                        and_(table.c.reached_at == mine.reached_at,
                             table.c.user_id < mine.user_id)))))
                me = BoardRow(rank=ahead + 1, user_id=viewer, display_name=mine.display_name,
                              xp=mine.xp, total_xp=mine.total_xp)
        return Board(rows=items, total=await shown(), page=page.page,
                     page_size=page.page_size, me=me)

    async def mentor_board(self, mentor_id: UUID, week: date, viewer: UUID,
                           page: PageRequest) -> Board:
        w = xp_mentor_weeks
        return await self._board(w, [w.c.mentor_id == mentor_id, w.c.week_start == week],
                                 viewer, page)

    async def subject_board(self, subject_id: UUID, viewer: UUID,
                            page: PageRequest) -> Board:
        t = xp_subject_totals
        return await self._board(t, [t.c.subject_id == subject_id], viewer, page)

    async def boards_of(self, user_id: UUID, week: date) -> list[BoardRef]:
        w, t = xp_mentor_weeks, xp_subject_totals
        mentors = await self._s.execute(
            select(w.c.mentor_id, users.c.display_name, w.c.xp)
            .select_from(w.join(users, users.c.id == w.c.mentor_id))
            .where(w.c.user_id == user_id, w.c.week_start == week)
            .order_by(w.c.xp.desc()).limit(50))
        found = await self._s.execute(
            select(t.c.subject_id, subjects.c.name, t.c.xp)
            .select_from(t.join(subjects, subjects.c.id == t.c.subject_id))
            .where(t.c.user_id == user_id).order_by(t.c.xp.desc()).limit(50))
        return [*(BoardRef(kind="mentor", id=r.mentor_id, name=r.display_name, xp=r.xp)
                  for r in mentors),
                *(BoardRef(kind="subject", id=r.subject_id, name=r.name, xp=r.xp)
                  for r in found)]

    async def league_of(self, user_id: UUID, week: date) -> UUID | None:
        found: UUID | None = (await self._s.execute(
            select(league_members.c.league_id).where(league_members.c.week_start == week,
                                                     league_members.c.user_id == user_id))
        ).scalar()
        return found

    async def league_board(self, league_id: UUID, viewer: UUID) -> LeagueBoard | None:
        league = (await self._s.execute(select(leagues).where(leagues.c.id == league_id))
                  ).first()
        if league is None:
            return None
        m = league_members
        rows = (await self._s.execute(
            select(m.c.user_id, m.c.xp, users.c.display_name,
                   func.coalesce(_p.c.total_xp, 0).label("total_xp"),
                   func.coalesce(_p.c.hidden, False).label("hidden"))
            .select_from(m.join(users, users.c.id == m.c.user_id)
                         .outerjoin(_p, _p.c.user_id == m.c.user_id))
            .where(m.c.league_id == league_id)
            .order_by(m.c.xp.desc(), m.c.reached_at, m.c.user_id))).all()
        ranked = [(BoardRow(rank=i + 1, user_id=r.user_id, display_name=r.display_name,
                            xp=r.xp, total_xp=r.total_xp), r.hidden)
                  for i, r in enumerate(rows)]
        up, down = zones(len(ranked))
        return LeagueBoard(
            league_id=league.id, week_start=league.week_start, tier=league.tier,
            closes_at=week_closes_at(league.week_start), size=len(ranked), promoted=up,
            demoted=down,
            rows=[row for row, hidden in ranked if not hidden or row.user_id == viewer],
            me=next((row for row, _ in ranked if row.user_id == viewer), None))

    async def rank_in_league(self, user_id: UUID, week: date) -> BoardRow | None:
        league_id = await self.league_of(user_id, week)
        if league_id is None:
            return None
        board = await self.league_board(league_id, user_id)
        return board.me if board else None

    async def erase(self, user_id: UUID) -> None:
        m = league_members
        await self._s.execute(
            update(leagues).where(leagues.c.id.in_(select(m.c.league_id).where(
                m.c.user_id == user_id))).values(size=leagues.c.size - 1))
        for table in (m, xp_ledger, xp_days, xp_mentor_weeks, xp_subject_totals,
                      achievement_unlocks, note_reads, learner_progress):
            await self._s.execute(table.delete().where(table.c.user_id == user_id))

    # -- the weekly close ---------------------------------------------------------------------

    async def start_close(self, week: date, at: datetime) -> bool:
        await self._s.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"),
                              {"key": _close_key(week)})
        claimed = (await self._s.execute(
            pg_insert(league_closes).values(week_start=week, closed_at=at)
            .on_conflict_do_nothing().returning(league_closes.c.week_start))).first()
        return claimed is not None

    async def standings(self, week: date) -> list[Standing]:
        m = league_members
        rows = await self._s.execute(
            select(m.c.league_id, m.c.tier, m.c.user_id, m.c.xp, m.c.reached_at)
            .where(m.c.week_start == week))
        return [Standing(league_id=r.league_id, tier=r.tier, user_id=r.user_id, xp=r.xp,
                         reached_at=r.reached_at) for r in rows]

    async def record_results(self, week: date, results: Sequence[Result]) -> None:
        if not results:
            return
        values = {"week": week,
                  "users": [r.user_id for r in results], "ranks": [r.rank for r in results],
                  "outcomes": [r.outcome.value for r in results],
                  "tiers": [r.next_tier for r in results]}
        # One statement each for every member, whatever the number (arrays, not a loop).
        await self._s.execute(text(
            "UPDATE league_members m SET rank = r.rank, outcome = r.outcome "
            "FROM unnest(CAST(:users AS uuid[]), CAST(:ranks AS int[]), "
            "CAST(:outcomes AS text[])) AS r(user_id, rank, outcome) "
            "WHERE m.week_start = :week AND m.user_id = r.user_id"), values)
        await self._s.execute(text(
            "INSERT INTO learner_progress (user_id, tier) "
            "SELECT * FROM unnest(CAST(:users AS uuid[]), CAST(:tiers AS smallint[])) "
            "ON CONFLICT (user_id) DO UPDATE SET tier = EXCLUDED.tier"), values)

    async def seat(self, week: date, groups: Sequence[tuple[int, Sequence[UUID]]]) -> int:
        if not groups:
            return 0
        numbers: dict[int, int] = dict((await self._s.execute(
            select(leagues.c.tier, func.max(leagues.c.number)).where(
                leagues.c.week_start == week).group_by(leagues.c.tier))).all())
        league_rows: list[dict[str, Any]] = []
        seats: dict[str, list[Any]] = {"users": [], "leagues": [], "tiers": []}
        for tier, members in groups:
            numbers[tier] = numbers.get(tier, 0) + 1
            league_id = uuid4()
            league_rows.append({"id": league_id, "week_start": week, "tier": tier,
                                "number": numbers[tier], "size": 0})
            seats["users"].extend(members)
            seats["leagues"].extend([league_id] * len(members))
            seats["tiers"].extend([tier] * len(members))
        await self._s.execute(leagues.insert(), league_rows)
        seated: int = (await self._s.execute(text(
            "WITH s AS (INSERT INTO league_members (week_start, user_id, league_id, tier, xp, "
            "reached_at) SELECT :week, u, l, t, 0, :at FROM unnest(CAST(:users AS uuid[]), "
            "CAST(:leagues AS uuid[]), CAST(:tiers AS smallint[])) AS x(u, l, t) "
            "ON CONFLICT DO NOTHING RETURNING league_id), "
            "c AS (UPDATE leagues SET size = n FROM (SELECT league_id, count(*) AS n FROM s "
            "GROUP BY league_id) k WHERE leagues.id = k.league_id) "
            "SELECT count(*) FROM s"),
            {**seats, "week": week, "at": datetime.combine(week, time(0), tzinfo=UTC)})
        ).scalar_one()
        # Leagues left empty (all their learners were seated already) are not kept.
        await self._s.execute(leagues.delete().where(
            leagues.c.week_start == week, leagues.c.size == 0))
        return seated

