"""Group sessions over HTTP on PostgreSQL: scheduling inside the mentor's free slots, seats
taken by racing students up to the capacity, one seat per student, nobody in two places across
one-to-one and group sessions, the cancel flows, completion, and the feature flag."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from dependency_injector import providers
from litestar import Litestar
from sqlalchemy import select

from adapters.container import Container, bootstrap
from adapters.db.tables import outbox
from adapters.http.app import create_app
from adapters.memory.fakes import FakeClock
from edu_core.domain.identity import Role, User
from tests.conftest import make_settings, serving
from tests.integration.helpers import bearer, make_user
from tests.integration.test_booking_http import book, bookable_mentor, free_slots

GROUPS = "/api/v1/group-sessions"


@dataclass
class World:
    client: httpx.AsyncClient
    container: Container
    clock: FakeClock

    async def auth(self, user: User) -> dict[str, str]:
        return await bearer(self.client, user.email)

    async def schedule(self, mentor: User, starts_at: str, *, capacity: int = 3,
                       expect: int = 201, **extra: Any) -> dict[str, Any]:
        answer = await self.client.post(GROUPS, headers=await self.auth(mentor), json={
            "title": "Thin lenses, together", "starts_at": starts_at, "minutes": 60,
            "capacity": capacity, **extra})
        assert answer.status_code == expect, answer.text
        body: dict[str, Any] = answer.json()
        return body

    async def call(self, method: str, path: str, user: User, expect: int = 200,
                   **kwargs: Any) -> dict[str, Any]:
        answer = await self.client.request(method, path, headers=await self.auth(user),
                                           **kwargs)
        assert answer.status_code == expect, (path, answer.text)
        body: dict[str, Any] = answer.json()
        return body


@pytest.fixture
async def world(tmp_path: Path, database_url: str) -> AsyncIterator[World]:
    settings = make_settings(tmp_path / "var", feature_group_sessions=True)
    container = Container(settings=settings, database_url=database_url, nats_url=None,
                          worker_expected=False)
    # Replaced before the services are built, so a session can be carried past its end.
    clock = FakeClock(datetime.now(UTC))
    container.clock.override(providers.Object(clock))
    bootstrap(container)
    app = create_app(settings, container=container)
    transport = httpx.ASGITransport(app=app)
    async with serving(app), httpx.AsyncClient(transport=transport,
                                               base_url="https://testserver.local") as client:
        yield World(client, container, clock)


async def test_a_mentor_schedules_in_a_free_slot_which_then_leaves_the_calendar(
        world: World) -> None:
    mentor = await bookable_mentor(world.client, world.container)
    [slot, second, *_] = await free_slots(world.client, mentor)
    group = await world.schedule(mentor, slot, capacity=4)
    assert (group["status"], group["capacity"], group["seats_left"], group["seat_price"],
            group["currency"], group["minutes"], group["my_seat"], group["seats"]) == (
        "scheduled", 4, 4, 0, "EUR", 60, None, [])
    assert group["mentor_name"] == "Berlin Mentor"
    assert slot not in await free_slots(world.client, mentor)  # it takes the mentor's time

    # A one-to-one booking of that time is refused before it reaches the gateway.
    student = await make_user(world.container)
    refused = await book(world.client, await world.auth(student), mentor, slot)
    assert (refused.status_code, refused.json()["code"]) == (409, "slot_unavailable")
    again = await world.schedule(mentor, slot, expect=409)
    assert again["code"] == "slot_unavailable"
    night = (datetime.fromisoformat(slot) + timedelta(hours=12)).isoformat()
    assert (await world.schedule(mentor, night, expect=409))["code"] == "slot_unavailable"

    dear = await world.schedule(mentor, second, seat_price=10_000_001, expect=422)
    assert dear["code"] == "invalid_group_session"
    for capacity in (1, 21):
        too = await world.schedule(mentor, second, capacity=capacity, expect=400)
        assert too["code"] == "validation_error"
    mine = await world.call("GET", GROUPS, mentor)
    assert [g["id"] for g in mine["items"]] == [group["id"]]
    listed = await world.call("GET", f"/api/v1/mentors/{mentor.id}/group-sessions", student)
    assert [g["id"] for g in listed["items"]] == [group["id"]]


async def test_visitors_see_a_mentor_s_open_sessions_without_anyone_s_seat(
        world: World) -> None:
    mentor = await bookable_mentor(world.client, world.container)
    [slot, *_] = await free_slots(world.client, mentor)
    group = await world.schedule(mentor, slot, capacity=3)
    student = await make_user(world.container)
    await world.call("POST", f"{GROUPS}/{group['id']}/seat", student, expect=201)
    listing = f"/api/v1/mentors/{mentor.id}/group-sessions"

    anonymous = await world.client.get(listing)
    assert anonymous.status_code == 200, anonymous.text
    [seen] = anonymous.json()["items"]
    assert (seen["id"], seen["mentor_name"], seen["seats_left"], seen["my_seat"],
            seen["seats"], seen["my_seat_paid"], seen["checkout_url"]) == (
        group["id"], "Berlin Mentor", 2, None, [], 0, None)
    assert student.display_name not in anonymous.text
    assert str(student.id) not in anonymous.text
    # A signed-in student still sees their own seat there; the mentor their seat holders.
    [own] = (await world.call("GET", listing, student))["items"]
    assert own["my_seat"] == "taken"
    [given] = (await world.call("GET", listing, mentor))["items"]
    assert [seat["student_id"] for seat in given["seats"]] == [str(student.id)]
    # Bad credentials are still refused rather than read as a visitor.
    forged = await world.client.get(listing, headers={"Authorization": "Bearer nonsense"})
    assert forged.status_code == 401


async def test_racing_students_fill_the_seats_and_no_more(world: World) -> None:
    mentor = await bookable_mentor(world.client, world.container)
    [slot, *_] = await free_slots(world.client, mentor)
    group = await world.schedule(mentor, slot, capacity=3)
    students = [await make_user(world.container) for _ in range(8)]
    auths = [await world.auth(s) for s in students]
    answers = await asyncio.gather(*(world.client.post(
        f"{GROUPS}/{group['id']}/seat", headers=auth) for auth in auths))
    assert sorted(a.status_code for a in answers) == [201] * 3 + [409] * 5, [
        a.text for a in answers]
    assert {a.json()["code"] for a in answers if a.status_code == 409} == {
        "group_session_full"}

    seated = [s for s, a in zip(students, answers, strict=True) if a.status_code == 201]
    as_mentor = await world.call("GET", f"{GROUPS}/{group['id']}", mentor)
    assert as_mentor["seats_left"] == 0
    assert sorted(s["student_id"] for s in as_mentor["seats"]) == sorted(
        str(s.id) for s in seated)
    as_student = await world.call("GET", f"{GROUPS}/{group['id']}", seated[0])
    assert (as_student["my_seat"], as_student["seats"]) == ("taken", [])
    twice = await world.call("POST", f"{GROUPS}/{group['id']}/seat", seated[0], expect=409)
    assert twice["code"] == "seat_already_taken"
    mine = await world.call("GET", GROUPS, seated[0])
    assert [g["id"] for g in mine["items"]] == [group["id"]]

    # A seat given back is free for the next student at once.
    await world.call("POST", f"{GROUPS}/{group['id']}/seat/cancel", seated[0])
    late_comer = next(s for s in students if s not in seated)
    taken = await world.call("POST", f"{GROUPS}/{group['id']}/seat", late_comer, expect=201)
    assert (taken["my_seat"], taken["seats_left"]) == ("taken", 0)


async def test_nobody_is_in_two_places_across_one_to_one_and_group_sessions(
        world: World) -> None:
    mentor, other = (await bookable_mentor(world.client, world.container),
                     await bookable_mentor(world.client, world.container))
    [slot, *_] = await free_slots(world.client, mentor)
    student = await make_user(world.container)
    held = await book(world.client, await world.auth(student), other, slot)
    assert held.status_code == 201, held.text
    group = await world.schedule(mentor, slot)
    busy = await world.call("POST", f"{GROUPS}/{group['id']}/seat", student, expect=409)
    assert busy["code"] == "student_busy"

    seated = await make_user(world.container)
    await world.call("POST", f"{GROUPS}/{group['id']}/seat", seated, expect=201)
    refused = await book(world.client, await world.auth(seated), other,
                         (datetime.fromisoformat(slot) + timedelta(hours=1)).isoformat(), 30)
    assert refused.status_code == 201  # right after the group session: fine
    third = await bookable_mentor(world.client, world.container)
    clash = await book(world.client, await world.auth(seated), third, slot)
    assert (clash.status_code, clash.json()["code"]) == (409, "student_busy")


async def test_a_mentor_racing_a_booking_for_one_slot_gets_it_once(world: World) -> None:
    mentor = await bookable_mentor(world.client, world.container)
    [slot, *_] = await free_slots(world.client, mentor)
    students = [await world.auth(await make_user(world.container)) for _ in range(4)]
    mentor_auth = await world.auth(mentor)
    answers = await asyncio.gather(
        world.client.post(GROUPS, headers=mentor_auth, json={
            "title": "Race", "starts_at": slot, "minutes": 60, "capacity": 2}),
        *(book(world.client, auth, mentor, slot) for auth in students))
    assert sorted(a.status_code for a in answers) == [201] + [409] * 4, [
        a.text for a in answers]
    assert {a.json()["code"] for a in answers if a.status_code == 409} <= {
        "slot_taken", "slot_unavailable"}


async def test_the_mentor_calls_it_off_and_every_seat_is_released(world: World) -> None:
    mentor = await bookable_mentor(world.client, world.container)
    [slot, *_] = await free_slots(world.client, mentor)
    group = await world.schedule(mentor, slot)
    ann, bob = await make_user(world.container), await make_user(world.container)
    for student in (ann, bob):
        await world.call("POST", f"{GROUPS}/{group['id']}/seat", student, expect=201)
    none = await world.call("POST", f"{GROUPS}/{group['id']}/seat/cancel",
                            await make_user(world.container), expect=404)
    assert none["code"] == "seat_not_found"

    cancelled = await world.call("POST", f"{GROUPS}/{group['id']}/cancel", mentor)
    assert (cancelled["status"], cancelled["seats_left"], cancelled["seats"]) == (
        "cancelled", 3, [])
    seen = await world.call("GET", f"{GROUPS}/{group['id']}", ann)
    assert (seen["status"], seen["my_seat"]) == ("cancelled", "released")
    assert slot in await free_slots(world.client, mentor)  # the mentor's time is free again
    closed = await world.call("POST", f"{GROUPS}/{group['id']}/seat",
                              await make_user(world.container), expect=404)
    assert closed["code"] == "group_session_not_found"  # called off: gone for outsiders
    again = await world.call("POST", f"{GROUPS}/{group['id']}/cancel", mentor, expect=409)
    assert again["code"] == "illegal_session_transition"
    held = await book(world.client, await world.auth(ann), mentor, slot)
    assert held.status_code == 201, held.text  # the students' time too

    # Each person's data export holds their side: the mentor's session with its seats, a
    # student's own seat only.
    given = (await world.call("GET", "/api/v1/me/export", mentor))["group_sessions_given"]
    assert [(g["id"], g["status"], sorted(s["status"] for s in g["seats"])) for g in given] == [
        (group["id"], "cancelled", ["released", "released"])]
    [held_seat] = (await world.call("GET", "/api/v1/me/export", ann))["group_seats"]
    assert (held_seat["id"], held_seat["mentor_id"]) == (group["id"], str(mentor.id))
    assert [(s["student_id"], s["status"]) for s in held_seat["my_seats"]] == [
        (str(ann.id), "released")]

    async with world.container.session_factory()() as session:
        names = [row.name for row in await session.execute(
            select(outbox.c.name).where(outbox.c.payload["group_session_id"].astext
                                        == group["id"]).order_by(outbox.c.id))]
    assert names == ["group_session.scheduled", "group_session.seat_taken",
                     "group_session.seat_taken", "group_session.cancelled"]


async def test_a_group_session_completes_after_its_end_only(world: World) -> None:
    mentor = await bookable_mentor(world.client, world.container)
    [slot, *_] = await free_slots(world.client, mentor)
    group = await world.schedule(mentor, slot)
    student = await make_user(world.container)
    await world.call("POST", f"{GROUPS}/{group['id']}/seat", student, expect=201)
    early = await world.call("POST", f"{GROUPS}/{group['id']}/complete", mentor, expect=409)
    assert early["code"] == "session_time_rule"

    # Past its end, yet well before it would complete by itself.
    ends = datetime.fromisoformat(group["ends_at"])
    world.clock.advance(seconds=(ends - world.clock.now()).total_seconds() + 600)
    late = await world.call("POST", f"{GROUPS}/{group['id']}/seat/cancel", student,
                            expect=409)
    assert late["code"] == "session_time_rule"
    done = await world.call("POST", f"{GROUPS}/{group['id']}/complete", mentor)
    assert done["status"] == "completed"
    seen = await world.call("GET", f"{GROUPS}/{group['id']}", student)
    assert (seen["status"], seen["my_seat"]) == ("completed", "taken")
    assert (await world.call("GET", f"/api/v1/mentors/{mentor.id}/group-sessions",
                             student))["total"] == 0


async def test_other_people_s_group_sessions_are_404s(world: World) -> None:
    mentor = await bookable_mentor(world.client, world.container)
    stranger_mentor = await make_user(world.container, Role.MENTOR)
    [slot, *_] = await free_slots(world.client, mentor)
    group = await world.schedule(mentor, slot)
    for method, path in (("GET", ""), ("POST", "/cancel"), ("POST", "/complete")):
        hidden = await world.call(method, f"{GROUPS}/{group['id']}{path}", stranger_mentor,
                                  expect=404)
        assert hidden["code"] == "group_session_not_found"
    missing = await world.call("GET", f"{GROUPS}/{uuid.uuid4()}", mentor, expect=404)
    assert missing["code"] == "group_session_not_found"
    student = await make_user(world.container)
    forbidden = await world.call("POST", f"{GROUPS}/{group['id']}/cancel", student,
                                 expect=403)
    assert forbidden["code"] == "forbidden"


async def test_with_the_flag_off_the_routes_are_404s_yet_documented(
        app: Litestar, client: httpx.AsyncClient, container: Container) -> None:
    mentor = await make_user(container, Role.MENTOR)
    student = await make_user(container)
    mentor_auth, student_auth = (await bearer(client, mentor.email),
                                 await bearer(client, student.email))
    some = uuid.uuid4()
    for method, path, auth, body in (
            ("POST", GROUPS, mentor_auth, {"title": "x"}),  # refused before it is read
            ("GET", GROUPS, student_auth, None),
            ("GET", f"/api/v1/mentors/{mentor.id}/group-sessions", student_auth, None),
            ("GET", f"{GROUPS}/{some}", student_auth, None),
            ("POST", f"{GROUPS}/{some}/seat", student_auth, None),
            ("POST", f"{GROUPS}/{some}/seat/cancel", student_auth, None),
            ("POST", f"{GROUPS}/{some}/cancel", mentor_auth, None),
            ("POST", f"{GROUPS}/{some}/complete", mentor_auth, None)):
        answer = await client.request(method, path, headers=auth, json=body)
        assert (answer.status_code, answer.json()["code"]) == (
            404, "group_sessions_disabled"), (method, path, answer.text)
    visitor = await client.get(f"/api/v1/mentors/{mentor.id}/group-sessions")
    assert (visitor.status_code, visitor.json()["code"]) == (404, "group_sessions_disabled")
    # The policy still comes first: a student learns nothing about the flag.
    assert (await client.post(GROUPS, headers=student_auth, json={})).status_code == 403
    paths = app.openapi_schema.to_schema()["paths"]
    assert {"/api/v1/group-sessions", "/api/v1/group-sessions/{group_id}/seat",
            "/api/v1/mentors/{mentor_id}/group-sessions"} <= set(paths)
