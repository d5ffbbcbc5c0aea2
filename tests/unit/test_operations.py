"""The operations console's use cases on in-memory fakes: retrying a failed job (once, audited),
a status that reports what failed instead of failing, the audit period."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from adapters.memory.fakes import FakeClock
from adapters.memory.unit_of_work import MemoryUnitOfWorkFactory
from edu_core.application.actors import Actor
from edu_core.application.health import HealthService
from edu_core.application.operations import OperationsService
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

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


class DownProbe:
    name = "nats"

    async def check(self) -> None:
        raise ConnectionRefusedError("connect call failed")


class UpProbe:
    name = "database"

    async def check(self) -> None:
        return None


@dataclass
class FakeReadings:
    beats: list[WorkerBeat] = field(default_factory=list)
    backlog_fails: bool = False

    async def backlog(self, now: datetime) -> Backlog:
        if self.backlog_fails:
            raise OSError("database away")
        return Backlog(outbox_unrelayed=2, deliveries_due=1, deliveries_failed=0,
                       oldest_due_seconds=3.0, job_retries_waiting=0, dead_letters=1)

    async def workers(self) -> list[WorkerBeat]:
        return self.beats

    async def queued_jobs(self) -> int | None:
        return None

    def open_sockets(self) -> int:
        return 4

    def process(self) -> str:
        return "host:1"


class NoErrors:
    async def search(self, page: PageRequest, *, request_id: str | None = None,
                     route: str | None = None) -> Page[RecordedError]:
        return Page([], 0, page.page, page.page_size)


class NoTimings:
    def snapshot(self) -> list[RouteTiming]:
        return []


@dataclass
class RecordingQueue:
    requeued: list[tuple[int, datetime]] = field(default_factory=list)

    async def requeue(self, failed: FailedJob, at: datetime) -> None:
        self.requeued.append((failed.id, at))


def service(uow: MemoryUnitOfWorkFactory, *, readings: FakeReadings | None = None,
            queue: RecordingQueue | None = None) -> OperationsService:
    return OperationsService(
        health=HealthService([UpProbe(), DownProbe()], timeout_seconds=1),
        readings=readings or FakeReadings(), uow=uow, errors=NoErrors(), timings=NoTimings(),
        clock=FakeClock(NOW), worker_stale_after=timedelta(seconds=30),
        jobs=(lambda: queue) if queue is not None else None)


def dead_letter(job_id: int = 3) -> FailedJob:
    return FailedJob(id=job_id, job="video.process", key="video:1", chain="0", payload={},
                     error="TimeoutError", attempts=5, enqueued_at=NOW - timedelta(hours=1),
                     failed_at=NOW - timedelta(minutes=5), retried_at=None)


async def test_a_failed_job_is_requeued_once_and_the_retry_audited() -> None:
    uow = MemoryUnitOfWorkFactory()
    uow.store.failed_jobs[3] = dead_letter()
    queue = RecordingQueue()
    operations = service(uow, queue=queue)
    actor = Actor(uuid4(), "user")

    first = await operations.retry_failed_job(actor, 3)
    second = await operations.retry_failed_job(actor, 3)

    assert first.queued is True and first.job.retried_at == NOW
    assert second.queued is False and second.job.retried_at == NOW
    assert queue.requeued == [(3, NOW)]
    (entry,) = uow.store.audit
    assert (entry.actor_id, entry.action, entry.target_type, entry.target_id) == (
        actor.user_id, "job.retry", "failed_job", "3")
    with pytest.raises(FailedJobNotFound):
        await operations.retry_failed_job(actor, 99)


async def test_without_a_job_queue_a_retry_is_refused_and_nothing_marked() -> None:
    uow = MemoryUnitOfWorkFactory()
    uow.store.failed_jobs[3] = dead_letter()
    with pytest.raises(JobsUnavailable):
        await service(uow).retry_failed_job(Actor(None), 3)
    assert uow.store.failed_jobs[3].retried_at is None
    assert uow.store.audit == []


async def test_the_status_names_what_failed_and_which_workers_are_silent() -> None:
    beats = [WorkerBeat("a", "h", 1, NOW - timedelta(hours=1), NOW - timedelta(seconds=5)),
             WorkerBeat("b", "h", 2, NOW - timedelta(hours=1), NOW - timedelta(seconds=31))]
    snapshot = await service(MemoryUnitOfWorkFactory(),
                             readings=FakeReadings(beats=beats)).snapshot()

    assert snapshot.ok is False
    checks = {c.name: c for c in snapshot.checks}
    assert checks["database"].ok and not checks["nats"].ok
    assert "ConnectionRefusedError" in checks["nats"].detail
    assert [(w.beat.worker_id, w.alive) for w in snapshot.workers] == [("a", True),
                                                                         ("b", False)]
    assert snapshot.backlog is not None and snapshot.open_sockets == 4


async def test_a_backlog_that_cannot_be_read_leaves_the_rest_of_the_status() -> None:
    snapshot = await service(MemoryUnitOfWorkFactory(),
                             readings=FakeReadings(backlog_fails=True)).snapshot()
    assert snapshot.backlog is None
    assert [c.name for c in snapshot.checks] == ["database", "nats"]


async def test_an_audit_period_must_not_end_before_it_starts() -> None:
    operations = service(MemoryUnitOfWorkFactory())
    with pytest.raises(AuditPeriodReversed):
        await operations.audit(PageRequest(), since=NOW, until=NOW - timedelta(days=1))
    # A time without a zone is UTC.
    page = await operations.audit(PageRequest(), since=NOW.replace(tzinfo=None), until=NOW)
    assert page.total == 0
