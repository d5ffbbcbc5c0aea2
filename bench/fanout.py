"""Live fan-out: publish-to-receipt time for many WebSocket clients across two API processes.

Starts two ``edu serve`` processes on one fresh database and one NATS server (``EDU_NATS_URL``
or the machine's 127.0.0.1:4222, else the embedded one), connects CLIENTS sockets split between
them, all signed in as one learner and subscribed to that learner's channel, then publishes
MESSAGES live messages from a third connection (as any API process would) and prints, per
message, the time until the LAST client received it (p50/p99), and the servers' resident memory
per idle socket. ``--stalled`` adds one client that never reads, to show it does not slow the
others. The clients run in this one process on the same cores as the servers: pessimistic.

    uv run python bench/fanout.py [--clients 1000] [--messages 200] [--interval 0.05] [--stalled]
"""

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
import websockets

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from adapters.container import build_container, shutdown
from adapters.messaging.live import NatsLiveBroker
from adapters.settings import Settings
from edu_core.application.actors import Actor
from edu_core.domain.identity import Role
from tests.support.database import create_test_database, drop_test_database, server_url
from tests.support.nats import nats_server_url

from serving import edu, free_port, running  # bench/ is the script's folder
from figures import pct  # bench/ is the script's folder

PASSWORD = "bench password 123"  # a throwaway account in a throwaway database


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def make_learner(url: str, var: Path) -> str:
    settings = Settings(_env_file=None, var_dir=var, bcrypt_rounds=4)  # type: ignore[call-arg]
    container = build_container(settings, url)
    user = await container.identity.admin().create_user(
        Actor(None), email="fanout@example.org", password=PASSWORD, display_name="Fan Out",
        role=Role.STUDENT, email_verified=True)
    await shutdown(container)
    return str(user.id)


def serving_pair(stack: contextlib.ExitStack[bool | None], url: str, nats_url: str,
                 var: str) -> tuple[list[str], list[int]]:
    """Two ``edu serve`` processes on one database and one NATS, ready: their bases and pids."""
    ports = [free_port(), free_port()]
    env = {**os.environ, "EDU_DATABASE_URL": url.replace("postgresql://",
                                                         "postgresql+asyncpg://"),
           "EDU_NATS_URL": nats_url, "EDU_VAR_DIR": var, "EDU_LOG_LEVEL": "WARNING",
           "EDU_RATE_LIMIT_AUTH": "100000/60", "EDU_RATE_LIMIT_PUBLIC": "100000/60",
           "EDU_PUBLIC_URL": f"http://127.0.0.1:{ports[0]}"}
    processes = [stack.enter_context(running(edu("serve", "--port", str(port)), env, port))
                 for port in ports]
    return [f"http://127.0.0.1:{p}" for p in ports], [process.pid for process in processes]


class Client:
    def __init__(self) -> None:
        self.received: dict[int, float] = {}


async def connect(base: str, token: str, channel: str, client: Client, ready: asyncio.Event,
                  *, read: bool = True) -> None:
    async with websockets.connect(base.replace("http", "ws") + "/ws",
                                  max_queue=None if read else 1) as ws:
        await ws.send(json.dumps({"type": "auth", "token": token}))
        await ws.send(json.dumps({"type": "subscribe", "channel": channel}))
        while True:
            frame = json.loads(await ws.recv())
            if frame.get("type") == "subscribed":
                break
        ready.set()
        if not read:
            await asyncio.Future()  # never read again
        async for raw in ws:
            frame = json.loads(raw)
            data = frame.get("data") or {}
            if frame.get("type") == "message" and data.get("type") == "bench":
                client.received[data["n"]] = time.perf_counter()


async def measure(bases: list[str], token: str, channel: str, nats_url: str, clients: int,
                  messages: int, stalled: bool, pids: list[int], interval: float) -> None:
    before = [rss_kib(p) for p in pids]
    crowd = [Client() for _ in range(clients)]
    tasks = []
    for i, client in enumerate(crowd):
        ready = asyncio.Event()
        tasks.append(asyncio.create_task(connect(bases[i % 2], token, channel, client, ready)))
        await asyncio.wait_for(ready.wait(), 30)
    if stalled:
        ready = asyncio.Event()
        tasks.append(asyncio.create_task(connect(bases[0], token, channel, Client(), ready,
                                                 read=False)))
        await asyncio.wait_for(ready.wait(), 30)
    await asyncio.sleep(2)
    after = [rss_kib(p) for p in pids]
    per_socket = (sum(after) - sum(before)) / clients

    publisher = NatsLiveBroker(nats_url)
    await publisher.start()
    sent: dict[int, float] = {}
    for n in range(messages):
        sent[n] = time.perf_counter()
        await publisher.publish(channel, {"type": "bench", "n": n, "pad": "x" * 200})
        await asyncio.sleep(interval)
    await asyncio.sleep(3)
    await publisher.stop()
    lags = []
    lost = 0
    for n, at in sent.items():
        arrivals = [c.received.get(n) for c in crowd]
        got = [a for a in arrivals if a is not None]
        lost += len(arrivals) - len(got)
        if got:
            lags.append((max(got) - at) * 1000)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    print(f"clients {clients} over 2 processes{' + 1 stalled' if stalled else ''}, "
          f"messages {messages}, deliveries lost {lost}")
    print(f"publish -> last client (ms): p50 {statistics.median(lags):.1f}  "
          f"p99 {pct(lags, 99):.1f}  max {max(lags):.1f}")
    print(f"server RSS per idle socket: {per_socket:.1f} KiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--interval", type=float, default=0.05,
                        help="seconds between two published messages")
    parser.add_argument("--stalled", action="store_true",
                        help="add one client that never reads")
    args = parser.parse_args()
    server = os.environ.get("EDU_BENCH_DATABASE_URL") or server_url()
    url = create_test_database(server, prefix="edu_bench")
    nats_url = os.environ.get("EDU_NATS_URL") or nats_server_url()
    try:
        with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
            user_id = asyncio.run(make_learner(url, Path(tmp)))
            bases, pids = serving_pair(stack, url, nats_url, tmp)
            token = httpx.post(f"{bases[0]}/api/v1/auth/login", json={
                "email": "fanout@example.org", "password": PASSWORD, "mode": "token"},
                timeout=30).json()["access_token"]
            asyncio.run(measure(bases, token, f"user:{user_id}", nats_url, args.clients,
                                args.messages, args.stalled, pids, args.interval))
    finally:
        drop_test_database(server, url)


if __name__ == "__main__":
    main()
