"""An in-memory payment gateway for unit tests of the booking use cases: it records what it was
asked, honours idempotency keys as a gateway does, and fails on demand."""

from dataclasses import dataclass, field

from edu_core.ports.payments import (
    Checkout,
    CheckoutRequest,
    GatewayEvent,
    InvalidWebhook,
    PayoutMethod,
    TransferRequest,
)


class GatewayDown(ConnectionError):
    pass


class TransferRefused(ValueError):
    pass


@dataclass
class FakePaymentGateway:
    name: str = "fake"
    payouts: PayoutMethod = PayoutMethod.BATCHES
    down: bool = False
    # Payments whose transfers the gateway refuses (Stripe: an unknown source charge).
    refusing: set[str] = field(default_factory=set)
    transfers: dict[str, TransferRequest] = field(default_factory=dict)  # key -> request
    reversals: dict[str, tuple[str, int]] = field(default_factory=dict)  # key -> (ref, amount)
    checkouts: dict[str, CheckoutRequest] = field(default_factory=dict)
    expired: list[str] = field(default_factory=list)
    refunds: dict[str, tuple[str, int]] = field(default_factory=dict)  # key -> (payment, amount)
    # What ``checkout_event`` reports per checkout (a payment whose webhook never came).
    reported: dict[str, GatewayEvent] = field(default_factory=dict)
    _by_key: dict[str, Checkout] = field(default_factory=dict)

    async def create_checkout(self, request: CheckoutRequest, *,
                              idempotency_key: str) -> Checkout:
        if self.down:
            raise GatewayDown("gateway unreachable")
        if idempotency_key in self._by_key:
            return self._by_key[idempotency_key]
        ref = f"cs_fake_{len(self.checkouts) + 1}"
        self.checkouts[ref] = request
        checkout = self._by_key[idempotency_key] = Checkout(
            ref=ref, url=f"https://pay.example/{ref}", expires_at=request.expires_at)
        return checkout

    async def expire_checkout(self, checkout_ref: str) -> None:
        if self.down:
            raise GatewayDown("gateway unreachable")
        self.expired.append(checkout_ref)

    async def refund(self, payment_ref: str, amount: int, *, idempotency_key: str) -> str:
        if self.down:
            raise GatewayDown("gateway unreachable")
        self.refunds.setdefault(idempotency_key, (payment_ref, amount))
        return f"re_{idempotency_key}"

    async def transfer(self, request: TransferRequest, *, idempotency_key: str) -> str:
        if self.down:
            raise GatewayDown("gateway unreachable")
        if request.payment_ref in self.refusing:
            raise TransferRefused(f"no such payment: {request.payment_ref}")
        self.transfers.setdefault(idempotency_key, request)
        return f"tr_{idempotency_key}"

    async def reverse_transfer(self, transfer_ref: str, amount: int, *,
                               idempotency_key: str) -> str:
        if self.down:
            raise GatewayDown("gateway unreachable")
        self.reversals.setdefault(idempotency_key, (transfer_ref, amount))
        return f"trr_{idempotency_key}"

    async def checkout_event(self, checkout_ref: str) -> GatewayEvent | None:
        return self.reported.get(checkout_ref)

    def verify_webhook(self, payload: bytes, signature: str | None) -> GatewayEvent:
        raise InvalidWebhook()
