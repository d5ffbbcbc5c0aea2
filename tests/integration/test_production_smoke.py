"""Production smoke: the image's commands, as deploy/compose.yaml runs them, started as local
processes with production settings against the machine's PostgreSQL (a fresh database), Redis
and NATS, an S3-protocol store and an SMTP server: the one-shot migration, then the API and a
worker. The API passes /health/ready with every dependency, serves the built web client behind
the TLS-terminating proxy's headers, the container health probes pass, and SIGTERM stops both
processes with exit status 0."""

import asyncio
import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import httpx
import imageio_ffmpeg
import nats
import pytest
import yaml

from tests.support.database import create_test_database, drop_test_database
from tests.support.live_server import free_port
from tests.support.nats import nats_server_url
from tests.support.redis_server import redis_url
from tests.support.s3_server import end_process, s3_endpoint

__all__ = ["redis_url", "s3_endpoint"]

pytestmark = pytest.mark.smoke

ROOT = Path(__file__).resolve().parents[2]
TOOLS = Path(sys.executable).parent
STARTUP_SECONDS = 300
PROXY = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}


def image_command(service: str) -> list[str]:
    """The service's command in deploy/compose.yaml, with this environment's `edu` and one
    server process (how many is a capacity choice; the machine running the suite is shared by
    parallel test workers)."""
    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())
    command = [str(part) for part in compose["services"][service]["command"]]
    assert command[0] == "edu"
    if "--workers" in command:
        command[command.index("--workers") + 1] = "1"
    return [str(TOOLS / "edu"), *command[1:]]


def wait_for_port(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing answers on port {port}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Kill what is left of a process and its children (each started in a session of its
    own)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


@pytest.fixture
def smtp_port() -> Iterator[int]:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "aiosmtpd", "-n", "-l",
                               f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, server)
        yield port
    finally:
        end_process(server)


@pytest.fixture
def fresh_database(pg_server: str) -> Iterator[str]:
    url = create_test_database(pg_server, "edu_smoke", migrated=False)
    yield url
    drop_test_database(pg_server, url)


@pytest.fixture
def web_dist(tmp_path: Path) -> Path:
    """The built client when there is one, else a stand-in with the same entry point."""
    built = ROOT / "web" / "dist"
    if (built / "index.html").is_file():
        return built
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "index.html").write_text('<!doctype html><title>Mentora</title><div id="root">'
                                     "</div>")
    return dist


@pytest.fixture(scope="session")
def pycache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pycache")


@pytest.fixture
def production_env(tmp_path: Path, pycache: Path, fresh_database: str, redis_url: str,
                   s3_endpoint: str, smtp_port: int, web_dist: Path) -> Iterator[dict[str, str]]:
    run = uuid.uuid4().hex[:10]
    var_dir = tmp_path / "volume"
    var_dir.mkdir()
    inherited = {k: v for k, v in os.environ.items()
                 if not k.startswith("EDU_") and k != "PYTHONDONTWRITEBYTECODE"}
    env = {
        **inherited,
        # As in the image, the processes load compiled bytecode (written by the first one here)
        # rather than each compiling the platform again, which slows their start-up severalfold.
        "PYTHONPYCACHEPREFIX": str(pycache),
        "EDU_ENV": "production", "EDU_SECRET_KEY": secrets.token_urlsafe(48),
        "EDU_HOST": "127.0.0.1", "EDU_PORT": str(free_port()),
        "EDU_PUBLIC_URL": "https://mentora.test", "EDU_VAR_DIR": str(var_dir),
        "EDU_WEB_DIST": str(web_dist), "EDU_FFMPEG_PATH": imageio_ffmpeg.get_ffmpeg_exe(),
        "EDU_DATABASE_URL": fresh_database, "EDU_DATABASE_POOL_SIZE": "2",
        "EDU_REDIS_URL": redis_url,
        "EDU_NATS_URL": nats_server_url(),
        # Streams of this run's own on the shared NATS server.
        "EDU_EVENTS_STREAM": f"SMOKE_EVENTS_{run}", "EDU_EVENTS_SUBJECT": f"smoke.{run}.events",
        "EDU_EVENTS_CONSUMER": f"smoke-{run}", "EDU_JOBS_STREAM": f"smoke_jobs_{run}",
        "EDU_JOBS_SUBJECT": f"smoke.{run}.jobs", "EDU_JOBS_CONSUMER": f"smoke_workers_{run}",
        "EDU_S3_ENDPOINT": s3_endpoint, "EDU_S3_SECURE": "false",
        "EDU_S3_BUCKET": f"smoke-{run}", "EDU_S3_ACCESS_KEY": "smoke",
        "EDU_S3_SECRET_KEY": secrets.token_urlsafe(24),
        "EDU_S3_PUBLIC_ENDPOINT": "https://files.mentora.test",
        "EDU_SMTP_HOST": "127.0.0.1", "EDU_SMTP_PORT": str(smtp_port),
        "EDU_SMTP_STARTTLS": "false",
        "EDU_STRIPE_SECRET_KEY": "sk_test_" + secrets.token_hex(12),
        "EDU_STRIPE_WEBHOOK_SECRET": "whsec_" + secrets.token_hex(12),
        "EDU_TRUSTED_PROXIES": "127.0.0.1", "EDU_FORCE_HTTPS": "true",
        "EDU_RUN_EVENT_HANDLERS_IN_API": "false",
        "EDU_WORKER_METRICS_PORT": str(free_port()),
        "EDU_LOG_LEVEL": "INFO", "EDU_LOG_JSON": "true",
    }
    yield env
    asyncio.run(delete_streams(env["EDU_NATS_URL"], [env["EDU_EVENTS_STREAM"],
                                                     env["EDU_JOBS_STREAM"]]))


async def revision(database_url: str) -> str:
    connection = await asyncpg.connect(database_url)
    try:
        return str(await connection.fetchval("select version_num from alembic_version"))
    finally:
        await connection.close()


async def delete_streams(url: str, names: list[str]) -> None:
    client = await nats.connect(url)
    try:
        for name in names:
            with contextlib.suppress(nats.js.errors.NotFoundError):
                await client.jetstream().delete_stream(name)
    finally:
        await client.close()


def ready(base: str, api: subprocess.Popen[bytes], worker: subprocess.Popen[bytes]) -> dict[
        str, object]:
    deadline = time.monotonic() + STARTUP_SECONDS
    answer: httpx.Response | None = None
    while time.monotonic() < deadline:
        assert api.poll() is None and worker.poll() is None, "a process ended while starting"
        try:
            answer = httpx.get(f"{base}/health/ready", timeout=5)
            if answer.status_code == 200:
                body: dict[str, object] = answer.json()
                return body
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"not ready: {answer.text if answer is not None else 'no answer'}")


def test_the_images_commands_run_the_platform_in_production_mode(
        production_env: dict[str, str], fresh_database: str, web_dist: Path,
        tmp_path: Path) -> None:
    env = production_env
    # Before the one-shot migration, a worker refuses the empty database.
    early = subprocess.run(image_command("worker"), env=env, cwd=tmp_path, capture_output=True,
                           text=True, timeout=300, check=False)
    assert early.returncode == 1
    assert "run `edu db upgrade` first" in early.stderr

    migrate = subprocess.run(image_command("migrate"), env=env, cwd=tmp_path,
                             capture_output=True, text=True, timeout=300, check=False)
    assert migrate.returncode == 0, migrate.stderr
    assert "database upgraded to head" in migrate.stdout

    logs = {name: (tmp_path / f"{name}.log").open("wb") for name in ("api", "worker")}
    api = subprocess.Popen(image_command("api"), env=env, cwd=tmp_path, stdout=logs["api"],
                           stderr=subprocess.STDOUT, start_new_session=True)
    worker = subprocess.Popen(image_command("worker"), env=env, cwd=tmp_path,
                              stdout=logs["worker"], stderr=subprocess.STDOUT,
                              start_new_session=True)
    base = f"http://127.0.0.1:{env['EDU_PORT']}"
    try:
        try:
            body = ready(base, api, worker)
        except AssertionError:
            for log in logs.values():
                log.flush()
            print("\n".join((tmp_path / f"{n}.log").read_text()[-4000:] for n in logs))
            raise
        checks = {c["name"]: c["ok"] for c in body["checks"]}  # type: ignore[attr-defined]
        assert checks == dict.fromkeys(["database", "mail", "rate_limit_store", "storage",
                                        "live", "nats", "worker"], True)

        # Behind the proxy: the client is served; plain HTTP from elsewhere is sent to https.
        page = httpx.get(f"{base}/", headers=PROXY, timeout=10)
        assert page.status_code == 200
        assert '<div id="root"' in page.text
        assert page.headers["strict-transport-security"]
        direct = httpx.get(f"{base}/", timeout=10)
        assert direct.status_code == 308
        assert direct.headers["location"] == "https://127.0.0.1:" + env["EDU_PORT"] + "/"

        for role in ("api", "worker"):
            probe = subprocess.run([sys.executable, str(ROOT / "deploy" / "healthcheck.py"),
                                    role], env=env, capture_output=True, text=True,
                                   timeout=30, check=False)
            assert probe.returncode == 0, probe.stderr

        api.send_signal(signal.SIGTERM)
        worker.send_signal(signal.SIGTERM)
        assert api.wait(60) == 0
        assert worker.wait(60) == 0
    finally:
        stop(api)
        stop(worker)
        for log in logs.values():
            log.close()

    assert asyncio.run(revision(fresh_database))
    api_log = (tmp_path / "api.log").read_text()
    assert "Traceback" not in api_log, api_log[-3000:]
