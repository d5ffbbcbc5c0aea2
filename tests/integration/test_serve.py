"""``edu serve`` as a process manager runs it: on each supported server it answers HTTP and
the live socket, logs each request once, and SIGTERM ends it through a normal exit that stops
the embedded NATS it started."""

import asyncio
import gc
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest
import websockets
from litestar import Litestar

from adapters.cli.serve import Server, default_workers
from adapters.http import asgi
from adapters.settings import Settings
from tests.support.live_server import free_port

ROOT = Path(__file__).resolve().parents[2]


def running(pid: int) -> bool:
    # A stopped server may stay a zombie when the container's init does not reap orphans.
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


async def close_code_after_a_bad_token(port: int) -> int | None:
    async with websockets.connect(f"ws://127.0.0.1:{port}/ws") as socket:
        await socket.send(json.dumps({"type": "auth", "token": "not-a-token"}))
        with pytest.raises(websockets.ConnectionClosed):
            await asyncio.wait_for(socket.recv(), 10)
        return socket.close_code


@pytest.mark.parametrize("server", list(Server), ids=str)
def test_edu_serve_answers_http_and_the_live_socket_and_stops_cleanly_on_sigterm(
        server: Server, tmp_path: Path, database_url: str) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "EDU_NATS_URL"}
    env.update({"EDU_VAR_DIR": str(tmp_path), "EDU_DATABASE_URL": database_url,
                "EDU_PORT": str(port), "EDU_LOG_LEVEL": "INFO", "EDU_LOG_JSON": "true",
                "PYTHONPATH": str(ROOT / "src")})
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        serve = subprocess.Popen(
            [sys.executable, "-m", "adapters.cli.main", "serve", "--server", server.value],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        # A bound, not a measurement: start-up takes a minute on a busy shared machine.
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health/ready", timeout=1).is_success:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        live = httpx.get(f"http://127.0.0.1:{port}/health/live", timeout=10)
        assert live.status_code == 200 and live.headers["x-request-id"]
        assert asyncio.run(close_code_after_a_bad_token(port)) == 4401

        state = json.loads((tmp_path / "nats" / "server.json").read_text())
        assert running(state["pid"])
        serve.terminate()
        assert serve.wait(60) == 0  # ended by its own exit, not killed by the signal
        for _ in range(100):
            if not running(state["pid"]):
                break
            time.sleep(0.1)
        assert not running(state["pid"])

        # One line per request: the platform's, not a second one from the server.
        [line] = [line for line in log.read_text().splitlines() if "/health/live" in line]
        logged = json.loads(line)
        assert logged["logger"] == "edu.access" and logged["status"] == 200
        assert logged["request_id"] == live.headers["x-request-id"]
    finally:
        if serve.poll() is None:
            serve.kill()


def test_one_process_per_core_in_production_and_one_elsewhere() -> None:
    production = Settings(_env_file=None, env="production", secret_key="k" * 32)  # type: ignore[call-arg]
    development = Settings(_env_file=None)  # type: ignore[call-arg]
    assert default_workers(production) == (os.cpu_count() or 1)
    assert default_workers(development) == 1


async def test_each_worker_freezes_its_start_up_heap_once_started(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(asgi, "create_app", lambda: Litestar(route_handlers=[]))
    app = asgi.create()
    gc.unfreeze()
    thresholds = gc.get_threshold()
    try:
        assert gc.get_freeze_count() == 0
        async with app.lifespan():
            assert gc.get_freeze_count() > 0
            assert gc.get_threshold() == asgi.GC_THRESHOLDS
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
