"""The job registry and the in-memory job queue: typed payloads, retries with exponential
back-off, dead letters after the last try, one run per key."""

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from adapters.memory.jobs import InlineJobQueue
from edu_core.ports.jobs import (
    Job,
    JobContext,
    JobRegistry,
    RetryPolicy,
    UnknownJob,
    WrongJobPayload,
)
from tests.conftest import make_settings


@dataclass(frozen=True)
class Greeting:
    name: str


@dataclass(frozen=True)
class Other:
    value: int


class Recorder:
    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.calls: list[tuple[str, int]] = []

    async def greet(self, args: Greeting, context: JobContext) -> None:
        self.calls.append((args.name, context.attempt))
        if context.attempt <= self.failures:
            raise RuntimeError(f"try {context.attempt} failed")


def registry_with(recorder: Recorder, **job: object) -> JobRegistry:
    return JobRegistry([Job("greet", Greeting, recorder.greet, **job)])  # type: ignore[arg-type]


def test_two_jobs_with_one_name_are_refused() -> None:
    recorder = Recorder()
    registry = registry_with(recorder)
    with pytest.raises(ValueError, match="two jobs are named 'greet'"):
        registry.add(Job("greet", Greeting, recorder.greet))


def test_a_job_is_found_by_name_with_its_payload_type_checked() -> None:
    registry = registry_with(Recorder())
    assert registry.checked("greet", Greeting("Ada")).args is Greeting
    with pytest.raises(UnknownJob):
        registry.get("nope")
    with pytest.raises(WrongJobPayload, match="takes Greeting, not Other"):
        registry.checked("greet", Other(1))
    with pytest.raises(WrongJobPayload):
        registry.checked("greet", {"name": "Ada"})


def test_the_back_off_doubles_and_is_capped() -> None:
    policy = RetryPolicy(max_attempts=8, base=timedelta(seconds=10),
                         cap=timedelta(seconds=60))
    assert [policy.delay(a).total_seconds() for a in range(1, 6)] == [10, 20, 40, 60, 60]
    assert not policy.gives_up(7) and policy.gives_up(8)


async def test_the_inline_queue_runs_a_job_once_per_key() -> None:
    recorder = Recorder()
    queue = InlineJobQueue(registry_with(recorder))
    await queue.enqueue("greet", Greeting("Ada"), key="k1")
    await queue.enqueue("greet", Greeting("Ada again"), key="k1")
    await queue.enqueue("greet", Greeting("Bo"), key="k2")
    assert recorder.calls == [("Ada", 1), ("Bo", 1)]
    assert queue.dead_letters == []


async def test_a_failing_job_is_retried_with_growing_waits_then_dead_lettered() -> None:
    recorder = Recorder(failures=99)
    queue = InlineJobQueue(registry_with(recorder),
                           RetryPolicy(max_attempts=3, base=timedelta(seconds=1)))
    await queue.enqueue("greet", Greeting("Ada"), key="k")
    assert recorder.calls == [("Ada", 1), ("Ada", 2), ("Ada", 3)]
    assert queue.waits == [timedelta(seconds=1), timedelta(seconds=2)]
    (letter,) = queue.dead_letters
    assert (letter.job, letter.key, letter.attempts) == ("greet", "k", 3)
    assert "try 3 failed" in letter.error


async def test_a_job_that_recovers_leaves_no_dead_letter() -> None:
    recorder = Recorder(failures=1)
    queue = InlineJobQueue(registry_with(recorder))
    await queue.enqueue("greet", Greeting("Ada"), key="k")
    assert [attempt for _, attempt in recorder.calls] == [1, 2]
    assert queue.dead_letters == []


async def test_a_job_over_its_time_limit_fails() -> None:
    async def slow(args: Greeting, context: JobContext) -> None:
        await asyncio.sleep(5)

    queue = InlineJobQueue(JobRegistry([Job("slow", Greeting, slow,
                                            time_limit=timedelta(seconds=0.01))]),
                           RetryPolicy(max_attempts=1))
    await queue.enqueue("slow", Greeting("Ada"), key="k")
    assert [letter.error for letter in queue.dead_letters] == ["TimeoutError: "]


async def test_bad_input_is_refused_before_anything_runs() -> None:
    recorder = Recorder()
    queue = InlineJobQueue(registry_with(recorder))
    with pytest.raises(WrongJobPayload):
        await queue.enqueue("greet", Other(1), key="k")
    with pytest.raises(ValueError, match="job key"):
        await queue.enqueue("greet", Greeting("Ada"), key="")
    with pytest.raises(UnknownJob):
        await queue.enqueue("nope", Greeting("Ada"), key="k")
    assert recorder.calls == []


def test_the_ack_wait_must_exceed_the_time_limit(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="ACK_WAIT_SECONDS must exceed"):
        make_settings(tmp_path, jobs_time_limit_seconds=60, jobs_ack_wait_seconds=60)


def test_a_worker_refuses_a_job_whose_time_limit_reaches_the_ack_wait(tmp_path: Path) -> None:
    from adapters.db.jobs import PostgresJobStore
    from adapters.messaging.taskiq_jobs import JobExecutor, JobWorker, TaskiqJobQueue, build_broker

    settings = make_settings(tmp_path, nats_url="nats://127.0.0.1:1", jobs_time_limit_seconds=10,
                             jobs_ack_wait_seconds=20)
    recorder = Recorder()
    registry = registry_with(recorder, time_limit=timedelta(seconds=20))
    store = PostgresJobStore(None)  # type: ignore[arg-type]  # never reached
    executor = JobExecutor(registry, store, RetryPolicy(), timedelta(seconds=10))
    with pytest.raises(ValueError, match="ack_wait must exceed the longest job time limit"):
        JobWorker(queue=TaskiqJobQueue(build_broker(settings), registry), executor=executor,
                  store=store, dispatcher=None, concurrency=1, tick=timedelta(seconds=1),
                  ack_wait=timedelta(seconds=20))


async def test_job_run_times_and_failures_are_measured() -> None:
    from adapters.db.jobs import JobRun
    from adapters.messaging.taskiq_jobs import JobExecutor
    from adapters.observability.metrics import Metrics

    class Store:
        def __init__(self) -> None:
            self.retries: list[JobRun] = []

        async def schedule_retry(self, run: JobRun, *, due_at: object, error: str) -> None:
            self.retries.append(run)

    recorder = Recorder(failures=1)
    metrics = Metrics()
    store = Store()
    executor = JobExecutor(registry_with(recorder), store,  # type: ignore[arg-type]
                           RetryPolicy(), timedelta(seconds=10), metrics=metrics)
    run = JobRun(job="greet", key="k1", chain="c", attempt=1, payload={"name": "Ada"},
                 enqueued_at=datetime.now(UTC))
    await executor.execute(run)
    await executor.execute(store.retries[0])

    def sample(name: str, **labels: str) -> float | None:
        return metrics.registry.get_sample_value(name, labels)

    assert sample("job_failures_total", job="greet", then="retry") == 1
    assert sample("job_duration_seconds_count", job="greet", outcome="error") == 1
    assert sample("job_duration_seconds_count", job="greet", outcome="ok") == 1
