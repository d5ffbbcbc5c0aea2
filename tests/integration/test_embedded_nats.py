"""The embedded NATS server: JetStream works, and it stops with its last live user, whatever
happened to earlier users."""

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import nats
import psutil
import pytest
from nats.js.api import StorageType, StreamConfig

from adapters.bootstrap import release_nats, resolve_nats_url
from adapters.messaging.embedded_nats import (
    EmbeddedNats,
    release_embedded_nats,
    running_server,
    start_embedded_nats,
)
from tests.conftest import make_settings

ROOT = Path(__file__).resolve().parents[2]

# A stand-in for `edu serve`: attaches to the server through the same entry point, prints its
# URL, then holds it until a line arrives on stdin and exits cleanly.
USER = """
import sys
from pathlib import Path
from adapters.messaging.embedded_nats import start_embedded_nats
print(start_embedded_nats(Path(sys.argv[1])).url, flush=True)
sys.stdin.readline()
"""


def start_user(store_dir: Path) -> tuple[subprocess.Popen[str], str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    user = subprocess.Popen([sys.executable, "-c", USER, str(store_dir)], env=env, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert user.stdout is not None
    return user, user.stdout.readline().strip()


def exit_cleanly(user: subprocess.Popen[str]) -> None:
    user.communicate("\n", timeout=60)
    assert user.returncode == 0


def running(pid: int) -> bool:
    # A stopped server may stay a zombie when the container's init does not reap orphans.
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.fixture
def store_dir(tmp_path: Path) -> Iterator[Path]:
    store_dir = tmp_path / "nats"
    yield store_dir
    server = running_server(store_dir)
    if server is not None:  # never leave a server behind, even when a test failed
        psutil.Process(server.pid).kill()


async def publish_and_consume(url: str, payload: bytes) -> list[bytes]:
    nc = await nats.connect(url)
    try:
        js = nc.jetstream()
        await js.add_stream(StreamConfig(name="T", subjects=["t.>"], storage=StorageType.FILE))
        await js.publish("t.one", payload)
        sub = await js.pull_subscribe("t.>", durable="reader", stream="T")
        messages = await sub.fetch(10, timeout=2)
        for message in messages:
            await message.ack()
        return [m.data for m in messages]
    finally:
        await nc.close()


def test_it_starts_runs_jetstream_and_stops_with_its_last_user(store_dir: Path) -> None:
    user, url = start_user(store_dir)
    server = running_server(store_dir)
    assert server is not None and url == server.url

    assert asyncio.run(publish_and_consume(url, b"hello")) == [b"hello"]

    exit_cleanly(user)
    assert running_server(store_dir) is None
    assert not running(server.pid)


def test_jetstream_files_outlive_the_server(store_dir: Path) -> None:
    user, url = start_user(store_dir)
    asyncio.run(publish_and_consume(url, b"kept"))
    exit_cleanly(user)

    user, url = start_user(store_dir)

    async def stored() -> int:
        nc = await nats.connect(url)
        try:
            return (await nc.jetstream().stream_info("T")).state.messages
        finally:
            await nc.close()

    assert asyncio.run(stored()) == 1
    exit_cleanly(user)


def test_a_killed_user_does_not_keep_the_server_alive_after_a_later_clean_exit(
        store_dir: Path) -> None:
    crashed, url = start_user(store_dir)
    server = running_server(store_dir)
    assert server is not None
    crashed.kill()  # SIGKILL: no atexit handler runs, its pid stays registered
    crashed.wait()
    assert running_server(store_dir) == server

    user, again = start_user(store_dir)
    assert again == url  # the orphaned server is taken over, not doubled
    assert asyncio.run(publish_and_consume(again, b"after a crash")) == [b"after a crash"]
    exit_cleanly(user)

    assert running_server(store_dir) is None
    assert not running(server.pid)


def test_a_killed_server_is_replaced_not_trusted(store_dir: Path) -> None:
    crashed, _ = start_user(store_dir)
    server = running_server(store_dir)
    assert server is not None
    crashed.kill()
    crashed.wait()
    psutil.Process(server.pid).kill()  # the whole run died: a stale pid and port remain
    while running(server.pid):
        pass

    user, url = start_user(store_dir)
    fresh = running_server(store_dir)
    assert fresh is not None and fresh.pid != server.pid and url == fresh.url
    assert asyncio.run(publish_and_consume(url, b"fresh")) == [b"fresh"]
    exit_cleanly(user)
    assert running_server(store_dir) is None


def test_a_recorded_pid_now_used_by_another_program_is_not_taken_for_the_server(
        store_dir: Path) -> None:
    store_dir.mkdir(parents=True)
    # This test's own pid: alive, but no nats-server.
    (store_dir / "server.json").write_text(
        json.dumps({"pid": os.getpid(), "port": 1, "users": [os.getpid()]}))
    assert running_server(store_dir) is None

    server = start_embedded_nats(store_dir)
    try:
        assert server != EmbeddedNats(os.getpid(), 1)
        assert running(server.pid)
    finally:
        assert release_embedded_nats(store_dir, os.getpid())
    assert not running(server.pid)


def test_the_settings_pick_the_configured_server_or_the_embedded_one(tmp_path: Path) -> None:
    configured = make_settings(tmp_path / "var", nats_url="nats://nats.internal:4222")
    assert resolve_nats_url(configured) == "nats://nats.internal:4222"
    release_nats(configured)  # nothing to release

    embedded = make_settings(tmp_path / "var")
    url = resolve_nats_url(embedded)
    server = running_server(tmp_path / "var" / "nats")
    assert server is not None and url == server.url
    release_nats(embedded)
    assert not running(server.pid)
