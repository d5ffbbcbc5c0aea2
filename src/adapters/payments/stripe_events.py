"""Stripe's webhook format, for the Stripe adapter and the built-in test gateway alike: the
test gateway signs the same events with its own secret, so one endpoint and one verification
serve both (``Stripe-Signature: t=<unix time>,v1=<HMAC-SHA256 of "t.body">``).

Stripe signs the events of connected accounts (``account.updated``) for a Connect endpoint,
whose secret is its own: a webhook is genuine when any of the secrets checks out."""

import json
import time
from typing import Any

import stripe

from edu_core.domain.bookings.payouts import AccountStatus, PayoutAccountState
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


def account_status(account: dict[str, Any]) -> AccountStatus:
    """A connected account's state from Stripe's account object: ready once payouts are
    enabled and transfers can reach it; onboarding until its holder has submitted their
    details; restricted otherwise, with Stripe's reason (``requirements.past_due``,
    ``requirements.pending_verification``, ``rejected.fraud``, ...)."""
    requirements = account.get("requirements") or {}
    reason = requirements.get("disabled_reason")
    capabilities = account.get("capabilities") or {}
    transfers = capabilities.get("transfers", "active")
    if account.get("payouts_enabled") and transfers == "active":
        return AccountStatus(state=PayoutAccountState.READY)
    rejected = isinstance(reason, str) and reason.startswith("rejected.")
    if not account.get("details_submitted") and not rejected:
        return AccountStatus(state=PayoutAccountState.ONBOARDING)
    if not isinstance(reason, str) or not reason:
        reason = "requirements.pending_verification" if not account.get("payouts_enabled") \
            else "transfers_inactive"
    return AccountStatus(state=PayoutAccountState.RESTRICTED, reason=reason)


def parse_webhook(payload: bytes, signature: str | None, *secrets: str,
                  tolerance: int = TOLERANCE_SECONDS) -> GatewayEvent:
    """The event of a webhook whose signature (over the raw body, by one of ``secrets``) and
    age check out."""
    try:
        _verify(payload, signature, secrets, tolerance)
        body = json.loads(payload)
        obj = body["data"]["object"]
        event_id, event_type = body["id"], body["type"]
    except (stripe.SignatureVerificationError, ValueError, KeyError, TypeError) as exc:
        raise InvalidWebhook() from exc
    if not isinstance(event_id, str) or not isinstance(event_type, str) or \
            not isinstance(obj, dict):
        raise InvalidWebhook()
    if obj.get("object") == "account" and event_type == "account.updated" and \
            isinstance(obj.get("id"), str):
        return GatewayEvent(id=event_id, type=event_type,
                            kind=GatewayEventKind.ACCOUNT_UPDATED, account_ref=obj["id"])
    if obj.get("object") != "checkout.session":
        return GatewayEvent(id=event_id, type=event_type, kind=GatewayEventKind.IGNORED)
    return checkout_gateway_event(event_id, event_type, obj)


def _verify(payload: bytes, signature: str | None, secrets: tuple[str, ...],
            tolerance: int) -> None:
    if not secrets:
        raise InvalidWebhook()
    for secret in secrets[:-1]:
        try:
            stripe.WebhookSignature.verify_header(payload, signature, secret, tolerance)
            return
        except stripe.SignatureVerificationError:
            continue
    stripe.WebhookSignature.verify_header(payload, signature, secrets[-1], tolerance)


def signed_webhook(event: dict[str, Any], secret: str,
                   timestamp: int | None = None) -> tuple[bytes, str]:
    """A webhook body and its ``Stripe-Signature`` header, as Stripe would send them."""
    body = json.dumps(event, separators=(",", ":"))
    header = stripe.WebhookSignature.generate_signature_header(
        body, secret, int(time.time()) if timestamp is None else timestamp)
    return body.encode(), header
