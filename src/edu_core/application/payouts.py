"""Paying mentors out (S12): the mentor's payout account at the gateway, and on a gateway that
pays out by transfer (Stripe), each session's share sent to it once available, and taken back
in part when a refund follows.

Money moves after the commit, as for payments (ADR 21): the transfer or reversal is recorded
with its ledger posting first, then the gateway is called with the record's idempotency key
(``booking:<id>:transfer``, ``booking:<id>:reversal:<n>``) and its answer stored. A record the
gateway did not answer (the network, a crash) is sent again, with the same key, by the next
run for the session; the session's row lock serialises runs, so a session is transferred once
however often and however concurrently its job runs.

On a gateway that pays out in batches (the built-in test gateway) none of this moves money:
an administrator's payout run marks the available balances paid (``EarningsService``).
"""

from dataclasses import dataclass, field, replace
from uuid import UUID

from edu_core.application.actors import Principal
from edu_core.application.messagebus import Subscription, on
from edu_core.domain.bookings import MentoringSession, ledger
from edu_core.domain.bookings.ledger import Entry, Posting
from edu_core.domain.bookings.payouts import (
    PAYOUT_COUNTRIES,
    MentorTransfer,
    PayoutAccount,
    PayoutAccountReadied,
    PayoutAccountReady,
    PayoutAccountState,
    PayoutSetupUnavailable,
    TransferDue,
    clean_country,
    reversal_for,
    transferable,
)
from edu_core.domain.errors import DomainError, PermissionDenied
from edu_core.domain.identity import Role
from edu_core.ports.clock import Clock
from edu_core.ports.payments import GatewayEvent, PaymentGateway, PayoutMethod, TransferRequest
from edu_core.ports.payout_accounts import AccountRequest, PayoutAccounts
from edu_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

# Where the gateway's hosted onboarding sends the mentor back (the earnings page).
RETURN_PATH = "/mentor/earnings?payouts=returned"
REFRESH_PATH = "/mentor/earnings?payouts=expired"


@dataclass(frozen=True)
class PayoutAccountView:
    state: PayoutAccountState
    reason: str | None
    gateway: str
    method: PayoutMethod
    countries: list[str]


def account_key(mentor_id: UUID) -> str:
    """The idempotency key that opens the mentor's account: one per mentor."""
    return f"mentor:{mentor_id}:payout-account"


@dataclass
class TransferRun:
    """What one run of the payout job sent, and the sessions it could not send (with why)."""

    sent: list[MentorTransfer] = field(default_factory=list)
    failed: dict[UUID, Exception] = field(default_factory=dict)


class PayoutService:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock, gateway: PaymentGateway,
                 accounts: PayoutAccounts, public_url: str) -> None:
        self._uow = uow
        self._clock = clock
        self._gateway = gateway
        self._accounts = accounts
        self._public_url = public_url.rstrip("/")

    # -- the mentor's payout account -------------------------------------------------------

    async def account(self, principal: Principal) -> PayoutAccountView:
        _mentor_only(principal)
        async with self._uow() as uow:
            account = await self._current(uow, principal.user_id)
        return PayoutAccountView(
            state=account.state if account else PayoutAccountState.NOT_STARTED,
            reason=account.reason if account else None, gateway=self._accounts.name,
            method=self._gateway.payouts, countries=sorted(PAYOUT_COUNTRIES))

    async def start_onboarding(self, principal: Principal, *, country: str | None) -> str:
        """A fresh link to the gateway's onboarding; the account is opened on the first call
        (in ``country``; later calls continue with the account as it is)."""
        _mentor_only(principal)
        async with self._uow() as uow:
            account = await self._current(uow, principal.user_id)
            user = principal.user or await uow.users.get(principal.user_id)
        if account is not None and account.state is PayoutAccountState.READY:
            raise PayoutAccountReady()
        if user is None:
            raise PermissionDenied()
        try:
            if account is None:
                ref = await self._accounts.open_account(
                    AccountRequest(mentor_id=user.id, email=user.email,
                                   country=clean_country(country or "")),
                    idempotency_key=account_key(user.id))
                account = PayoutAccount(mentor_id=user.id, gateway=self._accounts.name,
                                        account_ref=ref, updated_at=self._clock.now())
                async with self._uow() as uow:
                    await uow.payout_accounts.save(account)
                    await uow.commit()
            return await self._accounts.onboarding_url(
                account.account_ref, return_url=self._public_url + RETURN_PATH,
                refresh_url=self._public_url + REFRESH_PATH)
        except DomainError:
            raise
        except Exception as exc:
            raise PayoutSetupUnavailable() from exc

    async def account_updated(self, event: GatewayEvent) -> None:
        """The gateway reports a change of a payout account. Its current state is read from
        the gateway rather than taken from the event, so late, repeated or reordered events
        leave the latest state; becoming ready raises ``PayoutAccountReadied``."""
        ref = event.account_ref
        async with self._uow() as uow:
            known = ref is not None and await uow.payout_accounts.by_ref(ref) is not None
        if ref is None or not known:
            # Not a mentor's (the platform's own account, one opened elsewhere): recorded.
            async with self._uow() as uow:
                await uow.payment_events.first_time(event.id, event.type, self._clock.now())
                await uow.commit()
            return
        status = await self._accounts.account_status(ref)
        async with self._uow() as uow:
            # A repeat is read back like the first delivery, and changes nothing.
            await uow.payment_events.first_time(event.id, event.type, self._clock.now())
            account = await uow.payout_accounts.by_ref(ref)
            if account is not None:
                account.apply(status, self._clock.now())
                await uow.payout_accounts.save(account)
            await uow.commit()

    async def _current(self, uow: UnitOfWork, mentor_id: UUID) -> PayoutAccount | None:
        """The mentor's account at this gateway (one kept from another gateway counts as
        none: it cannot receive this gateway's transfers)."""
        account = await uow.payout_accounts.get(mentor_id)
        return account if account is not None and \
            account.gateway == self._accounts.name else None

    # -- transfers -------------------------------------------------------------------------

    async def transfer_session(self, session_id: UUID) -> list[MentorTransfer]:
        """Transfers the session's available share to its mentor's ready account, and sends
        whatever of the session the gateway has not confirmed yet. Returns what was sent."""
        if self._gateway.payouts is not PayoutMethod.TRANSFERS:
            return []
        async with self._uow() as uow:
            session = await uow.bookings.get(session_id, lock=True)
            if session is None:
                return []
            records = await uow.payout_transfers.of_session(session_id)
            if not any(r.number == 0 for r in records) and \
                    await self._stage_transfer(uow, session):
                await uow.commit()
        return await send_unsent(self._uow, self._gateway, self._clock, session_id)

    async def transfer_available(self, mentor_id: UUID | None = None) -> TransferRun:
        """The payout job: every session with a share waiting (of one mentor, or of all) that
        can go now, and every transfer or reversal the gateway has not confirmed. A session the
        gateway refuses does not hold up the others: it is reported, and the next run tries
        it again with the same key."""
        if self._gateway.payouts is not PayoutMethod.TRANSFERS:
            return TransferRun()
        async with self._uow() as uow:
            waiting = await uow.payout_transfers.awaiting(mentor_id)
        run = TransferRun()
        for session_id in waiting:
            try:
                run.sent.extend(await self.transfer_session(session_id))
            except Exception as exc:  # the gateway's or the network's: reported per session
                run.failed[session_id] = exc
        return run

    async def _stage_transfer(self, uow: UnitOfWork, session: MentoringSession) -> bool:
        account = await uow.payout_accounts.get(session.mentor_id)
        if account is None or not account.receives_payouts(self._gateway.name) or \
                session.payment_ref is None:
            return False  # stays available; the account becoming ready sends it
        amount = transferable(session.mentor_id,
                              await uow.ledger.postings(session_id=session.id))
        if amount <= 0:
            return False
        now = self._clock.now()
        uow.payout_transfers.add(MentorTransfer(
            session_id=session.id, number=0, mentor_id=session.mentor_id,
            destination=account.account_ref, amount=amount, currency=session.currency,
            created_at=now))
        uow.ledger.post(ledger.payout(mentor_id=session.mentor_id, amount=amount,
                                      currency=session.currency, at=now,
                                      session_id=session.id))
        return True


async def send_unsent(uow_factory: UnitOfWorkFactory, gateway: PaymentGateway, clock: Clock,
                      session_id: UUID) -> list[MentorTransfer]:
    """Calls the gateway for each of the session's records it has not confirmed, in order (a
    reversal waits for its transfer's reference), and stores each answer as it comes."""
    async with uow_factory() as uow:
        session = await uow.bookings.get(session_id)
        records = await uow.payout_transfers.of_session(session_id)
    if session is None or session.payment_ref is None:
        return []
    transfer_ref = next((r.ref for r in records if r.number == 0), None)
    sent = []
    for record in records:
        if record.ref is not None:
            continue
        if record.is_reversal:
            if transfer_ref is None:
                break
            ref = await gateway.reverse_transfer(transfer_ref, record.amount,
                                                 idempotency_key=record.idempotency_key)
        else:
            ref = transfer_ref = await gateway.transfer(TransferRequest(
                session_id=session_id, amount=record.amount, currency=record.currency,
                destination=record.destination, payment_ref=session.payment_ref),
                idempotency_key=record.idempotency_key)
        now = clock.now()
        async with uow_factory() as uow:
            await uow.payout_transfers.mark_sent(session_id, record.number, ref, now)
            await uow.commit()
        sent.append(replace(record, ref=ref, sent_at=now))
    return sent


async def stage_reversal(uow: UnitOfWork, session: MentoringSession, refund: Posting
                         ) -> MentorTransfer | None:
    """After a refund's posting (in its transaction, the session's row held): where the
    session's share was transferred, the reversal of the mentor's part of the refund, with
    the posting that brings it back. The caller sends it after the commit
    (``send_unsent``)."""
    share = sum(e.amount for e in refund.entries if _mentor_entry(e, session.mentor_id))
    reversal = reversal_for(await uow.payout_transfers.of_session(session.id), share,
                            refund.at)
    if reversal is None:
        return None
    uow.payout_transfers.add(reversal)
    uow.ledger.post(ledger.transfer_reversal(session_id=session.id,
                                             mentor_id=session.mentor_id,
                                             amount=reversal.amount,
                                             currency=session.currency, at=refund.at))
    return reversal


def _mentor_entry(entry: Entry, mentor_id: UUID) -> bool:
    return entry.account == ledger.available(mentor_id) and entry.amount > 0


def _mentor_only(principal: Principal) -> None:
    if principal.role is not Role.MENTOR:
        raise PermissionDenied("Only mentors have payout accounts.")


class PayoutTimers:
    """The handlers that start transfers: a session's share became available, or a mentor's
    account became ready for what waited for it."""

    def __init__(self, payouts: PayoutService) -> None:
        self._payouts = payouts

    def subscriptions(self) -> list[Subscription]:
        return [on(TransferDue, self.transfer_due),
                on(PayoutAccountReadied, self.account_readied)]

    async def transfer_due(self, event: TransferDue) -> None:
        await self._payouts.transfer_session(event.session_id)

    async def account_readied(self, event: PayoutAccountReadied) -> None:
        run = await self._payouts.transfer_available(event.mentor_id)
        if run.failed:  # the delivery is retried; what went already is not sent again
            raise ExceptionGroup("transfers the gateway refused",
                                 list(run.failed.values()))

