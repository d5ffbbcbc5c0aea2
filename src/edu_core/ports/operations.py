"""What the operations console (S36) reads of the running platform, beyond the probes of
``ports.health``."""

from datetime import datetime
from typing import Protocol

from edu_core.domain.operations import Backlog, FailedJob, RecordedError, RouteTiming, WorkerBeat
from edu_core.domain.pagination import Page, PageRequest


class PlatformReadings(Protocol):
    async def backlog(self, now: datetime) -> Backlog: ...

    async def workers(self) -> list[WorkerBeat]:
        """Every worker that reported, most recently seen first."""
        ...

    async def queued_jobs(self) -> int | None:
        """Jobs waiting in the queue itself (not yet taken by a worker); None when the queue
        cannot tell quickly (not configured, or unreachable)."""
        ...

    def open_sockets(self) -> int:
        """WebSocket connections open in this process."""
        ...

    def process(self) -> str:
        """Which process answers (host and pid): per-process readings name it."""
        ...


class FailedJobRepository(Protocol):
    """Dead letters: jobs that failed their last try. Part of the unit of work, so that marking
    one retried and auditing the retry commit together."""

    async def list(self, page: PageRequest) -> Page[FailedJob]:
        """Newest failure first."""
        ...

    async def lock(self, failed_job_id: int) -> FailedJob | None:
        """The dead letter, locked until the unit of work ends (a concurrent retry waits)."""
        ...

    async def mark_retried(self, failed_job_id: int, at: datetime) -> None: ...


class JobRequeue(Protocol):
    async def requeue(self, failed: FailedJob, at: datetime) -> None:
        """Queue a new series of tries of a dead letter's job, with its payload as stored.
        Raises ``JobsUnavailable`` when the queue cannot be reached."""
        ...


class ErrorLog(Protocol):
    """Errors recorded by every process (5xx answers, error-level log lines), kept for a
    while."""

    async def search(self, page: PageRequest, *, request_id: str | None = None,
                     route: str | None = None) -> Page[RecordedError]:
        """Newest first; ``route`` matches route templates starting with it."""
        ...


class RouteTimings(Protocol):
    def snapshot(self) -> list[RouteTiming]:
        """Per route, the database time of the requests this process answered."""
        ...
