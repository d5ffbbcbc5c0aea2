"""Stripe's webhook format, for the Stripe adapter and the built-in test gateway alike: the
test gateway signs the same events with its own secret, so one endpoint and one verification
serve both (``Stripe-Signature: t=<unix time>,v1=<HMAC-SHA256 of "t.body">``)."""

import json
import time
from typing import Any

import stripe

from edu_core.ports.payments import GatewayEvent, GatewayEventKind, InvalidWebhook

TOLERANCE_SECONDS = 300
# Checkout events the bookings act on; every other type is recorded and ignored.
_KINDS = {
    "checkout.session.completed": GatewayEventKind.PAID,
    "checkout.session.async_payment_succeeded": GatewayEventKind.PAID,
    "checkout.session.expired": GatewayEventKind.EXPIRED,
    "checkout.session.async_payment_failed": GatewayEventKind.EXPIRED,
}


def checkout_gateway_event(event_id: str, event_type: str,
                           checkout: dict[str, Any]) -> GatewayEvent:
    kind = _KINDS.get(event_type, GatewayEventKind.IGNORED)
    if kind is GatewayEventKind.PAID and checkout.get("payment_status") != "paid":
        # Completed with a payment still pending (bank debits): its outcome comes later.
        kind = GatewayEventKind.IGNORED
    payment = checkout.get("payment_intent")
    currency = checkout.get("currency")
    return GatewayEvent(
        id=event_id, type=event_type, kind=kind, checkout_ref=checkout.get("id"),
        payment_ref=payment if isinstance(payment, str) else None,
        amount=checkout.get("amount_total"),
        currency=currency.upper() if isinstance(currency, str) else None)


def parse_webhook(payload: bytes, signature: str | None, secret: str, *,
                  tolerance: int = TOLERANCE_SECONDS) -> GatewayEvent:
    """The event of a webhook whose signature (over the raw body) and age check out."""
    try:
        stripe.WebhookSignature.verify_header(payload, signature, secret, tolerance)
        body = json.loads(payload)
        obj = body["data"]["object"]
        event_id, event_type = body["id"], body["type"]
    except (stripe.SignatureVerificationError, ValueError, KeyError, TypeError) as exc:
        raise InvalidWebhook() from exc
    if not isinstance(event_id, str) or not isinstance(event_type, str) or \
            not isinstance(obj, dict):
        raise InvalidWebhook()
    if obj.get("object") != "checkout.session":
        return GatewayEvent(id=event_id, type=event_type, kind=GatewayEventKind.IGNORED)
    return checkout_gateway_event(event_id, event_type, obj)


def signed_webhook(event: dict[str, Any], secret: str,
                   timestamp: int | None = None) -> tuple[bytes, str]:
    """A webhook body and its ``Stripe-Signature`` header, as Stripe would send them."""
    body = json.dumps(event, separators=(",", ":"))
    header = stripe.WebhookSignature.generate_signature_header(
        body, secret, int(time.time()) if timestamp is None else timestamp)
    return body.encode(), header
