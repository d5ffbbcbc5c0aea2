"""Booking over HTTP with the built-in test gateway: hold, pay on the test page, webhooks that
repeat or lie, a race for one slot, cancellation with its refund."""

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from adapters.cli.demo import DEMO
from adapters.container import Container, build_container
from adapters.db.tables import ledger_postings, mentoring_sessions, test_refunds
from adapters.http.app import create_app
from adapters.mail.file_outbox import read_outbox
from adapters.payments.stripe_events import signed_webhook
from adapters.payments.test_gateway import webhook_secret
from edu_core.domain.bookings.reminders import reminder_keys
from edu_core.domain.identity import User
from edu_core.domain.schedules import ScheduleStatus
from tests.conftest import make_settings, serving
from tests.integration.helpers import bearer, make_mentor, make_user

WEBHOOK = "/api/v1/payments/stripe/webhook"
WEEK = [{"weekday": d, "start": "09:00", "end": "13:00"} for d in range(7)]


@pytest.fixture
async def world(tmp_path: Path, database_url: str
                ) -> AsyncIterator[tuple[httpx.AsyncClient, Container]]:
    settings = make_settings(tmp_path / "var")
    container = build_container(settings, database_url)
    app = create_app(settings, container=container)
    transport = httpx.ASGITransport(app=app)
    async with serving(app), httpx.AsyncClient(transport=transport,
                                               base_url="https://testserver.local") as client:
        yield client, container


async def bookable_mentor(client: httpx.AsyncClient, container: Container, *,
                          currency: str = "EUR", rate: int = 6000) -> User:
    slug = f"optics-{uuid.uuid4().hex[:6]}"
    await container.catalog().import_document(DEMO, {"subjects": [{
        "name": "Optics", "slug": slug, "chapters": [{"name": "Lenses", "topics": [
            {"name": "Lenses", "slug": f"{slug}-lenses"}]}]}]})
    topic = next(t.chapters[0].topics[0] for t in await container.catalog().tree()
                 if t.subject.slug == slug)
    mentor = await make_mentor(container, "Berlin Mentor", headline="Optics", bio="Lenses.",
                               topics=[str(topic.id)], languages=["de"], rate=rate,
                               currency=currency)
    auth = await bearer(client, mentor.email)
    saved = await client.put("/api/v1/mentor/availability", headers=auth, json={
        "version": 1, "timezone": "Europe/Berlin", "session_lengths": [60, 30],
        "buffer_minutes": 0, "min_notice_minutes": 0, "horizon_days": 30, "weekly": WEEK,
        "overrides": []})
    assert saved.status_code == 200, saved.text
    return mentor


async def free_slots(client: httpx.AsyncClient, mentor: User, minutes: int = 60) -> list[str]:
    start = (datetime.now(UTC) + timedelta(days=3)).date()
    found = await client.get(f"/api/v1/mentors/{mentor.id}/slots", params={
        "start": start.isoformat(), "days": 1, "timezone": "UTC",
        "session_minutes": minutes})
    assert found.status_code == 200, found.text
    return [s["start"] for day in found.json()["days"] for s in day["slots"]]


async def book(client: httpx.AsyncClient, auth: dict[str, str], mentor: User,
               starts_at: str, minutes: int = 60) -> httpx.Response:
    return await client.post("/api/v1/bookings", headers=auth, json={
        "mentor_id": str(mentor.id), "starts_at": starts_at, "minutes": minutes})


def checkout_ref(started: dict[str, Any]) -> str:
    return str(started["checkout_url"].rsplit("/", 1)[1])


async def count(container: Container, statement: Any) -> int:
    async with container.session_factory()() as session:
        return int((await session.execute(statement)).scalar_one())


async def test_a_student_holds_pays_on_the_test_page_and_the_session_is_confirmed_once(
        world: tuple[httpx.AsyncClient, Container]) -> None:
    client, container = world
    mentor = await bookable_mentor(client, container)
    student = await make_user(container)
    auth = await bearer(client, student.email)
    [slot, *_] = await free_slots(client, mentor)

    started = await book(client, auth, mentor, slot)
    assert started.status_code == 201, started.text
    body = started.json()
    session = body["session"]
    assert (session["status"], session["price"], session["currency"]) == (
        "awaiting_payment", 6000, "EUR")
    assert slot not in await free_slots(client, mentor)  # held: gone from the calendar

    ref = checkout_ref(body)
    page = (await client.get(f"/api/v1/payments/test-checkouts/{ref}")).json()
    assert (page["amount"], page["currency"], page["status"]) == (6000, "EUR", "open")

    declined = await client.post(f"/api/v1/payments/test-checkouts/{ref}/outcome",
                                 json={"outcome": "decline"})
    assert declined.json() == {"declined": True, "redirect_url": None}
    still = (await client.get(f"/api/v1/bookings/{session['id']}", headers=auth)).json()
    assert still["status"] == "awaiting_payment"  # a declined card confirms nothing

    paid = await client.post(f"/api/v1/payments/test-checkouts/{ref}/outcome",
                             json={"outcome": "succeed_after_3ds"})
    assert paid.status_code == 200, paid.text
    assert paid.json()["redirect_url"].endswith(f"/sessions/{session['id']}?paid=1")
    confirmed = (await client.get(f"/api/v1/bookings/{session['id']}", headers=auth)).json()
    assert (confirmed["status"], confirmed["paid"]) == ("confirmed", 6000)
    again = await client.post(f"/api/v1/payments/test-checkouts/{ref}/outcome",
                              json={"outcome": "succeed"})
    assert again.status_code == 409 and again.json()["code"] == "checkout_closed"

    upcoming = (await client.get("/api/v1/bookings", headers=auth)).json()
    assert [s["id"] for s in upcoming["items"]] == [session["id"]]
    mentors_view = (await client.get("/api/v1/bookings",
                                     headers=await bearer(client, mentor.email))).json()
    assert [s["id"] for s in mentors_view["items"]] == [session["id"]]
    stranger = await bearer(client, (await make_user(container)).email)
    hidden = await client.get(f"/api/v1/bookings/{session['id']}", headers=stranger)
    assert hidden.status_code == 404 and hidden.json()["code"] == "session_not_found"


async def test_webhooks_are_verified_and_take_effect_once_however_often_they_come(
        world: tuple[httpx.AsyncClient, Container]) -> None:
    client, container = world
    mentor = await bookable_mentor(client, container)
    auth = await bearer(client, (await make_user(container)).email)
    [slot, *_] = await free_slots(client, mentor)
    started = (await book(client, auth, mentor, slot)).json()
    ref = checkout_ref(started)
    secret = webhook_secret(container.settings().signing_key())
    event = {"id": f"evt_{uuid.uuid4().hex}", "object": "event",
             "type": "checkout.session.completed",
             "data": {"object": {"id": ref, "object": "checkout.session", "amount_total": 6000,
                                 "currency": "eur", "payment_intent": "pi_replayed",
                                 "payment_status": "paid"}}}
    payload, header = signed_webhook(event, secret)

    bad = await client.post(WEBHOOK, content=payload, headers={
        "stripe-signature": header.replace("v1=", "v1=0"), "content-type": "application/json"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_webhook"
    stale_payload, stale = signed_webhook(event, secret, int(time.time()) - 301)
    old = await client.post(WEBHOOK, content=stale_payload, headers={
        "stripe-signature": stale, "content-type": "application/json"})
    assert old.status_code == 400
    reserialised = json.dumps(json.loads(payload), indent=1).encode()
    tampered = await client.post(WEBHOOK, content=reserialised, headers={
        "stripe-signature": header, "content-type": "application/json"})
    assert tampered.status_code == 400
    session_id = started["session"]["id"]
    assert (await client.get(f"/api/v1/bookings/{session_id}", headers=auth)).json()[
        "status"] == "awaiting_payment"

    answers = await asyncio.gather(*(client.post(WEBHOOK, content=payload, headers={
        "stripe-signature": header, "content-type": "application/json"}) for _ in range(10)))
    assert [a.status_code for a in answers] == [200] * 10
    confirmed = (await client.get(f"/api/v1/bookings/{session_id}", headers=auth)).json()
    assert confirmed["status"] == "confirmed"
    assert await count(container, select(func.count()).select_from(ledger_postings).where(
        ledger_postings.c.session_id == uuid.UUID(session_id))) == 1

    # An event the bookings do not act on is acknowledged and recorded only.
    other, other_header = signed_webhook({"id": f"evt_{uuid.uuid4().hex}", "object": "event",
                                          "type": "charge.refunded",
                                          "data": {"object": {"object": "charge"}}}, secret)
    assert (await client.post(WEBHOOK, content=other, headers={
        "stripe-signature": other_header, "content-type": "application/json"})).status_code \
        == 200


async def test_of_many_students_racing_for_one_slot_exactly_one_gets_it(
        world: tuple[httpx.AsyncClient, Container]) -> None:
    client, container = world
    mentor = await bookable_mentor(client, container)
    [slot, *_] = await free_slots(client, mentor)
    students = [await bearer(client, (await make_user(container)).email) for _ in range(8)]
    answers = await asyncio.gather(*(book(client, auth, mentor, slot) for auth in students))
    codes = sorted(a.status_code for a in answers)
    assert codes == [201] + [409] * 7, [a.text for a in answers if a.status_code != 409]
    assert {a.json()["code"] for a in answers if a.status_code == 409} <= {
        "slot_taken", "slot_unavailable"}


async def test_a_student_cancels_and_gets_the_refund_the_terms_promise(
        world: tuple[httpx.AsyncClient, Container]) -> None:
    client, container = world
    mentor = await bookable_mentor(client, container)
    mentor_auth = await bearer(client, mentor.email)
    terms = await client.put("/api/v1/mentor/booking-terms", headers=mentor_auth, json={
        "free_until_hours": 24 * 14, "late_refund_percent": 25, "max_sessions_per_day": 4,
        "trial_minutes": None})
    assert terms.status_code == 200, terms.text
    public = (await client.get(f"/api/v1/mentors/{mentor.id}/booking-terms")).json()
    assert public["late_refund_percent"] == 25
    auth = await bearer(client, (await make_user(container)).email)
    [slot, *_] = await free_slots(client, mentor)
    started = (await book(client, auth, mentor, slot)).json()
    await client.post(f"/api/v1/payments/test-checkouts/{checkout_ref(started)}/outcome",
                      json={"outcome": "succeed"})
    session_id = started["session"]["id"]
    preview = (await client.get(f"/api/v1/bookings/{session_id}", headers=auth)).json()
    assert preview["refund_if_cancelled_now"] == 1500  # inside the 14 days: 25 %

    cancelled = await client.post(f"/api/v1/bookings/{session_id}/cancel", headers=auth,
                                  json={"reason": "Exams moved."})
    assert cancelled.status_code == 200, cancelled.text
    assert (cancelled.json()["status"], cancelled.json()["refunded"]) == ("cancelled", 1500)
    payment = cancelled.json()["id"]
    assert await count(container, select(func.sum(test_refunds.c.amount)).where(
        test_refunds.c.idempotency_key == f"booking:{payment}:cancel-refund")) == 1500
    twice = await client.post(f"/api/v1/bookings/{session_id}/cancel", headers=auth, json={})
    assert twice.status_code == 409 and twice.json()["code"] == "illegal_session_transition"
    assert slot in await free_slots(client, mentor)


async def test_a_session_names_both_people_and_the_trial_is_offered_until_booked(
        world: tuple[httpx.AsyncClient, Container]) -> None:
    client, container = world
    mentor = await bookable_mentor(client, container)
    mentor_auth = await bearer(client, mentor.email)
    student, other = await make_user(container), await make_user(container)
    auth, other_auth = await bearer(client, student.email), await bearer(client, other.email)
    terms_url = f"/api/v1/mentors/{mentor.id}/booking-terms"

    async def trial_available(headers: dict[str, str] | None = None) -> Any:
        answer = await client.get(terms_url, headers=headers)
        assert answer.status_code == 200, answer.text
        return answer.json()["trial_available"]

    assert await trial_available(auth) is False  # none offered yet
    assert (await client.put("/api/v1/mentor/booking-terms", headers=mentor_auth, json={
        "free_until_hours": 24, "late_refund_percent": 50, "max_sessions_per_day": 4,
        "trial_minutes": 30, "trial_price_percent": 50})).status_code == 200
    # Nobody to tell for visitors and mentors; a student who has had none may book it.
    assert (await trial_available(), await trial_available(mentor_auth),
            await trial_available(auth)) == (None, None, True)

    [slot, *_] = await free_slots(client, mentor)
    started = await client.post("/api/v1/bookings", headers=auth, json={
        "mentor_id": str(mentor.id), "starts_at": slot, "minutes": 30, "trial": True})
    assert started.status_code == 201, started.text
    session = started.json()["session"]
    assert (session["trial"], session["minutes"], session["price"]) == (True, 30, 1500)
    assert (session["student_name"], session["mentor_name"], session["reviewed"]) == (
        "Test student", "Berlin Mentor", False)
    assert (await trial_available(auth), await trial_available(other_auth)) == (False, True)

    # Both see the other by name, never by address; another student sees nothing of it.
    for headers in (auth, mentor_auth):
        one = await client.get(f"/api/v1/bookings/{session['id']}", headers=headers)
        listed = await client.get("/api/v1/bookings", headers=headers)
        assert "@" not in one.text + listed.text
        [item] = listed.json()["items"]
        assert (item["id"], item["student_name"], item["mentor_name"]) == (
            session["id"], "Test student", "Berlin Mentor")
        assert one.json() == item
    hidden = await client.get(f"/api/v1/bookings/{session['id']}", headers=other_auth)
    assert (hidden.status_code, hidden.json()["code"]) == (404, "session_not_found")
    assert (await client.get("/api/v1/bookings", headers=other_auth)).json()["total"] == 0


async def test_a_mentor_lists_the_sessions_of_a_week_whether_past_or_upcoming(
        world: tuple[httpx.AsyncClient, Container]) -> None:
    client, container = world
    mentor = await bookable_mentor(client, container)
    student = await make_user(container)
    [slot, *_] = await free_slots(client, mentor)
    started = await book(client, await bearer(client, student.email), mentor, slot)
    assert started.status_code == 201, started.text
    session_id = started.json()["session"]["id"]
    auth = await bearer(client, mentor.email)
    start = datetime.fromisoformat(slot)

    async def listed(**params: str) -> httpx.Response:
        return await client.get("/api/v1/bookings", headers=auth, params=params)

    week = {"when": "all", "from": (start - timedelta(days=1)).isoformat(),
            "to": (start + timedelta(days=6)).isoformat()}
    found = await listed(**week)
    assert found.status_code == 200, found.text
    assert [(s["id"], s["student_name"]) for s in found.json()["items"]] == [
        (session_id, student.display_name)]
    # The range is on the start: from the session's start on, not from its end.
    assert [s["id"] for s in (await listed(**{**week, "from": slot})).json()["items"]] == [
        session_id]
    later = await listed(**{**week, "from": (start + timedelta(minutes=1)).isoformat()})
    assert later.json()["items"] == [] and later.json()["total"] == 0
    assert (await listed(**{**week, "when": "past"})).json()["items"] == []

    backwards = await listed(**{**week, "to": week["from"]})
    assert backwards.status_code == 422 and backwards.json()["details"]["fields"] == {
        "to": "Must be after from."}
    naive = await listed(**{**week, "from": "2026-03-02T00:00:00"})
    assert naive.status_code == 422 and "from" in naive.json()["details"]["fields"]
    wrong = await listed(when="soon")
    assert wrong.status_code == 400 and wrong.json()["code"] == "validation_error"


async def test_bad_booking_requests_are_refused_with_a_code(
        world: tuple[httpx.AsyncClient, Container]) -> None:
    client, container = world
    mentor = await bookable_mentor(client, container)
    auth = await bearer(client, (await make_user(container)).email)
    [slot, *_] = await free_slots(client, mentor)
    cases = [
        ({"mentor_id": str(mentor.id), "starts_at": slot, "minutes": 45}, 409),
        ({"mentor_id": str(mentor.id), "starts_at": "2026-03-04T09:00:00", "minutes": 60},
         400),  # no offset
        ({"mentor_id": str(mentor.id), "starts_at": slot, "minutes": "sixty"}, 400),
        ({"mentor_id": str(uuid.uuid4()), "starts_at": slot, "minutes": 60}, 404),
        ({"mentor_id": str(mentor.id), "starts_at": slot, "minutes": 60, "price": 1}, 400),
    ]
    for body, status in cases:
        answer = await client.post("/api/v1/bookings", headers=auth, json=body)
        assert answer.status_code == status, (body, answer.text)
    as_mentor = await book(client, await bearer(client, mentor.email), mentor, slot)
    assert as_mentor.status_code == 403
    anonymous = await client.post("/api/v1/bookings", json={
        "mentor_id": str(mentor.id), "starts_at": slot, "minutes": 60})
    assert anonymous.status_code == 401


async def test_a_session_can_be_booked_about_a_topic(
        world: tuple[httpx.AsyncClient, Container]) -> None:
    client, container = world
    mentor = await bookable_mentor(client, container)
    auth = await bearer(client, (await make_user(container)).email)
    first, second, *_ = await free_slots(client, mentor)
    topic = next(t for tree in await container.catalog().tree() for c in tree.chapters
                 for t in c.topics)
    unknown = await client.post("/api/v1/bookings", headers=auth, json={
        "mentor_id": str(mentor.id), "starts_at": first, "minutes": 60,
        "topic_id": str(uuid.uuid4())})
    assert unknown.status_code == 404, unknown.text
    # Refused whole: no session holds the slot.
    assert await count(container, select(func.count()).select_from(mentoring_sessions).where(
        mentoring_sessions.c.mentor_id == mentor.id)) == 0
    about = await client.post("/api/v1/bookings", headers=auth, json={
        "mentor_id": str(mentor.id), "starts_at": first, "minutes": 60,
        "topic_id": str(topic.id)})
    assert about.status_code == 201, about.text
    assert about.json()["session"]["topic_id"] == str(topic.id)
    session_id = about.json()["session"]["id"]
    seen_by_mentor = await client.get(f"/api/v1/bookings/{session_id}",
                                      headers=await bearer(client, mentor.email))
    assert seen_by_mentor.json()["topic_id"] == str(topic.id)
    plain = await book(client, auth, mentor, second)
    assert plain.status_code == 201 and plain.json()["session"]["topic_id"] is None


async def test_a_confirmed_booking_mails_both_parties_an_invitation_and_sets_reminders(
        world: tuple[httpx.AsyncClient, Container]) -> None:
    client, container = world
    mentor = await bookable_mentor(client, container)
    student = await make_user(container)
    auth = await bearer(client, student.email)
    [slot, *_] = await free_slots(client, mentor)
    started = (await book(client, auth, mentor, slot)).json()
    session_id = uuid.UUID(started["session"]["id"])
    paid = await client.post(f"/api/v1/payments/test-checkouts/{checkout_ref(started)}/outcome",
                             json={"outcome": "succeed"})
    assert paid.status_code == 200, paid.text
    await container.dispatcher().wait_idle()

    outbox = container.settings().outbox_dir
    mails = {m.to: m for m in read_outbox(outbox) if m.to in (student.email, mentor.email)}
    assert set(mails) == {student.email, mentor.email}
    for mail in mails.values():
        assert f"/sessions/{session_id}" in mail.text
        [attachment] = mail.attachments
        assert attachment.filename == "invite.ics"
        assert attachment.content_type.startswith("text/calendar; method=REQUEST")
        calendar = Calendar.from_ical(attachment.content)
        [event] = calendar.walk("VEVENT")
        assert (event["UID"], event["SEQUENCE"]) == (f"{session_id}@mentora", 0)
        assert event.decoded("DTSTART") == datetime.fromisoformat(slot)
    async with container.uow()() as uow:
        reminders = [await uow.schedules.get(key) for key in reminder_keys(session_id)]
    assert [r.due_at if r else None for r in reminders] == [
        datetime.fromisoformat(slot) - timedelta(hours=24),
        datetime.fromisoformat(slot) - timedelta(hours=1)]
    inbox = (await client.get("/api/v1/notifications", headers=auth)).json()
    assert [n["kind"] for n in inbox["items"]] == ["booking.confirmed"]

    cancelled = await client.post(f"/api/v1/bookings/{session_id}/cancel", headers=auth,
                                  json={"reason": "Exams moved."})
    assert cancelled.status_code == 200, cancelled.text
    await container.dispatcher().wait_idle()
    cancels = [m for m in read_outbox(outbox) if m.to in (student.email, mentor.email)
               and m.attachments and m.attachments[0].filename == "cancel.ics"]
    assert sorted(m.to for m in cancels) == sorted([student.email, mentor.email])
    [event] = Calendar.from_ical(cancels[0].attachments[0].content).walk("VEVENT")
    assert (event["UID"], event["SEQUENCE"], event["STATUS"]) == (
        f"{session_id}@mentora", 1, "CANCELLED")
    async with container.uow()() as uow:
        after = [await uow.schedules.get(key) for key in reminder_keys(session_id)]
    assert {r.status if r else None for r in after} == {ScheduleStatus.CANCELLED}


async def test_many_bookings_at_once_do_not_starve_a_small_pool(
        tmp_path: Path, database_url: str) -> None:
    # Each booking request holds its connection; the gateway's checkout must borrow that one,
    # not wait for a second: with 2 (+2 overflow) connections, 12 at once all go through.
    settings = make_settings(tmp_path / "var", database_pool_size=2)
    container = build_container(settings, database_url)
    app = create_app(settings, container=container)
    async with serving(app), httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                               base_url="https://testserver.local") as client:
        mentor = await bookable_mentor(client, container)
        slots = await free_slots(client, mentor)
        students = [await bearer(client, (await make_user(container)).email)
                    for _ in range(len(slots[:12]))]
        answers = await asyncio.wait_for(asyncio.gather(*(
            book(client, auth, mentor, slot) for auth, slot in zip(students, slots, strict=False))),
            timeout=25)
        assert [a.status_code for a in answers] == [201] * len(students), [
            a.text for a in answers if a.status_code != 201]


async def test_the_mentor_sets_the_meeting_link_and_notes_that_both_parties_see(
        world: tuple[httpx.AsyncClient, Container]) -> None:
    client, container = world
    mentor = await bookable_mentor(client, container)
    student = await make_user(container)
    auth = await bearer(client, student.email)
    [slot, *_] = await free_slots(client, mentor)
    started = (await book(client, auth, mentor, slot)).json()
    session_id = started["session"]["id"]
    await client.post(f"/api/v1/payments/test-checkouts/{checkout_ref(started)}/outcome",
                      json={"outcome": "succeed"})
    mentor_auth = await bearer(client, mentor.email)
    path = f"/api/v1/bookings/{session_id}"

    saved = await client.patch(path, headers=mentor_auth, json={
        "meeting_url": "https://meet.example.org/optics-42", "notes": "Bring last week's lab."})
    assert saved.status_code == 200, saved.text
    seen = (await client.get(path, headers=auth)).json()
    assert (seen["meeting_url"], seen["notes"]) == (
        "https://meet.example.org/optics-42", "Bring last week's lab.")

    # Only the notes change when only the notes are sent; an empty link removes it.
    await client.patch(path, headers=mentor_auth, json={"notes": "Chapter 3, please."})
    assert (await client.get(path, headers=auth)).json()["meeting_url"].endswith("optics-42")
    cleared = (await client.patch(path, headers=mentor_auth, json={"meeting_url": ""})).json()
    assert (cleared["meeting_url"], cleared["notes"]) == ("", "Chapter 3, please.")

    unsafe = await client.patch(path, headers=mentor_auth,
                                json={"meeting_url": "javascript:alert(1)"})
    assert unsafe.status_code == 422, unsafe.text
    by_student = await client.patch(path, headers=auth, json={"notes": "mine now"})
    assert by_student.status_code == 403
    other_mentor = await bookable_mentor(client, container)
    foreign = await client.patch(path, headers=await bearer(client, other_mentor.email),
                                 json={"notes": "hello"})
    assert foreign.status_code == 404 and foreign.json()["code"] == "session_not_found"
    assert (await client.get(path, headers=auth)).json()["notes"] == "Chapter 3, please."
