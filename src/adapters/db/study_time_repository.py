"""Study time in PostgreSQL: the person's latest heartbeat (one row, locked while a beat reads
and moves it) and the seconds credited per item and local day (an upsert)."""

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from adapters.db.connections import Session
from adapters.db.tables import study_presence, study_time
from edu_core.domain.pagination import Page, PageRequest
from edu_core.ports.analytics import StudyDay

t, p = study_time.c, study_presence.c


class PostgresStudyTimeRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    async def beat(self, user_id: UUID, at: datetime) -> datetime | None:
        # The row lock queues two beats of one person: the second reads the first's instant.
        previous: datetime | None = (await self._s.execute(
            select(p.last_beat_at).where(p.user_id == user_id).with_for_update())
        ).scalar_one_or_none()
        statement = pg_insert(study_presence).values(user_id=user_id, last_beat_at=at)
        # The instant never moves back (a beat that waited on the lock may carry an earlier
        # clock reading than the one it waited for).
        await self._s.execute(statement.on_conflict_do_update(
            index_elements=[p.user_id],
            set_={"last_beat_at": func.greatest(p.last_beat_at,
                                                statement.excluded.last_beat_at)}))
        return previous

    async def credit(self, user_id: UUID, item_id: UUID, day: date, seconds: int,
                     at: datetime) -> None:
        statement = pg_insert(study_time).values(user_id=user_id, item_id=item_id, day=day,
                                                 seconds=seconds, last_at=at)
        await self._s.execute(statement.on_conflict_do_update(
            index_elements=[t.user_id, t.day, t.item_id],
            set_={"seconds": t.seconds + statement.excluded.seconds,
                  "last_at": func.greatest(t.last_at, statement.excluded.last_at)}))

    async def days_of(self, user_id: UUID, page: PageRequest) -> Page[StudyDay]:
        total = (await self._s.execute(
            select(func.count()).select_from(study_time).where(t.user_id == user_id))
        ).scalar_one()
        rows = await self._s.execute(
            select(t.item_id, t.day, t.seconds, t.last_at).where(t.user_id == user_id)
            .order_by(t.day, t.item_id).limit(page.page_size).offset(page.offset))
        return Page(items=[StudyDay(item_id=r.item_id, day=r.day, seconds=r.seconds,
                                    last_at=r.last_at) for r in rows],
                    total=total, page=page.page, page_size=page.page_size)

    async def forget(self, user_id: UUID) -> None:
        await self._s.execute(delete(study_time).where(t.user_id == user_id))
        await self._s.execute(delete(study_presence).where(p.user_id == user_id))
