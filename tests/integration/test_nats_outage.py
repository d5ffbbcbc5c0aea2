"""A NATS server that goes away for half a minute while the platform keeps committing events:
nothing is lost, everything is delivered once it is back, nothing twice."""

import asyncio
import contextlib
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from adapters.db.engine import build_engine, build_session_factory
from adapters.messaging.embedded_nats import nats_server_binary
from edu_core.application.messagebus import HandlerRegistry
from edu_core.domain.identity import UserRegistered
from tests.contract.test_event_bus_contract import (
    Recorder,
    commit_users,
    delete_stream,
    drain_leftovers,
    last_outbox_id,
    nats_relay,
    outbox_rows,
)

OUTAGE = 30.0  # seconds


class NatsProcess:
    """A private nats-server with JetStream, stopped and started again on one port and one
    store, as an operator restarting it would."""

    def __init__(self, store: Path) -> None:
        self._store = store
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port: int = probe.getsockname()[1]
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def start(self) -> None:
        self._process = subprocess.Popen(
            [str(nats_server_binary()), "-js", "-a", "127.0.0.1", "-p", str(self.port),
             "-sd", str(self._store)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), \
                    socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return
            time.sleep(0.05)
        raise RuntimeError("nats-server did not start")

    def kill(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait(timeout=10)
            self._process = None


@pytest.fixture
def nats_process(tmp_path: Path) -> Iterator[NatsProcess]:
    server = NatsProcess(tmp_path / "nats")
    server.start()
    yield server
    server.kill()


def received_by(recorder: Recorder, users: set[UUID]) -> list[UUID]:
    return sorted(e.user_id for e in recorder.received
                  if isinstance(e, UserRegistered) and e.user_id in users)


async def test_events_committed_while_nats_is_down_for_30_s_are_delivered_once_it_is_back(
        database_url: str, nats_process: NatsProcess) -> None:
    engine = build_engine(database_url, pool_size=5)
    sessions = build_session_factory(engine)
    await drain_leftovers(sessions)
    registry, recorder, name = HandlerRegistry(), Recorder(), uuid4().hex[:12]
    registry.add(recorder)
    relay = nats_relay(sessions, registry, nats_process.url, name=name, connect_timeout=1)
    start = await last_outbox_id(sessions)
    try:
        before = await commit_users(sessions, 2)
        while await relay.drain():
            pass
        assert received_by(recorder, set(before)) == sorted(before)

        # Killed, not stopped: the relay's open connection breaks under it.
        nats_process.kill()
        during: list[UUID] = []
        deadline = time.monotonic() + OUTAGE
        while time.monotonic() < deadline:
            during += await commit_users(sessions, 1)
            await relay.drain()  # keeps working: the events wait in the outbox
            await asyncio.sleep(1)
        assert len(during) >= 10
        assert received_by(recorder, set(during)) == []
        waiting = [relayed for _, relayed in await outbox_rows(sessions, start)][-2:]
        assert waiting == [None, None]

        nats_process.start()
        everyone = set(before) | set(during)
        deadline = time.monotonic() + 30
        while len(received_by(recorder, everyone)) < len(everyone) \
                and time.monotonic() < deadline:
            await relay.drain()
            await asyncio.sleep(0.1)
        for _ in range(5):  # anything that would arrive a second time has its chance to
            await relay.drain()
        assert received_by(recorder, everyone) == sorted(everyone)  # each exactly once
        assert all(relayed is not None for _, relayed in await outbox_rows(sessions, start))
    finally:
        await relay.stop()
        with contextlib.suppress(Exception):
            await delete_stream(nats_process.url, name)
        await engine.dispose()
