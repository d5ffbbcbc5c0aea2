"""Leaderboards at scale: a mentor's weekly board and a league page, and the week's close.

A fresh database gets LEARNERS learners (default 100,000), 200 mentors (a few with most of the
students: mentor picks are skewed), 20 subjects and EVENTS XP awards (default 5,000,000) spread
over the last eight weeks, generated in the database with ``generate_series`` (foreign-key
triggers off for the bulk load only), and the running totals the platform keeps next to the
ledger (progress, mentor weeks, subject totals, league seats for this week and the last) built
from it with set-based SQL. One learner who signs in earns XP through the real award path
and sits on the busiest mentor's board and in a league. Then, RUNS times each (default 200):

- mentor board: GET of the busiest mentor's board this week, first page of 50, as that learner;
- league page: GET of the learner's league this week;

each next to the same page's main SQL sent straight to PostgreSQL. Last, the close of last
week's leagues (every learner seated, ranked, promoted or demoted, reseated for this week) is
timed, and closing it again.

The app runs under uvicorn in this process, on the same two cores as the client and
PostgreSQL.

    uv run python bench/leaderboard.py [--learners 100000] [--events 5000000] [--runs 200]

The server is ``EDU_BENCH_DATABASE_URL`` (a server URL; a database is created and dropped on
it), else ``EDU_TEST_DATABASE_URL``, else the embedded PostgreSQL.
"""

import argparse
import asyncio
import os
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from adapters.container import build_container
from adapters.db.engine import to_async_url
from adapters.http.app import create_app
from edu_core.domain.gamification import Attribution, XpAward, XpSource, week_start
from edu_core.domain.identity import Role
from tests.integration.helpers import PASSWORD, make_user
from figures import bench_database, pct  # bench/ is the script's folder
from tests.support.live_server import live_server

MENTORS = 200
SUBJECTS = 20
WEEKS = 8


LEARNER = "00000000-0000-4000-8000-"
MENTOR = "00000000-0000-4000-9000-"

GENERATE = [
    """INSERT INTO users (id, email, display_name, role, status, password_hash, created_at,
                         updated_at)
       SELECT (:learner || lpad(to_hex(g), 12, '0'))::uuid, 'learner' || g || '@bench.test',
              'Learner ' || g, 'student', 'active', 'x', now(), now()
       FROM generate_series(1, :learners) g""",
    """INSERT INTO users (id, email, display_name, role, status, password_hash, created_at,
                         updated_at)
       SELECT (:mentor || lpad(to_hex(g), 12, '0'))::uuid, 'mentor' || g || '@bench.test',
              'Mentor ' || g, 'mentor', 'active', 'x', now(), now()
       FROM generate_series(1, :mentors) g""",
    """INSERT INTO subjects (id, slug, name)
       SELECT gen_random_uuid(), 'bench-' || g, 'Subject ' || g
       FROM generate_series(1, :subjects) g""",
    # The ledger, as awards would have written it. Mentors are picked with random()^3: the
    # first few teach most of the learners, as on a real platform.
    """INSERT INTO xp_ledger (user_id, source_type, source_id, amount, mentor_id, subject_id,
                             week_start, awarded_at)
       SELECT u, 'answer', g::text, amount, m, s,
              (date_trunc('week', t AT TIME ZONE 'UTC'))::date, t
       FROM (SELECT g,
                    (:learner || lpad(to_hex(1 + floor(random() * :learners)::int), 12,
                                      '0'))::uuid AS u,
                    (:mentor || lpad(to_hex(1 + floor(random() ^ 3 * :mentors)::int), 12,
                                     '0'))::uuid AS m,
                    (SELECT array_agg(id ORDER BY slug) FROM subjects)[
                       1 + floor(random() * :subjects)::int] AS s,
                    (ARRAY[5, 10, 10, 15, 25])[1 + floor(random() * 5)::int] AS amount,
                    now() - random() * make_interval(days => :days) AS t
             FROM generate_series(1, :events) g) x""",
    """INSERT INTO learner_progress (user_id, total_xp, counts, tier, updated_at)
       SELECT user_id, sum(amount), jsonb_build_object('answer', count(*)),
              1 + abs(hashtext(user_id::text)) % 5, max(awarded_at)
       FROM xp_ledger GROUP BY user_id""",
    """INSERT INTO xp_mentor_weeks (mentor_id, week_start, user_id, xp, reached_at)
       SELECT mentor_id, week_start, user_id, sum(amount), max(awarded_at)
       FROM xp_ledger GROUP BY mentor_id, week_start, user_id""",
    """INSERT INTO xp_subject_totals (subject_id, user_id, xp, reached_at)
       SELECT subject_id, user_id, sum(amount), max(awarded_at)
       FROM xp_ledger GROUP BY subject_id, user_id""",
    # This week's and last week's leagues: thirty a league, by tier and pace.
    """CREATE TEMP TABLE seated AS
       SELECT w.*, p.tier,
              (row_number() OVER (PARTITION BY w.week_start, p.tier
                                  ORDER BY w.xp DESC, w.user_id) - 1) / 30 AS grp
       FROM (SELECT user_id, week_start, sum(amount) AS xp, max(awarded_at) AS at
             FROM xp_ledger WHERE week_start >= :last_week GROUP BY user_id, week_start) w
       JOIN learner_progress p USING (user_id)""",
    """INSERT INTO leagues (id, week_start, tier, number, size)
       SELECT md5(week_start || ':' || tier || ':' || grp)::uuid, week_start, tier, grp + 1,
              count(*)
       FROM seated GROUP BY week_start, tier, grp""",
    """INSERT INTO league_members (week_start, user_id, league_id, tier, xp, reached_at)
       SELECT week_start, user_id, md5(week_start || ':' || tier || ':' || grp)::uuid, tier,
              xp, at
       FROM seated""",
]

BOARD_SQL = """
SELECT w.user_id, w.xp, w.reached_at, u.display_name, coalesce(p.total_xp, 0)
FROM xp_mentor_weeks w JOIN users u ON u.id = w.user_id
LEFT JOIN learner_progress p ON p.user_id = w.user_id
WHERE w.mentor_id = :mentor AND w.week_start = :week
  AND (p.hidden IS NULL OR p.hidden = false OR w.user_id = :viewer)
ORDER BY w.xp DESC, w.reached_at, w.user_id LIMIT 50"""

LEAGUE_SQL = """
SELECT m.user_id, m.xp, u.display_name, coalesce(p.total_xp, 0), coalesce(p.hidden, false)
FROM league_members m JOIN users u ON u.id = m.user_id
LEFT JOIN learner_progress p ON p.user_id = m.user_id
WHERE m.league_id = :league ORDER BY m.xp DESC, m.reached_at, m.user_id"""


async def generate(container: Any, url: str, learners: int, events: int) -> dict[str, Any]:
    this_week = week_start(datetime.now(UTC))
    started = time.perf_counter()
    # The app's engine stops statements after 30 s; loading millions of rows takes longer.
    loader = create_async_engine(to_async_url(url), poolclass=NullPool,
                                 connect_args={"command_timeout": None})
    async with loader.begin() as conn:
        # Bulk load only: foreign-key triggers off for the generated rows (they are valid).
        await conn.execute(text("SET LOCAL session_replication_role = replica"))
        for statement in GENERATE:
            await conn.execute(text(statement), {
                "learners": learners, "events": events, "mentors": MENTORS,
                "subjects": SUBJECTS, "days": WEEKS * 7, "learner": LEARNER,
                "mentor": MENTOR, "last_week": this_week - timedelta(days=7)})
    async with loader.connect() as conn:
        await conn.execute(text("ANALYZE"))
        busiest = (await conn.execute(text(
            "SELECT mentor_id, count(*) FROM xp_mentor_weeks WHERE week_start = :w "
            "GROUP BY mentor_id ORDER BY 2 DESC LIMIT 1"), {"w": this_week})).one()
    await loader.dispose()
    print(f"generated {learners:,} learners and {events:,} XP events with their totals in "
          f"{time.perf_counter() - started:.0f} s; the busiest mentor has {busiest[1]:,} "
          f"learners this week", file=sys.stderr)

    learner = await make_user(container, Role.STUDENT)
    service = container.gamification()
    for n in range(5):
        await service.award(XpAward.of(
            XpSource.ANSWER, f"bench-{n}", user_id=learner.id, at=datetime.now(UTC),
            attribution=Attribution(mentor_id=busiest[0])))
    league = (await service.my_league(principal_of(learner.id)))
    assert league is not None
    await container.engine().dispose()
    return {"email": learner.email, "user_id": learner.id, "mentor": busiest[0],
            "league": league.league_id, "week": this_week, "students": busiest[1]}


def principal_of(user_id: UUID) -> Any:
    from edu_core.application.actors import Principal
    from edu_core.domain.identity import Transport
    return Principal(user_id=user_id, role=Role.STUDENT, session_id=user_id,
                     transport=Transport.BEARER)


async def through_api(base_url: str, ctx: dict[str, Any], runs: int) -> dict[str, list[float]]:
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
        login = await client.post("/api/v1/auth/login", json={
            "email": ctx["email"], "password": PASSWORD, "mode": "token"})
        login.raise_for_status()
        auth = {"Authorization": f"Bearer {login.json()['access_token']}"}
        urls = {"mentor board": f"/api/v1/gamification/boards/mentors/{ctx['mentor']}"
                                "?page_size=50",
                "league page": "/api/v1/gamification/leagues/mine"}
        results: dict[str, list[float]] = {name: [] for name in urls}
        for _ in range(runs):
            for name, url in urls.items():
                started = time.perf_counter()
                response = await client.get(url, headers=auth)
                results[name].append((time.perf_counter() - started) * 1000)
                response.raise_for_status()
        return results


async def raw_sql(container: Any, ctx: dict[str, Any], runs: int) -> dict[str, list[float]]:
    results: dict[str, list[float]] = {"mentor board": [], "league page": []}
    async with container.engine().connect() as conn:
        for _ in range(runs):
            for name, sql, params in (
                    ("mentor board", BOARD_SQL, {"mentor": ctx["mentor"], "week": ctx["week"],
                                                 "viewer": ctx["user_id"]}),
                    ("league page", LEAGUE_SQL, {"league": ctx["league"]})):
                started = time.perf_counter()
                (await conn.execute(text(sql), params)).all()
                results[name].append((time.perf_counter() - started) * 1000)
    await container.engine().dispose()
    return results


async def close(container: Any, week: date) -> tuple[float, float, int]:
    async with container.engine().connect() as conn:
        seats = (await conn.execute(text(
            "SELECT count(*) FROM league_members WHERE week_start = :w"), {"w": week})
        ).scalar_one()
    service = container.gamification()
    started = time.perf_counter()
    assert await service.close_week(week)
    first = time.perf_counter() - started
    started = time.perf_counter()
    assert not await service.close_week(week)
    again = time.perf_counter() - started
    await container.engine().dispose()
    return first, again, seats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=5_000_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    with bench_database() as (url, settings):
        ctx = asyncio.run(generate(build_container(settings, url), url, args.learners,
                                   args.events))
        container = build_container(settings, url)
        with live_server(create_app(settings, container=container)) as base_url:
            api = asyncio.run(through_api(base_url, ctx, args.runs))
        raw = asyncio.run(raw_sql(build_container(settings, url), ctx, args.runs))
        first, again, seats = asyncio.run(close(build_container(settings, url),
                                                ctx["week"] - timedelta(days=7)))
    print(f"\nleaderboards with {args.learners:,} learners and {args.events:,} XP events; "
          f"the mentor's board has {ctx['students']:,} learners this week; {args.runs} runs "
          f"each, {os.cpu_count()} cores")
    print(f"{'page':<14} {'API p50 ms':>11} {'API p95 ms':>11} {'SQL p50 ms':>11} "
          f"{'SQL p95 ms':>11}")
    for name in api:
        print(f"{name:<14} {statistics.median(api[name]):11.1f} {pct(api[name], 95):11.1f} "
              f"{statistics.median(raw[name]):11.1f} {pct(raw[name], 95):11.1f}")
    print(f"week close: {seats:,} seats ranked, moved and reseated in {first:.2f} s; "
          f"closing it again {again * 1000:.0f} ms (changes nothing)")


if __name__ == "__main__":
    main()
