"""Paid seats over HTTP on PostgreSQL with the built-in test gateway: a seat held while its
student pays, taken by the gateway's webhook (once, however often it comes), racing students
held up to the capacity, a lapsed hold freeing its seat and a payment after it refunded, a
seat given back refunded, a session called off refunding every paid seat, and the ledger
counting each seat's money."""

import asyncio
import random
import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, update

from adapters.container import build_container
from adapters.db.tables import ledger_entries, ledger_postings, test_checkouts, test_refunds
from adapters.http.app import create_app
from adapters.payments.test_gateway import TestOutcome, TestPaymentGateway
from edu_core.domain.bookings.group import SeatHoldLapsed
from edu_core.domain.identity import User, UserDeleted
from tests.conftest import make_settings, serving
from tests.integration.helpers import PASSWORD, bearer, make_user
from tests.integration.test_booking_http import WEBHOOK, bookable_mentor, count, free_slots
from tests.integration.test_group_sessions_http import (  # noqa: F401 (fixtures)
    GROUPS,
    World,
    world,
)
from tests.integration.test_stripe_webhooks import (  # noqa: F401 (fixtures)
    SECRET,
    deliver,
    stripe_server,
)
from tests.support.fake_stripe import FakeStripe

PRICE = 1500


async def paid_session(world: World, capacity: int = 3) -> tuple[User, dict[str, Any]]:  # noqa: F811
    mentor = await bookable_mentor(world.client, world.container)
    [slot, *_] = await free_slots(world.client, mentor)
    group = await world.schedule(mentor, slot, capacity=capacity, seat_price=PRICE)
    assert (group["seat_price"], group["currency"]) == (PRICE, "EUR")
    return mentor, group


async def hold(world: World, group: dict[str, Any], student: User) -> dict[str, Any]:  # noqa: F811
    return await world.call("POST", f"{GROUPS}/{group['id']}/seat", student, expect=201)


def ref_of(held: dict[str, Any]) -> str:
    return str(held["checkout_url"].rsplit("/", 1)[1])


async def settle(world: World, held: dict[str, Any]) -> None:  # noqa: F811
    paid = await world.client.post(f"/api/v1/payments/test-checkouts/{ref_of(held)}/outcome",
                                   json={"outcome": "succeed"})
    assert paid.status_code == 200, paid.text
    # Back to the student's seats page, which the web client serves, naming the session.
    assert paid.json()["redirect_url"] == (
        f"{world.container.settings().public_url}/group-sessions?session={held['id']}&paid=1")


async def seat_id(world: World, ref: str) -> uuid.UUID:  # noqa: F811
    async with world.container.session_factory()() as session:
        found = (await session.execute(select(test_checkouts.c.session_id).where(
            test_checkouts.c.ref == ref))).scalar_one()
    return uuid.UUID(str(found))


async def refunded(world: World, key: str) -> int:  # noqa: F811
    return await count(world.container, select(func.coalesce(func.sum(
        test_refunds.c.amount), 0)).where(test_refunds.c.idempotency_key == key))


async def seat_postings(world: World, seat: uuid.UUID) -> list[str]:  # noqa: F811
    async with world.container.session_factory()() as session:
        return list((await session.execute(select(ledger_postings.c.kind).where(
            ledger_postings.c.seat_id == seat).order_by(ledger_postings.c.at))).scalars())


async def mentor_balance(world: World, mentor: User, account: str) -> int:  # noqa: F811
    return -await count(world.container, select(func.coalesce(func.sum(
        ledger_entries.c.amount), 0)).where(ledger_entries.c.owner_id == mentor.id,
                                            ledger_entries.c.account == account))


async def test_a_paid_seat_is_held_then_taken_by_the_gateways_webhook_once(
        world: World) -> None:  # noqa: F811
    mentor, group = await paid_session(world)
    student = await make_user(world.container)
    held = await hold(world, group, student)
    assert (held["my_seat"], held["seats_left"], held["seats"]) == ("held", 2, [])
    expires = datetime.fromisoformat(held["hold_expires_at"])
    assert expires == world.clock.now() + timedelta(minutes=10)
    # A second click: the same checkout, still one seat.
    again = await hold(world, group, student)
    assert (again["checkout_url"], again["seats_left"]) == (held["checkout_url"], 2)
    seen = await world.call("GET", f"{GROUPS}/{group['id']}", student)
    assert (seen["my_seat"], seen["checkout_url"]) == ("held", None)

    gateway = world.container.payment_gateway()
    assert isinstance(gateway, TestPaymentGateway)
    settled = await gateway.settle(ref_of(held), TestOutcome.SUCCEED)
    assert settled.webhook is not None
    payload, signature = settled.webhook
    for _ in range(3):  # redelivered: taken once, posted once
        answer = await world.client.post(WEBHOOK, content=payload,
                                         headers={"stripe-signature": signature})
        assert answer.status_code == 200, answer.text
    taken = await world.call("GET", f"{GROUPS}/{group['id']}", student)
    assert (taken["my_seat"], taken["my_seat_paid"], taken["hold_expires_at"]) == (
        "taken", PRICE, None)
    as_mentor = await world.call("GET", f"{GROUPS}/{group['id']}", mentor)
    assert [s["student_id"] for s in as_mentor["seats"]] == [str(student.id)]
    seat = await seat_id(world, ref_of(held))
    assert await seat_postings(world, seat) == ["payment"]
    assert await mentor_balance(world, mentor, "mentor_pending") == 1275  # 15 % kept

    # Completed, the mentor's share of the seat becomes payable.
    world.clock.advance(days=4)
    await world.call("POST", f"{GROUPS}/{group['id']}/complete", mentor)
    assert await seat_postings(world, seat) == ["payment", "release"]
    assert await mentor_balance(world, mentor, "mentor_pending") == 0
    assert await mentor_balance(world, mentor, "mentor_available") == 1275


async def test_an_abandoned_checkout_comes_back_to_the_seats_page_with_the_seat_expired(
        world: World) -> None:  # noqa: F811
    _, group = await paid_session(world)
    student = await make_user(world.container)
    held = await hold(world, group, student)
    gone = await world.client.post(f"/api/v1/payments/test-checkouts/{ref_of(held)}/outcome",
                                   json={"outcome": "abandon"})
    assert gone.status_code == 200, gone.text
    assert gone.json()["redirect_url"] == (
        f"{world.container.settings().public_url}/group-sessions?session={held['id']}"
        "&cancelled=1")
    mine = await world.call("GET", GROUPS, student)
    assert [(g["id"], g["my_seat"], g["seats_left"], g["hold_expires_at"])
            for g in mine["items"]] == [(group["id"], "expired", 3, None)]


async def test_racing_students_hold_the_seats_and_no_more(world: World) -> None:  # noqa: F811
    _, group = await paid_session(world, capacity=2)
    students = [await make_user(world.container) for _ in range(6)]
    auths = [await world.auth(s) for s in students]
    answers = await asyncio.gather(*(world.client.post(
        f"{GROUPS}/{group['id']}/seat", headers=auth) for auth in auths))
    assert sorted(a.status_code for a in answers) == [201] * 2 + [409] * 4, [
        a.text for a in answers]
    assert {a.json()["code"] for a in answers if a.status_code == 409} == {
        "group_session_full"}
    assert len({a.json()["checkout_url"] for a in answers if a.status_code == 201}) == 2


async def test_a_lapsed_hold_frees_its_seat_and_a_late_payment_goes_back(
        world: World) -> None:  # noqa: F811
    mentor, group = await paid_session(world, capacity=2)
    late, waiting = await make_user(world.container), await make_user(world.container)
    held = await hold(world, group, late)
    seat = await seat_id(world, ref_of(held))

    world.clock.advance(minutes=11)
    await world.container.group_session_timers().seat_hold_lapsed(SeatHoldLapsed(
        occurred_at=world.clock.now(), group_session_id=uuid.UUID(group["id"]), seat_id=seat))
    lapsed = await world.call("GET", f"{GROUPS}/{group['id']}", late)
    assert (lapsed["my_seat"], lapsed["seats_left"]) == ("expired", 2)
    await hold(world, group, waiting)  # the seat is someone else's to take

    # The page's payment went through as the hold lapsed (the gateway had not closed it yet).
    async with world.container.session_factory()() as session, session.begin():
        await session.execute(update(test_checkouts).where(
            test_checkouts.c.ref == ref_of(held)).values(status="open"))
    await settle(world, held)
    assert await refunded(world, f"seat:{seat}:late-refund") == PRICE
    after = await world.call("GET", f"{GROUPS}/{group['id']}", late)
    assert (after["my_seat"], after["my_seat_paid"], after["my_seat_refunded"]) == (
        "expired", PRICE, PRICE)
    assert await seat_postings(world, seat) == ["payment", "refund"]
    assert await mentor_balance(world, mentor, "mentor_pending") == 0


async def test_a_paid_seat_given_back_in_time_is_refunded_in_full(
        world: World) -> None:  # noqa: F811
    mentor, group = await paid_session(world)
    student = await make_user(world.container)
    held = await hold(world, group, student)
    await settle(world, held)
    seat = await seat_id(world, ref_of(held))
    back = await world.call("POST", f"{GROUPS}/{group['id']}/seat/cancel", student)
    assert (back["my_seat"], back["my_seat_refunded"], back["seats_left"]) == (
        "cancelled", PRICE, 3)
    assert await refunded(world, f"seat:{seat}:cancel-refund") == PRICE
    assert await seat_postings(world, seat) == ["payment", "refund"]
    assert await mentor_balance(world, mentor, "mentor_pending") == 0
    # Given back twice: there is no seat to give back.
    again = await world.call("POST", f"{GROUPS}/{group['id']}/seat/cancel", student,
                             expect=404)
    assert again["code"] == "seat_not_found"


async def test_a_mentor_calling_it_off_refunds_every_paid_seat(
        world: World) -> None:  # noqa: F811
    mentor, group = await paid_session(world)
    ann, bob, carol = [await make_user(world.container) for _ in range(3)]
    paid_refs = []
    for student in (ann, bob):
        held = await hold(world, group, student)
        await settle(world, held)
        paid_refs.append(ref_of(held))
    unpaid = await hold(world, group, carol)

    called_off = await world.call("POST", f"{GROUPS}/{group['id']}/cancel", mentor)
    assert called_off["status"] == "cancelled"
    for ref in paid_refs:
        assert await refunded(world, f"seat:{await seat_id(world, ref)}:cancel-refund") == \
            PRICE
    assert (await world.call("GET", f"{GROUPS}/{group['id']}", carol))["my_seat"] == "expired"
    closed = await world.client.get(f"/api/v1/payments/test-checkouts/{ref_of(unpaid)}")
    assert closed.json()["status"] == "expired"
    assert await mentor_balance(world, mentor, "mentor_pending") == 0


@pytest.fixture
async def on_stripe(tmp_path: Path, database_url: str,
                    stripe_server: FakeStripe) -> AsyncIterator[  # noqa: F811
                        tuple[httpx.AsyncClient, Any]]:
    settings = make_settings(tmp_path / "var", stripe_secret_key="sk_test_platform",
                             stripe_webhook_secret=SECRET, stripe_api_base=stripe_server.url,
                             feature_group_sessions=True)
    container = build_container(settings, database_url)
    app = create_app(settings, container=container)
    transport = httpx.ASGITransport(app=app)
    async with serving(app), httpx.AsyncClient(transport=transport,
                                               base_url="https://testserver.local") as client:
        yield client, container


async def test_stripes_webhooks_replayed_and_concurrent_take_one_seat_once(
        on_stripe: tuple[httpx.AsyncClient, Any],
        stripe_server: FakeStripe) -> None:  # noqa: F811
    client, container = on_stripe
    mentor = await bookable_mentor(client, container)
    [slot, *_] = await free_slots(client, mentor)
    scheduled = await client.post(GROUPS, headers=await bearer(client, mentor.email), json={
        "title": "Optics, together", "starts_at": slot, "minutes": 60, "capacity": 2,
        "seat_price": PRICE})
    assert scheduled.status_code == 201, scheduled.text
    group = scheduled.json()
    student = await bearer(client, (await make_user(container)).email)
    held = await client.post(f"{GROUPS}/{group['id']}/seat", headers=student)
    assert held.status_code == 201, held.text
    ref = ref_of(held.json())
    checkout = stripe_server.checkouts[ref]
    seat = checkout["metadata"]["session_id"]
    assert (checkout["amount_total"], checkout["currency"]) == (PRICE, "eur")
    [(_, _, headers, _)] = [r for r in stripe_server.requests
                            if r[1] == "/v1/checkout/sessions"
                            and r[3]["metadata"] == {"session_id": seat}]
    assert headers["idempotency-key"] == f"seat:{seat}:checkout"

    paid = stripe_server.sign(stripe_server.pay(ref), SECRET)
    deliveries = [paid] * 8
    random.Random(7).shuffle(deliveries)
    answers = await asyncio.gather(*(deliver(client, d) for d in deliveries))
    assert [a.status_code for a in answers] == [200] * 8
    taken = (await client.get(f"{GROUPS}/{group['id']}", headers=student)).json()
    assert (taken["my_seat"], taken["my_seat_paid"]) == ("taken", PRICE)
    assert await count(container, select(func.count()).select_from(ledger_postings).where(
        ledger_postings.c.seat_id == uuid.UUID(seat))) == 1
    assert all(r["payment_intent"] != checkout["payment_intent"]
               for r in stripe_server.refunds.values())


async def test_a_deleted_account_gives_its_seats_back_and_a_deleted_mentor_calls_off(
        world: World) -> None:  # noqa: F811
    mentor, group = await paid_session(world)
    leaving, staying = await make_user(world.container), await make_user(world.container)
    held = await hold(world, group, leaving)
    await settle(world, held)
    await settle(world, await hold(world, group, staying))
    seat = await seat_id(world, ref_of(held))

    gone = await world.client.post("/api/v1/me/deletion", headers=await world.auth(leaving),
                                   json={"current_password": PASSWORD})
    assert gone.status_code == 204, gone.text
    await world.container.dispatcher().wait_idle()
    assert await refunded(world, f"seat:{seat}:cancel-refund") == PRICE
    left = await world.call("GET", f"{GROUPS}/{group['id']}", mentor)
    assert (left["status"], left["seats_left"], len(left["seats"])) == ("scheduled", 2, 1)

    # The mentor's own deletion calls the session off: the other paid seat comes back.
    await world.container.group_session_timers().account_deleted(UserDeleted(
        occurred_at=world.clock.now(), user_id=mentor.id))
    called_off = await world.call("GET", f"{GROUPS}/{group['id']}", staying)
    assert (called_off["status"], called_off["my_seat"], called_off["my_seat_refunded"]) == (
        "cancelled", "released", PRICE)
    assert await mentor_balance(world, mentor, "mentor_pending") == 0
