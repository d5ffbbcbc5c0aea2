"""Availability over HTTP (S21): the mentor's editor and a student's calendar in another
time zone, across the weeks when Europe and North America are on different DST schedules."""

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from dependency_injector import providers

from adapters.cli.demo import DEMO
from adapters.container import Container, build_container
from adapters.http.app import create_app
from adapters.memory.fakes import FakeClock
from edu_core.domain.identity import Role, User
from tests.conftest import make_settings, serving
from tests.integration.helpers import bearer, make_mentor, make_user

# Before both spring changes: the calendar below is well inside the booking horizon.
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
WEEKDAYS_9_TO_12 = [{"weekday": d, "start": "09:00", "end": "12:00"} for d in range(5)]


@pytest.fixture
async def world(tmp_path: Path, database_url: str
                ) -> AsyncIterator[tuple[httpx.AsyncClient, Container]]:
    settings = make_settings(tmp_path / "var")
    container = build_container(settings, database_url)
    container.clock.override(providers.Object(FakeClock(NOW)))
    app = create_app(settings, container=container)
    transport = httpx.ASGITransport(app=app)
    async with serving(app), httpx.AsyncClient(transport=transport,
                                               base_url="https://testserver.local") as client:
        yield client, container


async def verified_mentor(container: Container) -> User:
    slug = f"optics-{uuid.uuid4().hex[:6]}"
    await container.catalog().import_document(DEMO, {"subjects": [{
        "name": "Optics", "slug": slug, "chapters": [{"name": "Lenses", "topics": [
            {"name": "Lenses", "slug": f"{slug}-lenses"}]}]}]})
    topic = next(t.chapters[0].topics[0] for t in await container.catalog().tree()
                 if t.subject.slug == slug)
    return await make_mentor(container, "Berlin Mentor", headline="Optics", bio="Lenses.",
                             topics=[str(topic.id)], languages=["de"], rate=3000)


def rules(**extra: object) -> dict[str, object]:
    return {"version": 1, "timezone": "Europe/Berlin", "session_lengths": [60, 30],
            "buffer_minutes": 0, "min_notice_minutes": 0, "horizon_days": 90,
            "weekly": WEEKDAYS_9_TO_12, "overrides": [], **extra}


async def test_a_new_york_student_sees_the_berlin_mentor_move_an_hour(
        world: tuple[httpx.AsyncClient, Container]) -> None:
    client, container = world
    mentor = await verified_mentor(container)
    auth = await bearer(client, mentor.email)
    saved = await client.put("/api/v1/mentor/availability", headers=auth, json=rules(
        overrides=[{"day": "2026-03-27", "windows": []},  # a Friday off
                   {"day": "2026-03-28", "windows": [{"start": "10:00", "end": "11:00"}]}]))
    assert saved.status_code == 200, saved.text

    async def new_york_week(start: str) -> dict[str, list[str]]:
        response = await client.get(f"/api/v1/mentors/{mentor.id}/slots", params={
            "start": start, "days": 7, "timezone": "America/New_York",
            "session_minutes": 60})
        assert response.status_code == 200, response.text
        return {d["date"]: [s["start"][11:16] for s in d["slots"]]
                for d in response.json()["days"]}

    # New York is already on summer time, Berlin not yet: 09:00 CET is 04:00 EDT.
    gap = await new_york_week("2026-03-23")
    assert gap["2026-03-23"] == ["04:00", "05:00", "06:00"]
    assert "2026-03-27" not in gap  # the day off
    assert gap["2026-03-28"] == ["05:00"]  # a Saturday opened by an override
    # From 29 March both are on summer time: 09:00 CEST is 03:00 EDT.
    after = await new_york_week("2026-03-30")
    assert after["2026-03-30"] == ["03:00", "04:00", "05:00"]
    assert len(after) == 5


async def test_weekly_pages_show_a_slot_that_runs_past_midnight_on_its_first_day(
        world: tuple[httpx.AsyncClient, Container]) -> None:
    client, container = world
    mentor = await verified_mentor(container)
    auth = await bearer(client, mentor.email)
    # 05:00-06:00 in Kolkata is 23:30-00:30 UTC, the evening before.
    saved = await client.put("/api/v1/mentor/availability", headers=auth, json=rules(
        timezone="Asia/Kolkata", session_lengths=[60],
        weekly=[{"weekday": d, "start": "05:00", "end": "06:00"} for d in range(7)]))
    assert saved.status_code == 200, saved.text

    async def utc_week(start: str) -> dict[str, list[str]]:
        response = await client.get(f"/api/v1/mentors/{mentor.id}/slots", params={
            "start": start, "days": 7, "timezone": "UTC"})
        assert response.status_code == 200, response.text
        return {d["date"]: [s["start"] for s in d["slots"]] for d in response.json()["days"]}

    first, second = await utc_week("2026-03-02"), await utc_week("2026-03-09")
    assert first["2026-03-08"] == ["2026-03-08T23:30:00+00:00"]
    assert second["2026-03-09"] == ["2026-03-09T23:30:00+00:00"]
    assert list(first) == [f"2026-03-0{day}" for day in range(2, 9)]
    assert sum(map(len, first.values())) == sum(map(len, second.values())) == 7

    # Pages far from now hold nothing, even the last week a date can name.
    for start in ("9999-12-31", "0001-01-01", "2027-01-01"):
        far = await client.get(f"/api/v1/mentors/{mentor.id}/slots", params={
            "start": start, "days": 7, "timezone": "Asia/Tokyo"})
        assert far.status_code in (200, 422), far.text
        if far.status_code == 200:
            assert far.json()["days"] == [], start


async def test_the_editor_refuses_bad_windows_and_stale_writes(
        world: tuple[httpx.AsyncClient, Container]) -> None:
    client, container = world
    mentor = await verified_mentor(container)
    auth = await bearer(client, mentor.email)
    first = await client.put("/api/v1/mentor/availability", headers=auth, json=rules())
    assert first.json()["version"] == 1
    second = await client.put("/api/v1/mentor/availability", headers=auth, json=rules())
    assert second.json()["version"] == 2
    stale = await client.put("/api/v1/mentor/availability", headers=auth, json=rules())
    assert stale.status_code == 409
    assert stale.json()["code"] == "concurrent_modification"

    for body, code in [
        (rules(version=2, weekly=[{"weekday": 0, "start": "09:00", "end": "12:00"},
                                  {"weekday": 0, "start": "11:00", "end": "13:00"}]),
         "overlapping_availability_windows"),
        (rules(version=2, weekly=[{"weekday": 0, "start": "12:00", "end": "09:00"}]),
         "invalid_availability_window"),
        (rules(version=2, timezone="Mars/Olympus"), "invalid_timezone"),
        (rules(version=2, session_lengths=[7]), "invalid_session_length"),
    ]:
        refused = await client.put("/api/v1/mentor/availability", headers=auth, json=body)
        assert refused.status_code == 422, (code, refused.text)
        assert refused.json()["code"] == code
    kept = await client.get("/api/v1/mentor/availability", headers=auth)
    assert kept.json()["version"] == 2
    assert kept.json()["weekly"] == WEEKDAYS_9_TO_12

    malformed = await client.put("/api/v1/mentor/availability", headers=auth,
                                 json=rules(version=2, weekly=[{"weekday": 9, "start": "25:00",
                                                                "end": "x"}]))
    assert malformed.status_code == 400


async def test_only_verified_mentors_have_a_public_calendar(
        world: tuple[httpx.AsyncClient, Container]) -> None:
    client, container = world
    student = await make_user(container, Role.STUDENT)
    unknown = await client.get(f"/api/v1/mentors/{student.id}/slots",
                               params={"start": "2026-03-23"})
    assert unknown.status_code == 404
    editor = await client.get("/api/v1/mentor/availability",
                              headers=await bearer(client, student.email))
    assert editor.status_code == 403
    bad_zone = await client.get(f"/api/v1/mentors/{student.id}/slots",
                                params={"start": "2026-03-23", "timezone": "Nowhere/Land"})
    assert bad_zone.status_code == 422


async def test_search_by_a_free_window_in_the_viewers_zone(
        world: tuple[httpx.AsyncClient, Container]) -> None:
    client, container = world
    tag = uuid.uuid4().hex[:6]
    berlin = await verified_mentor(container)
    new_york = await verified_mentor(container)
    for mentor, body in (
        (berlin, rules()),
        (new_york, rules(timezone="America/New_York",
                         weekly=[{"weekday": d, "start": "18:00", "end": "21:00"}
                                 for d in range(5)])),
    ):
        auth = await bearer(client, mentor.email)
        assert (await client.put("/api/v1/mentor/availability", headers=auth,
                                 json=body)).status_code == 200
        async with container.uow()() as uow:
            profile = await uow.mentors.get(mentor.id)
            assert profile is not None
            profile.update_profile(NOW, headline=f"Optics {tag}")
            await uow.mentors.save(profile)
            await uow.commit()

    async def found(**params: object) -> list[str]:
        response = await client.get("/api/v1/mentors", params={"q": tag, **params})
        assert response.status_code == 200, response.text
        return [m["id"] for m in response.json()["items"]]

    # A New York afternoon-evening: only the New York mentor teaches then.
    evening = {"free_from": "2026-03-24T13:00:00-04:00", "free_to": "2026-03-24T20:00:00-04:00"}
    assert await found(**evening) == [str(new_york.id)]
    # A New York early morning is a Berlin late morning.
    morning = {"free_from": "2026-03-24T04:00:00-04:00", "free_to": "2026-03-24T06:00:00-04:00"}
    assert await found(**morning) == [str(berlin.id)]
    # Soonest first: from Monday 23 March, Berlin's 09:00 comes before New York's 18:00.
    soonest = await found(sort="soonest", free_from="2026-03-23T00:00:00+00:00")
    assert soonest == [str(berlin.id), str(new_york.id)]
    cards = (await client.get("/api/v1/mentors", params={"q": tag})).json()["items"]
    assert all(card["next_available"] for card in cards)

    backwards = await client.get("/api/v1/mentors", params={
        "free_from": "2026-03-24T13:00:00-04:00", "free_to": "2026-03-24T12:00:00-04:00"})
    assert backwards.status_code == 422
    naive = await client.get("/api/v1/mentors", params={"free_from": "2026-03-24T13:00:00"})
    assert naive.status_code == 422
