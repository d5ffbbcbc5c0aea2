"""The built-in test payment gateway: the embedded default, so that booking works end to end
without a payment provider account.

It behaves like Stripe Checkout where the platform can tell: a checkout has a page of its own
(``/pay/test/<ref>``, clearly marked "test payment"), outcomes are chosen there (the card is
accepted, declined, accepted after a 3-D Secure step, or the student gives up), and what
happened reaches the platform as the same signed webhook events Stripe sends, verified by the
same code. No money moves; nothing about cards is asked or stored.
"""

import hashlib
import hmac
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import Any, Literal

from sqlalchemy import insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from adapters.db.connections import Database, Session
from adapters.db.results import rowcount
from adapters.db.tables import test_checkouts, test_refunds
from adapters.payments.stripe_events import parse_webhook, signed_webhook
from edu_core.domain.errors import Conflict, InvalidInput, NotFound
from edu_core.ports.payments import (
    Checkout,
    CheckoutRequest,
    GatewayEvent,
    GatewayEventKind,
    PayoutMethod,
    TransferRequest,
)

c = test_checkouts.c


class TestOutcome(Enum):
    __test__ = False  # not a pytest test class
    SUCCEED = "succeed"
    DECLINE = "decline"
    SUCCEED_AFTER_3DS = "succeed_after_3ds"
    ABANDON = "abandon"


class TestCheckoutNotFound(NotFound):
    __test__ = False  # not a pytest test class
    code = "checkout_not_found"
    default_message = "No such checkout."


class TestCheckoutClosed(Conflict):
    __test__ = False  # not a pytest test class
    code = "checkout_closed"
    default_message = "This checkout is no longer open: it was paid, or its time ran out."


class TestRefundTooLarge(InvalidInput):
    __test__ = False  # not a pytest test class
    code = "refund_too_large"
    default_message = "A refund cannot exceed what is left of the payment."


@dataclass(frozen=True, kw_only=True)
class TestCheckoutView:
    __test__ = False  # not a pytest test class

    ref: str
    amount: int
    currency: str
    description: str
    status: Literal["open", "paid", "expired"]
    expires_at: datetime
    success_url: str
    cancel_url: str


@dataclass(frozen=True, kw_only=True)
class TestSettlement:
    __test__ = False  # not a pytest test class

    """What the page does next, and the webhook the gateway sends (None: nothing to say)."""

    declined: bool
    redirect_url: str | None
    webhook: tuple[bytes, str] | None


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:24]


def webhook_secret(signing_key: bytes) -> str:
    """The test gateway's webhook secret, derived from the platform's own key."""
    return "whsec_" + hmac.new(signing_key, b"test-payments-webhook", hashlib.sha256).hexdigest()


class TestPaymentGateway:
    __test__ = False  # not a pytest test class
    name = "test"
    # No money leaves a test gateway: an administrator's payout run marks balances paid.
    payouts = PayoutMethod.BATCHES

    def __init__(self, database: Database, *, secret: str,
                 public_url: str) -> None:
        self._database = database
        self._secret = secret
        self._public_url = public_url.rstrip("/")

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[Session]:
        """The request's connection when it is free (a booking request holds one already:
        a second one per request starves the pool under load), committed at the end."""
        async with self._database.session() as session:
            yield session
            await session.commit()

    # -- the port --------------------------------------------------------------------------

    async def create_checkout(self, request: CheckoutRequest, *,
                              idempotency_key: str) -> Checkout:
        now = datetime.now(UTC)
        async with self._transaction() as session:
            await session.execute(pg_insert(test_checkouts).values(
                ref=f"cs_test_{secrets.token_hex(12)}", idempotency_key=idempotency_key,
                session_id=request.session_id, amount=request.amount,
                currency=request.currency, description=request.description,
                customer_email=request.customer_email, success_url=request.success_url,
                cancel_url=request.cancel_url, expires_at=request.expires_at, status="open",
                created_at=now, updated_at=now).on_conflict_do_nothing(
                index_elements=[c.idempotency_key]))
            row = (await session.execute(select(c.ref, c.expires_at).where(
                c.idempotency_key == idempotency_key))).one()
        return Checkout(ref=row.ref, url=f"{self._public_url}/pay/test/{row.ref}",
                        expires_at=row.expires_at)

    async def expire_checkout(self, checkout_ref: str) -> None:
        async with self._transaction() as session:
            await session.execute(update(test_checkouts).where(
                c.ref == checkout_ref, c.status == "open").values(
                status="expired", updated_at=datetime.now(UTC)))

    async def refund(self, payment_ref: str, amount: int, *, idempotency_key: str) -> str:
        async with self._transaction() as session:
            done = (await session.execute(select(test_refunds.c.ref).where(
                test_refunds.c.idempotency_key == idempotency_key))).scalar_one_or_none()
            if done is not None:
                return str(done)
            paid = (await session.execute(select(c.amount).where(
                c.payment_ref == payment_ref, c.status == "paid")
                .with_for_update())).scalar_one_or_none()
            refunded = sum((await session.execute(select(test_refunds.c.amount).where(
                test_refunds.c.payment_ref == payment_ref))).scalars())
            if paid is None or amount <= 0 or refunded + amount > paid:
                raise TestRefundTooLarge()
            ref = f"re_test_{secrets.token_hex(12)}"
            await session.execute(insert(test_refunds).values(
                idempotency_key=idempotency_key, ref=ref, payment_ref=payment_ref,
                amount=amount, created_at=datetime.now(UTC)))
        return ref

    async def checkout_event(self, checkout_ref: str) -> GatewayEvent | None:
        async with self._transaction() as session:
            row = (await session.execute(select(test_checkouts).where(
                c.ref == checkout_ref).with_for_update())).mappings().first()
            if row is None:
                return None
            status = row["status"]
            if status == "open" and row["expires_at"] <= datetime.now(UTC):
                await session.execute(update(test_checkouts).where(c.ref == checkout_ref)
                                      .values(status="expired", updated_at=datetime.now(UTC)))
                status = "expired"
        if status == "open":
            return None
        event_type = ("checkout.session.completed" if status == "paid"
                      else "checkout.session.expired")
        return GatewayEvent(
            id=f"evt_test_{checkout_ref}_{status}", type=event_type,
            kind=GatewayEventKind.PAID if status == "paid" else GatewayEventKind.EXPIRED,
            checkout_ref=checkout_ref, payment_ref=row["payment_ref"], amount=row["amount"],
            currency=row["currency"])

    async def transfer(self, request: TransferRequest, *, idempotency_key: str) -> str:
        # Payouts here are batches: nothing is sent. The reference depends on the key alone,
        # as a real gateway's answer to a repeated key would.
        return "tr_test_" + _digest(idempotency_key)

    async def reverse_transfer(self, transfer_ref: str, amount: int, *,
                               idempotency_key: str) -> str:
        return "trr_test_" + _digest(idempotency_key)

    def verify_webhook(self, payload: bytes, signature: str | None) -> GatewayEvent:
        return parse_webhook(payload, signature, self._secret)

    # -- the test payment page -------------------------------------------------------------

    async def view(self, checkout_ref: str) -> TestCheckoutView:
        async with self._database.session() as session:
            row = (await session.execute(select(test_checkouts).where(
                c.ref == checkout_ref))).mappings().first()
        if row is None:
            raise TestCheckoutNotFound()
        status: Literal["open", "paid", "expired"] = row["status"]
        if status == "open" and row["expires_at"] <= datetime.now(UTC):
            status = "expired"
        return TestCheckoutView(ref=row["ref"], amount=row["amount"], currency=row["currency"],
                                description=row["description"], status=status,
                                expires_at=row["expires_at"], success_url=row["success_url"],
                                cancel_url=row["cancel_url"])

    async def settle(self, checkout_ref: str, outcome: TestOutcome) -> TestSettlement:
        """The student's choice on the test page; the webhook is for the platform."""
        now = datetime.now(UTC)
        async with self._transaction() as session:
            row = (await session.execute(select(test_checkouts).where(
                c.ref == checkout_ref).with_for_update())).mappings().first()
            if row is None:
                raise TestCheckoutNotFound()
            if row["status"] != "open" or row["expires_at"] <= now:
                raise TestCheckoutClosed()
            if outcome is TestOutcome.DECLINE:
                # Like Checkout: the card is refused on the page, which stays open.
                return TestSettlement(declined=True, redirect_url=None, webhook=None)
            paid = outcome in (TestOutcome.SUCCEED, TestOutcome.SUCCEED_AFTER_3DS)
            payment_ref = f"pi_test_{secrets.token_hex(12)}" if paid else None
            result = await session.execute(update(test_checkouts).where(
                c.ref == checkout_ref, c.status == "open").values(
                status="paid" if paid else "expired", payment_ref=payment_ref,
                updated_at=now))
            if rowcount(result) != 1:
                raise TestCheckoutClosed()
        event = self._event(
            "checkout.session.completed" if paid else "checkout.session.expired",
            {**row, "status": "paid" if paid else "expired", "payment_ref": payment_ref})
        return TestSettlement(declined=False,
                              redirect_url=row["success_url"] if paid else row["cancel_url"],
                              webhook=signed_webhook(event, self._secret))

    def _event(self, event_type: str, row: dict[str, Any]) -> dict[str, Any]:
        """A Stripe-shaped event of a checkout session."""
        return {
            "id": f"evt_test_{secrets.token_hex(12)}", "object": "event", "type": event_type,
            "created": int(datetime.now(UTC).timestamp()), "livemode": False,
            "data": {"object": {
                "id": row["ref"], "object": "checkout.session",
                "amount_total": row["amount"], "currency": row["currency"].lower(),
                "payment_intent": row["payment_ref"],
                "payment_status": "paid" if row["status"] == "paid" else "unpaid",
                "status": "complete" if row["status"] == "paid" else "expired",
                "metadata": {"session_id": str(row["session_id"])}}}}
