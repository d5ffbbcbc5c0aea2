"""Learning analytics over HTTP on PostgreSQL: study time credited by the server's clock
(tabs, forged beats, silences, time zones), a mentor's figures per question, course and
student (their own only), students at risk and the daily notice, and a learner's own page."""

import asyncio
import statistics
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from dependency_injector import providers

from adapters.cli.demo import DEMO
from adapters.container import Container, bootstrap
from adapters.http.app import create_app
from adapters.memory.fakes import FakeClock
from edu_core.application.analytics_notices import notice_id
from edu_core.domain.analytics import AtRiskScanDue, at_risk_scan_key
from edu_core.domain.identity import Role, User
from edu_core.domain.pagination import PageRequest
from tests.conftest import make_settings, serving
from tests.integration.helpers import PASSWORD, bearer, make_mentor, make_user

NOW = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
Headers = dict[str, str]
HEARTBEATS = "/api/v1/study/heartbeats"
ANALYTICS = "/api/v1/mentor/analytics"


def question(correct: str = "j") -> dict[str, Any]:
    return {"type": "single_choice", "prompt": "<p>Which unit measures energy?</p>",
            "choices": [{"id": "w", "text": "watt"}, {"id": "j", "text": "joule"},
                        {"id": "n", "text": "newton"}], "correct": [correct]}


class World:
    def __init__(self, client: httpx.AsyncClient, container: Container, clock: FakeClock,
                 topics: list[Any]) -> None:
        self.client, self.container, self.clock, self.topics = client, container, clock, topics
        self.admin: Headers = {}

    async def mentor(self, name: str) -> tuple[User, Headers]:
        user = await make_mentor(self.container, name, headline="Physics", bio="Teacher.",
                                 topics=[str(t.id) for t in self.topics], languages=["en"],
                                 rate=4000)
        return user, await bearer(self.client, user.email)

    async def student(self, timezone: str = "UTC") -> tuple[User, Headers]:
        user = await make_user(self.container, Role.STUDENT)
        if timezone != "UTC":
            async with self.container.uow()() as uow:
                stored = await uow.users.get(user.id)
                assert stored is not None
                stored.timezone = timezone
                await uow.commit()
        return user, await bearer(self.client, user.email)

    async def item(self, headers: Headers, kind: str, title: str, *, topic: int = 0,
                   approve: bool = True) -> str:
        body = {"question": question(), "note": {"html": f"<p>{title}</p>"}}[kind]
        created = ok(await self.client.post("/api/v1/mentor/content", headers=headers, json={
            "topic_id": str(self.topics[topic].id), "kind": kind, "title": title,
            "body": {"kind": kind, **body}}), 201)
        if approve:
            ok(await self.client.post(f"/api/v1/mentor/content/{created['id']}/submit",
                                      headers=headers))
            ok(await self.client.post(f"/api/v1/admin/content/{created['id']}/approve",
                                      headers=self.admin, json={"version": 1}))
        return str(created["id"])

    async def answer(self, headers: Headers, item_id: str, choice: str,
                     ms: int = 1000) -> None:
        ok(await self.client.post(f"/api/v1/content/{item_id}/attempts", headers=headers, json={
            "answer": {"type": "single_choice", "choice": choice}, "time_taken_ms": ms}), 201)
        self.clock.advance(seconds=1)  # answers in order, as a learner gives them

    async def beat(self, headers: Headers, item_id: str) -> int:
        body = ok(await self.client.post(HEARTBEATS, headers=headers,
                                         json={"item_id": item_id}))
        return int(body["credited_seconds"])

    async def course(self, headers: Headers, items: list[str]) -> str:
        course = ok(await self.client.post("/api/v1/mentor/courses", headers=headers,
                                           json={"title": "Energy", "item_ids": items}), 201)
        ok(await self.client.post(f"/api/v1/mentor/courses/{course['id']}/publish",
                                  headers=headers, json={"version": course["version"]}))
        return str(course["id"])


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json() if response.content else None


@pytest.fixture
async def world(tmp_path: Path, database_url: str) -> AsyncIterator[World]:
    settings = make_settings(tmp_path / "var")
    # The clock is replaced before the handlers and services are built, so that everything
    # (answers, enrolments, heartbeats) happens on it.
    container = Container(settings=settings, database_url=database_url, nats_url=None,
                          worker_expected=False)
    clock = FakeClock(NOW)
    container.clock.override(providers.Object(clock))
    bootstrap(container)
    app = create_app(settings, container=container)
    suffix = uuid.uuid4().hex[:6]
    await container.catalog().import_document(DEMO, {"subjects": [
        {"name": "Physics", "slug": f"physics-{suffix}", "chapters": [{
            "name": "Mechanics", "topics": [{"name": "Energy", "slug": f"energy-{suffix}"},
                                            {"name": "Work", "slug": f"work-{suffix}"}]}]}]})
    tree = {t.subject.slug: t for t in await container.catalog().tree()}
    topics = list(tree[f"physics-{suffix}"].chapters[0].topics)
    transport = httpx.ASGITransport(app=app)
    async with serving(app), httpx.AsyncClient(transport=transport,
                                               base_url="https://testserver.local") as client:
        w = World(client, container, clock, topics)
        w.admin = await bearer(client, (await make_user(container, Role.ADMIN)).email)
        yield w


async def test_study_time_is_credited_by_the_servers_clock(world: World) -> None:
    _, m = await world.mentor("Marie Mentor")
    note = await world.item(m, "note", "Kinetic energy")
    other = await world.item(m, "note", "Potential energy")
    _, s = await world.student()
    assert await world.beat(s, note) == 0  # the first beat starts a stretch
    world.clock.advance(seconds=15)
    assert await world.beat(s, note) == 15
    # A second tab beating in between shares the same wall-clock time.
    world.clock.advance(seconds=5)
    assert await world.beat(s, other) == 5
    world.clock.advance(seconds=10)
    assert await world.beat(s, note) == 10
    # Beats sent faster than time passes (or replayed) earn nothing more.
    assert [await world.beat(s, note) for _ in range(5)] == [0] * 5
    # A long gap within the resume window is capped; a longer silence was time away.
    world.clock.advance(seconds=50)
    assert await world.beat(s, note) == 30
    world.clock.advance(minutes=10)
    assert await world.beat(s, note) == 0
    world.clock.advance(seconds=12)
    assert await world.beat(s, other) == 12

    mine = ok(await world.client.get("/api/v1/me/analytics", headers=s))["study"]
    assert mine["total_seconds"] == 15 + 5 + 10 + 30 + 12
    assert mine["by_day"] == [{"day": "2026-11-02", "seconds": 72}]
    assert mine["by_topic"][0]["seconds"] == 72
    assert mine["by_topic"][0]["topic"]["id"] == str(world.topics[0].id)

    # Concurrent beats of one person never credit more than the time that passed.
    world.clock.advance(seconds=20)
    credited = await asyncio.gather(*(world.beat(s, note) for _ in range(10)))
    assert sorted(credited) == [0] * 9 + [20]


async def test_heartbeats_refuse_what_is_not_a_live_item(world: World) -> None:
    _, m = await world.mentor("Marie Mentor")
    draft = await world.item(m, "note", "Draft", approve=False)
    _, s = await world.student()
    for item_id in (draft, str(uuid.uuid4())):
        response = await world.client.post(HEARTBEATS, headers=s, json={"item_id": item_id})
        assert (response.status_code, response.json()["code"]) == (404, "not_found")
    for body in ({}, {"item_id": "nope"}, {"item_id": draft, "at": "2030-01-01"}, [1]):
        response = await world.client.post(HEARTBEATS, headers=s, json=body)
        assert response.status_code == 400, response.text


async def test_study_days_are_the_learners_local_days(world: World) -> None:
    _, m = await world.mentor("Marie Mentor")
    note = await world.item(m, "note", "Kinetic energy")
    # 10:00 UTC on 2 November is already 3 November in Kiritimati (UTC+14).
    _, s = await world.student("Pacific/Kiritimati")
    await world.beat(s, note)
    world.clock.advance(seconds=20)
    body = ok(await world.client.post(HEARTBEATS, headers=s, json={"item_id": note}))
    assert body == {"credited_seconds": 20, "day": "2026-11-03"}


def corrected_point_biserial(scores: dict[str, list[int]], item: int) -> float:
    """The first answers (1 right) of each learner to each question, by hand."""
    xs = [row[item] for row in scores.values()]
    rest = [(sum(row) - row[item]) / (len(row) - 1) for row in scores.values()]
    return statistics.correlation(xs, rest)


async def test_a_mentor_sees_how_each_question_did(world: World) -> None:
    _, m = await world.mentor("Marie Mentor")
    _, o = await world.mentor("Otto Other")
    items = [await world.item(m, "question", f"Q{i}") for i in range(3)]
    foreign = await world.item(o, "question", "Not hers")
    # First answers (1 right) of six learners to Q0..Q2; Q2 separates strong from weak.
    pattern = {"a": [1, 1, 1], "b": [1, 0, 1], "c": [1, 1, 0], "d": [0, 1, 0],
               "e": [1, 0, 0], "f": [1, 1, 1]}
    for row in pattern.values():
        _, s = await world.student()
        for item_id, right in zip(items, row, strict=True):
            await world.answer(s, item_id, "j" if right else "w", ms=2000)
            if not right:  # and then right: only the first answer counts
                await world.answer(s, item_id, "n" if item_id == items[2] else "j", ms=4000)

    page = ok(await world.client.get(f"{ANALYTICS}/items", headers=m,
                                     params={"order": "hardest"}))
    assert page["total"] == 3
    rows = {r["item_id"]: r for r in page["items"]}
    assert page["items"][0]["item_id"] == items[2]  # 3 of 6 right first: the hardest
    for index, item_id in enumerate(items):
        row = rows[item_id]
        right = sum(r[index] for r in pattern.values())
        assert row["learners"] == 6
        assert row["attempts"] == 6 + (6 - right)
        assert row["first"] == {"first_tries": 6, "first_try_correct": right,
                                "rate": right / 6}
        assert row["discrimination"] == round(corrected_point_biserial(pattern, index), 3)
    assert rows[items[0]]["difficulty"] == "easy"  # 5/6
    assert rows[items[2]]["difficulty"] == "medium"  # 3/6

    detail = ok(await world.client.get(f"{ANALYTICS}/items/{items[2]}", headers=m))
    # Three wrong first answers picked the watt, their retries the newton (also wrong).
    assert detail["wrong_choices"] == [{"choice_id": "n", "text": "newton", "count": 3},
                                       {"choice_id": "w", "text": "watt", "count": 3}]
    assert detail["avg_time_ms"] == round((6 * 2000 + 3 * 4000) / 9)
    # Another mentor's item reads as missing, like one that does not exist.
    for item_id in (foreign, str(uuid.uuid4())):
        response = await world.client.get(f"{ANALYTICS}/items/{item_id}", headers=m)
        assert (response.status_code, response.json()["code"]) == (404, "not_found")
    assert ok(await world.client.get(f"{ANALYTICS}/items", headers=m))["total"] == 3


async def test_drop_off_along_a_course(world: World) -> None:
    _, m = await world.mentor("Marie Mentor")
    _, o = await world.mentor("Otto Other")
    note = await world.item(m, "note", "Kinetic energy")
    quiz = await world.item(m, "question", "Units")
    last = await world.item(m, "note", "Summary")
    course = await world.course(m, [note, quiz, last])
    theirs = await world.course(o, [await world.item(o, "note", "Theirs")])
    how_far = [0, 1, 2, 3]  # four learners: enrolled only, read the note, answered, all
    for depth in how_far:
        _, s = await world.student()
        ok(await world.client.put(f"/api/v1/courses/{course}/enrolment", headers=s))
        if depth >= 1:
            await world.beat(s, note)
        if depth >= 2:
            await world.answer(s, quiz, "w")
        if depth >= 3:
            ok(await world.client.post(f"/api/v1/content/{note}/completion", headers=s))
            await world.answer(s, quiz, "j")
            ok(await world.client.post(f"/api/v1/content/{last}/completion", headers=s))
    funnel = ok(await world.client.get(f"{ANALYTICS}/courses/{course}", headers=m))
    assert funnel["enrolled"] == 4
    assert [(s["item_id"], s["reached"], s["completed"]) for s in funnel["steps"]] == [
        (note, 3, 1), (quiz, 2, 1), (last, 1, 1)]
    for course_id in (theirs, str(uuid.uuid4())):
        response = await world.client.get(f"{ANALYTICS}/courses/{course_id}", headers=m)
        assert (response.status_code, response.json()["code"]) == (404, "not_found")


async def test_students_at_risk_are_flagged_and_their_mentor_told_once_a_day(
        world: World) -> None:
    mentor, m = await world.mentor("Marie Mentor")
    _, o = await world.mentor("Otto Other")
    questions = [await world.item(m, "question", f"Q{i}") for i in range(10)]
    course = await world.course(m, questions)
    steady, s1 = await world.student()
    slipping, s2 = await world.student()
    gone, s3 = await world.student()
    stranger, s4 = await world.student()
    theirs = await world.course(o, [await world.item(o, "note", "Theirs")])
    # Three weeks ago: three learners enrol and answer five questions, all right.
    world.clock.advance(days=-20)
    for headers in (s1, s2, s3):
        ok(await world.client.put(f"/api/v1/courses/{course}/enrolment", headers=headers))
    ok(await world.client.put(f"/api/v1/courses/{theirs}/enrolment", headers=s4))
    for headers in (s1, s2, s3):
        for item_id in questions[:5]:
            await world.answer(headers, item_id, "j")
    # This week: the steady one keeps it up, the slipping one gets most wrong, the third
    # stopped (last seen 20 days ago).
    world.clock.advance(days=18)
    for item_id in questions[5:]:
        await world.answer(s1, item_id, "j")
        await world.answer(s2, item_id, "w")
    world.clock.advance(days=2)

    listed = ok(await world.client.get(f"{ANALYTICS}/students", headers=m))
    assert listed["total"] == 3
    risk = {r["user_id"]: r["at_risk"] for r in listed["items"]}
    assert risk == {str(steady.id): [], str(slipping.id): ["falling_accuracy"],
                    str(gone.id): ["inactive"]}
    assert [r["user_id"] for r in listed["items"]][2] == str(steady.id)  # at risk first
    flagged = ok(await world.client.get(f"{ANALYTICS}/students", headers=m,
                                        params={"at_risk": "true"}))
    assert {r["user_id"] for r in flagged["items"]} == {str(slipping.id), str(gone.id)}
    row = next(r for r in listed["items"] if r["user_id"] == str(slipping.id))
    assert (row["items_total"], row["items_done"], row["attempts"]) == (10, 5, 10)
    assert row["recent"]["rate"] == 0 and row["earlier"]["rate"] == 1
    assert [t["name"] for t in row["weak_topics"]] == ["Energy"]

    detail = ok(await world.client.get(f"{ANALYTICS}/students/{slipping.id}", headers=m))
    assert detail["student"]["at_risk"] == ["falling_accuracy"]
    assert detail["topics"][0]["weak"] is True
    for user_id in (stranger.id, uuid.uuid4()):
        response = await world.client.get(f"{ANALYTICS}/students/{user_id}", headers=m)
        assert (response.status_code, response.json()["code"]) == (404, "not_found")
    overview = ok(await world.client.get(f"{ANALYTICS}/overview", headers=m))
    assert (overview["students"], overview["at_risk"], overview["items"]) == (3, 2, 10)

    # The daily scan: one notice per student at risk, however often it runs that day.
    notices = world.container.at_risk_notices()
    scan = AtRiskScanDue(occurred_at=world.clock.now().replace(hour=6, minute=0, second=0))
    await asyncio.gather(notices.scan(scan), notices.scan(scan))
    await notices.scan(scan)
    async with world.container.uow()() as uow:
        inbox = await uow.notifications.for_user(mentor.id, PageRequest(1, 50))
        following = await uow.schedules.get(at_risk_scan_key(
            (scan.occurred_at + timedelta(days=1)).date()))
    told = [n for n in inbox.items if n.kind == "analytics.student_at_risk"]
    day = scan.occurred_at.date().isoformat()
    assert sorted(n.id for n in told) == sorted(notice_id(mentor.id, u.id, day)
                                                for u in (slipping, gone))
    assert following is not None and following.due_at == scan.occurred_at + timedelta(days=1)


async def test_a_learners_page_shows_weak_topics_and_what_to_practise(world: World) -> None:
    mentor, m = await world.mentor("Marie Mentor")
    energy = [await world.item(m, "question", f"Energy {i}") for i in range(4)]
    work = [await world.item(m, "question", f"Work {i}", topic=1) for i in range(3)]
    course = await world.course(m, [*energy, *work])
    _, s = await world.student()
    ok(await world.client.put(f"/api/v1/courses/{course}/enrolment", headers=s))
    for item_id in energy[:3]:
        await world.answer(s, item_id, "w")
    await world.answer(s, energy[0], "j")  # right on the second try: no longer to practise
    for item_id in work:
        await world.answer(s, item_id, "j")
    await world.beat(s, energy[0])
    world.clock.advance(seconds=15)
    await world.beat(s, energy[0])

    mine = ok(await world.client.get("/api/v1/me/analytics", headers=s, params={"days": 7}))
    assert [(t["topic"]["name"], t["weak"], t["first"]["rate"]) for t in mine["topics"]] == [
        ("Energy", True, 0.0), ("Work", False, 1.0)]
    assert mine["topics"][0]["mentor_id"] == str(mentor.id)
    assert [(p["item_id"], p["state"]) for p in mine["practise"]] == [
        (energy[2], "wrong"), (energy[1], "wrong"), (energy[3], "untried")]
    assert mine["study"]["by_course"] == [{"course_id": course, "title": "Energy",
                                           "seconds": 15}]
    assert (mine["study"]["first_day"], mine["study"]["last_day"]) == ("2026-10-27",
                                                                       "2026-11-02")
    response = await world.client.get("/api/v1/me/analytics", headers=s, params={"days": 0})
    assert response.status_code == 400


async def test_study_time_is_exported_and_erased_with_the_account(world: World) -> None:
    _, m = await world.mentor("Marie Mentor")
    note = await world.item(m, "note", "Kinetic energy")
    user, s = await world.student()
    await world.beat(s, note)
    world.clock.advance(seconds=15)
    await world.beat(s, note)
    document = ok(await world.client.get("/api/v1/me/export", headers=s))
    assert [(d["item_id"], d["day"], d["seconds"]) for d in document["study_time"]] == [
        (note, "2026-11-02", 15)]
    ok(await world.client.post("/api/v1/me/deletion", headers=s,
                               json={"current_password": PASSWORD}), 204)
    await world.container.dispatcher().wait_idle()
    async with world.container.uow()() as uow:
        assert (await uow.study.days_of(user.id, PageRequest())).total == 0
