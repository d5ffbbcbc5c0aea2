"""Paying mentors out (S12): the mentor's payout account at the gateway, and the transfers of
each session's share to it, with the reversals that follow a refund after the transfer.

A payout account is the mentor's connected account at the payment gateway. The mentor fills in
their details on the gateway's own hosted pages; the gateway reports the account's state back
(``account.updated``), and only an account that is *ready* (payouts enabled) receives money.

Where the gateway pays out by transfer (Stripe), each session's share is transferred on its
own once it is available: one transfer per session, recorded before the gateway is called
(number 0), and one reversal per refund that comes after it (numbers 1, 2, ...), each with an
idempotency key of its own, so a retried job moves the money once.
"""

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from uuid import UUID

from edu_core.domain.bookings import ledger
from edu_core.domain.bookings.ledger import Posting, PostingKind
from edu_core.domain.errors import Conflict, InvalidInput, ServiceUnavailable
from edu_core.domain.events import DomainEvent

# Countries whose residents can open a payout account with the gateway (ISO 3166-1 alpha-2).
PAYOUT_COUNTRIES = frozenset({
    "AT", "AU", "BE", "BG", "CA", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB",
    "GI", "GR", "HK", "HR", "HU", "IE", "IT", "JP", "LI", "LT", "LU", "LV", "MT", "MX", "NL",
    "NO", "NZ", "PL", "PT", "RO", "SE", "SG", "SI", "SK", "TH", "US"})


class PayoutAccountState(Enum):
    NOT_STARTED = "not_started"  # no account at the gateway yet
    ONBOARDING = "onboarding"  # created; the mentor has not finished the gateway's forms
    READY = "ready"  # payouts enabled: transfers can go to it
    RESTRICTED = "restricted"  # the gateway wants more (or refused): see the reason


class InvalidPayoutCountry(InvalidInput):
    code = "invalid_payout_country"
    default_message = "Payouts are not available in that country."


class PayoutAccountReady(Conflict):
    code = "payout_account_ready"
    default_message = "Payouts are already enabled for this account."


class PayoutAccountTaken(Conflict):
    code = "payout_account_taken"
    default_message = "That payout account belongs to another mentor."


class TransferRecorded(Conflict):
    code = "transfer_recorded"
    default_message = "That transfer or reversal is recorded already."


class PayoutSetupUnavailable(ServiceUnavailable):
    code = "payout_setup_unavailable"
    default_message = "Payout setup is unavailable right now. Try again in a few minutes."


def clean_country(raw: str) -> str:
    country = raw.strip().upper()
    if country not in PAYOUT_COUNTRIES:
        raise InvalidPayoutCountry(details={"fields": {
            "country": "Choose one of the countries listed."}})
    return country


@dataclass(frozen=True, kw_only=True)
class AccountStatus:
    """An account's state as the gateway reports it; ``reason`` is the gateway's own code for
    a restriction (``requirements.past_due``, ``rejected.fraud``, ...)."""

    state: PayoutAccountState
    reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class PayoutAccountReadied(DomainEvent):
    """A mentor's payout account became ready: what waited for it can be transferred now."""

    name = "payouts.account_ready"
    mentor_id: UUID


@dataclass(kw_only=True)
class PayoutAccount:
    mentor_id: UUID
    gateway: str  # the gateway that holds it: an account of another gateway does not count
    account_ref: str
    state: PayoutAccountState = PayoutAccountState.ONBOARDING
    reason: str | None = None
    updated_at: datetime
    events: list[DomainEvent] = field(default_factory=list, repr=False, compare=False)

    def receives_payouts(self, gateway: str) -> bool:
        return self.gateway == gateway and self.state is PayoutAccountState.READY

    def apply(self, status: AccountStatus, now: datetime) -> None:
        """Takes the gateway's word for the account's state (the latest read, so the order the
        gateway's events arrive in does not matter); becoming ready raises an event."""
        if status.state is PayoutAccountState.NOT_STARTED:
            raise ValueError("an existing account cannot be not started")
        if (status.state, status.reason) == (self.state, self.reason):
            return
        readied = status.state is PayoutAccountState.READY and \
            self.state is not PayoutAccountState.READY
        self.state, self.reason, self.updated_at = status.state, status.reason, now
        if readied:
            self.events.append(PayoutAccountReadied(occurred_at=now, mentor_id=self.mentor_id))


@dataclass(frozen=True, kw_only=True)
class TransferDue(DomainEvent):
    """Raised once a session's share is available: on a gateway that pays out by transfer,
    it goes to the mentor's account (when that is ready)."""

    name = "booking.transfer_due"
    session_id: UUID


def transfer_schedule_key(session_id: UUID) -> str:
    return f"booking:{session_id}:transfer"


def transfer_key(session_id: UUID) -> str:
    """The idempotency key of a session's transfer."""
    return f"booking:{session_id}:transfer"


def reversal_key(session_id: UUID, number: int) -> str:
    return f"booking:{session_id}:reversal:{number}"


@dataclass(frozen=True, kw_only=True)
class MentorTransfer:
    """Money sent to a mentor's payout account for one session (``number`` 0), or taken back
    from it after a refund (``number`` 1, 2, ...). ``ref`` is the gateway's id, once it
    answered: a record without one is still to be sent."""

    session_id: UUID
    number: int
    mentor_id: UUID
    destination: str  # the payout account's reference at the gateway
    amount: int  # minor units, > 0
    currency: str
    created_at: datetime
    ref: str | None = None
    sent_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.number < 0 or isinstance(self.amount, bool) or self.amount <= 0:
            raise InvalidInput("A transfer moves a positive amount.")

    @property
    def is_reversal(self) -> bool:
        return self.number > 0

    @property
    def idempotency_key(self) -> str:
        return reversal_key(self.session_id, self.number) if self.is_reversal \
            else transfer_key(self.session_id)


def transferable(mentor_id: UUID, postings: list[Posting]) -> int:
    """What is available to the mentor from one session (its own postings): released, less
    the mentor's part of later refunds, less what was transferred already."""
    if not any(p.kind is PostingKind.RELEASE for p in postings):
        return 0
    return -sum(e.amount for p in postings for e in p.entries
                if e.account == ledger.available(mentor_id))


def reversal_for(records: list[MentorTransfer], mentor_share: int, now: datetime
                 ) -> MentorTransfer | None:
    """The reversal a refund calls for after the session's transfer: the mentor's share of the
    refund, never more than is left of the transfer. None: nothing was transferred (what is
    refunded then comes out of the balance still waiting)."""
    transfer = next((r for r in records if r.number == 0), None)
    if transfer is None or mentor_share <= 0:
        return None
    left = transfer.amount - sum(r.amount for r in records if r.is_reversal)
    amount = min(mentor_share, left)
    if amount <= 0:
        return None
    return MentorTransfer(session_id=transfer.session_id,
                          number=max(r.number for r in records) + 1,
                          mentor_id=transfer.mentor_id, destination=transfer.destination,
                          amount=amount, currency=transfer.currency, created_at=now)
