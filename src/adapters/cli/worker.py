"""``edu worker``: runs background jobs (taskiq on NATS JetStream) and the event handlers."""

import asyncio
import signal
from datetime import timedelta
from typing import Annotated

import typer

from adapters.bootstrap import prepare_database, release_nats, resolve_nats_url
from adapters.cli.runtime import database_errors
from adapters.container import Container, build_container, shutdown
from adapters.settings import Settings

HELP = (
    "Run background jobs and event handlers until stopped (Ctrl+C or SIGTERM).\n\n"
    "Jobs come from the NATS JetStream stream EDU_JOBS_STREAM on EDU_NATS_URL (else the embedded "
    "server shared with `edu serve`). A failed job is "
    "tried again with exponential back-off and, after EDU_JOBS_MAX_ATTEMPTS tries, kept as a "
    "dead letter (see `edu jobs failed` and `edu jobs retry ID`).\n\n"
    "The worker also raises due schedules, delivers events to their handlers and writes a "
    "heartbeat that /health/ready reports as \"worker\". Start as many workers as the load "
    "needs: they share the stream and the outbox.")


def worker(concurrency: Annotated[int | None, typer.Option(
               min=1, help="jobs run at once by this process (default: EDU_JOBS_CONCURRENCY)")]
           = None,
           events: Annotated[bool, typer.Option(
               help="also deliver events to their handlers")] = True) -> None:
    from adapters.observability.logging import configure_logging

    settings = Settings()
    configure_logging(settings.log_level, json=settings.log_json)
    with database_errors():
        url = prepare_database(settings)
    # EDU_NATS_URL, else the embedded server shared with `edu serve` (started if need be).
    nats_url = resolve_nats_url(settings)
    container = build_container(settings, url, nats_url)
    try:
        asyncio.run(run_worker(container, concurrency=concurrency, events=events))
    finally:
        release_nats(settings)


async def run_worker(container: Container, *, concurrency: int | None = None,
                     events: bool = True, stop: asyncio.Event | None = None) -> None:
    """Run one worker on ``container`` until ``stop`` is set or the process is signalled."""
    from adapters.messaging.taskiq_jobs import JobExecutor, JobWorker, retry_policy

    settings = container.settings()
    if stop is None:
        # The process's own loop: Ctrl+C and SIGTERM end it gracefully (running jobs finish).
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
    executor = JobExecutor(container.job_registry(), container.job_store(),
                           retry_policy(settings),
                           timedelta(seconds=settings.jobs_time_limit_seconds),
                           metrics=container.metrics())
    if settings.worker_metrics_port:
        from prometheus_client import start_http_server

        # Loopback only: the API's /metrics has a token, this listener has none.
        start_http_server(settings.worker_metrics_port, addr="127.0.0.1",
                          registry=container.metrics().registry)
    job_worker = JobWorker(
        queue=container.job_queue(), executor=executor, store=container.job_store(),
        dispatcher=container.dispatcher() if events else None,
        concurrency=concurrency or settings.jobs_concurrency,
        tick=timedelta(seconds=settings.worker_heartbeat_seconds),
        ack_wait=timedelta(seconds=settings.jobs_ack_wait_seconds))
    if events:
        await container.at_risk_notices().ensure_scheduled()
    typer.echo(f"edu worker {job_worker.worker_id} on {settings.nats_url} "
               f"(stream {settings.jobs_stream})")
    # Errors of this process join the API's in the operations console's error log.
    errors = asyncio.create_task(container.error_recorder().run(stop))
    try:
        await job_worker.run(stop)
    finally:
        stop.set()
        await errors
        await shutdown(container)
