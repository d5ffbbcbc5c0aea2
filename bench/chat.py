"""Session chat under load: send -> receipt across two API processes, and nothing lost.

Starts two ``edu serve`` processes on one fresh database and one NATS server (``EDU_NATS_URL``
or the machine's 127.0.0.1:4222, else the embedded one), books ROOMS sessions starting now
(each with its own student and mentor, so CLIENTS = 2 x ROOMS), and connects every client's
socket to one process and its HTTP sends to the other, alternately: each message crosses
processes. Every client subscribes to its room's channel, then sends RATE messages a second
for SECONDS seconds (a new client id per message, retried on transport errors with the same
id). It prints:

- send -> receipt: from the start of the POST until the other party's socket hears of the
  message (``chat.message`` with its id), p50/p95/p99;
- send -> acknowledgement: the POST's answer (the message is durable by then), p50/p99;
- the rate achieved, the retries, and the count: every acknowledged message must be in the
  room's history afterwards, each once, numbered 1..n without gaps (paged with ``after``).

Each client starts at a random moment within its first interval (people do not type in step).
The clients run in this one process (aiohttp on uvloop) on the same cores as the servers:
pessimistic. The sends are closed-loop per client (the next waits for the previous answer),
so past saturation the rate achieved is what the servers sustain.

    uv run python bench/chat.py [--rooms 100] [--rate 5] [--seconds 60]
"""

import argparse
import contextlib
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import uvloop
import websockets

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from adapters.container import build_container, shutdown
from adapters.settings import Settings
from fanout import serving_pair  # bench/ is the script's folder
from edu_core.application.actors import Actor
from edu_core.domain.bookings import CancellationPolicy, MentoringSession
from edu_core.domain.identity import Role
from tests.support.database import create_test_database, drop_test_database, server_url
from tests.support.nats import nats_server_url
from figures import pct  # bench/ is the script's folder

PASSWORD = "bench password 123"  # throwaway accounts in a throwaway database


@dataclass
class Client:
    email: str
    session_id: str
    token: str = ""
    peer: "Client | None" = None
    sent_at: dict[str, float] = field(default_factory=dict)  # message id -> POST started
    acked: dict[str, float] = field(default_factory=dict)  # message id -> ack latency (s)
    heard: dict[str, float] = field(default_factory=dict)  # message id -> frame arrived
    failed: int = 0
    retries: int = 0


async def seed(url: str, var: Path, rooms: int) -> list[tuple[str, str, str]]:
    """(session id, student e-mail, mentor e-mail) for each room, sessions under way."""
    settings = Settings(_env_file=None, var_dir=var, bcrypt_rounds=4)  # type: ignore[call-arg]
    container = build_container(settings, url)
    admin = container.identity.admin()
    found = []
    now = datetime.now(UTC)
    for n in range(rooms):
        people = []
        for role in (Role.STUDENT, Role.MENTOR):
            user = await admin.create_user(
                Actor(None), email=f"{role.value}{n}@example.org", password=PASSWORD,
                display_name=f"{role.value.title()} {n}", role=role, email_verified=True)
            people.append(user)
        session = MentoringSession.hold(
            student_id=people[0].id, mentor_id=people[1].id,
            starts_at=now + timedelta(minutes=1), minutes=120, price=1000, currency="EUR",
            cancellation=CancellationPolicy(), hold_for=timedelta(minutes=10), now=now)
        session.confirm(1000, now)
        async with container.uow()() as uow:
            uow.bookings.add(session)
            await uow.commit()
        found.append((str(session.id), people[0].email, people[1].email))
    await shutdown(container)
    return found


async def listen(base: str, client: Client, ready: asyncio.Event) -> None:
    channel = f"session:{client.session_id}"
    async with websockets.connect(base.replace("http", "ws") + "/ws", max_queue=None) as ws:
        await ws.send(json.dumps({"type": "auth", "token": client.token}))
        await ws.send(json.dumps({"type": "subscribe", "channel": channel}))
        async for raw in ws:
            frame = json.loads(raw)
            if frame.get("type") == "subscribed":
                ready.set()
            elif frame.get("type") == "ping":
                await ws.send('{"type":"pong"}')
            elif frame.get("type") == "message":
                data = frame["data"]
                if data.get("type") == "chat.message":
                    client.heard.setdefault(data["id"], time.perf_counter())


async def talk(http: aiohttp.ClientSession, base: str, client: Client, rate: float,
               seconds: float) -> None:
    url = f"{base}/api/v1/bookings/{client.session_id}/chat/messages"
    headers = {"Authorization": f"Bearer {client.token}"}
    # Each person starts at their own moment within the first interval: people do not type in
    # step, and 200 clients sending on the same tick would measure a burst, not the rate.
    start = time.perf_counter() + random.random() / rate
    n = 0
    while (now := time.perf_counter()) - start < seconds:
        due = start + n / rate
        if due > now:
            await asyncio.sleep(due - now)
        n += 1
        body = {"client_id": f"bench-{uuid.uuid4()}", "body": f"message {n}: $x_{{{n}}}^2$"}
        began = time.perf_counter()
        for attempt in range(4):
            try:
                async with http.post(url, json=body, headers=headers,
                                     timeout=aiohttp.ClientTimeout(total=30)) as answer:
                    status = answer.status
                    stored = await answer.json() if status in (200, 201) else None
            except (aiohttp.ClientError, TimeoutError):
                client.retries += 1
                await asyncio.sleep(0.1 * 2 ** attempt)
                continue
            if stored is not None:
                message_id = stored["id"]
                client.sent_at[message_id] = began
                client.acked[message_id] = time.perf_counter() - began
            else:
                client.failed += 1
            break
        else:
            client.failed += 1


async def count_history(http: aiohttp.ClientSession, base: str,
                        client: Client) -> tuple[set[str], bool]:
    """Every message id of the client's room, and whether the numbers run 1..n once each."""
    ids: list[str] = []
    seqs: list[int] = []
    cursor = 0
    headers = {"Authorization": f"Bearer {client.token}"}
    while True:
        async with http.get(f"{base}/api/v1/bookings/{client.session_id}/chat/messages",
                            params={"after": cursor, "limit": 200}, headers=headers) as answer:
            page = await answer.json()
        ids += [m["id"] for m in page["items"]]
        seqs += [m["seq"] for m in page["items"]]
        if not page["has_more"]:
            break
        cursor = seqs[-1]
    return set(ids), seqs == list(range(1, len(seqs) + 1)) and len(ids) == len(set(ids))


async def measure(bases: list[str], rooms: list[tuple[str, str, str]], rate: float,
                  seconds: float) -> None:
    clients: list[Client] = []
    for session_id, student, mentor in rooms:
        pair = [Client(student, session_id), Client(mentor, session_id)]
        pair[0].peer, pair[1].peer = pair[1], pair[0]
        clients += pair
    # aiohttp on uvloop: this process plays 200 people on the servers' cores, and the lighter
    # it is per request, the more the figures are the servers' rather than the clients'.
    http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=len(clients) * 2),
                                 timeout=aiohttp.ClientTimeout(total=60))
    try:
        for i, client in enumerate(clients):
            async with http.post(f"{bases[i % 2]}/api/v1/auth/login", json={
                    "email": client.email, "password": PASSWORD, "mode": "token"}) as answer:
                client.token = (await answer.json())["access_token"]
        listeners = []
        for i, client in enumerate(clients):
            ready = asyncio.Event()
            listeners.append(asyncio.create_task(listen(bases[i % 2], client, ready)))
            await asyncio.wait_for(ready.wait(), 30)
        began = time.perf_counter()
        # Sends go to the process that does not hold the sender's socket, so each message
        # crosses processes on its way to the peer (whose socket is on the same one).
        await asyncio.gather(*(talk(http, bases[(i + 1) % 2], c, rate, seconds)
                               for i, c in enumerate(clients)))
        took = time.perf_counter() - began
        await asyncio.sleep(3)  # the last frames
        for task in listeners:
            task.cancel()
        await asyncio.gather(*listeners, return_exceptions=True)

        receipts, acks, unheard = [], [], 0
        for client in clients:
            assert client.peer is not None
            for message_id, started in client.sent_at.items():
                acks.append(client.acked[message_id] * 1000)
                arrived = client.peer.heard.get(message_id)
                if arrived is None:
                    unheard += 1
                else:
                    receipts.append((arrived - started) * 1000)
        acked = sum(len(c.sent_at) for c in clients)
        missing, broken = 0, 0
        for client in clients[::2]:  # one per room
            assert client.peer is not None
            stored, in_order = await count_history(http, bases[0], client)
            sent = set(client.sent_at) | set(client.peer.sent_at)
            missing += len(sent - stored)
            broken += not in_order
        print(f"clients {len(clients)} in {len(rooms)} rooms over 2 processes, "
              f"target {rate:g} msg/s each for {seconds:g} s")
        print(f"acknowledged {acked} ({acked / took:.0f} msg/s), failed "
              f"{sum(c.failed for c in clients)}, transport retries "
              f"{sum(c.retries for c in clients)}")
        if receipts:
            print(f"send -> receipt by the other party (ms): p50 "
                  f"{statistics.median(receipts):.1f}  p95 {pct(receipts, 95):.1f}  "
                  f"p99 {pct(receipts, 99):.1f}  max {max(receipts):.1f}  "
                  f"(not heard live: {unheard})")
        if acks:
            print(f"send -> acknowledgement (ms): p50 {statistics.median(acks):.1f}  "
                  f"p99 {pct(acks, 99):.1f}")
        print(f"history: {acked - missing} of {acked} acknowledged messages found, "
              f"{missing} missing; rooms numbered 1..n without gaps or doubles: "
              f"{len(rooms) - broken} of {len(rooms)}")
    finally:
        await http.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rooms", type=int, default=100)
    parser.add_argument("--clients", type=int, default=None,
                        help="instead of --rooms: this many clients, two per room")
    parser.add_argument("--rate", type=float, default=5.0, help="messages a second per client")
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    rooms = max(1, args.clients // 2) if args.clients else args.rooms
    server = os.environ.get("EDU_BENCH_DATABASE_URL") or server_url()
    url = create_test_database(server, prefix="edu_bench")
    nats_url = os.environ.get("EDU_NATS_URL") or nats_server_url()
    try:
        with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
            seeded = asyncio.run(seed(url, Path(tmp), rooms))
            bases, _ = serving_pair(stack, url, nats_url, tmp)
            uvloop.run(measure(bases, seeded, args.rate, args.seconds))
    finally:
        drop_test_database(server, url)


if __name__ == "__main__":
    main()
