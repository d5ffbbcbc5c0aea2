"""The payment gateway: hosted checkout, refunds, transfers to mentors, and the events it
reports back.

No card data ever reaches the platform: the student pays on the gateway's own page, and the
gateway tells the platform what happened through signed webhook events. Every call that moves
money carries an idempotency key derived from the business operation (``booking:<id>:...``), so
a retried request or a job run twice after a crash moves it once.

Mentors are paid in one of two ways, which the gateway decides (``payouts``): by a transfer of
each session's share to the mentor's payout account at the gateway (Stripe Connect), or by an
administrator's payout batch ("mark paid") where the gateway has no such accounts (the built-in
test gateway). The platform never does both.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Protocol
from uuid import UUID

from edu_core.domain.errors import DomainError


class InvalidWebhook(DomainError):
    """A 400: the request is not a webhook of the gateway (or is too old to trust)."""

    code = "invalid_webhook"
    default_message = "The webhook's signature or timestamp is not valid."


@dataclass(frozen=True, kw_only=True)
class CheckoutRequest:
    session_id: UUID
    amount: int  # minor units
    currency: str
    description: str
    customer_email: str
    success_url: str
    cancel_url: str
    expires_at: datetime


@dataclass(frozen=True, kw_only=True)
class Checkout:
    ref: str
    url: str  # where the student pays
    expires_at: datetime


class GatewayEventKind(Enum):
    PAID = "paid"  # the checkout completed and the money was captured
    EXPIRED = "expired"  # the checkout ended unpaid
    ACCOUNT_UPDATED = "account_updated"  # a mentor's payout account changed
    IGNORED = "ignored"  # an event the platform does not act on


class PayoutMethod(Enum):
    TRANSFERS = "transfers"  # each session's share to the mentor's payout account
    BATCHES = "batches"  # an administrator's payout run marks balances paid


@dataclass(frozen=True, kw_only=True)
class GatewayEvent:
    id: str
    type: str  # the gateway's own name for it
    kind: GatewayEventKind
    checkout_ref: str | None = None
    payment_ref: str | None = None
    amount: int | None = None
    currency: str | None = None
    account_ref: str | None = None  # ACCOUNT_UPDATED: the payout account


@dataclass(frozen=True, kw_only=True)
class TransferRequest:
    """A session's share to the mentor's payout account, funded by the session's payment (so
    the money is the payment's, and the transfer cannot outrun it)."""

    session_id: UUID
    amount: int  # minor units
    currency: str
    destination: str  # the payout account's reference
    payment_ref: str  # the session's payment


class PaymentGateway(Protocol):
    name: str
    payouts: PayoutMethod

    async def create_checkout(self, request: CheckoutRequest, *,
                              idempotency_key: str) -> Checkout: ...

    async def expire_checkout(self, checkout_ref: str) -> None:
        """End an unpaid checkout (the hold lapsed, the student gave up); paid ones stay."""
        ...

    async def refund(self, payment_ref: str, amount: int, *, idempotency_key: str) -> str:
        """Give ``amount`` of a payment back; returns the refund's reference."""
        ...

    async def checkout_event(self, checkout_ref: str) -> GatewayEvent | None:
        """What became of a checkout, as the event that would have reported it (None: still
        open): for a hold whose webhook never arrived (reconciliation)."""
        ...

    async def transfer(self, request: TransferRequest, *, idempotency_key: str) -> str:
        """Send a session's share to a payout account; returns the transfer's reference. Where
        the gateway pays out in batches, nothing moves and a reference is returned."""
        ...

    async def reverse_transfer(self, transfer_ref: str, amount: int, *,
                               idempotency_key: str) -> str:
        """Take ``amount`` of a transfer back (never more than is left of it); returns the
        reversal's reference."""
        ...

    def verify_webhook(self, payload: bytes, signature: str | None) -> GatewayEvent:
        """The event in a webhook request, once its signature and age check out; else
        ``InvalidWebhook``. ``payload`` is the raw body, exactly as received."""
        ...
