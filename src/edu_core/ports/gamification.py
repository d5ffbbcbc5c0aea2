"""Persistence of XP, progress, achievements and leagues (part of the unit of work: an award,
its totals and its boards change in one transaction)."""

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol
from uuid import UUID

from edu_core.domain.gamification import (
    Attribution,
    LearnerProgress,
    Reading,
    Result,
    Standing,
    Unlock,
    XpAward,
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


class GamificationRepository(Protocol):
    # -- sources ------------------------------------------------------------------------------
    async def record_reading(self, reading: Reading) -> bool:
        """Store that the reader reached the note's end; False (and no event) when they had
        already. Its ``NoteRead`` event is raised when new."""
        ...

    async def item_attribution(self, item_id: UUID) -> Attribution | None:
        """The author and subject of a content item; None when there is no such item."""
        ...

    async def course_attribution(self, course_id: UUID) -> Attribution | None: ...

    async def thread_attribution(self, thread_id: UUID) -> Attribution | None:
        """The mentor whose lesson the thread is about (if any) and its topic's subject."""
        ...

    # -- awards -------------------------------------------------------------------------------
    async def award(self, award: XpAward, *, week: date) -> bool:
        """Append the award to the ledger unless its (user, source) is there already; True
        when this call stored it (only then may totals move)."""
        ...

    async def progress(self, user_id: UUID, *, for_update: bool = False
                       ) -> LearnerProgress | None: ...

    async def lock_progress(self, user_id: UUID, now: datetime) -> LearnerProgress:
        """The learner's progress, created if missing, locked until the end of the
        transaction (awards to one learner are counted one after the other)."""
        ...

    async def save_progress(self, progress: LearnerProgress) -> None:
        """Write it back and raise the events it recorded."""
        ...

    async def add_to_day(self, user_id: UUID, day: date, amount: int, *,
                         goal_met: bool = False) -> int:
        """Add XP to the learner's local day; the day's total afterwards."""
        ...

    async def freeze_days(self, user_id: UUID, days: Sequence[date]) -> None:
        """Mark missed days bridged by a streak freeze."""
        ...

    async def add_to_boards(self, award: XpAward, *, week: date) -> None:
        """The mentor's weekly board and the subject's all-time board, where attributed."""
        ...

    async def enter_week(self, week: date) -> bool:
        """Before an award of ``week`` touches anything: wait while that week's close, or the
        previous week's (which seats this one), is under way, and keep them waiting until
        this transaction ends; whether ``week``'s leagues are still open. Awards and closes
        thus never hold rows the other needs, in opposite orders."""
        ...

    async def add_to_league(self, user_id: UUID, *, week: date, tier: int, amount: int,
                            at: datetime) -> tuple[UUID, bool]:
        """Add XP to the learner's league of ``week``, seating them first (in an open league
        of ``tier``, or a new one) when they have none; (league id, a league was created)."""
        ...

    async def unlocked(self, user_id: UUID) -> list[Unlock]: ...

    async def unlock(self, unlock: Unlock) -> bool:
        """Store an unlock unless the learner has it; True when new."""
        ...

    # -- reading ------------------------------------------------------------------------------
    async def days(self, user_id: UUID, since: date, until: date) -> list[DayRecord]:
        """Days with XP or a freeze in [since, until], oldest first."""
        ...

    async def ledger(self, user_id: UUID, page: PageRequest) -> Page[LedgerEntry]:
        """Newest first."""
        ...

    async def mentor_board(self, mentor_id: UUID, week: date, viewer: UUID,
                           page: PageRequest) -> Board: ...

    async def subject_board(self, subject_id: UUID, viewer: UUID,
                            page: PageRequest) -> Board: ...

    async def boards_of(self, user_id: UUID, week: date) -> list[BoardRef]:
        """The mentors' boards of ``week`` and the subjects' boards the learner is on, most
        XP first."""
        ...

    async def league_of(self, user_id: UUID, week: date) -> UUID | None: ...

    async def league_board(self, league_id: UUID, viewer: UUID) -> LeagueBoard | None: ...

    async def rank_in_league(self, user_id: UUID, week: date) -> BoardRow | None: ...

    async def erase(self, user_id: UUID) -> None:
        """Everything kept about the learner's progress: ledger, totals, boards, seats,
        achievements, settings and notes read (an erased account leaves every board)."""
        ...

    # -- the weekly close ---------------------------------------------------------------------
    async def start_close(self, week: date, at: datetime) -> bool:
        """Claim the close of ``week``: False when it was closed already (closing is done
        once, whoever asks). Waits for the awards that entered ``week`` or the week after
        (``enter_week``) and holds off new ones until this transaction ends."""
        ...

    async def standings(self, week: date) -> list[Standing]: ...

    async def record_results(self, week: date, results: Sequence[Result]) -> None:
        """Store each member's rank and outcome and move the learners' tiers."""
        ...

    async def seat(self, week: date, groups: Sequence[tuple[int, Sequence[UUID]]]) -> int:
        """Seat each group in a new league of its tier for ``week``; learners seated in that
        week already keep their seat. How many were seated."""
        ...
