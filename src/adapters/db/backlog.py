"""How much event and job work waits, counted where it is kept: the dispatcher's gauges and the
operations console read the same numbers."""

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.db.tables import event_deliveries, job_dead_letters, job_retries, outbox
from edu_core.domain.operations import Backlog


async def read_backlog(session: AsyncSession, now: datetime) -> Backlog:
    d = event_deliveries.c
    due, oldest = (await session.execute(
        select(func.count(), func.min(d.due_at)).where(
            d.status == "pending", d.due_at <= now))).one()
    failed = (await session.execute(select(func.count()).where(
        d.status == "failed"))).scalar_one()
    unrelayed = (await session.execute(select(func.count()).where(
        outbox.c.dispatched_at.is_(None), outbox.c.failed.is_(False)))).scalar_one()
    retrying = (await session.execute(
        select(func.count()).select_from(job_retries))).scalar_one()
    dead = (await session.execute(select(func.count()).where(
        job_dead_letters.c.retried_at.is_(None)))).scalar_one()
    return Backlog(outbox_unrelayed=unrelayed, deliveries_due=due, deliveries_failed=failed,
                   oldest_due_seconds=max(0.0, (now - oldest).total_seconds())
                   if oldest is not None else 0.0,
                   job_retries_waiting=retrying, dead_letters=dead)
