"""Mentor dashboard latency: every API call the dashboard page makes, for a mentor with 500
students and 300 items.

A fresh database. One mentor writes ITEMS items (default 300: four in five questions, the rest
notes) over 10 topics, all approved, and groups them into 5 published courses of 60. STUDENTS
learners (default 500) enrol in one to three of them over the last 90 days and work through
them as learners do: each reaches a different depth of each course, answers the questions on
the way (whether the first answer is right depends on the learner's ability and the
question's difficulty, and a wrong one is usually tried again), marks notes done, and studies
every item they reach on a few days (study time). A fifth of the learners stopped weeks ago;
some got worse lately. Items, courses and users are made by the domain and saved by the
repositories; the learning traces are written with COPY, as the app would have stored them.

The real app is served with uvicorn in this process (on the machine's cores with the client
and PostgreSQL) and the mentor's dashboard calls are made RUNS times each (default 100): the
analytics overview, the item table (hardest first), the student table (at risk first), the
teaching summary, the earnings, the week's sessions; and the pages one click away: an item's
detail, a student's detail, a course's funnel.

    uv run python bench/dashboard.py [--students 500] [--items 300] [--runs 100]

The server is ``EDU_BENCH_DATABASE_URL`` (a server URL; a database is created and dropped on
it), else ``EDU_TEST_DATABASE_URL``, else the embedded PostgreSQL.
"""

import argparse
import asyncio
import math
import os
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from adapters.cli.demo import DEMO
from adapters.container import build_container
from adapters.http.app import create_app
from edu_core.domain.content import ContentItem
from edu_core.domain.courses import Course, Enrolment
from edu_core.domain.identity import Role, User
from tests.integration.helpers import PASSWORD, make_mentor
from figures import bench_database, pct  # bench/ is the script's folder
from tests.support.live_server import live_server

COURSES = 5
TOPICS = 10
NOW = datetime.now(UTC).replace(microsecond=0)
QUESTION = {"kind": "question", "type": "single_choice", "prompt": "<p>Pick one.</p>",
            "choices": [{"id": "a", "text": "first"}, {"id": "b", "text": "second"},
                        {"id": "c", "text": "third"}, {"id": "d", "text": "fourth"}],
            "correct": ["b"]}


async def prepare(container: Any, url: str, students: int, items: int, rng: random.Random
                  ) -> dict[str, Any]:
    await container.catalog().import_document(DEMO, {"subjects": [{
        "name": "Physics", "slug": "physics", "chapters": [{
            "name": "Mechanics", "topics": [{"name": f"Topic {i}", "slug": f"topic-{i}"}
                                            for i in range(TOPICS)]}]}]})
    topics = (await container.catalog().tree())[0].chapters[0].topics
    mentor = await make_mentor(container, "Bench Mentor", headline="Physics", bio="Bench.",
                               topics=[str(t.id) for t in topics], languages=["en"],
                               rate=4000)
    uow = container.uow()
    made: list[ContentItem] = []
    async with uow() as work:
        for i in range(items):
            kind = "note" if i % 5 == 4 else "question"
            body = {"html": f"<p>Lesson {i}</p>"} if kind == "note" else {
                k: v for k, v in QUESTION.items() if k != "kind"}
            item = ContentItem.create(topic_id=topics[i % TOPICS].id, mentor_id=mentor.id,
                                      kind=kind, title=f"{kind.title()} {i}", body=body,
                                      author_id=mentor.id, now=NOW - timedelta(days=120))
            item.submit(NOW - timedelta(days=120))
            item.approve(version=1, reviewer_id=None, now=NOW - timedelta(days=120))
            await work.content.save(item)
            made.append(item)
        await work.commit()
    per_course = items // COURSES
    courses = []
    async with uow() as work:
        for c in range(COURSES):
            course = Course.create(mentor_id=mentor.id, title=f"Course {c}",
                                   now=NOW - timedelta(days=100),
                                   item_ids=[x.id for x in made[c * per_course:
                                                                (c + 1) * per_course]])
            course.publish(live_count=per_course, now=NOW - timedelta(days=100))
            await work.courses.save(course)
            courses.append(course)
        await work.commit()
    learners = []
    async with uow() as work:
        for s in range(students):
            user = User.register(email=f"learner{s}@bench.example", display_name=f"Learner {s}",
                                 role=Role.STUDENT, password_hash="x", timezone="Europe/Paris",
                                 now=NOW - timedelta(days=100))
            work.users.add(user)
            learners.append(user)
        await work.commit()

    attempts: list[tuple[Any, ...]] = []
    completions: list[tuple[Any, ...]] = []
    study: dict[tuple[Any, Any, Any], int] = {}
    difficulty = {x.id: rng.gauss(0, 1) for x in made}
    enrolments = []
    for user in learners:
        ability = rng.gauss(0, 1)
        stopped = rng.random() < 0.2  # gone quiet weeks ago
        slipping = rng.random() < 0.1  # answers worse lately
        for course in rng.sample(courses, rng.randint(1, 3)):
            joined = NOW - timedelta(days=rng.uniform(20, 90))
            enrolments.append(Enrolment(user_id=user.id, course_id=course.id,
                                        enrolled_at=joined))
            end = joined + (NOW - joined) * (rng.uniform(0.1, 0.4) if stopped else 1)
            depth = int(len(course.item_ids) * rng.betavariate(2, 2))
            reached = course.item_ids[:depth]
            for n, item_id in enumerate(reached):
                at = joined + (end - joined) * (n + 1) / (depth + 1)
                item = next(x for x in made if x.id == item_id)
                late = (NOW - at) < timedelta(days=14)
                skill = ability - (1.5 if slipping and late else 0)
                for _ in range(rng.randint(1, 3)):  # study on a few days
                    day = (at - timedelta(days=rng.randint(0, 2))).date()
                    study[user.id, day, item_id] = study.get((user.id, day, item_id), 0) + \
                        rng.randint(30, 900)
                if item.kind == "note":
                    completions.append((user.id, item_id, at))
                    continue
                tries = 0
                while True:
                    p_right = 1 / (1 + math.exp(difficulty[item_id] - skill))
                    right = rng.random() < p_right
                    choice = "b" if right else rng.choice("aacd")
                    attempts.append((uuid.uuid4(), item_id, 1, user.id,
                                     f'{{"choice": "{choice}"}}', right,
                                     rng.randint(5_000, 120_000),
                                     at + timedelta(minutes=tries), 0, False))
                    tries += 1
                    if right or tries >= 3 or rng.random() < 0.3:
                        break
    async with uow() as work:
        for enrolment in enrolments:
            await work.courses.enrol(enrolment)
        await work.commit()
    connection = await asyncpg.connect(url)
    try:
        await connection.copy_records_to_table(
            "content_attempts", records=attempts,
            columns=["id", "item_id", "version", "user_id", "answer", "correct",
                     "time_taken_ms", "created_at", "hints_used", "solution_shown"])
        await connection.copy_records_to_table(
            "content_completions", records=list({(u, i): (u, i, at) for u, i, at
                                                 in completions}.values()),
            columns=["user_id", "item_id", "completed_at"])
        await connection.copy_records_to_table(
            "study_time", records=[(u, d, i, s, datetime.combine(d, datetime.min.time(), UTC))
                                   for (u, d, i), s in study.items()],
            columns=["user_id", "day", "item_id", "seconds", "last_at"])
        await connection.execute("ANALYZE")
    finally:
        await connection.close()
    print(f"seeded {items} items in {COURSES} courses, {students} learners, "
          f"{len(enrolments)} enrolments, {len(attempts):,} answers, "
          f"{len(completions):,} notes done, {len(study):,} study rows", file=sys.stderr)
    # The server runs on another event loop: connections made on this one cannot follow.
    await container.engine().dispose()
    return {"mentor": mentor.email, "item": str(made[0].id), "course": str(courses[0].id),
            "student": str(learners[0].id)}


async def measure(base_url: str, seeded: dict[str, Any], runs: int
                  ) -> dict[str, list[float]]:
    async with httpx.AsyncClient(base_url=base_url, timeout=120) as client:
        login = await client.post("/api/v1/auth/login", json={
            "email": seeded["mentor"], "password": PASSWORD, "mode": "token"})
        login.raise_for_status()
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        week = NOW - timedelta(days=NOW.weekday())
        calls: dict[str, tuple[str, dict[str, Any]]] = {
            "analytics overview": ("/api/v1/mentor/analytics/overview", {}),
            "items, hardest first": ("/api/v1/mentor/analytics/items",
                                     {"order": "hardest", "page_size": 10}),
            "students, at risk first": ("/api/v1/mentor/analytics/students",
                                        {"page_size": 10}),
            "teaching summary": ("/api/v1/mentor/courses/summary", {}),
            "earnings": ("/api/v1/mentor/earnings", {}),
            "week's sessions": ("/api/v1/bookings", {
                "when": "all", "from": week.isoformat(),
                "to": (week + timedelta(days=7)).isoformat(), "page_size": 100}),
            "item detail": (f"/api/v1/mentor/analytics/items/{seeded['item']}", {}),
            "student detail": (f"/api/v1/mentor/analytics/students/{seeded['student']}", {}),
            "course funnel": (f"/api/v1/mentor/analytics/courses/{seeded['course']}", {}),
        }
        results: dict[str, list[float]] = {name: [] for name in calls}
        for run in range(runs + 3):
            for name, (path, params) in calls.items():
                started = time.perf_counter()
                response = await client.get(path, headers=headers, params=params)
                elapsed = (time.perf_counter() - started) * 1000
                response.raise_for_status()
                if run >= 3:  # warm-up
                    results[name].append(elapsed)
        overview = (await client.get("/api/v1/mentor/analytics/overview",
                                     headers=headers)).json()
        print(f"the mentor's overview: {overview['students']} students, {overview['at_risk']} "
              f"at risk, {overview['items']} items, {overview['attempts']:,} answers",
              file=sys.stderr)
        return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=500)
    parser.add_argument("--items", type=int, default=300)
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    with bench_database() as (url, settings):
        container = build_container(settings, url)
        seeded = asyncio.run(prepare(container, url, args.students, args.items,
                                     random.Random(11)))
        with live_server(create_app(settings, container=container)) as base_url:
            results = asyncio.run(measure(base_url, seeded, args.runs))
    print(f"\nmentor dashboard, {args.students} students and {args.items} items; "
          f"{args.runs} runs of each call, {os.cpu_count()} cores")
    print(f"{'call':<26} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for call, values in results.items():
        print(f"{call:<26} {statistics.median(values):8.1f} {pct(values, 95):8.1f} "
              f"{max(values):8.1f}")


if __name__ == "__main__":
    main()
