"""The payment gateways under one suite: the built-in test gateway (PostgreSQL) and the Stripe
adapter against the project's fake Stripe server. What the booking service relies on: one
checkout per idempotency key, unpaid checkouts end, a payment is reported by its signed webhook
and when asked, refunds happen once per key and never beyond the payment, transfers and their
reversals happen once per key, and only genuine, fresh webhooks are believed. Stripe's own
limits on transfers (funded by the payment, to an account that can receive them, reversed no
further than they went) are checked against the Stripe adapter alone: the test gateway moves
no money to mentors (its payouts are batches)."""

import json
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import stripe
from sqlalchemy import delete, select

from adapters.db.connections import Database
from adapters.db.engine import build_engine, build_session_factory
from adapters.db.tables import test_checkouts, test_refunds
from adapters.payments.stripe_connect import StripePayoutAccounts
from adapters.payments.stripe_events import signed_webhook
from adapters.payments.stripe_gateway import StripeGateway
from adapters.payments.test_gateway import TestOutcome, TestPaymentGateway, TestRefundTooLarge
from adapters.settings import Settings
from edu_core.ports.payments import (
    CheckoutRequest,
    GatewayEventKind,
    InvalidWebhook,
    PaymentGateway,
    PayoutMethod,
    TransferRequest,
)
from edu_core.ports.payout_accounts import AccountRequest
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
    # A mentor's payout account that can receive transfers.
    payout_account: Callable[[], Awaitable[str]]
    payouts: PayoutMethod


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

        async def any_account() -> str:
            return f"acct_test_{uuid.uuid4().hex[:12]}"

        yield Harness(gateway, settle, TestRefundTooLarge, any_account, PayoutMethod.BATCHES)
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
                  pay, stripe.InvalidRequestError, lambda: ready_account(fake),
                  PayoutMethod.TRANSFERS)


def api_version() -> str:
    return Settings(_env_file=None).stripe_api_version  # type: ignore[call-arg]


def stripe_gateway(fake: FakeStripe, **options: str) -> StripeGateway:
    return StripeGateway(secret_key="sk_test_contract", webhook_secret=SECRET,
                         api_version=api_version(), api_base=fake.url, max_network_retries=0,
                         **options)


def stripe_accounts(fake: FakeStripe) -> StripePayoutAccounts:
    return StripePayoutAccounts(secret_key="sk_test_contract", api_version=api_version(),
                                api_base=fake.url, max_network_retries=0)


async def ready_account(fake: FakeStripe) -> str:
    """A connected account whose holder finished onboarding."""
    ref = await stripe_accounts(fake).open_account(AccountRequest(
        mentor_id=uuid.uuid4(), email="mentor@example.org", country="DE"),
        idempotency_key=f"mentor:{uuid.uuid4()}:payout-account")
    fake.complete_onboarding(ref)
    return ref


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


async def paid_checkout(gateway: PaymentGateway,
                        pay: Callable[[str], Awaitable[tuple[bytes, str]]],
                        amount: int = 4500) -> tuple[CheckoutRequest, str]:
    wanted = checkout_request(amount)
    checkout = await gateway.create_checkout(wanted, idempotency_key=key())
    payment = gateway.verify_webhook(*await pay(checkout.ref)).payment_ref
    assert payment is not None
    return wanted, payment


async def test_transfers_and_their_reversals_happen_once_per_key(harness: Harness) -> None:
    assert harness.gateway.payouts is harness.payouts
    wanted, payment = await paid_checkout(harness.gateway, harness.pay)
    account = await harness.payout_account()
    request = TransferRequest(session_id=wanted.session_id, amount=3825, currency="EUR",
                              destination=account, payment_ref=payment)
    once = f"booking:{wanted.session_id}:transfer"
    first = await harness.gateway.transfer(request, idempotency_key=once)
    assert await harness.gateway.transfer(request, idempotency_key=once) == first
    reversal_key = f"booking:{wanted.session_id}:reversal:1"
    back = await harness.gateway.reverse_transfer(first, 1000, idempotency_key=reversal_key)
    assert await harness.gateway.reverse_transfer(
        first, 1000, idempotency_key=reversal_key) == back
    again = await harness.gateway.reverse_transfer(
        first, 1000, idempotency_key=f"booking:{wanted.session_id}:reversal:2")
    assert len({first, back, again}) == 3


async def test_stripe_transfers_draw_on_the_payment_s_charge_within_its_group(
        stripe_server: FakeStripe) -> None:
    gateway = stripe_gateway(stripe_server)
    wanted, payment = await paid_checkout(
        gateway, lambda ref: _signed(stripe_server, stripe_server.pay(ref)), 6000)
    account = await ready_account(stripe_server)
    session_id = wanted.session_id

    def send(amount: int, destination: str = account, currency: str = "EUR",
             number: int = 0) -> Awaitable[str]:
        return gateway.transfer(TransferRequest(
            session_id=session_id, amount=amount, currency=currency, destination=destination,
            payment_ref=payment), idempotency_key=f"booking:{session_id}:transfer:{number}")

    with pytest.raises(stripe.InvalidRequestError, match="Insufficient funds"):
        await send(6001)
    with pytest.raises(stripe.InvalidRequestError, match="currency"):
        await send(100, currency="USD", number=1)
    unready = await stripe_accounts(stripe_server).open_account(AccountRequest(
        mentor_id=uuid.uuid4(), email="m@example.org", country="FR"),
        idempotency_key=f"mentor:{uuid.uuid4()}:payout-account")
    with pytest.raises(stripe.InvalidRequestError, match="capabilities"):
        await send(100, destination=unready, number=2)

    ref = await send(5100, number=3)
    transfer = stripe_server.transfers[ref]
    charge = stripe_server.payment_intents[payment]["latest_charge"]
    assert (transfer["amount"], transfer["currency"], transfer["destination"],
            transfer["source_transaction"], transfer["transfer_group"]) == (
        5100, "eur", account, charge, f"booking:{session_id}")
    with pytest.raises(stripe.InvalidRequestError, match="Insufficient funds"):
        await send(901, number=4)  # 6000 paid, 5100 sent: 900 left of the charge

    await gateway.reverse_transfer(ref, 5000, idempotency_key=f"booking:{session_id}:r:1")
    with pytest.raises(stripe.InvalidRequestError, match="remaining"):
        await gateway.reverse_transfer(ref, 101, idempotency_key=f"booking:{session_id}:r:2")
    await gateway.reverse_transfer(ref, 100, idempotency_key=f"booking:{session_id}:r:3")
    assert stripe_server.transfers[ref]["reversed"] is True
    keys = [r[2].get("idempotency-key") for r in stripe_server.requests
            if r[1].startswith(f"/v1/transfers/{ref}/reversals")]
    assert keys == [f"booking:{session_id}:r:{n}" for n in (1, 2, 3)]


async def _signed(fake: FakeStripe, event: dict[str, Any]) -> tuple[bytes, str]:
    return fake.sign(event, SECRET)


async def test_stripe_believes_connect_events_signed_by_either_endpoint_s_secret(
        stripe_server: FakeStripe) -> None:
    gateway = stripe_gateway(stripe_server, connect_webhook_secret="whsec_connect")
    account = await ready_account(stripe_server)
    event = stripe_server.restrict(account)
    for secret in (SECRET, "whsec_connect"):
        found = gateway.verify_webhook(*stripe_server.sign(event, secret))
        assert (found.kind, found.type, found.account_ref) == (
            GatewayEventKind.ACCOUNT_UPDATED, "account.updated", account)
    with pytest.raises(InvalidWebhook):
        gateway.verify_webhook(*stripe_server.sign(event, "whsec_someone_else"))
    with pytest.raises(InvalidWebhook):  # without the Connect secret, only the platform's
        stripe_gateway(stripe_server).verify_webhook(
            *stripe_server.sign(event, "whsec_connect"))
