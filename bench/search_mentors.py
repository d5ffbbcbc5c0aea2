"""Mentor search latency: the HTTP API next to the same query run as raw SQL.

Seeds N verified mentors (default 10,000) with topics, languages and rates into a fresh
database, serves the real app with uvicorn, and times typical searches both ways.

    uv run python bench/search_mentors.py [--mentors 10000] [--runs 200]

The server is ``EDU_BENCH_DATABASE_URL`` (a server URL; a database is created and dropped on
it), else ``EDU_TEST_DATABASE_URL``, else the embedded PostgreSQL.
"""

import argparse
import asyncio
import json
import os
import random
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

from adapters.container import build_container
from adapters.db.engine import build_engine
from adapters.db.connections import Database
from adapters.db.mentor_search import PostgresMentorSearch, load_rates, search_statement
from adapters.http.app import create_app
from adapters.settings import Settings
from edu_core.domain.pagination import PageRequest
from edu_core.ports.mentors import MentorSearchCriteria, MentorSort
from tests.support.database import (
    create_test_database,
    drop_test_database,
    server_url,
)
from tests.support.live_server import live_server
from figures import pct  # bench/ is the script's folder

FIRST = ["Amara", "Lukas", "Priya", "Daniel", "Mei", "Sofia", "Omar", "Elena", "Kenji", "Ana",
         "Noah", "Fatima", "Ivan", "Chloe", "Ravi", "Ingrid", "Tariq", "Lucia", "Jonas", "Aisha"]
LAST = ["Okafor", "Becker", "Raman", "Reyes", "Lin", "Rossi", "Haddad", "Petrova", "Tanaka",
        "Silva", "Schmidt", "Khan", "Novak", "Dubois", "Iyer", "Larsen", "Aziz", "Moreno"]
WORDS = ["physics", "calculus", "algebra", "chemistry", "biology", "olympiad", "exam",
         "mechanics", "kinematics", "organic", "statistics", "geometry", "patient", "engineer",
         "university", "lecturer", "coach", "IB", "A-level", "SAT", "experiments", "proofs"]
LANGS = ["en", "de", "fr", "es", "hi", "zh", "ar", "pt", "ru", "ja"]
CURRENCIES = ["EUR", "USD", "GBP", "INR"]

QUERIES: list[tuple[str, dict[str, object], MentorSearchCriteria]] = []
SLOT_QUERIES: list[tuple[str, dict[str, object], MentorSearchCriteria]] = []


def _queries(subject_slug: str, subject_id: uuid.UUID, topic_slug: str,
             topic_id: uuid.UUID) -> None:
    tomorrow = (datetime.now(UTC).date() + timedelta(days=1)).isoformat()
    QUERIES.extend([
        ("best match (default)", {}, MentorSearchCriteria()),
        ("no filter, by rating", {"sort": "rating"},
         MentorSearchCriteria(sort=MentorSort.RATING)),
        ("subject", {"subject": subject_slug}, MentorSearchCriteria(subject_id=subject_id)),
        ("topic + language", {"topic": topic_slug, "language": "de"},
         MentorSearchCriteria(topic_id=topic_id, language="de")),
        ("full text", {"q": "olympiad physics"},
         MentorSearchCriteria(text="olympiad physics")),
        ("name with a typo", {"q": "Priya Ramn"}, MentorSearchCriteria(text="Priya Ramn")),
        ("price range, cheapest", {"currency": "EUR", "min_price": 2000, "max_price": 6000,
                                   "sort": "price"},
         MentorSearchCriteria(currency="EUR", min_rate_cents=2000, max_rate_cents=6000,
                              sort=MentorSort.PRICE)),
        ("JPY viewer, dearest", {"currency": "JPY", "sort": "price_desc"},
         MentorSearchCriteria(currency="JPY", sort=MentorSort.PRICE_DESC)),
    ])
    # Free-slot filters run on availability rows after the SQL; the "SQL" column for them is
    # only the SQL part (matching ids), so the difference is the slot expansion.
    SLOT_QUERIES.extend([
        ("topic + free tomorrow 18-20 NY", {"topic": topic_slug,
                                           "free_from": f"{tomorrow}T18:00:00-05:00",
                                           "free_to": f"{tomorrow}T20:00:00-05:00"},
         MentorSearchCriteria(topic_id=topic_id)),
        ("subject, soonest", {"subject": subject_slug, "sort": "soonest"},
         MentorSearchCriteria(subject_id=subject_id, sort=MentorSort.SOONEST)),
    ])


async def seed(url: str, mentors: int) -> tuple[str, uuid.UUID, str, uuid.UUID]:
    conn = await asyncpg.connect(url)
    rng = random.Random(7)
    now = datetime.now(UTC)
    try:
        subjects = []
        topic_rows = []
        for s in range(4):
            sid = uuid.uuid4()
            subjects.append((sid, f"subject-{s}", f"Subject {s}", "", s))
            for c in range(3):
                cid = uuid.uuid4()
                await conn.execute("insert into subjects values($1,$2,$3,$4,$5) "
                                   "on conflict do nothing", *subjects[-1])
                await conn.execute("insert into chapters values($1,$2,$3,$4,$5)",
                                   cid, sid, f"chapter-{c}", f"Chapter {c}", c)
                for t in range(5):
                    topic_rows.append((uuid.uuid4(), cid, f"topic-{s}-{c}-{t}",
                                       f"Topic {s}.{c}.{t}", "", t))
        await conn.executemany("insert into topics values($1,$2,$3,$4,$5,$6)", topic_rows)
        users, profiles, links = [], [], []
        for i in range(mentors):
            uid = uuid.uuid4()
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            users.append((uid, f"mentor{i}@bench.example", name, "mentor", "active", "x", "UTC",
                          now, now, 1))
            headline = " ".join(rng.sample(WORDS, 3)).capitalize() + " tutor"
            bio = " ".join(rng.choice(WORDS) for _ in range(40))
            profiles.append((uid, "verified", headline, bio, rng.sample(LANGS, 2),
                             rng.choice(["Europe/Berlin", "America/New_York", "Asia/Kolkata"]),
                             rng.randrange(1500, 12000, 500), rng.choice(CURRENCIES), now, now,
                             now, round(rng.uniform(3, 5), 2), rng.randrange(0, 80)))
            links += [(uid, t[0]) for t in rng.sample(topic_rows, 3)]
        await conn.copy_records_to_table(
            "users", records=users,
            columns=["id", "email", "display_name", "role", "status", "password_hash",
                     "timezone", "created_at", "updated_at", "version"])
        await conn.copy_records_to_table(
            "mentor_profiles", records=profiles,
            columns=["user_id", "status", "headline", "bio", "languages", "timezone",
                     "hourly_rate_cents", "currency", "verified_at", "created_at",
                     "updated_at", "rating_avg", "rating_count"])
        await conn.copy_records_to_table("mentor_topics", records=links,
                                         columns=["mentor_id", "topic_id"])
        calendars = []
        for uid, *_rest in profiles:
            start = rng.choice([8, 9, 14, 17, 18])
            days = rng.sample(range(7), rng.randint(2, 5))
            weekly = [{"weekday": d, "start": f"{start:02d}:00", "end": f"{start + 3:02d}:00"}
                      for d in sorted(days)]
            calendars.append((uid, _rest[4], [30, 60], 0, 60, 60, json.dumps(weekly), "[]",
                              1, now))
        await conn.copy_records_to_table(
            "mentor_availability", records=calendars,
            columns=["mentor_id", "timezone", "session_lengths", "buffer_minutes",
                     "min_notice_minutes", "horizon_days", "weekly", "overrides", "version",
                     "updated_at"])
        await conn.execute("analyze")
        topic = topic_rows[0]
        return subjects[0][1], subjects[0][0], topic[2], topic[0]
    finally:
        await conn.close()


async def time_sql(url: str, runs: int) -> dict[str, list[float]]:
    engine = build_engine(url, pool_size=2)
    results: dict[str, list[float]] = {}
    database = Database(engine)
    async with database.session() as conn:
        rates = await load_rates(conn)
        for label, _, criteria in QUERIES:
            count, rows = search_statement(criteria, PageRequest(1, 20), rates)
            samples = []
            for _ in range(runs):
                started = time.perf_counter()
                await conn.execute(count)
                (await conn.execute(rows)).all()
                samples.append((time.perf_counter() - started) * 1000)
            results[label] = samples
        search = PostgresMentorSearch(database)
        for label, _, criteria in SLOT_QUERIES:
            samples = []
            for _ in range(runs):
                started = time.perf_counter()
                await search.matching_ids(criteria, 5000)
                samples.append((time.perf_counter() - started) * 1000)
            results[label] = samples
    await engine.dispose()
    return results


def time_http(base_url: str, runs: int) -> dict[str, list[float]]:
    results: dict[str, list[float]] = {}
    # Generous: on a busy machine the slot-based sorts can take seconds.
    with httpx.Client(base_url=base_url, timeout=120) as client:
        for label, params, _ in [*QUERIES, *SLOT_QUERIES]:
            samples = []
            for _ in range(runs):
                started = time.perf_counter()
                response = client.get("/api/v1/mentors", params={**params, "page_size": 20})
                samples.append((time.perf_counter() - started) * 1000)
                response.raise_for_status()
            results[label] = samples
            print(f"  {label}: {response.json()['total']} matches", file=sys.stderr)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentors", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    if bench_server := os.environ.get("EDU_BENCH_DATABASE_URL"):
        os.environ["EDU_TEST_DATABASE_URL"] = bench_server
    server = server_url()
    url = create_test_database(server, prefix="edu_bench")
    try:
        started = time.perf_counter()
        _queries(*asyncio.run(seed(url, args.mentors)))
        print(f"seeded {args.mentors} mentors in {time.perf_counter() - started:.1f} s",
              file=sys.stderr)
        with tempfile.TemporaryDirectory() as var:
            settings = Settings(_env_file=None, var_dir=Path(var), log_level="WARNING",  # type: ignore[call-arg]
                                rate_limit_public="1000000/60", database_pool_size=5)
            app = create_app(settings, container=build_container(settings, url))
            with live_server(app) as base_url:
                http = time_http(base_url, args.runs)
        sql = asyncio.run(time_sql(url, args.runs))
    finally:
        drop_test_database(server, url)
    print(f"\nmentor search, {args.mentors} verified mentors, {args.runs} runs per query "
          "(milliseconds; SQL = count + page query on one connection)")
    print(f"{'query':<32} {'HTTP p50':>9} {'HTTP p95':>9} {'SQL p50':>8} {'SQL p95':>8} "
          f"{'overhead p50':>13}")
    for label, _, _ in [*QUERIES, *SLOT_QUERIES]:
        h, s = http[label], sql[label]
        print(f"{label:<32} {statistics.median(h):9.2f} {pct(h, 95):9.2f} "
              f"{statistics.median(s):8.2f} {pct(s, 95):8.2f} "
              f"{statistics.median(h) - statistics.median(s):13.2f}")


if __name__ == "__main__":
    main()
