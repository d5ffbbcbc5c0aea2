"""In-memory job queue: runs each job inline, with the same retry and dead-letter rules as the
worker (the waits are recorded, not slept), for unit tests of code that enqueues jobs."""

import asyncio
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from edu_core.domain.operations import FailedJob
from edu_core.domain.pagination import Page, PageRequest
from edu_core.ports.jobs import JobContext, JobRegistry, RetryPolicy, check_key


@dataclass
class InlineDeadLetter:
    job: str
    key: str
    payload: Any
    error: str
    attempts: int


@dataclass
class InlineJobQueue:
    registry: JobRegistry
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    default_time_limit: timedelta = timedelta(minutes=5)
    # Keys already run: a second enqueue of one key does nothing, as with JetStream's dedupe.
    seen: set[str] = field(default_factory=set)
    waits: list[timedelta] = field(default_factory=list)
    dead_letters: list[InlineDeadLetter] = field(default_factory=list)

    async def enqueue(self, job_name: str, payload: object, *, key: str) -> None:
        job = self.registry.checked(job_name, payload)
        check_key(key)
        if key in self.seen:
            return
        self.seen.add(key)
        limit = (job.time_limit or self.default_time_limit).total_seconds()
        attempt = 1
        while True:
            try:
                await asyncio.wait_for(job.run(payload, JobContext(key, attempt)), limit)
                return
            except Exception as exc:  # a job's failure is retried, whatever it is
                if self.policy.gives_up(attempt):
                    self.dead_letters.append(
                        InlineDeadLetter(job_name, key, payload, f"{type(exc).__name__}: {exc}",
                                         attempt))
                    return
                self.waits.append(self.policy.delay(attempt))
                attempt += 1


class MemoryFailedJobRepository:
    """The ``FailedJobRepository`` of the in-memory unit of work: marks apply at commit."""

    def __init__(self, stored: dict[int, FailedJob]) -> None:
        self._stored = stored
        self._retried: dict[int, datetime] = {}

    async def list(self, page: PageRequest) -> Page[FailedJob]:
        found = sorted(self._stored.values(), key=lambda j: (j.failed_at, j.id), reverse=True)
        return Page(items=found[page.offset:page.offset + page.page_size], total=len(found),
                    page=page.page, page_size=page.page_size)

    async def lock(self, failed_job_id: int) -> FailedJob | None:
        return self._stored.get(failed_job_id)

    async def mark_retried(self, failed_job_id: int, at: datetime) -> None:
        self._retried[failed_job_id] = at

    def apply(self) -> None:
        for failed_job_id, at in self._retried.items():
            self._stored[failed_job_id] = replace(self._stored[failed_job_id], retried_at=at)
        self._retried.clear()
