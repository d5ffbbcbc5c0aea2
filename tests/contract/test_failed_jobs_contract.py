"""ONE behaviour suite for the FailedJobRepository port (dead letters in the unit of work),
run against the in-memory fake and Postgres."""

import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from sqlalchemy import insert

from adapters.db.engine import build_engine
from adapters.db.tables import job_dead_letters
from adapters.memory.unit_of_work import MemoryUnitOfWorkFactory
from edu_core.domain.operations import FailedJob
from edu_core.domain.pagination import PageRequest
from edu_core.ports.unit_of_work import UnitOfWork

# Far in the future: this suite's letters come first among any others in the database.
FAILED = datetime(2099, 1, 1, tzinfo=UTC)
_ids = itertools.count(1)

Seed = Callable[[FailedJob], Awaitable[int]]


def letter(minutes: int) -> FailedJob:
    return FailedJob(id=next(_ids), job="reports.build", key=f"k-{uuid4().hex}", chain="0",
                     payload={"n": minutes}, error="RuntimeError: no", attempts=3,
                     enqueued_at=FAILED - timedelta(hours=1),
                     failed_at=FAILED + timedelta(minutes=minutes), retried_at=None)


@pytest.fixture
async def seed(request: pytest.FixtureRequest, uow_factory: Callable[[], UnitOfWork]
               ) -> AsyncIterator[Seed]:
    if isinstance(uow_factory, MemoryUnitOfWorkFactory):
        store = uow_factory.store

        async def in_memory(job: FailedJob) -> int:
            store.failed_jobs[job.id] = job
            return job.id

        yield in_memory
        return
    engine = build_engine(request.getfixturevalue("database_url"), pool_size=1)

    async def in_postgres(job: FailedJob) -> int:
        values = {k: getattr(job, k) for k in FailedJob.__slots__ if k != "id"}
        async with engine.begin() as conn:
            new_id: int = (await conn.execute(insert(job_dead_letters).values(**values)
                                              .returning(job_dead_letters.c.id))).scalar_one()
        return new_id

    yield in_postgres
    async with engine.begin() as conn:
        await conn.execute(job_dead_letters.delete().where(
            job_dead_letters.c.failed_at >= FAILED))
    await engine.dispose()


async def test_failed_jobs_are_listed_newest_first_in_pages(uow_factory, seed: Seed) -> None:
    ids = [await seed(letter(m)) for m in (1, 3, 2)]
    async with uow_factory() as uow:
        first = await uow.failed_jobs.list(PageRequest(1, 2))
        second = await uow.failed_jobs.list(PageRequest(2, 2))

    assert [j.id for j in first.items] == [ids[1], ids[2]]
    assert second.items[0].id == ids[0]
    assert first.total == second.total >= 3
    assert first.items[0].payload == {"n": 3} and first.items[0].retried_at is None


async def test_a_retry_mark_holds_once_committed_only(uow_factory, seed: Seed) -> None:
    job_id = await seed(letter(5))
    at = FAILED + timedelta(days=1)
    async with uow_factory() as uow:
        locked = await uow.failed_jobs.lock(job_id)
        assert locked is not None and locked.id == job_id and locked.retried_at is None
        await uow.failed_jobs.mark_retried(job_id, at)
        await uow.rollback()
    async with uow_factory() as uow:
        assert (await uow.failed_jobs.lock(job_id)) == replace(locked, retried_at=None)
        await uow.failed_jobs.mark_retried(job_id, at)
        await uow.commit()
    async with uow_factory() as uow:
        after = await uow.failed_jobs.lock(job_id)
    assert after is not None and after.retried_at == at


async def test_an_unknown_failed_job_is_none(uow_factory) -> None:
    async with uow_factory() as uow:
        assert await uow.failed_jobs.lock(2**62) is None
