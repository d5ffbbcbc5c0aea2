"""The HTTP floor: the platform's routes next to a bare Litestar route on the same server.

For each server (uvicorn, granian) and process count, serves a bare Litestar JSON route (same
Litestar version, same server, same process count) and then the platform (``edu serve``) on a
fresh database seeded by ``edu demo seed``, and prints per route:

- req/s at saturation: ``wrk`` (Debian's package; ``./dev setup`` installs it), one thread,
  ``--connections`` keep-alive connections for ``--duration`` seconds;
- CPU per request: the server processes' CPU time (user + system, all workers) during that run
  divided by the requests it answered;
- p50/p95/p99 at ``--load`` (default 70 %) of that saturation: an open-loop client in this
  process (asyncio on uvloop, raw HTTP/1.1 over keep-alive connections) sends requests on a
  fixed schedule and measures each from the moment it was due, not from when it went out, so
  a stalled server is charged for the requests queued behind it (what wrk2 does; plain wrk
  cannot hold a fixed rate);
- errors: non-2xx answers and socket errors or time-outs, in both phases.

    uv run python bench/http_floor.py [--server uvicorn granian] [--workers 1 2]
                                      [--duration 10] [--connections 32] [--load 0.7]

The database server is ``EDU_BENCH_DATABASE_URL`` (a database is created on it and dropped
afterwards), else ``EDU_TEST_DATABASE_URL``, else the embedded PostgreSQL. The default process
count is ``edu serve``'s in production: one per core. Load generator and server share the
machine's cores, as they would on any single-machine run.
"""

import argparse
import asyncio
import collections
import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from litestar import Litestar, get
from serving import ROOT, edu, free_port, running  # bench/ is the script's folder

DEMO_PASSWORD = "violet-harbor-2026"
STUDENT = "sam.taylor@mentora.demo"


@get("/bare", sync_to_thread=False)
def _bare_route() -> dict[str, str]:
    return {"status": "ok"}


def bare() -> Litestar:
    """The reference: one JSON route, no middleware, nothing logged."""
    return Litestar(route_handlers=[_bare_route], logging_config=None, openapi_config=None)


# ---- the servers ----------------------------------------------------------------------------

def serve_bare(server: str, workers: int, port: int) -> None:
    """Run by a child process: the bare app on the platform's server code path."""
    from adapters.cli.serve import Server, run_server

    run_server("http_floor:bare", server=Server(server), host="127.0.0.1", port=port,
               workers=workers)


def server_pids(process: subprocess.Popen[bytes]) -> list[int]:
    """The serving processes, without the embedded PostgreSQL and NATS the platform started
    (their CPU is the database's and the broker's, not the HTTP floor's)."""
    import psutil

    root = psutil.Process(process.pid)
    return [p.pid for p in [root, *root.children(recursive=True)]
            if "python" in p.name().lower() or "granian" in p.name().lower()]


def cpu_of(pids: list[int]) -> float:
    import psutil

    total = 0.0
    for pid in pids:
        with contextlib.suppress(psutil.NoSuchProcess):
            times = psutil.Process(pid).cpu_times()
            total += times.user + times.system
    return total


# ---- saturation (wrk) -----------------------------------------------------------------------

@dataclass
class Saturation:
    rps: float
    requests: int
    errors: int


def wrk(url: str, headers: dict[str, str], duration: int, connections: int) -> Saturation:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "10s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run([*command, url], capture_output=True,  # noqa: S603 - wrk, our URL
                         text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    errors = 0
    if non_2xx := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(non_2xx.group(1))
    if socket_errors := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), "
                                  r"timeout (\d+)", out):
        errors += sum(int(n) for n in socket_errors.groups())
    return Saturation(rps, requests, errors)


# ---- fixed rate (open loop) -----------------------------------------------------------------

@dataclass
class Latency:
    samples: list[float] = field(default_factory=list)
    errors: int = 0
    achieved_rate: float = 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.samples)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:\s*(\d+)", re.IGNORECASE)


class _Connection(asyncio.Protocol):
    """One keep-alive connection, one request at a time. A bare Protocol rather than streams:
    the client shares the cores with the server and must cost as little as it can."""

    def __init__(self, run: "_FixedRate") -> None:
        self._run = run
        self._buffer = b""
        self._started = 0.0
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def send(self, started: float) -> None:
        self._started = started
        assert self.transport is not None
        self.transport.write(self._run.request)

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        end = self._buffer.find(b"\r\n\r\n")
        if end < 0:
            return
        length = _CONTENT_LENGTH.search(self._buffer, 0, end + 2)
        total = end + 4 + (int(length.group(1)) if length else 0)
        if len(self._buffer) < total:
            return
        status = int(self._buffer[9:12])
        self._buffer = self._buffer[total:]
        self._run.done(self, self._started, status)

    def connection_lost(self, exc: Exception | None) -> None:
        self._run.lost(self)


class _FixedRate:
    def __init__(self, request: bytes) -> None:
        self.request = request
        self.result = Latency()
        self.idle: list[_Connection] = []
        self.backlog: collections.deque[float] = collections.deque()
        self.in_flight = 0
        self.drained = asyncio.Event()

    def dispatch(self, due: float) -> None:
        self.in_flight += 1
        if self.idle:
            # The client's timer wakes up to a millisecond late: a request that finds a free
            # connection is timed from when it leaves, not charged for the client's lateness.
            self.idle.pop().send(time.perf_counter())
        else:
            # No free connection: the server is behind. Time it from when it was due.
            self.backlog.append(due)

    def done(self, connection: _Connection, started: float, status: int) -> None:
        self.in_flight -= 1
        if self.in_flight == 0:
            self.drained.set()
        self.result.samples.append((time.perf_counter() - started) * 1000)
        if not 200 <= status < 300:
            self.result.errors += 1
        if self.backlog:
            connection.send(self.backlog.popleft())
        else:
            self.idle.append(connection)

    def lost(self, connection: _Connection) -> None:
        if connection in self.idle:
            self.idle.remove(connection)
        else:
            self.in_flight -= 1
            self.result.errors += 1
            if self.in_flight == 0:
                self.drained.set()


async def fixed_rate(port: int, path: str, headers: dict[str, str], rate: float,
                     seconds: float, connections: int) -> Latency:
    request = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
               + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n").encode()
    run = _FixedRate(request)
    for _ in range(connections):
        _, connection = await asyncio.get_running_loop().create_connection(lambda: _Connection(run),
                                                         "127.0.0.1", port)
        run.idle.append(connection)
    # perf_counter, not loop.time(): uvloop's clock moves in whole milliseconds.
    total = int(rate * seconds)
    start = time.perf_counter() + 0.01
    sent = 0
    while sent < total:
        now = time.perf_counter()
        while sent < total and start + sent / rate <= now:
            run.dispatch(start + sent / rate)
            sent += 1
        await asyncio.sleep(max(0.0, start + sent / rate - time.perf_counter()))
    run.result.achieved_rate = total / (time.perf_counter() - start)
    if run.in_flight > 0:
        run.drained.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(run.drained.wait(), 30)
    run.result.errors += run.in_flight  # never answered
    for connection in run.idle:
        assert connection.transport is not None
        connection.transport.close()
    return run.result


# ---- the run --------------------------------------------------------------------------------

@dataclass
class Row:
    label: str
    saturation: Saturation
    cpu_ms: float
    latency: Latency


def measure(label: str, port: int, path: str, headers: dict[str, str], pids: list[int],
            args: argparse.Namespace, *, timed: bool = True) -> Row:
    url = f"http://127.0.0.1:{port}{path}"
    wrk(url, headers, 2, args.connections)  # warm-up: caches, pools, lazily built paths
    cpu_before = cpu_of(pids)
    saturation = wrk(url, headers, args.duration, args.connections)
    cpu_ms = (cpu_of(pids) - cpu_before) * 1000 / max(1, saturation.requests)
    latency = Latency()
    if timed:
        latency = asyncio.run(fixed_rate(port, path, headers, saturation.rps * args.load,
                                         args.duration, args.connections))
    row = Row(label, saturation, cpu_ms, latency)
    print(f"  {label}: {saturation.rps:.0f} req/s", file=sys.stderr)
    return row


def platform_env(url: str, var: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("EDU_") or k in ("EDU_NATS_URL",)}
    env.update({"EDU_DATABASE_URL": url, "EDU_VAR_DIR": str(var), "EDU_PORT": str(port),
                "EDU_RATE_LIMIT_PUBLIC": "1000000000/60", "EDU_RATE_LIMIT_AUTH": "1000000/60",
                "EDU_LOG_LEVEL": "INFO", "PYTHONPATH": str(ROOT / "src")})
    return env


def platform_rows(server: str, workers: int, url: str, var: Path,
                  args: argparse.Namespace) -> list[Row]:
    import httpx

    port = free_port()
    command = edu("serve", "--server", server, "--workers", str(workers), "--port", str(port))
    with running(command, platform_env(url, var, port), port, "/health/ready",
                 var / "serve.log") as process:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=30) as client:
            login = client.post("/api/v1/auth/login", json={
                "email": STUDENT, "password": DEMO_PASSWORD, "mode": "token"})
            login.raise_for_status()
            bearer = {"Authorization": f"Bearer {login.json()['access_token']}"}
            mentors = client.get("/api/v1/mentors", params={"subject": "physics"}).json()
            mentor_id = mentors["items"][0]["id"]
            hits = client.get("/api/v1/search", params={"q": "energy"}).json()
            print(f"  physics mentors: {mentors['total']}, 'energy' hits: {hits['total']}",
                  file=sys.stderr)
        pids = server_pids(process)
        routes: list[tuple[str, str, dict[str, str]]] = [
            ("GET /health/live", "/health/live", {}),
            ("GET /api/v1/me", "/api/v1/me", bearer),
            ("GET /api/v1/mentors/{id}", f"/api/v1/mentors/{mentor_id}", {}),
            ("GET /api/v1/mentors?subject=physics", "/api/v1/mentors?subject=physics", {}),
            ("GET /api/v1/search?q=energy", "/api/v1/search?q=energy", {}),
        ]
        return [measure(label, port, path, headers, pids, args)
                for label, path, headers in routes
                if not args.only or any(word in label for word in args.only)]


def bare_row(server: str, workers: int, var: Path, args: argparse.Namespace) -> Row:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "bench"), str(ROOT / "src")])}
    command = [sys.executable, str(Path(__file__)), "--serve-bare", server, str(workers),
               str(port)]
    with running(command, env, port, "/bare", var / "bare.log") as process:
        # Throughput only: at 70 % of its rate the fixed-rate client, not the server, is the
        # bottleneck on a small machine.
        return measure("bare Litestar GET /bare", port, "/bare", {}, server_pids(process), args,
                       timed=False)


def seed(url: str, var: Path) -> None:
    env = platform_env(url, var, 0)
    subprocess.run(edu("demo", "seed"), cwd=ROOT, env=env, check=True,  # noqa: S603
                   stdout=subprocess.DEVNULL)


def print_table(title: str, rows: list[Row], bare_rps: float, file: TextIO | None = None,
                ) -> None:
    print(f"\n{title}", file=file)
    print(f"{'route':<38} {'req/s':>7} {'x bare':>6} {'CPU ms/req':>10} {'at req/s':>8} "
          f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>7}", file=file)
    for row in rows:
        lat = row.latency
        timed = (f"{lat.achieved_rate:8.0f} {lat.percentile(50):7.2f} {lat.percentile(95):7.2f} "
                 f"{lat.percentile(99):7.2f}" if lat.samples else f"{'-':>8} {'-':>7} {'-':>7} "
                                                                    f"{'-':>7}")
        print(f"{row.label:<38} {row.saturation.rps:7.0f} {row.saturation.rps / bare_rps:6.2f} "
              f"{row.cpu_ms:10.2f} {timed} {row.saturation.errors + lat.errors:7d}", file=file)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", nargs="+", default=["uvicorn"],
                        choices=["uvicorn", "granian"])
    parser.add_argument("--workers", nargs="+", type=int, default=[os.cpu_count() or 1],
                        help="process counts to measure (default: one per core, as "
                             "`edu serve` in production)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per phase")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--load", type=float, default=0.7,
                        help="fixed rate for the latency phase, as a fraction of saturation")
    parser.add_argument("--only", nargs="+", metavar="WORD",
                        help="platform routes whose label contains one of these words")
    parser.add_argument("--serve-bare", nargs=3, metavar=("SERVER", "WORKERS", "PORT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_bare:
        server, workers, port = args.serve_bare
        serve_bare(server, int(workers), int(port))
        return
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: ./dev setup installs it (Debian's package)")
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "src"))
    if bench_server := os.environ.get("EDU_BENCH_DATABASE_URL"):
        os.environ["EDU_TEST_DATABASE_URL"] = bench_server
    from tests.support.database import create_test_database, drop_test_database, server_url

    import uvloop

    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    db_server = server_url()
    url = create_test_database(db_server, prefix="edu_bench")
    results: list[tuple[str, list[Row], float]] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            var = Path(tmp)
            started = time.perf_counter()
            seed(url, var)
            print(f"seeded the demo data in {time.perf_counter() - started:.1f} s",
                  file=sys.stderr)
            for server in args.server:
                for workers in args.workers:
                    print(f"{server}, {workers} process(es)", file=sys.stderr)
                    reference = bare_row(server, workers, var, args)
                    rows = platform_rows(server, workers, url, var, args)
                    title = f"{server}, {workers} process(es)"
                    results.append((title, [reference, *rows], reference.saturation.rps))
                    print_table(title, [reference, *rows], reference.saturation.rps,
                                file=sys.stderr)
    finally:
        drop_test_database(db_server, url)
    where = "embedded PostgreSQL" if "host=/" in db_server else "PostgreSQL at " + \
        db_server.rsplit("@", 1)[-1]
    print(f"\nHTTP floor on {os.cpu_count()} cores, {where}; wrk -t1 -c{args.connections} "
          f"-d{args.duration}s for req/s and CPU; latency at {args.load:.0%} of each route's "
          f"req/s for {args.duration} s (open loop, from each request's due time)")
    for title, rows, bare_rps in results:
        print_table(title, rows, bare_rps)


if __name__ == "__main__":
    main()
