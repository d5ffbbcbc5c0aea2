"""Background jobs on the machine's NATS JetStream and the test PostgreSQL: a queued job runs in
a worker, a failing one is retried with back-off and kept as a dead letter after its last try,
``edu jobs retry`` runs it again, and a worker killed mid-job has it run again with one effect.

Each test has a stream, subject and consumer of its own; short time limits and ``ack_wait``
keep the wall time small.
"""

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import nats
import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from adapters.cli.main import app as cli
from adapters.cli.worker import run_worker
from adapters.container import Container, build_container
from adapters.settings import Settings
from tests.conftest import make_settings
from tests.support.background_jobs import Note, SampleJobs
from tests.support.nats import nats_server_url

# EDU_TEST_NATS_URL, else the embedded server (started here when the module is collected).
NATS_URL = nats_server_url()
ROOT = Path(__file__).resolve().parents[2]
# A worker process imports the whole platform first: seconds on a busy machine.
STARTUP = 90.0
JOB_SETTINGS: dict[str, Any] = {
    "nats_url": NATS_URL, "jobs_time_limit_seconds": 2.0, "jobs_ack_wait_seconds": 3.0,
    "jobs_max_attempts": 3, "jobs_retry_base_seconds": 0.4, "worker_heartbeat_seconds": 0.2,
}


async def _nats_reachable() -> bool:
    try:
        client = await nats.connect(NATS_URL, connect_timeout=2, max_reconnect_attempts=0)
    except Exception:
        return False
    await client.close()
    return True


@pytest.fixture
async def job_settings(tmp_path: Path) -> AsyncIterator[Settings]:
    assert await _nats_reachable(), f"NATS with JetStream must answer at {NATS_URL}"
    name = f"edu_test_{uuid.uuid4().hex[:10]}"
    settings = make_settings(tmp_path / "var", jobs_stream=name, jobs_subject=f"{name}.jobs",
                             jobs_consumer=name, **JOB_SETTINGS)
    yield settings
    client = await nats.connect(NATS_URL)
    with contextlib.suppress(Exception):  # a test that failed before the stream existed
        await client.jetstream().delete_stream(name)
    await client.close()


@pytest.fixture
async def jobs_container(job_settings: Settings, database_url: str
                         ) -> AsyncIterator[tuple[Container, SampleJobs]]:
    container = build_container(job_settings, database_url)
    jobs = SampleJobs(container.engine())
    for job in jobs.jobs():
        container.job_registry().add(job)
    await jobs.create_schema()
    yield container, jobs
    await container.job_queue().close()
    await container.engine().dispose()


async def eventually(check: Callable[[], Awaitable[bool]], within: float = 15.0) -> None:
    deadline = time.monotonic() + within
    while not await check():
        assert time.monotonic() < deadline, "condition not reached in time"
        await asyncio.sleep(0.05)


async def rows(container: Container, sql: str, **params: Any) -> list[Any]:
    async with container.engine().connect() as conn:
        return list((await conn.execute(text(sql), params)).all())


async def runs_of(container: Container, key: str) -> list[Any]:
    return await rows(container, "select attempt, at from test_job_runs where key = :k "
                                 "order by at", k=key)


async def effects_of(container: Container, key: str) -> list[Any]:
    return await rows(container, "select note from test_job_effects where key = :k", k=key)


class InProcessWorker:
    def __init__(self, settings: Settings, database_url: str, jobs: SampleJobs, *,
                 events: bool = False) -> None:
        self.events = events
        # A container of its own, as a separate process would have (it is shut down at the end).
        self.container = build_container(settings, database_url)
        for job in SampleJobs(self.container.engine(), healed=jobs.healed).jobs():
            self.container.job_registry().add(job)
        self.stop = asyncio.Event()
        self.task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> "InProcessWorker":
        self.task = asyncio.create_task(run_worker(self.container, events=self.events,
                                                   stop=self.stop))
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.stop.set()
        assert self.task is not None
        await asyncio.wait_for(self.task, 10)


async def test_a_queued_job_runs_once_in_a_worker_which_readiness_reports(
        jobs_container: tuple[Container, SampleJobs], job_settings: Settings,
        database_url: str) -> None:
    container, jobs = jobs_container
    health = container.health()
    before = {c.name: c for c in (await health.readiness()).checks}
    assert before["worker"].ok is False

    key = f"record-{uuid.uuid4()}"
    # Queued before any worker runs: JetStream keeps it. The same key again is dropped.
    await container.job_queue().enqueue("test.record", Note("hello"), key=key)
    await container.job_queue().enqueue("test.record", Note("hello again"), key=key)
    schedule = await _due_schedule(container)
    async with InProcessWorker(job_settings, database_url, jobs, events=True):
        await eventually(lambda: _has(effects_of(container, key)))
        await eventually(lambda: _worker_ready(container))
        # The worker also runs the event pipeline: a due schedule is raised and fanned out.
        await eventually(lambda: _has(rows(
            container, "select 1 from outbox o join scheduled_events s using (event_id) "
                       "where s.key = :k and s.status = 'fired' and o.dispatched_at is not null",
            k=schedule)))
        await asyncio.sleep(0.5)  # room for a second run, were there one
    assert [r.note for r in await effects_of(container, key)] == ["hello"]
    assert [r.attempt for r in await runs_of(container, key)] == [1]
    # A worker that stopped removes its heartbeat.
    assert (await rows(container, "select count(*) from worker_heartbeats"))[0][0] == 0


async def _due_schedule(container: Container) -> str:
    key = f"tick-{uuid.uuid4()}"
    async with container.engine().begin() as conn:
        await conn.execute(text(
            "insert into scheduled_events (key, event_id, name, payload, due_at, stale_at, "
            "status, updated_at) values (:k, :id, 'test.tick', '{}'::jsonb, now(), "
            "now() + interval '1 hour', 'pending', now())"), {"k": key, "id": uuid.uuid4()})
    return key


async def test_the_api_leaves_event_handlers_to_the_workers_when_told(
        tmp_path: Path, database_url: str) -> None:
    from adapters.http.app import create_app
    from tests.conftest import serving

    for in_api in (True, False):
        settings = make_settings(tmp_path / f"var-{in_api}", run_event_handlers_in_api=in_api)
        container = build_container(settings, database_url)
        async with serving(create_app(settings, container=container)):
            assert container.dispatcher().running is in_api
            checks = {c.name for c in (await container.health().readiness()).checks}
        # Handlers moved out of the API: readiness needs a live worker.
        assert ("worker" in checks) is (not in_api)


async def _has(query: Awaitable[list[Any]]) -> bool:
    return bool(await query)


async def _worker_ready(container: Container) -> bool:
    checks = {c.name: c for c in (await container.health().readiness()).checks}
    return checks["worker"].ok


async def test_a_failing_job_is_retried_with_back_off_then_kept_as_a_dead_letter_and_retried(
        jobs_container: tuple[Container, SampleJobs], job_settings: Settings,
        database_url: str) -> None:
    container, jobs = jobs_container
    key = f"flaky-{uuid.uuid4()}"
    async with InProcessWorker(job_settings, database_url, jobs):
        await container.job_queue().enqueue("test.flaky", Note("the report"), key=key)
        await eventually(lambda: _has(rows(
            container, "select id from job_dead_letters where key = :k", k=key)))

        runs = await runs_of(container, key)
        assert [r.attempt for r in runs] == [1, 2, 3]
        first_wait = (runs[1].at - runs[0].at).total_seconds()
        second_wait = (runs[2].at - runs[1].at).total_seconds()
        assert first_wait >= 0.4 and second_wait >= 0.8, (first_wait, second_wait)
        (letter,) = await rows(container, "select * from job_dead_letters where key = :k",
                               k=key)
        assert letter.job == "test.flaky" and letter.attempts == 3
        assert letter.payload == {"text": "the report", "linger": 0.0}
        assert "RuntimeError: the report is not possible yet" in letter.error
        assert letter.retried_at is None and letter.failed_at >= letter.enqueued_at
        assert await rows(container, "select * from job_retries where key = :k", k=key) == []

        env = _cli_env(job_settings, database_url)
        listed = await asyncio.to_thread(CliRunner().invoke, cli, ["jobs", "failed"], env=env)
        assert listed.exit_code == 0, listed.output
        assert f"{letter.id:>6}" in listed.output and "test.flaky" in listed.output

        jobs.healed.add(key)
        retried = await asyncio.to_thread(CliRunner().invoke, cli,
                                          ["jobs", "retry", str(letter.id)], env=env)
        assert retried.exit_code == 0, retried.output
        await eventually(lambda: _has(effects_of(container, key)))
        assert [r.attempt for r in await runs_of(container, key)] == [1, 2, 3, 1]

    (after,) = await rows(container, "select retried_at from job_dead_letters where key = :k",
                          k=key)
    assert after.retried_at is not None
    again = await asyncio.to_thread(CliRunner().invoke, cli, ["jobs", "retry", str(letter.id)],
                                    env=env)
    assert again.exit_code == 1
    assert f"dead letter {letter.id} was already retried" in again.output
    missing = await asyncio.to_thread(CliRunner().invoke, cli, ["jobs", "retry", "999999999"],
                                      env=env)
    assert missing.exit_code == 1 and "no dead letter 999999999" in missing.output


async def test_a_job_over_its_time_limit_fails_and_is_retried(
        jobs_container: tuple[Container, SampleJobs], job_settings: Settings,
        database_url: str) -> None:
    container, jobs = jobs_container
    key = f"slow-{uuid.uuid4()}"
    seen: list[Any] = []

    async def retry_waiting() -> bool:
        seen.extend(await rows(container, "select attempt, last_error from job_retries "
                                          "where key = :k", k=key))
        return bool(seen)

    async with InProcessWorker(job_settings, database_url, jobs):
        await container.job_queue().enqueue("test.slow", Note("late", linger=5), key=key)
        await eventually(retry_waiting)
    assert seen[0].attempt == 2
    assert seen[0].last_error == "TimeoutError: time limit of 0.5 s exceeded"


def _cli_env(settings: Settings, database_url: str) -> dict[str, str]:
    return {"EDU_ENV": "test", "EDU_DATABASE_URL": database_url,
            "EDU_VAR_DIR": str(settings.var_dir), "EDU_NATS_URL": NATS_URL,
            "EDU_JOBS_STREAM": settings.jobs_stream, "EDU_JOBS_SUBJECT": settings.jobs_subject,
            "EDU_JOBS_CONSUMER": settings.jobs_consumer, "EDU_LOG_LEVEL": "WARNING",
            **{f"EDU_{k.upper()}": str(v) for k, v in JOB_SETTINGS.items()}}


def _start_worker_process(settings: Settings, database_url: str) -> subprocess.Popen[bytes]:
    log = (settings.var_dir.parent / f"worker-{uuid.uuid4().hex[:6]}.log").open("wb")
    return subprocess.Popen([sys.executable, "-m", "tests.support.background_jobs"],
                            cwd=ROOT, env={**os.environ, **_cli_env(settings, database_url)},
                            stdout=log, stderr=subprocess.STDOUT)


async def test_a_job_whose_worker_was_killed_runs_again_with_one_effect(
        jobs_container: tuple[Container, SampleJobs], job_settings: Settings,
        database_url: str) -> None:
    container, _ = jobs_container
    key = f"killed-{uuid.uuid4()}"
    first = _start_worker_process(job_settings, database_url)
    second: subprocess.Popen[bytes] | None = None
    try:
        await eventually(lambda: _beating(container, first), within=STARTUP)
        # Its effect is written at once; it lingers before returning (and being acknowledged),
        # within the job time limit (2 s) and the ack wait (3 s).
        await container.job_queue().enqueue("test.record", Note("once", linger=1.5), key=key)
        await eventually(lambda: _has(runs_of(container, key)))
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        second = _start_worker_process(job_settings, database_url)
        await eventually(lambda: _ran_twice(container, key), within=STARTUP)
        # Delivered again only once ack_wait (3 s) had passed since the first delivery (the
        # runs' times are taken inside the job, a moment after each delivery).
        runs = await runs_of(container, key)
        assert (runs[1].at - runs[0].at).total_seconds() >= 2.75
        await asyncio.sleep(2.0)  # the second run lingers, then is acknowledged
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
    assert [r.attempt for r in await runs_of(container, key)] == [1, 1]
    assert [r.note for r in await effects_of(container, key)] == ["once"]


async def _beating(container: Container, process: subprocess.Popen[bytes]) -> bool:
    assert process.poll() is None, "the worker process ended"
    return bool(await rows(container, "select 1 from worker_heartbeats where pid = :pid",
                           pid=process.pid))


async def _ran_twice(container: Container, key: str) -> bool:
    return len(await runs_of(container, key)) >= 2
