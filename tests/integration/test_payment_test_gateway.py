"""The built-in test gateway keeps its word like a real one: idempotent checkouts, outcomes
reported by signed events or when asked, refunds never beyond the payment."""

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from adapters.db.connections import Database
from adapters.db.engine import build_engine
from adapters.payments.test_gateway import (
    TestCheckoutClosed,
    TestOutcome,
    TestPaymentGateway,
    TestRefundTooLarge,
)
from edu_core.ports.payments import CheckoutRequest, GatewayEventKind, InvalidWebhook


@pytest.fixture
async def gateway(database_url: str) -> AsyncIterator[TestPaymentGateway]:
    engine = build_engine(database_url, pool_size=2)
    yield TestPaymentGateway(Database(engine), secret="whsec_test",
                             public_url="https://app.example/")
    await engine.dispose()


def request(minutes: int = 10) -> CheckoutRequest:
    return CheckoutRequest(session_id=uuid.uuid4(), amount=4500, currency="EUR",
                           description="60-minute session", customer_email="s@example.org",
                           success_url="https://app.example/ok", cancel_url="https://app.example/no",
                           expires_at=datetime.now(UTC) + timedelta(minutes=minutes))


async def test_one_operation_opens_one_checkout_and_its_payment_is_reported(
        gateway: TestPaymentGateway) -> None:
    wanted = request()
    first = await gateway.create_checkout(wanted, idempotency_key="booking:1:checkout")
    again = await gateway.create_checkout(wanted, idempotency_key="booking:1:checkout")
    assert first == again and first.url == f"https://app.example/pay/test/{first.ref}"
    assert await gateway.checkout_event(first.ref) is None  # still open

    settled = await gateway.settle(first.ref, TestOutcome.SUCCEED)
    assert settled.redirect_url == "https://app.example/ok" and settled.webhook is not None
    event = gateway.verify_webhook(*settled.webhook)
    assert (event.kind, event.checkout_ref, event.amount, event.currency) == (
        GatewayEventKind.PAID, first.ref, 4500, "EUR")
    asked = await gateway.checkout_event(first.ref)
    assert asked is not None and asked.kind is GatewayEventKind.PAID
    assert asked.payment_ref == event.payment_ref
    with pytest.raises(TestCheckoutClosed):
        await gateway.settle(first.ref, TestOutcome.SUCCEED)
    with pytest.raises(InvalidWebhook):
        gateway.verify_webhook(settled.webhook[0], settled.webhook[1].replace("v1=", "v1=f"))

    assert event.payment_ref is not None
    refund = await gateway.refund(event.payment_ref, 4000, idempotency_key="booking:1:r")
    assert await gateway.refund(event.payment_ref, 4000, idempotency_key="booking:1:r") == refund
    with pytest.raises(TestRefundTooLarge):
        await gateway.refund(event.payment_ref, 501, idempotency_key="booking:1:r2")
    await gateway.refund(event.payment_ref, 500, idempotency_key="booking:1:r2")


async def test_an_unpaid_checkout_ends_by_time_by_abandon_or_when_expired(
        gateway: TestPaymentGateway) -> None:
    lapsed = await gateway.create_checkout(request(minutes=-1), idempotency_key="k:lapsed")
    assert (await gateway.view(lapsed.ref)).status == "expired"
    with pytest.raises(TestCheckoutClosed):
        await gateway.settle(lapsed.ref, TestOutcome.SUCCEED)
    reported = await gateway.checkout_event(lapsed.ref)
    assert reported is not None and reported.kind is GatewayEventKind.EXPIRED

    abandoned = await gateway.create_checkout(request(), idempotency_key="k:abandoned")
    settled = await gateway.settle(abandoned.ref, TestOutcome.ABANDON)
    assert settled.webhook is not None and settled.redirect_url == "https://app.example/no"
    assert gateway.verify_webhook(*settled.webhook).kind is GatewayEventKind.EXPIRED

    ended = await gateway.create_checkout(request(), idempotency_key="k:ended")
    await gateway.expire_checkout(ended.ref)
    assert (await gateway.view(ended.ref)).status == "expired"
    declined = await gateway.create_checkout(request(), idempotency_key="k:declined")
    outcome = await gateway.settle(declined.ref, TestOutcome.DECLINE)
    assert outcome.declined and outcome.webhook is None
    assert (await gateway.view(declined.ref)).status == "open"
