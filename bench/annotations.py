"""Annotation saves on a crowded page: PUT latency with 5,000 strokes already on the page.

A fresh database; a mentor uploads a one-page A4 PDF, makes a handwritten item of it and an
admin approves it. A student then covers the page with STROKES pen strokes (default 5,000) in
annotations of 20 strokes of 40 points each (as autosave sends them: a few strokes at a time),
through the HTTP API. Then, RUNS times each (default 200):

- save new: PUT of a new 20-stroke annotation (the page holds 5,000+ strokes);
- save again: the same PUT repeated (offline sync retrying: answered without a write);
- replace: PUT of changed strokes over an existing annotation;
- list the page: GET of the student's annotations on that page (every stroke on it).

The app runs under uvicorn in this process, on the same two cores as the client and
PostgreSQL. The write rate limit (300 a minute per person) is raised for the run: it guards
the service, and the bench measures the save itself.

    uv run python bench/annotations.py [--strokes 5000] [--runs 200]

The server is ``EDU_BENCH_DATABASE_URL`` (a server URL; a database is created and dropped on
it), else ``EDU_TEST_DATABASE_URL``, else the embedded PostgreSQL.
"""

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from adapters.cli.demo import DEMO
from adapters.container import build_container
from adapters.http.app import create_app
from edu_core.application import handwritten
from edu_core.domain.identity import Role
from edu_core.ports.rate_limit import RateRule
from tests.integration.helpers import PASSWORD, make_mentor, make_user
from tests.support.handwritten_files import pdf_pages
from figures import bench_database, pct  # bench/ is the script's folder
from tests.support.live_server import live_server

STROKES_PER_ANNOTATION = 20
POINTS_PER_STROKE = 40
WIDTH, HEIGHT = 595.0, 842.0


def strokes(rng: random.Random) -> list[list[list[float]]]:
    """Pen strokes that wander like handwriting, inside the page."""
    drawn = []
    for _ in range(STROKES_PER_ANNOTATION):
        x, y = rng.uniform(20, WIDTH - 20), rng.uniform(20, HEIGHT - 20)
        points = []
        for _ in range(POINTS_PER_STROKE):
            x = min(WIDTH, max(0.0, x + rng.uniform(-3, 3)))
            y = min(HEIGHT, max(0.0, y + rng.uniform(-2, 2)))
            points.append([round(x, 2), round(y, 2), round(rng.uniform(0.2, 0.9), 3)])
        drawn.append(points)
    return drawn


def ink(rng: random.Random) -> dict[str, Any]:
    return {"motivation": "sketching", "color": "#1d4ed8", "visibility": "private",
            "target": {"page": 1, "selector": {"type": "InkSelector", "width": 2.0,
                                               "strokes": strokes(rng)}}}


async def login(client: httpx.AsyncClient, email: str) -> dict[str, str]:
    response = await client.post("/api/v1/auth/login", json={
        "email": email, "password": PASSWORD, "mode": "token"})
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def prepare(container: Any) -> dict[str, str]:
    await container.catalog().import_document(DEMO, {"subjects": [{
        "name": "Physics", "slug": "physics", "chapters": [{
            "name": "Mechanics", "topics": [{"name": "Energy", "slug": "energy"}]}]}]})
    topic = (await container.catalog().tree())[0].chapters[0].topics[0]
    mentor = await make_mentor(container, "Bench Mentor", headline="Physics", bio="Bench.",
                               topics=[str(topic.id)], languages=["en"], rate=4000)
    admin = await make_user(container, Role.ADMIN)
    student = await make_user(container, Role.STUDENT)
    # The server runs on another event loop: connections made on this one cannot follow.
    await container.engine().dispose()
    return {"topic": str(topic.id), "mentor": mentor.email, "admin": admin.email,
            "student": student.email}


async def measure(base_url: str, people: dict[str, str], total_strokes: int,
                  runs: int) -> dict[str, list[float]]:
    rng = random.Random(7)
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
        mentor = await login(client, people["mentor"])
        admin = await login(client, people["admin"])
        student = await login(client, people["student"])
        document = (await client.post("/api/v1/handwritten/documents", headers=mentor, files=[
            ("files", ("a4.pdf", pdf_pages((WIDTH, HEIGHT)), "application/pdf"))])).json()
        item = (await client.post("/api/v1/mentor/content", headers=mentor, json={
            "topic_id": people["topic"], "kind": "handwritten", "title": "Bench notes",
            "body": {"kind": "handwritten", "document_id": document["id"]}})).json()
        (await client.post(f"/api/v1/mentor/content/{item['id']}/submit",
                           headers=mentor)).raise_for_status()
        (await client.post(f"/api/v1/admin/content/{item['id']}/approve", headers=admin,
                           json={"version": 1})).raise_for_status()
        base = f"/api/v1/content/{item['id']}/annotations"

        async def put(annotation_id: str, body: dict[str, Any]) -> float:
            started = time.perf_counter()
            response = await client.put(f"{base}/{annotation_id}", headers=student, json=body)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code not in (200, 201):
                raise RuntimeError(response.text)
            return elapsed

        started = time.perf_counter()
        seeded = []
        for _ in range(total_strokes // STROKES_PER_ANNOTATION):
            annotation_id, body = str(uuid.uuid4()), ink(rng)
            await put(annotation_id, body)
            seeded.append((annotation_id, body))
        print(f"seeded {total_strokes:,} strokes in {len(seeded)} annotations in "
              f"{time.perf_counter() - started:.1f} s", file=sys.stderr)

        results: dict[str, list[float]] = {"save new": [], "save again": [], "replace": [],
                                           "list the page": []}
        for _ in range(runs):
            annotation_id, body = str(uuid.uuid4()), ink(rng)
            results["save new"].append(await put(annotation_id, body))
            results["save again"].append(await put(annotation_id, body))
            target, _ = rng.choice(seeded)
            results["replace"].append(await put(target, ink(rng)))
            started = time.perf_counter()
            listed = await client.get(base, headers=student, params={"on_page": 1})
            results["list the page"].append((time.perf_counter() - started) * 1000)
            listed.raise_for_status()
        return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strokes", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    handwritten.ANNOTATION_WRITES_PER_MINUTE = RateRule(1_000_000, 60)
    with bench_database() as (url, settings):
        container = build_container(settings, url)
        people = asyncio.run(prepare(container))
        with live_server(create_app(settings, container=container)) as base_url:
            results = asyncio.run(measure(base_url, people, args.strokes, args.runs))
    body_kb = len(str(ink(random.Random(1)))) / 1024
    print(f"\nannotation saves with {args.strokes:,} strokes on the page "
          f"({STROKES_PER_ANNOTATION} strokes x {POINTS_PER_STROKE} points a save, "
          f"~{body_kb:.0f} KB of JSON); {args.runs} runs each, {os.cpu_count()} cores")
    print(f"{'case':<16} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for case, values in results.items():
        print(f"{case:<16} {statistics.median(values):8.1f} {pct(values, 95):8.1f} "
              f"{max(values):8.1f}")


if __name__ == "__main__":
    main()
