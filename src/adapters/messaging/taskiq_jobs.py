"""Background jobs on taskiq over NATS JetStream (ADR 19).

Every job travels as one taskiq task, ``edu.job``, whose arguments name the job, its key, the
try number and the payload: a worker that does not (yet) know a job treats it as a failure to
retry instead of dropping the message, which taskiq does with an unknown task name.

- *Delivery*: a pull consumer on a work-queue stream; the worker acknowledges after the task
  returned, so a worker killed mid-job has it delivered again after ``ack_wait``. ``ack_wait``
  exceeds every job's time limit, otherwise a slow job would run twice at once.
- *Dedupe*: each message carries ``Nats-Msg-Id`` = key|chain|attempt, so an enqueue repeated
  within JetStream's duplicate window (two minutes) is dropped.
- *Retry*: taskiq's retry middleware re-sends at once without a schedule source. A failed try
  is instead written to ``job_retries`` with its due time (exponential back-off); the worker
  kicks due rows back to the stream. After the last try the job lands in ``job_dead_letters``.
- *Bookkeeping* that cannot reach PostgreSQL is retried until it can, with the message still
  unacknowledged: were the worker to die meanwhile, the job is delivered again.
"""

import asyncio
import contextlib
import logging
import os
import socket
import time
import uuid
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
from nats.errors import Error as NatsError
from nats.js.api import AckPolicy, ConsumerConfig, RetentionPolicy, StorageType, StreamConfig
from sqlalchemy.exc import DBAPIError
from taskiq.kicker import AsyncKicker
from taskiq.receiver import Receiver
from taskiq_nats import PullBasedJetStreamBroker

from adapters.db.jobs import JobRun, PostgresJobStore
from adapters.messaging.outbox_dispatcher import OutboxDispatcher
from adapters.observability.metrics import Metrics
from adapters.settings import Settings
from edu_core.domain.operations import FailedJob, JobsUnavailable
from edu_core.ports.jobs import JobContext, JobRegistry, RetryPolicy, check_key

log = logging.getLogger(__name__)

TASK_NAME = "edu.job"
REQUEUE_WITHIN = 5.0  # seconds
FIRST_CHAIN = "0"


def build_broker(settings: Settings) -> PullBasedJetStreamBroker:
    if not settings.nats_url:
        raise ValueError("background jobs need EDU_NATS_URL")
    return PullBasedJetStreamBroker(
        servers=settings.nats_url, subject=settings.jobs_subject,
        stream_name=settings.jobs_stream, durable=settings.jobs_consumer,
        stream_config=StreamConfig(name=settings.jobs_stream, subjects=[settings.jobs_subject],
                                   retention=RetentionPolicy.WORK_QUEUE,
                                   storage=StorageType.FILE),
        consumer_config=ConsumerConfig(durable_name=settings.jobs_consumer,
                                       ack_policy=AckPolicy.EXPLICIT,
                                       ack_wait=settings.jobs_ack_wait_seconds,
                                       max_deliver=-1),
        pull_consume_timeout=1.0)


def retry_policy(settings: Settings) -> RetryPolicy:
    return RetryPolicy(max_attempts=settings.jobs_max_attempts,
                       base=timedelta(seconds=settings.jobs_retry_base_seconds),
                       cap=timedelta(seconds=settings.jobs_retry_max_seconds))


async def kick(broker: PullBasedJetStreamBroker, run: JobRun) -> None:
    kicker: AsyncKicker[..., Coroutine[Any, Any, None]] = AsyncKicker(TASK_NAME, broker, {})
    await kicker.with_labels(**{"Nats-Msg-Id": run.message_id}).kiq(
        job=run.job, key=run.key, chain=run.chain, attempt=run.attempt, payload=run.payload,
        enqueued_at=run.enqueued_at.isoformat())


class TaskiqJobQueue:
    """The ``JobQueue`` port: publishes to the stream; connects on first use."""

    def __init__(self, broker: PullBasedJetStreamBroker, registry: JobRegistry) -> None:
        self.broker = broker
        self._registry = registry
        self._started = False
        self._lock = asyncio.Lock()

    async def start(self) -> None:
        async with self._lock:
            if not self._started:
                await self.broker.startup()
                self._started = True

    async def close(self) -> None:
        async with self._lock:
            if self._started:
                await self.broker.shutdown()
                self._started = False

    async def enqueue(self, job_name: str, payload: object, *, key: str) -> None:
        self._registry.checked(job_name, payload)
        await self.kick(JobRun(job_name, check_key(key), FIRST_CHAIN, 1,
                               msgspec.to_builtins(payload), datetime.now(UTC)))

    async def kick(self, run: JobRun) -> None:
        await self.start()
        await kick(self.broker, run)

    async def requeue(self, failed: FailedJob, at: datetime) -> None:
        """The ``JobRequeue`` port: a first try of a new chain named after the dead letter,
        so JetStream's dedupe does not take it for the tries that failed."""
        try:
            # Bounded: the client keeps reconnecting to a server that is away.
            await asyncio.wait_for(self.kick(JobRun(failed.job, failed.key, f"dl{failed.id}", 1,
                                                    failed.payload, at)), REQUEUE_WITHIN)
        except (NatsError, OSError, TimeoutError) as exc:
            raise JobsUnavailable() from exc


async def patiently(action: Callable[[], Awaitable[None]], what: str) -> None:
    """Retry ``action`` while PostgreSQL is unreachable (the message stays unacknowledged)."""
    wait = 1.0
    while True:
        try:
            await action()
            return
        except (OSError, DBAPIError) as exc:
            log.warning("job bookkeeping failed, trying again",
                        extra={"what": what, "error": repr(exc), "wait_seconds": wait})
            await asyncio.sleep(wait)
            wait = min(wait * 2, 30.0)


class JobExecutor:
    """Runs one try of a job under its time limit; a failure becomes a retry or a dead
    letter."""

    def __init__(self, registry: JobRegistry, store: PostgresJobStore, policy: RetryPolicy,
                 default_time_limit: timedelta, metrics: Metrics | None = None) -> None:
        self._metrics = metrics
        self._registry = registry
        self._store = store
        self._policy = policy
        self._default_limit = default_time_limit

    def longest_time_limit(self) -> timedelta:
        return max([self._default_limit,
                    *(j.time_limit for j in self._registry.jobs() if j.time_limit)])

    async def execute(self, run: JobRun) -> None:
        started = time.perf_counter()
        succeeded = await self._execute(run)
        if self._metrics is not None:
            self._metrics.job_duration.labels(run.job, "ok" if succeeded else "error").observe(
                time.perf_counter() - started)

    async def _execute(self, run: JobRun) -> bool:
        try:
            job = self._registry.get(run.job)
            args = msgspec.convert(run.payload, job.args)
            limit = job.time_limit or self._default_limit
            try:
                async with asyncio.timeout(limit.total_seconds()):
                    await job.run(args, JobContext(run.key, run.attempt))
            except TimeoutError:
                raise TimeoutError(
                    f"time limit of {limit.total_seconds():g} s exceeded") from None
        except Exception as exc:  # whatever a job raises, it is retried
            await self._failed(run, exc)
            return False
        log.info("job done", extra={"job": run.job, "key": run.key, "attempt": run.attempt})
        return True

    async def _failed(self, run: JobRun, exc: Exception) -> None:
        error = f"{type(exc).__name__}: {exc}"
        now = datetime.now(UTC)
        last = self._policy.gives_up(run.attempt)
        if self._metrics is not None:
            self._metrics.job_failures.labels(run.job, "dead_letter" if last else "retry").inc()
        log.warning("job failed", extra={"job": run.job, "key": run.key,
                                         "attempt": run.attempt, "dead_letter": last,
                                         "error": error})
        if last:
            await patiently(lambda: self._store.bury(run, error=error, failed_at=now),
                            "dead letter")
            return
        due_at = now + self._policy.delay(run.attempt)
        await patiently(lambda: self._store.schedule_retry(
            replace(run, attempt=run.attempt + 1), due_at=due_at, error=error), "retry")


class JobWorker:
    """One ``edu worker`` process: the taskiq receiver, the kicker of due retries, the
    heartbeat and (unless disabled) the event dispatcher, until ``stop`` is set."""

    def __init__(self, *, queue: TaskiqJobQueue, executor: JobExecutor,
                 store: PostgresJobStore, dispatcher: OutboxDispatcher | None,
                 concurrency: int, tick: timedelta, ack_wait: timedelta) -> None:
        if executor.longest_time_limit() >= ack_wait:
            raise ValueError("the consumer's ack_wait must exceed the longest job time limit")
        self._queue = queue
        self._executor = executor
        self._store = store
        self._dispatcher = dispatcher
        self._concurrency = concurrency
        self._tick = tick
        self.worker_id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._started_at = datetime.now(UTC)
        executor_ref = executor

        async def run_job(job: str, key: str, chain: str, attempt: int,
                          payload: dict[str, Any], enqueued_at: str) -> None:
            await executor_ref.execute(JobRun(job, key, chain, attempt, payload,
                                              datetime.fromisoformat(enqueued_at)))

        queue.broker.register_task(run_job, task_name=TASK_NAME)
        queue.broker.is_worker_process = True

    async def run(self, stop: asyncio.Event) -> None:
        # Started through the queue rather than by the receiver: the retry kicker and jobs that
        # enqueue jobs publish through the same connection.
        await self._queue.start()
        receiver = Receiver(self._queue.broker, max_async_tasks=self._concurrency,
                            run_startup=False, wait_tasks_timeout=None)
        finish = asyncio.Event()
        listening = asyncio.create_task(receiver.listen(finish), name="taskiq-receiver")
        chores = asyncio.create_task(self._chores(stop), name="worker-chores")
        if self._dispatcher is not None:
            await self._dispatcher.start()
            self._dispatcher.notify()
        log.info("worker started", extra={"worker_id": self.worker_id})
        try:
            stopped = asyncio.create_task(stop.wait())
            done, _ = await asyncio.wait({listening, stopped},
                                         return_when=asyncio.FIRST_COMPLETED)
            stopped.cancel()
            if listening in done:
                listening.result()  # re-raises what ended the receiver
        finally:
            finish.set()
            # Running jobs finish before the process ends; new ones stay in the stream.
            with contextlib.suppress(Exception):
                await listening
            chores.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await chores
            if self._dispatcher is not None:
                await self._dispatcher.stop()
            with contextlib.suppress(Exception):
                await self._queue.close()
            with contextlib.suppress(Exception):
                await self._store.forget_worker(self.worker_id)
            log.info("worker stopped", extra={"worker_id": self.worker_id})

    async def _chores(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                now = datetime.now(UTC)
                await self._store.beat(self.worker_id, hostname=socket.gethostname(),
                                       pid=os.getpid(), started_at=self._started_at, now=now)
                # Rows of workers that were killed (a clean stop removes its own).
                await self._store.prune_heartbeats(now - timedelta(days=1))
                while await self._store.kick_due_retries(now, self._queue.kick) > 0:
                    pass
            except asyncio.CancelledError:
                raise
            except Exception:
                # PostgreSQL or NATS away for a moment: the next tick tries again.
                log.exception("worker chores failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self._tick.total_seconds())
