"""The payment gateway's webhook: one endpoint, one verification, each event to the use case
it concerns (checkouts to the group sessions' seats or the bookings, payout accounts to the
payouts)."""

from edu_core.application.bookings import BookingService
from edu_core.application.group_sessions import GroupSessionService
from edu_core.application.payouts import PayoutService
from edu_core.ports.payments import GatewayEventKind, PaymentGateway


class PaymentWebhooks:
    def __init__(self, *, gateway: PaymentGateway, bookings: BookingService,
                 payouts: PayoutService, group_sessions: GroupSessionService) -> None:
        self._gateway = gateway
        self._bookings = bookings
        self._group_sessions = group_sessions
        self._payouts = payouts

    async def receive(self, payload: bytes, signature: str | None) -> None:
        """A webhook request: its event takes effect once its signature checks out
        (``InvalidWebhook`` otherwise). ``payload`` is the raw body, exactly as received."""
        event = self._gateway.verify_webhook(payload, signature)
        if event.kind is GatewayEventKind.ACCOUNT_UPDATED:
            await self._payouts.account_updated(event)
        elif not await self._group_sessions.payment_event(event):
            await self._bookings.payment_event(event)
