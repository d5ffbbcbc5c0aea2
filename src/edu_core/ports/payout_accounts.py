"""Mentors' payout accounts at the payment gateway, and the record of what was transferred to
them.

``PayoutAccounts`` is the gateway's side (Stripe Connect, or the built-in test gateway's own
accounts): the account is opened once per mentor, the mentor fills in their details on the
gateway's hosted onboarding pages, and the gateway reports the account's state. An account's
change reaches the platform as a signed webhook event (``GatewayEventKind.ACCOUNT_UPDATED``)
through the payment gateway's webhook; the platform then reads the account again rather than
trusting the event's copy, so events arriving late or out of order change nothing wrongly.

The two repositories are part of the unit of work.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from edu_core.domain.bookings.payouts import AccountStatus, MentorTransfer, PayoutAccount


@dataclass(frozen=True, kw_only=True)
class AccountRequest:
    mentor_id: UUID
    email: str
    country: str  # ISO 3166-1 alpha-2


class PayoutAccounts(Protocol):
    name: str  # the payment gateway's name: an account belongs to one gateway

    async def open_account(self, request: AccountRequest, *, idempotency_key: str) -> str:
        """Open the mentor's account (one per idempotency key); returns its reference."""
        ...

    async def onboarding_url(self, account_ref: str, *, return_url: str,
                             refresh_url: str) -> str:
        """A fresh link to the gateway's hosted onboarding: the mentor comes back to
        ``return_url`` when they leave it, or to ``refresh_url`` once the link has expired."""
        ...

    async def account_status(self, account_ref: str) -> AccountStatus:
        """The account's state as the gateway knows it now."""
        ...


class PayoutAccountRepository(Protocol):
    async def get(self, mentor_id: UUID) -> PayoutAccount | None: ...

    async def by_ref(self, account_ref: str) -> PayoutAccount | None:
        """The account, its row held until the end of the transaction (two reports of one
        account apply one after the other)."""
        ...

    async def save(self, account: PayoutAccount) -> None:
        """Insert or replace the mentor's account (one per mentor; a reference belongs to one
        mentor). The events it raised are stored with the transaction."""
        ...


class TransferRepository(Protocol):
    def add(self, record: MentorTransfer) -> None:
        """Stage a transfer or reversal (written at commit; one per session and number)."""
        ...

    async def of_session(self, session_id: UUID) -> list[MentorTransfer]:
        """The session's transfer and reversals, in order of their number."""
        ...

    async def mark_sent(self, session_id: UUID, number: int, ref: str, at: datetime) -> None:
        """The gateway answered: record its reference (the first answer stays)."""
        ...

    async def awaiting(self, mentor_id: UUID | None = None, *,
                       limit: int = 500) -> list[UUID]:
        """Sessions with work left: released without a transfer yet, or with a transfer or
        reversal the gateway has not answered; of one mentor, or of everyone."""
        ...
