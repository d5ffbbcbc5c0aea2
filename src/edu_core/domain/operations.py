"""What the operations console reads about the running platform (S36): the backlog of events
and jobs, the workers, the jobs that failed for good, the errors recorded and the database time
each route spends."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from edu_core.domain.errors import InvalidInput, NotFound, ServiceUnavailable

# An excerpt of an error kept for the console: enough for the traceback's last frames.
MAX_EXCERPT = 4000
MAX_MESSAGE = 500


@dataclass(frozen=True, slots=True)
class Backlog:
    """Events and jobs waiting, as PostgreSQL (their source of truth) has them."""

    outbox_unrelayed: int
    deliveries_due: int
    deliveries_failed: int
    # How long the oldest due delivery has waited; 0 when none is due.
    oldest_due_seconds: float
    job_retries_waiting: int
    dead_letters: int  # not retried yet


@dataclass(frozen=True, slots=True)
class WorkerBeat:
    worker_id: str
    hostname: str
    pid: int
    started_at: datetime
    seen_at: datetime


@dataclass(frozen=True, slots=True)
class FailedJob:
    """A job that failed its last try (a dead letter)."""

    id: int
    job: str
    key: str
    chain: str
    payload: dict[str, Any]
    error: str
    attempts: int
    enqueued_at: datetime
    failed_at: datetime
    retried_at: datetime | None


class FailedJobNotFound(NotFound):
    code = "failed_job_not_found"
    default_message = "There is no failed job with this id."


class JobsUnavailable(ServiceUnavailable):
    code = "jobs_unavailable"
    default_message = "The job queue is unavailable, so nothing was queued. Try again shortly."


@dataclass(frozen=True, slots=True)
class RecordedError:
    """A 5xx answer or an error-level log line, kept for the console."""

    id: int
    occurred_at: datetime
    request_id: str | None
    method: str | None
    route: str | None
    status: int | None
    logger: str
    exception_type: str | None
    message: str
    excerpt: str
    process: str


@dataclass(frozen=True, slots=True)
class NewError:
    """An error about to be recorded (the store numbers it)."""

    occurred_at: datetime
    logger: str
    message: str
    excerpt: str
    process: str
    request_id: str | None = None
    method: str | None = None
    route: str | None = None
    status: int | None = None
    exception_type: str | None = None

    def clipped(self) -> "NewError":
        return NewError(occurred_at=self.occurred_at, logger=self.logger[:100],
                        message=self.message[:MAX_MESSAGE], excerpt=self.excerpt[-MAX_EXCERPT:],
                        process=self.process[:100], request_id=self.request_id,
                        method=self.method, route=self.route[:300] if self.route else None,
                        status=self.status,
                        exception_type=self.exception_type[:200] if self.exception_type
                        else None)


@dataclass(frozen=True, slots=True)
class RouteTiming:
    """Database time of the requests one route answered (since the process started)."""

    method: str
    route: str
    requests: int
    statements: int
    db_ms_total: float
    db_ms_mean: float
    db_ms_p95: float
    db_ms_max: float
    request_ms_mean: float


class AuditPeriodReversed(InvalidInput):
    code = "audit_period_reversed"
    default_message = "The start of the period must not come after its end."
