"""Booking under contention: many students racing for one slot, through the HTTP API.

Starts ``edu serve`` on a fresh database (``EDU_BENCH_DATABASE_URL`` or
``EDU_TEST_DATABASE_URL``, else the embedded PostgreSQL), with one verified mentor available
around the clock and STUDENTS signed-in students, then:

1. ROUNDS rounds: every student asks for the same slot at once. Each round must end with
   exactly one 201, the rest 409, no 5xx, and one session taking the slot.
2. One round of overlapping requests of different lengths (30, 60 and 90 minutes starting
   every 30 minutes): no two sessions that take their range may overlap.
3. Throughput: every student books a different slot at once; distinct bookings per second and
   the p50/p95 latency of the booking request.

    uv run python bench/booking_race.py [--students 200] [--rounds 20]
"""

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from adapters.cli.demo import DEMO
from adapters.container import build_container, shutdown
from adapters.settings import Settings
from edu_core.application.actors import Actor
from edu_core.domain.identity import Role
from edu_core.domain.mentors import MentorProfile, VerificationDocument
from tests.support.database import create_test_database, drop_test_database, server_url
from tests.support.nats import nats_server_url

# bench/ is the script's folder
from figures import pct
from serving import edu, free_port, running

PASSWORD = "bench password 123"  # throwaway accounts in a throwaway database


async def seed(url: str, var: Path, students: int) -> tuple[uuid.UUID, str, list[str]]:
    settings = Settings(_env_file=None, var_dir=var, bcrypt_rounds=4)  # type: ignore[call-arg]
    container = build_container(settings, url)
    admin = container.identity.admin()
    await container.catalog().import_document(DEMO, {"subjects": [{
        "name": "Optics", "slug": "optics", "chapters": [{"name": "Lenses", "topics": [
            {"name": "Lenses", "slug": "lenses"}]}]}]})
    topic = (await container.catalog().tree())[0].chapters[0].topics[0]
    mentor = await admin.create_user(Actor(None), email="mentor@example.org", password=PASSWORD,
                                     display_name="Race Mentor", role=Role.MENTOR,
                                     email_verified=True)
    now = datetime.now(UTC)
    profile = MentorProfile.start(mentor.id, timezone="UTC", now=now)
    profile.update_profile(now, headline="Optics", bio="Lenses.", languages=["en"],
                           hourly_rate_cents=6000, currency="EUR")
    profile.set_topics([topic.id], now)
    profile.add_document(VerificationDocument(blob_key="verification_document/aa/x",
                                              filename="d.pdf", content_type="application/pdf",
                                              size=10, uploaded_at=now), now)
    profile.submit(now)
    profile.verify(now)
    async with container.uow()() as uow:
        await uow.mentors.save(profile)
        await uow.commit()
    emails = [f"student{i}@example.org" for i in range(students)]
    for email in emails:
        await admin.create_user(Actor(None), email=email, password=PASSWORD,
                                display_name="Student", role=Role.STUDENT, email_verified=True)
    await shutdown(container)
    return mentor.id, "mentor@example.org", emails


async def token(client: httpx.AsyncClient, email: str) -> str:
    answer = await client.post("/api/v1/auth/login", json={
        "email": email, "password": PASSWORD, "mode": "token"})
    answer.raise_for_status()
    return str(answer.json()["access_token"])


async def race(base: str, url: str, mentor_id: uuid.UUID, mentor_email: str,
               emails: list[str], rounds: int) -> None:
    # Idle connections are dropped before the server's keep-alive (5 s) ends them: a request
    # sent on a connection the server is closing at that moment fails with a read error.
    limits = httpx.Limits(max_connections=len(emails) + 10, keepalive_expiry=1)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
        mentor = {"Authorization": f"Bearer {await token(client, mentor_email)}"}
        week = [{"weekday": d, "start": "00:00", "end": "00:00"} for d in range(7)]
        (await client.put("/api/v1/mentor/availability", headers=mentor, json={
            "version": 1, "timezone": "UTC", "session_lengths": [30, 60, 90],
            "buffer_minutes": 0, "min_notice_minutes": 0, "horizon_days": 60,
            "weekly": week, "overrides": []})).raise_for_status()
        (await client.put("/api/v1/mentor/booking-terms", headers=mentor, json={
            "free_until_hours": 24, "late_refund_percent": 50, "max_sessions_per_day": 24,
            "trial_minutes": None})).raise_for_status()
        students = [{"Authorization": f"Bearer {t}"}
                    for t in await asyncio.gather(*(token(client, e) for e in emails))]

        async def book(auth: dict[str, str], start: datetime,
                       minutes: int = 60) -> tuple[int, float]:
            began = time.perf_counter()
            answer = await client.post("/api/v1/bookings", headers=auth, json={
                "mentor_id": str(mentor_id), "starts_at": start.isoformat(),
                "minutes": minutes})
            return answer.status_code, (time.perf_counter() - began) * 1000

        first_day = (datetime.now(UTC) + timedelta(days=2)).replace(
            hour=0, minute=0, second=0, microsecond=0)
        connection = await asyncpg.connect(url)
        try:
            bad_rounds = 0
            for n in range(rounds):
                slot = first_day + timedelta(hours=n)
                outcomes = await asyncio.gather(*(book(a, slot) for a in students))
                codes = [c for c, _ in outcomes]
                rows = await connection.fetchval(
                    "select count(*) from mentoring_sessions where starts_at = $1 and status "
                    "in ('held', 'awaiting_payment', 'confirmed')", slot)
                ok = codes.count(201) == 1 and codes.count(409) == len(codes) - 1 and rows == 1
                bad_rounds += not ok
                print(f"round {n + 1:2}: 201 x{codes.count(201)}  409 x{codes.count(409)}  "
                      f"5xx x{sum(c >= 500 for c in codes)}  sessions {rows}"
                      f"{'' if ok else '  <- WRONG'}")
            print(f"contended rounds: {rounds - bad_rounds}/{rounds} correct")

            day = first_day + timedelta(days=1)
            overlapping = [(a, day + timedelta(minutes=30 * (i % 8)), (30, 60, 90)[i % 3])
                           for i, a in enumerate(students)]
            await asyncio.gather(*(book(a, s, m) for a, s, m in overlapping))
            clashes = await connection.fetchval(
                "select count(*) from mentoring_sessions a join mentoring_sessions b "
                "on a.mentor_id = b.mentor_id and a.id < b.id and "
                "tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at) "
                "where a.status in ('held', 'awaiting_payment', 'confirmed') "
                "and b.status in ('held', 'awaiting_payment', 'confirmed')")
            print(f"overlapping lengths: {clashes} overlapping pairs (must be 0)")

            base_day = first_day + timedelta(days=3)
            distinct = [(a, base_day + timedelta(hours=i)) for i, a in enumerate(students)]
            began = time.perf_counter()
            timed = await asyncio.gather(*(book(a, s) for a, s in distinct))
            elapsed = time.perf_counter() - began
            made = sum(c == 201 for c, _ in timed)
            latencies = [ms for _, ms in timed]
            print(f"distinct slots: {made}/{len(distinct)} booked in {elapsed:.2f} s = "
                  f"{made / elapsed:.1f} bookings/s; request p50 "
                  f"{statistics.median(latencies):.0f} ms, p95 {pct(latencies, 95):.0f} ms")
        finally:
            await connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    server = os.environ.get("EDU_BENCH_DATABASE_URL") or server_url()
    url = create_test_database(server, prefix="edu_bench")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            mentor_id, mentor_email, emails = asyncio.run(seed(url, Path(tmp), args.students))
            port = free_port()
            env = {**os.environ, "EDU_DATABASE_URL": url, "EDU_VAR_DIR": tmp,
                   "EDU_LOG_LEVEL": "WARNING", "EDU_RATE_LIMIT_AUTH": "100000/60",
                   "EDU_RATE_LIMIT_PUBLIC": "100000/60", "EDU_BCRYPT_ROUNDS": "4",
                   "EDU_PUBLIC_URL": f"http://127.0.0.1:{port}",
                   "EDU_NATS_URL": os.environ.get("EDU_NATS_URL") or nats_server_url()}
            with running(edu("serve", "--port", str(port)), env, port):
                print(f"{args.students} students, {args.rounds} rounds, one edu serve process")
                asyncio.run(race(f"http://127.0.0.1:{port}", url, mentor_id, mentor_email,
                                 emails, args.rounds))
    finally:
        drop_test_database(server, url)


if __name__ == "__main__":
    main()
