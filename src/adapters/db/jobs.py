"""PostgreSQL side of background jobs: retries waiting for their time, dead letters and worker
heartbeats (ADR 19). Every write is idempotent, because the worker that makes it may have been
handed a task JetStream delivered twice."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.db.connections import Session
from adapters.db.tables import job_dead_letters, job_retries, worker_heartbeats
from edu_core.domain.operations import FailedJob, WorkerBeat
from edu_core.domain.pagination import Page, PageRequest

# A fleet of workers is a handful; rows of killed ones are pruned after a day.
MAX_WORKERS_LISTED = 100


@dataclass(frozen=True)
class JobRun:
    """One try of a job, as it travels through the queue."""

    job: str
    key: str
    chain: str
    attempt: int
    payload: dict[str, Any]
    enqueued_at: datetime

    @property
    def message_id(self) -> str:
        # JetStream drops a message whose id it saw within its duplicate window.
        return f"{self.key}|{self.chain}|{self.attempt}"


class PostgresJobStore:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._factory = session_factory

    async def schedule_retry(self, run: JobRun, *, due_at: datetime, error: str) -> None:
        """Keep the next try (``run`` with its attempt already counted on) until ``due_at``."""
        async with self._factory() as session, session.begin():
            await session.execute(pg_insert(job_retries).values(
                key=run.key, chain=run.chain, attempt=run.attempt, job=run.job,
                payload=run.payload, enqueued_at=run.enqueued_at, due_at=due_at,
                last_error=error[:4000]).on_conflict_do_nothing())

    async def kick_due_retries(self, now: datetime, kick: Callable[[JobRun], Awaitable[None]],
                               *, limit: int = 100) -> int:
        """Hand each due retry to ``kick`` and forget it, in one transaction: a crash between
        the two sends it twice at worst, and the queue drops the second (same message id)."""
        r = job_retries.c
        async with self._factory() as session, session.begin():
            rows = (await session.execute(
                select(r.key, r.chain, r.attempt, r.job, r.payload, r.enqueued_at)
                .where(r.due_at <= now).order_by(r.due_at).limit(limit)
                .with_for_update(skip_locked=True))).all()
            for row in rows:
                await kick(JobRun(row.job, row.key, row.chain, row.attempt, row.payload,
                                  row.enqueued_at))
                await session.execute(delete(job_retries).where(
                    r.key == row.key, r.chain == row.chain, r.attempt == row.attempt))
        return len(rows)

    async def bury(self, run: JobRun, *, error: str, failed_at: datetime) -> None:
        async with self._factory() as session, session.begin():
            await session.execute(pg_insert(job_dead_letters).values(
                job=run.job, key=run.key, chain=run.chain, payload=run.payload,
                error=error[:4000], attempts=run.attempt, enqueued_at=run.enqueued_at,
                failed_at=failed_at).on_conflict_do_nothing())

    async def beat(self, worker_id: str, *, hostname: str, pid: int, started_at: datetime,
                   now: datetime) -> None:
        async with self._factory() as session, session.begin():
            statement = pg_insert(worker_heartbeats).values(
                worker_id=worker_id, hostname=hostname, pid=pid, started_at=started_at,
                seen_at=now)
            await session.execute(statement.on_conflict_do_update(
                index_elements=[worker_heartbeats.c.worker_id],
                set_={"seen_at": statement.excluded.seen_at}))

    async def forget_worker(self, worker_id: str) -> None:
        async with self._factory() as session, session.begin():
            await session.execute(delete(worker_heartbeats)
                                  .where(worker_heartbeats.c.worker_id == worker_id))

    async def workers(self) -> list[WorkerBeat]:
        w = worker_heartbeats.c
        async with self._factory() as session:
            rows = (await session.execute(
                select(w.worker_id, w.hostname, w.pid, w.started_at, w.seen_at)
                .order_by(w.seen_at.desc()).limit(MAX_WORKERS_LISTED))).all()
        return [WorkerBeat(**row._mapping) for row in rows]

    async def last_heartbeat(self) -> datetime | None:
        async with self._factory() as session:
            value: datetime | None = (await session.execute(
                select(func.max(worker_heartbeats.c.seen_at)))).scalar_one()
        return value

    async def prune_heartbeats(self, older_than: datetime) -> None:
        async with self._factory() as session, session.begin():
            await session.execute(delete(worker_heartbeats)
                                  .where(worker_heartbeats.c.seen_at < older_than))



class PostgresFailedJobRepository:
    """The ``FailedJobRepository`` of the unit of work (``job_dead_letters``)."""

    def __init__(self, session: Session) -> None:
        self._s = session

    async def list(self, page: PageRequest) -> Page[FailedJob]:
        d = job_dead_letters.c
        total = (await self._s.execute(
            select(func.count()).select_from(job_dead_letters))).scalar_one()
        rows = (await self._s.execute(
            select(job_dead_letters).order_by(d.failed_at.desc(), d.id.desc())
            .offset(page.offset).limit(page.page_size))).all()
        return Page(items=[FailedJob(**row._mapping) for row in rows], total=total,
                    page=page.page, page_size=page.page_size)

    async def lock(self, failed_job_id: int) -> FailedJob | None:
        row = (await self._s.execute(
            select(job_dead_letters).where(job_dead_letters.c.id == failed_job_id)
            .with_for_update())).first()
        return None if row is None else FailedJob(**row._mapping)

    async def mark_retried(self, failed_job_id: int, at: datetime) -> None:
        await self._s.execute(update(job_dead_letters)
                              .where(job_dead_letters.c.id == failed_job_id)
                              .values(retried_at=at))
