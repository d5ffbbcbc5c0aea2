"""The Stripe payment gateway: Checkout Sessions on the platform's account (automatic capture),
refunds, transfers to mentors' connected accounts and their reversals, and Stripe's signed
webhook events.

Separate charges and transfers: the student pays the platform, and each payment carries the
booking's ``transfer_group``; the mentor's share is later transferred to their connected
account with the payment's charge as ``source_transaction`` (so the transfer draws on that
payment's funds and can never exceed it), in the same group.
Every request that changes something carries the idempotency key of its business operation,
which Stripe honours for 24 hours; the SDK's own retries of a request reuse that key. The API
version is pinned, so that objects keep the shape this adapter reads whatever the SDK's default.
Errors (the network, Stripe refusing) are raised as the SDK's exceptions: the booking service
turns a failed checkout into ``payments_unavailable``.
"""

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import stripe

from adapters.payments.stripe_events import checkout_gateway_event, parse_webhook
from edu_core.ports.payments import (
    Checkout,
    CheckoutRequest,
    GatewayEvent,
    PayoutMethod,
    TransferRequest,
)

# Stripe accepts a Checkout Session's ``expires_at`` 30 minutes to 24 hours after its creation.
MIN_CHECKOUT = timedelta(minutes=30)
# Leeway for the request's time on the way and the clocks' difference.
_MARGIN = timedelta(minutes=1)


def checkout_expiry(wanted: datetime, now: datetime) -> datetime:
    """When the Checkout Session ends: the hold's own end, or when that is sooner than Stripe
    allows, 30 minutes later. The hold then lasts as long as the checkout (the booking service
    takes the checkout's end as the hold's). The lengthened value depends on the request alone,
    not on the time of the call: a retry with the same idempotency key must send the same
    parameters, or Stripe refuses it. Holds are at most 24 hours (the settings' bound)."""
    if wanted - now >= MIN_CHECKOUT + _MARGIN:
        return wanted
    return wanted + MIN_CHECKOUT + _MARGIN


def stripe_client(*, secret_key: str, api_version: str, api_base: str | None = None,
                  max_network_retries: int = 2) -> stripe.StripeClient:
    """A client on the pinned API version (``api_base``: another server, such as the tests'
    fake Stripe)."""
    return stripe.StripeClient(
        secret_key, stripe_version=api_version,
        base_addresses={"api": api_base} if api_base else None,
        max_network_retries=max_network_retries)


def transfer_group(session_id: UUID) -> str:
    """The booking's group: its payment and the transfers and reversals of its share."""
    return f"booking:{session_id}"


class StripeGateway:
    name = "stripe"
    payouts = PayoutMethod.TRANSFERS

    def __init__(self, *, secret_key: str, webhook_secret: str, api_version: str,
                 api_base: str | None = None, max_network_retries: int = 2,
                 connect_webhook_secret: str | None = None) -> None:
        self._client = stripe_client(secret_key=secret_key, api_version=api_version,
                                     api_base=api_base, max_network_retries=max_network_retries)
        self._webhook_secrets = tuple(
            s for s in (webhook_secret, connect_webhook_secret) if s)

    async def create_checkout(self, request: CheckoutRequest, *,
                              idempotency_key: str) -> Checkout:
        metadata = {"session_id": str(request.session_id)}
        expires_at = checkout_expiry(request.expires_at, datetime.now(UTC))
        session = await self._client.v1.checkout.sessions.create_async({
            "mode": "payment",
            "line_items": [{"quantity": 1, "price_data": {
                "currency": request.currency.lower(), "unit_amount": request.amount,
                "product_data": {"name": request.description}}}],
            "customer_email": request.customer_email,
            "success_url": request.success_url,
            "cancel_url": request.cancel_url,
            "expires_at": int(expires_at.timestamp()),
            "metadata": metadata,
            "payment_intent_data": {"transfer_group": transfer_group(request.session_id),
                                    "metadata": metadata},
        }, {"idempotency_key": idempotency_key})
        if session.url is None:
            raise stripe.APIError(f"checkout session {session.id} came without a URL")
        return Checkout(ref=session.id, url=session.url,
                        expires_at=datetime.fromtimestamp(session.expires_at, UTC))

    async def expire_checkout(self, checkout_ref: str) -> None:
        try:
            await self._client.v1.checkout.sessions.expire_async(checkout_ref)
        except stripe.InvalidRequestError:
            # Only open sessions can be expired: one already paid or expired is left as it is
            # (what Stripe says then is prose, so the session's status decides).
            session = await self._client.v1.checkout.sessions.retrieve_async(checkout_ref)
            if session.status == "open":
                raise

    async def refund(self, payment_ref: str, amount: int, *, idempotency_key: str) -> str:
        refund = await self._client.v1.refunds.create_async(
            {"payment_intent": payment_ref, "amount": amount},
            {"idempotency_key": idempotency_key})
        return refund.id

    async def checkout_event(self, checkout_ref: str) -> GatewayEvent | None:
        session = await self._client.v1.checkout.sessions.retrieve_async(checkout_ref)
        if session.status == "open":
            return None
        event_type = ("checkout.session.completed" if session.status == "complete"
                      else "checkout.session.expired")
        data: dict[str, Any] = session.to_dict()
        # One id per checkout and state: asking twice reports the same event, applied once;
        # a bank debit settling later ("complete" and "paid" after "unpaid") is a new one.
        return checkout_gateway_event(
            f"evt_reconciled_{checkout_ref}_{session.status}_{session.payment_status}",
            event_type, data)

    async def transfer(self, request: TransferRequest, *, idempotency_key: str) -> str:
        payment = await self._client.v1.payment_intents.retrieve_async(request.payment_ref)
        charge = payment.latest_charge
        charge_id = charge if isinstance(charge, str) else charge.id if charge else None
        if charge_id is None:
            raise LookupError(f"payment {request.payment_ref} has no charge to transfer from")
        transfer = await self._client.v1.transfers.create_async({
            "amount": request.amount, "currency": request.currency.lower(),
            "destination": request.destination, "source_transaction": charge_id,
            "transfer_group": transfer_group(request.session_id),
            "metadata": {"session_id": str(request.session_id)},
        }, {"idempotency_key": idempotency_key})
        return transfer.id

    async def reverse_transfer(self, transfer_ref: str, amount: int, *,
                               idempotency_key: str) -> str:
        reversal = await self._client.v1.transfers.reversals.create_async(
            transfer_ref, {"amount": amount}, {"idempotency_key": idempotency_key})
        return reversal.id

    def verify_webhook(self, payload: bytes, signature: str | None) -> GatewayEvent:
        return parse_webhook(payload, signature, *self._webhook_secrets)
