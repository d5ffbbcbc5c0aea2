"""In-memory job queue: runs each job inline, with the same retry and dead-letter rules as the
worker (the waits are recorded, not slept), for unit tests of code that enqueues jobs."""

import asyncio
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

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
