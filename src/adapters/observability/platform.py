"""The ``PlatformReadings`` port: backlog counts from PostgreSQL, worker heartbeats, the job
stream's depth from NATS, open sockets from this process's gauge."""

import asyncio
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.db.backlog import read_backlog
from adapters.db.jobs import PostgresJobStore
from adapters.messaging.nats_relay import NatsEventRelay
from adapters.observability.error_log import process_name
from adapters.observability.metrics import Metrics
from edu_core.domain.operations import Backlog, WorkerBeat

# The job stream's depth is a nicety: never hold the console up for it.
STREAM_INFO_WITHIN = 1.0  # seconds


class PlatformReadingsAdapter:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession],
                 store: PostgresJobStore, metrics: Metrics, *, relay: object | None = None,
                 jobs_stream: str | None = None) -> None:
        self._factory = session_factory
        self._store = store
        self._metrics = metrics
        # Events over NATS: its connection (which fails fast when the server is away) can
        # ask for the job stream's state; in process, nobody can.
        self._relay = relay if isinstance(relay, NatsEventRelay) else None
        self._jobs_stream = jobs_stream

    async def backlog(self, now: datetime) -> Backlog:
        async with self._factory() as session:
            return await read_backlog(session, now)

    async def workers(self) -> list[WorkerBeat]:
        return await self._store.workers()

    async def queued_jobs(self) -> int | None:
        if self._relay is None or not self._jobs_stream:
            return None
        try:
            return await asyncio.wait_for(self._relay.stream_messages(self._jobs_stream),
                                          STREAM_INFO_WITHIN)
        except Exception:  # unreachable, or no job has created the stream yet
            return None

    def open_sockets(self) -> int:
        return int(self._metrics.registry.get_sample_value("live_sockets") or 0)

    def process(self) -> str:
        return process_name()
