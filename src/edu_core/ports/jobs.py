"""Background jobs: named functions with one typed argument, run away from the request.

A job is declared once (``Job(name, args_type, run)``) and registered with a ``JobRegistry``;
``JobQueue.enqueue(name, payload, key=...)`` accepts only a payload of the job's argument type.
Delivery is at least once (a worker that dies mid-job leaves it to run again), so a job makes its
effect idempotent under ``JobContext.key``: the caller's idempotency key, also used to drop an
enqueue repeated while the first is still queued.
"""

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Generic, Protocol, TypeVar

A = TypeVar("A")

MAX_KEY_LENGTH = 200


@dataclass(frozen=True, slots=True)
class JobContext:
    key: str
    # 1 for the first run; a retry after a failure counts on.
    attempt: int


@dataclass(frozen=True)
class Job(Generic[A]):
    """``run(args, context)``; ``args`` is a dataclass (or msgspec Struct) instance of ``args``.

    ``time_limit`` overrides the platform's default for this job.
    """

    name: str
    args: type[A]
    run: Callable[[A, JobContext], Awaitable[None]]
    time_limit: timedelta | None = None


class UnknownJob(LookupError):
    pass


class WrongJobPayload(TypeError):
    pass


class JobRegistry:
    """Every job this process can enqueue or run, built once by the composition root."""

    def __init__(self, jobs: Iterable[Job[Any]] = ()) -> None:
        self._jobs: dict[str, Job[Any]] = {}
        for job in jobs:
            self.add(job)

    def add(self, job: Job[Any]) -> None:
        if job.name in self._jobs:
            raise ValueError(f"two jobs are named {job.name!r}")
        self._jobs[job.name] = job

    def clear(self) -> None:
        self._jobs.clear()

    def get(self, name: str) -> Job[Any]:
        try:
            return self._jobs[name]
        except KeyError:
            raise UnknownJob(name) from None

    def checked(self, name: str, payload: object) -> Job[Any]:
        """The job named ``name``, when ``payload`` is its argument type."""
        job = self.get(name)
        if not isinstance(payload, job.args):
            raise WrongJobPayload(
                f"job {name!r} takes {job.args.__name__}, not {type(payload).__name__}")
        return job

    def jobs(self) -> list[Job[Any]]:
        return list(self._jobs.values())


def check_key(key: str) -> str:
    if not key or len(key) > MAX_KEY_LENGTH:
        raise ValueError(f"a job key is 1 to {MAX_KEY_LENGTH} characters")
    return key


class JobQueue(Protocol):
    async def enqueue(self, job_name: str, payload: object, *, key: str) -> None:
        """Queue ``job_name`` to run once with ``payload``; ``key`` identifies this request
        (enqueuing the same key again while it waits queues nothing more)."""
        ...


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """A failed job runs again after ``base * 2^(attempt-1)`` (capped at ``cap``); after
    ``max_attempts`` runs it becomes a dead letter."""

    max_attempts: int = 5
    base: timedelta = timedelta(seconds=10)
    cap: timedelta = timedelta(hours=1)

    def delay(self, attempt: int) -> timedelta:
        """The wait after failed run number ``attempt`` (1-based)."""
        return min(self.base * (1 << min(attempt - 1, 30)), self.cap)

    def gives_up(self, attempt: int) -> bool:
        return attempt >= self.max_attempts
