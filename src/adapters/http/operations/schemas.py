"""Shapes of the operations console."""

from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from msgspec import Meta

from adapters.http.pagination import PageOut
from edu_core.application.health import ProbeResult
from edu_core.application.operations import Retried, RouteReport, Snapshot
from edu_core.domain.audit import AuditEntry
from edu_core.domain.operations import Backlog, FailedJob, RecordedError, RouteTiming


class DependencyOut(msgspec.Struct):
    name: str
    ok: bool
    detail: Annotated[str, Meta(description="`ok`, or what failed (for administrators: "
                                            "it may name hosts).")]
    latency_ms: float

    @classmethod
    def of(cls, r: ProbeResult) -> "DependencyOut":
        return cls(name=r.name, ok=r.ok, detail=r.detail, latency_ms=round(r.duration_ms, 2))


class BacklogOut(msgspec.Struct):
    outbox_unrelayed: Annotated[int, Meta(description="Committed events not yet fanned out "
                                                      "to their handlers.")]
    deliveries_due: Annotated[int, Meta(description="Event deliveries due to run now.")]
    deliveries_failed: Annotated[int, Meta(description="Event deliveries parked after their "
                                                       "last try.")]
    oldest_due_seconds: Annotated[float, Meta(description="How long the oldest due delivery "
                                                          "has waited (0 when none).")]
    job_retries_waiting: Annotated[int, Meta(description="Failed jobs waiting for their next "
                                                         "try.")]
    dead_letters: Annotated[int, Meta(description="Jobs that failed their last try, not "
                                                  "retried.")]

    @classmethod
    def of(cls, b: Backlog) -> "BacklogOut":
        return cls(**{**asdict(b), "oldest_due_seconds": round(b.oldest_due_seconds, 3)})


class WorkerOut(msgspec.Struct):
    worker_id: str
    hostname: str
    pid: int
    started_at: datetime
    last_heartbeat_at: datetime
    alive: Annotated[bool, Meta(description="Its last heartbeat is recent enough.")]


class OperationsStatusOut(msgspec.Struct):
    checked_at: datetime
    ok: Annotated[bool, Meta(description="Every dependency answered.")]
    dependencies: list[DependencyOut]
    backlog: Annotated[BacklogOut | None, Meta(description="None when the database did not "
                                                           "answer.")]
    queued_jobs: Annotated[int | None, Meta(description=(
        "Jobs in the queue's stream not yet taken by a worker; None when it cannot be told "
        "(no NATS, or NATS away)."))]
    workers: list[WorkerOut]
    worker_stale_after_seconds: float
    open_websockets: Annotated[int, Meta(description="WebSocket connections open in the "
                                                     "process that answered.")]
    process: Annotated[str, Meta(description="The process that answered (host:pid).")]

    @classmethod
    def of(cls, s: Snapshot) -> "OperationsStatusOut":
        return cls(checked_at=s.checked_at, ok=s.ok,
                   dependencies=[DependencyOut.of(c) for c in s.checks],
                   backlog=BacklogOut.of(s.backlog) if s.backlog is not None else None,
                   queued_jobs=s.queued_jobs,
                   workers=[WorkerOut(worker_id=w.beat.worker_id, hostname=w.beat.hostname,
                                      pid=w.beat.pid, started_at=w.beat.started_at,
                                      last_heartbeat_at=w.beat.seen_at, alive=w.alive)
                            for w in s.workers],
                   worker_stale_after_seconds=s.worker_stale_after.total_seconds(),
                   open_websockets=s.open_sockets, process=s.process)


class FailedJobOut(msgspec.Struct):
    id: int
    job: str
    key: str
    error: str
    attempts: int
    payload: dict[str, Any]
    enqueued_at: datetime
    failed_at: datetime
    retried_at: datetime | None

    @classmethod
    def of(cls, j: FailedJob) -> "FailedJobOut":
        return cls(id=j.id, job=j.job, key=j.key, error=j.error, attempts=j.attempts,
                   payload=j.payload, enqueued_at=j.enqueued_at, failed_at=j.failed_at,
                   retried_at=j.retried_at)


class FailedJobPage(PageOut[FailedJobOut]):
    items: list[FailedJobOut]


class RetriedOut(msgspec.Struct):
    failed_job: FailedJobOut
    queued: Annotated[bool, Meta(description="False when it had been retried before: nothing "
                                             "was queued again.")]

    @classmethod
    def of(cls, r: Retried) -> "RetriedOut":
        return cls(failed_job=FailedJobOut.of(r.job), queued=r.queued)


class RecordedErrorOut(msgspec.Struct):
    id: int
    occurred_at: datetime
    request_id: str | None
    method: str | None
    route: Annotated[str | None, Meta(description="The route template; None for errors "
                                                  "outside requests.")]
    status: int | None
    logger: str
    exception_type: str | None
    message: str
    excerpt: Annotated[str, Meta(description="The logged lines and traceback, shortened.")]
    process: str

    @classmethod
    def of(cls, e: RecordedError) -> "RecordedErrorOut":
        return cls(**asdict(e))


class RecordedErrorPage(PageOut[RecordedErrorOut]):
    items: list[RecordedErrorOut]


class RouteTimingOut(msgspec.Struct):
    method: str
    route: str
    requests: int
    statements: int
    db_ms_total: float
    db_ms_mean: float
    db_ms_p95: Annotated[float, Meta(description="Over the route's last 500 requests.")]
    db_ms_max: float
    request_ms_mean: float

    @classmethod
    def of(cls, r: RouteTiming) -> "RouteTimingOut":
        return cls(**asdict(r))


class SlowRoutesOut(msgspec.Struct):
    process: Annotated[str, Meta(description="The process whose requests these are "
                                             "(host:pid), since it started.")]
    routes: Annotated[list[RouteTimingOut], Meta(description="Most database time first.")]

    @classmethod
    def of(cls, r: RouteReport) -> "SlowRoutesOut":
        return cls(process=r.process, routes=[RouteTimingOut.of(t) for t in r.routes])


class AuditEntryOut(msgspec.Struct):
    id: UUID
    occurred_at: datetime
    actor_id: Annotated[UUID | None, Meta(description="None: the system or the command "
                                                      "line.")]
    action: str
    target_type: str
    target_id: str
    details: dict[str, Any]

    @classmethod
    def of(cls, e: AuditEntry) -> "AuditEntryOut":
        return cls(**asdict(e))


class AuditPage(PageOut[AuditEntryOut]):
    items: list[AuditEntryOut]
