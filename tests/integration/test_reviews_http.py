"""Reviews over HTTP: only the session's student reviews, once, and only completed sessions;
the mentor replies once; reports reach the admin's queue; a hidden review leaves the public list
and the rating; concurrent reviews keep the rating exact; every step is audited."""

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import httpx

from adapters.cli.demo_reviews import past_session
from adapters.container import Container
from edu_core.domain.bookings import CancellationPolicy, MentoringSession
from edu_core.domain.identity import Role, User
from edu_core.domain.pagination import PageRequest
from edu_core.domain.reviews import rating_summary
from tests.integration.helpers import bearer, make_user
from tests.integration.test_booking_http import bookable_mentor, world

__all__ = ["world"]  # the fixture, shared with the booking tests

World = tuple[httpx.AsyncClient, Container]


async def completed_session(container: Container, student: User, mentor: User,
                            days_ago: int = 3) -> MentoringSession:
    session = past_session(student_id=student.id, mentor_id=mentor.id,
                           starts_at=datetime.now(UTC) - timedelta(days=days_ago), minutes=60,
                           price=6000, currency="EUR")
    async with container.uow()() as uow:
        uow.bookings.add(session)
        await uow.commit()
    return session


async def review(client: httpx.AsyncClient, auth: dict[str, str], session_id: UUID,
                 rating: int = 5, text: str = "Very clear.") -> httpx.Response:
    return await client.post(f"/api/v1/bookings/{session_id}/review", headers=auth,
                             json={"rating": rating, "text": text})


async def profile_rating(client: httpx.AsyncClient, mentor: User) -> dict[str, Any]:
    body = (await client.get(f"/api/v1/mentors/{mentor.id}")).json()
    rating: dict[str, Any] = body["rating"]
    return rating


async def test_only_the_student_of_a_completed_session_reviews_it_once(world: World) -> None:
    client, container = world
    mentor = await bookable_mentor(client, container)
    student, other = await make_user(container), await make_user(container)
    auth, other_auth = await bearer(client, student.email), await bearer(client, other.email)
    mentor_auth = await bearer(client, mentor.email)
    session = await completed_session(container, student, mentor)

    stranger = await review(client, other_auth, session.id)
    assert (stranger.status_code, stranger.json()["code"]) == (404, "session_not_found")
    assert (await review(client, mentor_auth, session.id)).status_code == 403
    missing = await review(client, auth, UUID(int=7))
    assert (missing.status_code, missing.json()["code"]) == (404, "session_not_found")
    bad = await review(client, auth, session.id, rating=6)
    assert bad.status_code == 400
    control = await review(client, auth, session.id, text="bell\x07")
    assert (control.status_code, control.json()["code"]) == (422, "invalid_review")

    posted = await review(client, auth, session.id, 4, "  <i>Patient</i> and clear.  ")
    assert posted.status_code == 201, posted.text
    body = posted.json()
    assert (body["rating"], body["text"], body["status"], body["author_name"]) == (
        4, "<i>Patient</i> and clear.", "visible", "Test s.")
    again = await review(client, auth, session.id, 1)
    assert (again.status_code, again.json()["code"]) == (409, "review_exists")
    listed = (await client.get("/api/v1/bookings", headers=auth,
                               params={"when": "past"})).json()["items"]
    assert [(x["id"], x["reviewed"]) for x in listed] == [(str(session.id), True)]

    # A session that has not taken place cannot be reviewed.
    upcoming = MentoringSession.hold(
        student_id=student.id, mentor_id=mentor.id,
        starts_at=datetime.now(UTC) + timedelta(days=20), minutes=60, price=6000,
        currency="EUR", cancellation=CancellationPolicy(), hold_for=timedelta(minutes=10),
        now=datetime.now(UTC))
    upcoming.confirm(6000, datetime.now(UTC))
    async with container.uow()() as uow:
        uow.bookings.add(upcoming)
        await uow.commit()
    early = await review(client, auth, upcoming.id)
    assert (early.status_code, early.json()["code"]) == (409, "session_not_reviewable")

    # The parties read it back; the profile and the search show the rating.
    mine = await client.get(f"/api/v1/bookings/{session.id}/review", headers=mentor_auth)
    assert mine.status_code == 200 and mine.json()["id"] == body["id"]
    assert (await client.get(f"/api/v1/bookings/{session.id}/review",
                             headers=other_auth)).status_code == 404
    assert await profile_rating(client, mentor) == {
        "average": 4.0, "count": 1, "distribution": {"1": 0, "2": 0, "3": 0, "4": 1, "5": 0}}
    topic = (await client.get(f"/api/v1/mentors/{mentor.id}")).json()["topics"][0]["id"]
    cards = (await client.get("/api/v1/mentors", params={"topic": topic,
                                                          "min_rating": 4})).json()["items"]
    assert [(c["rating_avg"], c["rating_count"]) for c in cards] == [(4.0, 1)]
    assert (await client.get("/api/v1/mentors", params={
        "topic": topic, "min_rating": 4.5})).json()["items"] == []

    await container.dispatcher().wait_idle()
    inbox = (await client.get("/api/v1/notifications", headers=mentor_auth)).json()
    [notice] = [n for n in inbox["items"] if n["kind"].startswith("review.")]
    assert (notice["kind"], notice["title"]) == ("review.posted", "New review: 4 stars")


async def test_the_mentor_replies_once_and_reports_reach_the_admins_queue(
        world: World) -> None:
    client, container = world
    mentor = await bookable_mentor(client, container)
    student = await make_user(container)
    admin = await make_user(container, Role.ADMIN)
    auth, mentor_auth = await bearer(client, student.email), await bearer(client, mentor.email)
    boss = await bearer(client, admin.email)
    first = (await review(client, auth, (await completed_session(
        container, student, mentor, 9)).id, 5, "Excellent.")).json()
    second = (await review(client, auth, (await completed_session(
        container, student, mentor, 4)).id, 1, "Useless, and the mentor is an idiot.")).json()
    assert await profile_rating(client, mentor) | {"distribution": None} == {
        "average": 3.0, "count": 2, "distribution": None}

    other_mentor = await bearer(client, (await bookable_mentor(client, container)).email)
    refused = await client.post(f"/api/v1/reviews/{first['id']}/reply", headers=other_mentor,
                                json={"text": "Not mine"})
    assert (refused.status_code, refused.json()["code"]) == (403, "only_the_mentor_replies")
    replied = await client.post(f"/api/v1/reviews/{first['id']}/reply", headers=mentor_auth,
                                json={"text": "Thank you!"})
    assert replied.status_code == 200 and replied.json()["reply"] == "Thank you!"
    twice = await client.post(f"/api/v1/reviews/{first['id']}/reply", headers=mentor_auth,
                              json={"text": "Again"})
    assert (twice.status_code, twice.json()["code"]) == (409, "reply_exists")

    assert (await client.post(f"/api/v1/reviews/{second['id']}/report",
                              json={"reason": "Insult"})).status_code == 401
    reported = await client.post(f"/api/v1/reviews/{second['id']}/report",
                                 headers=mentor_auth, json={"reason": "Insults me"})
    assert reported.status_code == 200 and reported.json()["status"] == "reported"
    repeat = await client.post(f"/api/v1/reviews/{second['id']}/report", headers=mentor_auth,
                               json={"reason": "Insults me"})
    assert (repeat.status_code, repeat.json()["code"]) == (409, "review_already_reported")
    # Still public (and counted) until an admin decides.
    public = (await client.get(f"/api/v1/mentors/{mentor.id}/reviews")).json()
    assert [r["id"] for r in public["items"]] == [second["id"], first["id"]]
    assert public["items"][1]["reply"] == "Thank you!"

    assert (await client.get("/api/v1/admin/reviews", headers=mentor_auth)).status_code == 403
    queue = (await client.get("/api/v1/admin/reviews", headers=boss,
                              params={"page_size": 100})).json()
    [waiting] = [x for x in queue["items"] if x["review"]["id"] == second["id"]]
    assert [(r["reporter_id"], r["reporter_name"], r["reason"]) for r in waiting["reports"]] == [
        (str(mentor.id), "Berlin Mentor", "Insults me")]
    assert waiting["mentor_name"] == "Berlin Mentor"
    assert (await client.post(f"/api/v1/admin/reviews/{second['id']}/hide", headers=boss,
                              json={"reason": ""})).status_code == 400
    hidden = await client.post(f"/api/v1/admin/reviews/{second['id']}/hide", headers=boss,
                               json={"reason": "Personal insults are not allowed."})
    assert hidden.status_code == 200, hidden.text
    assert hidden.json()["review"]["status"] == "hidden"

    # A hidden review leaves the public list and the rating; its author sees why.
    public = (await client.get(f"/api/v1/mentors/{mentor.id}/reviews")).json()
    assert [r["id"] for r in public["items"]] == [first["id"]] and public["total"] == 1
    assert await profile_rating(client, mentor) == {
        "average": 5.0, "count": 1, "distribution": {"1": 0, "2": 0, "3": 0, "4": 0, "5": 1}}
    own = (await client.get(f"/api/v1/bookings/{second['session_id']}/review",
                            headers=auth)).json()
    assert (own["status"], own["hidden_reason"]) == ("hidden",
                                                     "Personal insults are not allowed.")
    outsider = await bearer(client, (await make_user(container)).email)
    gone = await client.post(f"/api/v1/reviews/{second['id']}/report", headers=outsider,
                             json={"reason": "Also bad"})
    assert (gone.status_code, gone.json()["code"]) == (404, "review_not_found")
    queue = (await client.get("/api/v1/admin/reviews", headers=boss,
                              params={"page_size": 100})).json()
    assert second["id"] not in {x["review"]["id"] for x in queue["items"]}

    restored = await client.post(f"/api/v1/admin/reviews/{second['id']}/restore", headers=boss)
    assert restored.status_code == 200 and restored.json()["review"]["status"] == "visible"
    assert (await profile_rating(client, mentor))["count"] == 2
    again = await client.post(f"/api/v1/admin/reviews/{second['id']}/restore", headers=boss)
    assert (again.status_code, again.json()["code"]) == (409, "illegal_review_transition")

    await container.dispatcher().wait_idle()
    inbox = (await client.get("/api/v1/notifications", headers=auth)).json()
    notices = [n for n in inbox["items"] if n["kind"].startswith("review.")]
    assert [n["kind"] for n in notices] == ["review.restored", "review.hidden", "review.replied"]
    assert notices[1]["body"] == "Personal insults are not allowed."
    async with container.uow()() as uow:
        trail = await uow.audit.list(PageRequest(1, 20), target_id=second["id"])
    assert sorted(e.action for e in trail.items) == sorted([
        "review.posted", "review.reported", "review.hidden", "review.restored"])
    assert {e.actor_id for e in trail.items} == {student.id, mentor.id, admin.id}


async def test_concurrent_reviews_keep_the_mentors_average_exact(world: World) -> None:
    client, container = world
    mentor = await bookable_mentor(client, container)
    ratings = [5, 4, 2, 5, 3, 1, 4, 5]
    posts = []
    for days, stars in enumerate(ratings, start=2):
        student = await make_user(container)
        session = await completed_session(container, student, mentor, days)
        posts.append(review(client, await bearer(client, student.email), session.id, stars))
    answers = await asyncio.gather(*posts)
    assert [a.status_code for a in answers] == [201] * len(ratings)
    rating = await profile_rating(client, mentor)
    assert (rating["average"], rating["count"]) == rating_summary(ratings) == (3.63, 8)
    page = (await client.get(f"/api/v1/mentors/{mentor.id}/reviews",
                             params={"page_size": 3, "page": 3})).json()
    assert (page["total"], len(page["items"])) == (len(ratings), 2)
