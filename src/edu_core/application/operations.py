"""The operations console (S36): the platform's state at a glance for administrators, the jobs
that failed for good (and trying them again), the errors recorded, the routes that spend most
time in the database, and the audit log.

Administrators only: the HTTP guard admits them, the use cases take the ``Actor`` they audit.
"""

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from uuid import UUID

from edu_core.application.actors import Actor
from edu_core.application.health import HealthService, ProbeResult
from edu_core.domain.audit import AuditEntry
from edu_core.domain.calendar_range import within_calendar
from edu_core.domain.operations import (
    AuditPeriodReversed,
    Backlog,
    FailedJob,
    FailedJobNotFound,
    JobsUnavailable,
    RecordedError,
    RouteTiming,
    WorkerBeat,
)
from edu_core.domain.pagination import Page, PageRequest
from edu_core.ports.clock import Clock
from edu_core.ports.operations import ErrorLog, JobRequeue, PlatformReadings, RouteTimings
from edu_core.ports.unit_of_work import UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class WorkerStatus:
    beat: WorkerBeat
    alive: bool


@dataclass(frozen=True, slots=True)
class Snapshot:
    checked_at: datetime
    ok: bool
    checks: list[ProbeResult]
    # None: the database did not answer, so neither did the backlog.
    backlog: Backlog | None
    queued_jobs: int | None
    workers: list[WorkerStatus]
    worker_stale_after: timedelta
    open_sockets: int
    process: str


@dataclass(frozen=True, slots=True)
class Retried:
    job: FailedJob
    # False: it had been retried before (a repeated click), nothing was queued this time.
    queued: bool


@dataclass(frozen=True, slots=True)
class RouteReport:
    process: str
    routes: list[RouteTiming]


class OperationsService:
    def __init__(self, *, health: HealthService, readings: PlatformReadings,
                 uow: UnitOfWorkFactory, errors: ErrorLog, timings: RouteTimings,
                 clock: Clock, worker_stale_after: timedelta,
                 jobs: Callable[[], JobRequeue] | None = None) -> None:
        self._health = health
        self._readings = readings
        self._uow = uow
        self._errors = errors
        self._timings = timings
        self._clock = clock
        self._stale_after = worker_stale_after
        self._jobs = jobs

    async def snapshot(self) -> Snapshot:
        now = self._clock.now()
        # The probes bound their own time; the readings are a few counts on indexed columns.
        readiness, backlog, workers, queued = await asyncio.gather(
            self._health.readiness(), self._readings.backlog(now), self._readings.workers(),
            self._readings.queued_jobs(), return_exceptions=True)
        if isinstance(readiness, BaseException):
            raise readiness
        return Snapshot(
            checked_at=now, ok=readiness.ok, checks=readiness.checks,
            backlog=None if isinstance(backlog, BaseException) else backlog,
            queued_jobs=None if isinstance(queued, BaseException) else queued,
            workers=[] if isinstance(workers, BaseException) else [
                WorkerStatus(w, now - w.seen_at <= self._stale_after) for w in workers],
            worker_stale_after=self._stale_after,
            open_sockets=self._readings.open_sockets(), process=self._readings.process())

    async def failed_jobs(self, page: PageRequest) -> Page[FailedJob]:
        async with self._uow() as uow:
            return await uow.failed_jobs.list(page)

    async def retry_failed_job(self, actor: Actor, failed_job_id: int) -> Retried:
        """Queue the dead letter's job again, once: a repeat finds it retried and queues
        nothing (idempotent). Marked, queued and audited in one transaction."""
        async with self._uow() as uow:
            job = await uow.failed_jobs.lock(failed_job_id)
            if job is None:
                raise FailedJobNotFound()
            if job.retried_at is not None:
                return Retried(job, queued=False)
            if self._jobs is None:
                raise JobsUnavailable("Background jobs are not configured here (no NATS "
                                      "server), so a failed job cannot be queued again.")
            now = self._clock.now()
            await uow.failed_jobs.mark_retried(failed_job_id, now)
            # Published before the commit: were the commit to fail, the letter stays
            # un-retried and the job may run twice, which jobs tolerate (at least once).
            await self._jobs().requeue(job, now)
            uow.audit.record(AuditEntry(
                actor_id=actor.user_id, action="job.retry", target_type="failed_job",
                target_id=str(failed_job_id), occurred_at=now,
                details={"job": job.job, "key": job.key, "attempts": job.attempts}))
            await uow.commit()
        return Retried(replace(job, retried_at=now), queued=True)

    async def errors(self, page: PageRequest, *, request_id: str | None = None,
                     route: str | None = None) -> Page[RecordedError]:
        return await self._errors.search(page, request_id=request_id or None,
                                         route=route or None)

    def slow_routes(self, limit: int = 50) -> RouteReport:
        routes = sorted(self._timings.snapshot(), key=lambda r: r.db_ms_total, reverse=True)
        return RouteReport(process=self._readings.process(), routes=routes[:limit])

    async def audit(self, page: PageRequest, *, actor_id: UUID | None = None,
                    action: str | None = None, target_type: str | None = None,
                    target_id: str | None = None, since: datetime | None = None,
                    until: datetime | None = None) -> Page[AuditEntry]:
        since, until = _utc(since), _utc(until)
        if since is not None:
            within_calendar(since, "from")
        if until is not None:
            within_calendar(until, "to")
        if since is not None and until is not None and since > until:
            raise AuditPeriodReversed()
        async with self._uow() as uow:
            return await uow.audit.list(page, actor_id=actor_id, action=action or None,
                                        target_type=target_type or None,
                                        target_id=target_id or None, since=since, until=until)


def _utc(at: datetime | None) -> datetime | None:
    """A time given without a zone is read as UTC (the zone of every stored time)."""
    return at.replace(tzinfo=UTC) if at is not None and at.tzinfo is None else at
