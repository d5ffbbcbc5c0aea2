"""The platform configured for Stripe, against the project's fake Stripe server: a booking opens
a Checkout Session shaped as the money model needs, and Stripe's webhooks, delivered many times,
out of order and all at once, confirm one session with one ledger posting."""

import asyncio
import random
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import stripe
from pydantic import ValidationError
from sqlalchemy import func, select, update

from adapters.container import Container, build_container
from adapters.db.tables import ledger_postings, scheduled_events
from adapters.http.app import create_app
from adapters.memory.fakes import FakeClock
from adapters.payments.stripe_gateway import StripeGateway
from adapters.payments.test_gateway import TestPaymentGateway
from edu_core.application.bookings import BookingService
from edu_core.domain.bookings.session import HoldLapsed, SessionStatus
from edu_core.ports.payments import CheckoutRequest
from tests.conftest import make_settings, serving
from tests.integration.helpers import bearer, make_user
from tests.integration.test_booking_http import WEBHOOK, book, bookable_mentor, count, free_slots
from tests.support.fake_stripe import FakeStripe, fake_stripe
from tests.support.live_server import free_port

SECRET = "whsec_stripe_webhooks"
World = tuple[httpx.AsyncClient, Container, FakeStripe]


@pytest.fixture(scope="module")
def stripe_server() -> Iterator[FakeStripe]:
    with fake_stripe() as fake:
        yield fake


@pytest.fixture
async def world(tmp_path: Path, database_url: str,
                stripe_server: FakeStripe) -> AsyncIterator[World]:
    settings = make_settings(tmp_path / "var", stripe_secret_key="sk_test_platform",
                             stripe_webhook_secret=SECRET, stripe_api_base=stripe_server.url)
    container = build_container(settings, database_url)
    app = create_app(settings, container=container)
    transport = httpx.ASGITransport(app=app)
    async with serving(app), httpx.AsyncClient(transport=transport,
                                               base_url="https://testserver.local") as client:
        yield client, container, stripe_server


async def deliver(client: httpx.AsyncClient, signed: tuple[bytes, str]) -> httpx.Response:
    payload, signature = signed
    return await client.post(WEBHOOK, content=payload, headers={
        "stripe-signature": signature, "content-type": "application/json"})


def test_stripe_is_chosen_by_its_secret_key_and_needs_its_webhook_secret(
        tmp_path: Path) -> None:
    assert make_settings(tmp_path).payment_backend == "test"
    with pytest.raises(ValidationError, match="EDU_STRIPE_WEBHOOK_SECRET"):
        make_settings(tmp_path, stripe_secret_key="sk_test_x")
    stripe_settings = make_settings(tmp_path, stripe_secret_key="sk_test_x",
                                    stripe_webhook_secret=SECRET)
    assert stripe_settings.payment_backend == "stripe"
    assert isinstance(build_container(stripe_settings, "postgresql://db/x").payment_gateway(),
                      StripeGateway)
    assert isinstance(build_container(make_settings(tmp_path), "postgresql://db/x")
                      .payment_gateway(), TestPaymentGateway)


async def test_replayed_reordered_concurrent_webhooks_confirm_one_session_once(
        world: World) -> None:
    client, container, fake = world
    mentor = await bookable_mentor(client, container)
    paying, leaving = await make_user(container), await make_user(container)
    [slot, other_slot, *_] = await free_slots(client, mentor)

    started = await book(client, await bearer(client, paying.email), mentor, slot)
    assert started.status_code == 201, started.text
    session = started.json()["session"]
    ref = started.json()["checkout_url"].rsplit("/", 1)[1]
    assert started.json()["checkout_url"].startswith(fake.url)
    # The hold lasts as long as the checkout, which Stripe keeps open 30 minutes at least.
    checkout = fake.checkouts[ref]
    assert datetime.fromisoformat(session["hold_expires_at"]).timestamp() == \
        checkout["expires_at"] >= checkout["created"] + 30 * 60
    assert (checkout["amount_total"], checkout["currency"], checkout["metadata"]) == (
        6000, "eur", {"session_id": session["id"]})
    [(_, _, headers, params)] = [r for r in fake.requests if r[1] == "/v1/checkout/sessions"
                                 and r[3]["metadata"] == {"session_id": session["id"]}]
    assert headers == {"idempotency-key": f"booking:{session['id']}:checkout",
                       "stripe-version": container.settings().stripe_api_version}
    assert params["payment_intent_data"] == {"transfer_group": f"booking:{session['id']}",
                                             "metadata": {"session_id": session["id"]}}

    gone = (await book(client, await bearer(client, leaving.email), mentor, other_slot)).json()
    gone_ref = gone["checkout_url"].rsplit("/", 1)[1]

    paid = fake.sign(fake.pay(ref), SECRET)
    expired = fake.sign(fake.expire(gone_ref), SECRET)
    deliveries = [paid] * 10 + [expired]
    random.Random(12).shuffle(deliveries)
    answers = await asyncio.gather(*(deliver(client, d) for d in deliveries))
    assert [a.status_code for a in answers] == [200] * 11

    student = await bearer(client, paying.email)
    confirmed = (await client.get(f"/api/v1/bookings/{session['id']}", headers=student)).json()
    assert (confirmed["status"], confirmed["paid"]) == ("confirmed", 6000)
    assert await count(container, select(func.count()).select_from(ledger_postings).where(
        ledger_postings.c.session_id == uuid.UUID(session["id"]))) == 1
    ended = (await client.get(f"/api/v1/bookings/{gone['session']['id']}",
                              headers=await bearer(client, leaving.email))).json()
    assert ended["status"] == "expired"
    slots = await free_slots(client, mentor)
    assert other_slot in slots and slot not in slots
    payment = fake.payment_intents[fake.checkouts[ref]["payment_intent"]]
    assert payment["transfer_group"] == f"booking:{session['id']}"
    assert fake.refunds == {}

    # Stripe's word again, a day late (the retry of a webhook once answered 500): nothing.
    late = await client.post(WEBHOOK, content=paid[0], headers={"stripe-signature": paid[1]})
    assert late.status_code == 200
    assert await count(container, select(func.count()).select_from(ledger_postings).where(
        ledger_postings.c.session_id == uuid.UUID(session["id"]))) == 1


async def test_a_lapsing_hold_asks_stripe_first_a_lost_webhook_confirms_an_unpaid_expires(
        world: World) -> None:
    client, container, fake = world
    mentor = await bookable_mentor(client, container)
    [slot, other_slot, *_] = await free_slots(client, mentor)
    paid = (await book(client, await bearer(client, (await make_user(container)).email),
                       mentor, slot)).json()
    unpaid = (await book(client, await bearer(client, (await make_user(container)).email),
                         mentor, other_slot)).json()
    fake.pay(paid["checkout_url"].rsplit("/", 1)[1])  # its webhook never arrives
    unpaid_ref = unpaid["checkout_url"].rsplit("/", 1)[1]

    # The hold schedules fire an hour on (the same service, with the clock moved on).
    clock = FakeClock(datetime.now(UTC) + timedelta(hours=1))
    later = BookingService(uow=container.uow(), clock=clock,
                           gateway=container.payment_gateway(), public_url="https://x.test")
    for started in (paid, unpaid):
        await later.hold_lapsed(HoldLapsed(
            occurred_at=clock.now(), session_id=uuid.UUID(started["session"]["id"])))
    async with container.uow()() as uow:
        confirmed = await uow.bookings.get(uuid.UUID(paid["session"]["id"]))
        expired = await uow.bookings.get(uuid.UUID(unpaid["session"]["id"]))
    assert confirmed is not None and expired is not None
    assert (confirmed.status, confirmed.paid) == (SessionStatus.CONFIRMED, 6000)
    assert expired.status is SessionStatus.EXPIRED
    assert fake.checkouts[unpaid_ref]["status"] == "expired"  # nobody can pay for it now
    assert await count(container, select(func.count()).select_from(ledger_postings).where(
        ledger_postings.c.session_id == confirmed.id)) == 1


async def test_a_refund_stripe_cannot_take_at_cancellation_goes_once_it_can(
        world: World) -> None:
    client, container, fake = world
    mentor = await bookable_mentor(client, container)
    student = await bearer(client, (await make_user(container)).email)
    [slot, *_] = await free_slots(client, mentor)
    started = (await book(client, student, mentor, slot)).json()
    session_id = started["session"]["id"]
    assert (await deliver(client, fake.sign(fake.pay(
        started["checkout_url"].rsplit("/", 1)[1]), SECRET))).status_code == 200
    key = f"booking:{session_id}:cancel-refund"

    fake.outage.add("/v1/refunds")
    try:
        cancelled = await client.post(f"/api/v1/bookings/{session_id}/cancel",
                                      headers=student, json={"reason": "Exams moved."})
    finally:
        fake.outage.discard("/v1/refunds")
    # The student's cancellation stands and frees the slot; the refund waits for Stripe.
    assert cancelled.status_code == 200, cancelled.text
    assert (cancelled.json()["status"], cancelled.json()["refunded"]) == ("cancelled", 6000)
    assert slot in await free_slots(client, mentor)
    intent = next(p["id"] for p in fake.payment_intents.values()
                  if p["metadata"] == {"session_id": session_id})
    assert [r for r in fake.refunds.values() if r["payment_intent"] == intent] == []

    # Its retry is due a minute later; brought forward, the dispatcher sends it.
    async with container.session_factory()() as session, session.begin():
        moved = await session.execute(update(scheduled_events).where(
            scheduled_events.c.key == key, scheduled_events.c.status == "pending")
            .values(due_at=datetime.now(UTC)))
        assert moved.rowcount == 1
    container.dispatcher().notify()
    deadline = time.monotonic() + 15
    while not [r for r in fake.refunds.values() if r["payment_intent"] == intent]:
        assert time.monotonic() < deadline, "the refund was never sent"
        await asyncio.sleep(0.1)
    [refund] = [r for r in fake.refunds.values() if r["payment_intent"] == intent]
    assert refund["amount"] == 6000
    sent = [r[2].get("idempotency-key") for r in fake.requests
            if r[1] == "/v1/refunds" and r[3].get("payment_intent") == intent]
    assert set(sent) == {key}


async def test_forged_or_stale_webhooks_are_refused_and_change_nothing(world: World) -> None:
    client, container, fake = world
    mentor = await bookable_mentor(client, container)
    student = await make_user(container)
    auth = await bearer(client, student.email)
    [slot, *_] = await free_slots(client, mentor)
    started = (await book(client, auth, mentor, slot)).json()
    event = fake.pay(started["checkout_url"].rsplit("/", 1)[1])
    for payload, signature in [fake.sign(event, "whsec_not_ours"),
                               fake.sign(event, SECRET, int(time.time()) - 301)]:
        refused = await client.post(WEBHOOK, content=payload,
                                    headers={"stripe-signature": signature})
        assert refused.status_code == 400 and refused.json()["code"] == "invalid_webhook"
    held = (await client.get(f"/api/v1/bookings/{started['session']['id']}",
                             headers=auth)).json()
    assert held["status"] == "awaiting_payment"
    # The built-in test payment page exists only with the test gateway.
    ref = started["checkout_url"].rsplit("/", 1)[1]
    assert (await client.get(f"/api/v1/payments/test-checkouts/{ref}")).status_code == 404


async def test_a_gateway_out_of_reach_or_refusing_raises(stripe_server: FakeStripe) -> None:
    unreachable = StripeGateway(secret_key="sk_test_x", webhook_secret=SECRET,
                                api_version="2026-10-28.endive",
                                api_base=f"http://127.0.0.1:{free_port()}",
                                max_network_retries=0)
    wanted = CheckoutRequest(
        session_id=uuid.uuid4(), amount=4500, currency="EUR", description="Session",
        customer_email="s@example.org", success_url="https://app.example/ok",
        cancel_url="https://app.example/no",
        expires_at=datetime.now(UTC) + timedelta(hours=1))
    with pytest.raises(stripe.APIConnectionError):
        await unreachable.create_checkout(wanted, idempotency_key="booking:x:checkout")

    gateway = StripeGateway(secret_key="sk_test_x", webhook_secret=SECRET,
                            api_version="2026-10-28.endive", api_base=stripe_server.url,
                            max_network_retries=0)
    await gateway.create_checkout(wanted, idempotency_key="booking:y:checkout")
    with pytest.raises(stripe.IdempotencyError):  # one key, other parameters: refused
        await gateway.create_checkout(
            CheckoutRequest(**{**wanted.__dict__, "amount": 1}),
            idempotency_key="booking:y:checkout")
    with pytest.raises(stripe.InvalidRequestError):
        await gateway.checkout_event("cs_test_unknown")
