"""The payment gateways under one suite: the built-in test gateway (PostgreSQL) and the Stripe
adapter against the project's fake Stripe server. What the booking service relies on: one
checkout per idempotency key, unpaid checkouts end, a payment is reported by its signed webhook
and when asked, refunds happen once per key and never beyond the payment, and only genuine,
fresh webhooks are believed."""

import json
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import stripe
from sqlalchemy import delete, select

from adapters.db.connections import Database
from adapters.db.engine import build_engine, build_session_factory
from adapters.db.tables import test_checkouts, test_refunds
from adapters.payments.stripe_events import signed_webhook
from adapters.payments.stripe_gateway import StripeGateway
from adapters.payments.test_gateway import TestOutcome, TestPaymentGateway, TestRefundTooLarge
from adapters.settings import Settings
from edu_core.ports.payments import (
    CheckoutRequest,
    GatewayEventKind,
    InvalidWebhook,
    PaymentGateway,
)
from tests.support.fake_stripe import FakeStripe, fake_stripe

SECRET = "whsec_contract"


@dataclass(frozen=True)
class Harness:
    """A gateway with what a test needs to play the student and to sign like the gateway."""

    gateway: PaymentGateway
    # The student pays at the checkout: the webhook request the gateway then sends.
    pay: Callable[[str], Awaitable[tuple[bytes, str]]]
    # What the gateway raises for a refund beyond what is left of the payment.
    refund_refused: type[Exception]


@pytest.fixture(scope="module")
def stripe_server() -> Iterator[FakeStripe]:
    with fake_stripe() as fake:
        yield fake


@pytest.fixture(params=["test", "stripe"])
async def harness(request: pytest.FixtureRequest) -> AsyncIterator[Harness]:
    if request.param == "test":
        engine = build_engine(request.getfixturevalue("database_url"), pool_size=2)
        sessions = build_session_factory(engine)
        gateway = TestPaymentGateway(Database(engine), secret=SECRET,
                                     public_url="https://app.example")
        paid: list[str] = []

        async def settle(ref: str) -> tuple[bytes, str]:
            settled = await gateway.settle(ref, TestOutcome.SUCCEED)
            assert settled.webhook is not None
            paid.append(ref)
            return settled.webhook

        yield Harness(gateway, settle, TestRefundTooLarge)
        # Other suites add up the refunds in the shared database: these were never booked.
        async with sessions() as session, session.begin():
            await session.execute(delete(test_refunds).where(test_refunds.c.payment_ref.in_(
                select(test_checkouts.c.payment_ref).where(test_checkouts.c.ref.in_(paid)))))
        await engine.dispose()
        return
    fake: FakeStripe = request.getfixturevalue("stripe_server")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]

    async def pay(ref: str) -> tuple[bytes, str]:
        return fake.sign(fake.pay(ref), SECRET)

    yield Harness(StripeGateway(secret_key="sk_test_contract", webhook_secret=SECRET,
                                api_version=settings.stripe_api_version, api_base=fake.url,
                                max_network_retries=0),
                  pay, stripe.InvalidRequestError)


def checkout_request(amount: int = 4500) -> CheckoutRequest:
    return CheckoutRequest(
        session_id=uuid.uuid4(), amount=amount, currency="EUR",
        description="60-minute session", customer_email="student@example.org",
        success_url="https://app.example/ok", cancel_url="https://app.example/no",
        expires_at=datetime.now(UTC) + timedelta(minutes=10))


def key() -> str:
    return f"booking:{uuid.uuid4()}:checkout"


async def test_one_idempotency_key_opens_one_checkout(harness: Harness) -> None:
    wanted, once = checkout_request(), key()
    first = await harness.gateway.create_checkout(wanted, idempotency_key=once)
    again = await harness.gateway.create_checkout(wanted, idempotency_key=once)
    other = await harness.gateway.create_checkout(wanted, idempotency_key=key())
    assert first == again
    assert other.ref != first.ref
    assert first.url.endswith(first.ref)
    # Never shorter than asked: the hold lasts until the checkout ends.
    assert first.expires_at >= wanted.expires_at - timedelta(seconds=1)
    assert await harness.gateway.checkout_event(first.ref) is None  # open


async def test_an_ended_checkout_is_reported_expired_and_ending_it_again_is_harmless(
        harness: Harness) -> None:
    checkout = await harness.gateway.create_checkout(checkout_request(), idempotency_key=key())
    await harness.gateway.expire_checkout(checkout.ref)
    await harness.gateway.expire_checkout(checkout.ref)
    reported = await harness.gateway.checkout_event(checkout.ref)
    assert reported is not None
    assert (reported.kind, reported.checkout_ref, reported.payment_ref) == (
        GatewayEventKind.EXPIRED, checkout.ref, None)


async def test_a_payment_is_reported_by_its_webhook_and_when_asked(harness: Harness) -> None:
    checkout = await harness.gateway.create_checkout(checkout_request(), idempotency_key=key())
    payload, signature = await harness.pay(checkout.ref)
    event = harness.gateway.verify_webhook(payload, signature)
    assert (event.kind, event.type, event.checkout_ref, event.amount, event.currency) == (
        GatewayEventKind.PAID, "checkout.session.completed", checkout.ref, 4500, "EUR")
    assert event.payment_ref is not None

    asked = await harness.gateway.checkout_event(checkout.ref)
    assert asked is not None
    assert (asked.kind, asked.checkout_ref, asked.payment_ref, asked.amount, asked.currency) == (
        GatewayEventKind.PAID, checkout.ref, event.payment_ref, 4500, "EUR")
    assert asked == await harness.gateway.checkout_event(checkout.ref)  # same id: applied once

    await harness.gateway.expire_checkout(checkout.ref)  # a paid checkout stays paid
    still = await harness.gateway.checkout_event(checkout.ref)
    assert still is not None and still.kind is GatewayEventKind.PAID


async def test_refunds_happen_once_per_key_and_never_beyond_the_payment(
        harness: Harness) -> None:
    checkout = await harness.gateway.create_checkout(checkout_request(), idempotency_key=key())
    payment = harness.gateway.verify_webhook(*await harness.pay(checkout.ref)).payment_ref
    assert payment is not None
    refund_key = f"booking:{uuid.uuid4()}:cancel-refund"
    first = await harness.gateway.refund(payment, 4000, idempotency_key=refund_key)
    assert await harness.gateway.refund(payment, 4000, idempotency_key=refund_key) == first
    with pytest.raises(harness.refund_refused):
        await harness.gateway.refund(payment, 501, idempotency_key=f"{refund_key}:2")
    last = await harness.gateway.refund(payment, 500, idempotency_key=f"{refund_key}:3")
    assert last != first
    with pytest.raises(harness.refund_refused):
        await harness.gateway.refund(payment, 1, idempotency_key=f"{refund_key}:4")


async def test_only_genuine_fresh_webhooks_are_believed(harness: Harness) -> None:
    checkout = await harness.gateway.create_checkout(checkout_request(), idempotency_key=key())
    payload, signature = await harness.pay(checkout.ref)
    assert harness.gateway.verify_webhook(payload, signature).checkout_ref == checkout.ref

    event = json.loads(payload)
    forged = signature.replace("v1=", "v1=0")
    stale = signed_webhook(event, SECRET, int(time.time()) - 301)
    other_secret = signed_webhook(event, "whsec_someone_else")
    reserialised = json.dumps(event, indent=1).encode()
    tampered = payload.replace(b'"amount_total":4500', b'"amount_total":1')
    assert tampered != payload
    for bad_payload, bad_signature in [(payload, forged), stale, other_secret,
                                       (reserialised, signature), (tampered, signature),
                                       (payload, None), (b"not json", signature)]:
        with pytest.raises(InvalidWebhook):
            harness.gateway.verify_webhook(bad_payload, bad_signature)
    fresh_enough = signed_webhook(event, SECRET, int(time.time()) - 240)
    assert harness.gateway.verify_webhook(*fresh_enough).kind is GatewayEventKind.PAID
