"""Event delivery lag: from a unit of work's commit to the start of the event's handler.

Commits RATE changes a second (new accounts: each raises two events, one of which has a handler)
for SECONDS against a fresh database, with the outbox dispatcher running in the same process
as the API runs it, woken by the unit of work's signal. Prints the commit-to-handler-start lag
(p50/p95/p99/max) and the rate actually reached.

    uv run python bench/outbox_lag.py [--rate 200] [--seconds 60] [--poll 5] [--nats]

``--nats`` relays the events through NATS JetStream (``EDU_NATS_URL``, else the machine's
127.0.0.1:4222 via ``EDU_TEST_NATS_URL``, else the embedded server) on a stream of its own,
deleted afterwards, as the platform does when NATS is in use.

The server is ``EDU_BENCH_DATABASE_URL`` (a server URL; a database is created and dropped on
it), else ``EDU_TEST_DATABASE_URL``, else the embedded PostgreSQL.
"""

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID, uuid4

import nats

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from adapters.db.connections import Database
from adapters.db.engine import build_engine, build_session_factory
from adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from adapters.messaging.nats_relay import NatsEventRelay
from adapters.messaging.outbox_dispatcher import OutboxDispatcher
from edu_core.application.messagebus import HandlerRegistry, Subscription, on
from edu_core.domain.identity import Role, User, UserRegistered
from tests.support.database import create_test_database, drop_test_database, server_url
from tests.support.nats import nats_server_url
from figures import pct  # bench/ is the script's folder


class Timing:
    def __init__(self, expected: int) -> None:
        self.committed: dict[UUID, float] = {}
        self.started: dict[UUID, float] = {}
        self.expected = expected
        self.all_started = asyncio.Event()

    async def handle(self, event: UserRegistered) -> None:
        self.started.setdefault(event.user_id, time.perf_counter())
        if len(self.started) >= self.expected:
            self.all_started.set()

    def subscriptions(self) -> list[Subscription]:
        return [on(UserRegistered, self.handle)]


async def run(url: str, rate: int, seconds: int, poll: float, nats_url: str | None) -> None:
    engine = build_engine(url, pool_size=20)
    sessions = build_session_factory(engine)
    database = Database(engine)
    timing = Timing(rate * seconds)
    registry = HandlerRegistry([timing])
    name = f"bench{uuid4().hex[:8]}"
    dispatcher = (NatsEventRelay(sessions, registry, nats_url, stream=f"EDU_BENCH_{name}",
                                 subject_prefix=f"edu.bench.{name}", consumer=f"bench-{name}",
                                 poll_interval=poll)
                  if nats_url else OutboxDispatcher(sessions, registry, poll_interval=poll))
    await dispatcher.start()

    async def commit_one() -> None:
        user = User.register(email=f"b{uuid4().hex}@example.org", display_name="Bench",
                             role=Role.STUDENT, password_hash="h", timezone="UTC",
                             now=datetime.now(UTC))
        async with SqlAlchemyUnitOfWork(database, dispatcher) as uow:
            uow.users.add(user)
            await uow.commit()
        timing.committed[user.id] = time.perf_counter()

    began = time.perf_counter()
    pending: set[asyncio.Task[None]] = set()
    for n in range(rate * seconds):
        target = began + n / rate
        delay = target - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        task = asyncio.create_task(commit_one())
        pending.add(task)
        task.add_done_callback(pending.discard)
    await asyncio.gather(*pending)
    produced = time.perf_counter() - began
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(timing.all_started.wait(), 30)
    await dispatcher.stop()
    await engine.dispose()
    if nats_url:
        nc = await nats.connect(nats_url)
        await nc.jetstream().delete_stream(f"EDU_BENCH_{name}")
        await nc.close()

    lags = [(timing.started[k] - c) * 1000 for k, c in timing.committed.items()
            if k in timing.started]
    missing = len(timing.committed) - len(lags)
    print(f"events committed: {len(timing.committed)} in {produced:.1f} s "
          f"({len(timing.committed) / produced:.0f}/s, target {rate}/s); handled: {len(lags)}"
          f"{f', MISSING {missing}' if missing else ''}")
    print(f"commit -> handler start lag (ms): p50 {statistics.median(lags):.1f}  "
          f"p95 {pct(lags, 95):.1f}  p99 {pct(lags, 99):.1f}  max {max(lags):.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=int, default=200, help="commits per second")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--poll", type=float, default=5.0,
                        help="dispatcher poll interval (it is also woken at each commit)")
    parser.add_argument("--nats", action="store_true", help="relay through NATS JetStream")
    args = parser.parse_args()
    nats_url = (os.environ.get("EDU_NATS_URL") or nats_server_url()) if args.nats else None
    server = os.environ.get("EDU_BENCH_DATABASE_URL") or server_url()
    url = create_test_database(server, prefix="edu_bench")
    try:
        asyncio.run(run(url, args.rate, args.seconds, args.poll, nats_url))
    finally:
        drop_test_database(server, url)


if __name__ == "__main__":
    main()
