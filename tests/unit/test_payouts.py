"""Paying mentors out, on the in-memory fakes: the payout account (onboarding, the gateway's
reports), one transfer per session once its share is available and the account ready, the
reversal that follows a refund after the transfer, and the books balanced throughout."""

from datetime import timedelta
from uuid import UUID

import pytest

from adapters.memory.payments import GatewayDown
from adapters.memory.payouts import FakePayoutAccounts
from edu_core.application.actors import Actor
from edu_core.application.earnings import EarningsService, PayoutsByTransfer
from edu_core.application.payouts import (
    PayoutService,
    PayoutTimers,
    TransferRun,
    account_key,
)
from edu_core.domain.bookings import InvalidSessionDetails, ledger
from edu_core.domain.bookings.ledger import PostingKind
from edu_core.domain.bookings.payouts import (
    InvalidPayoutCountry,
    PayoutAccountReadied,
    PayoutAccountReady,
    PayoutAccountState,
    PayoutSetupUnavailable,
    TransferDue,
    transfer_schedule_key,
)
from edu_core.domain.errors import PermissionDenied
from edu_core.domain.identity import Role
from edu_core.domain.schedules import ScheduleStatus
from edu_core.ports.payments import GatewayEvent, GatewayEventKind, PayoutMethod
from tests.unit.test_booking_service import SLOT, World
from tests.unit.test_booking_settlement import NET, at, confirmed

SHARE_OF_3000 = 3000 - ledger.commission_of(3000)  # the mentor's part of a 30 EUR refund


class PayoutWorld(World):
    def __init__(self, payouts: PayoutMethod = PayoutMethod.TRANSFERS) -> None:
        super().__init__()
        self.gateway.payouts = payouts
        self.accounts = FakePayoutAccounts()
        self.payouts = PayoutService(uow=self.uow, clock=self.clock, gateway=self.gateway,
                                     accounts=self.accounts, public_url="https://app.example/")
        self.timers = PayoutTimers(self.payouts)
        self.admin = self.user(Role.ADMIN)

    async def onboard(self, *, ready: bool) -> str:
        await self.payouts.start_onboarding(self.mentor, country="DE")
        ref: str = self.store.payouts.accounts[self.mentor.user_id].account_ref
        if ready:
            await self.report(ref, PayoutAccountState.READY)
        return ref

    async def report(self, ref: str, state: PayoutAccountState,
                     reason: str | None = None, event_id: str | None = None) -> None:
        self.accounts.set_status(ref, state, reason)
        await self.payouts.account_updated(GatewayEvent(
            id=event_id or f"evt_{len(self.store.bookings.payment_events)}",
            type="account.updated", kind=GatewayEventKind.ACCOUNT_UPDATED, account_ref=ref))

    async def completed_past_window(self) -> UUID:
        """A paid session, held, completed once its complaint window is over: released."""
        session_id = await confirmed(self)
        at(self, SLOT + timedelta(hours=60))
        await self.service.complete(self.mentor, session_id)
        return session_id

    async def run_due(self) -> None:
        """What the dispatcher does with the due schedules and the new events."""
        for schedule in list(self.store.schedules.values()):
            if schedule.status is ScheduleStatus.PENDING and \
                    schedule.due_at <= self.clock.now() and \
                    isinstance(schedule.event, TransferDue):
                await self.timers.transfer_due(schedule.event)
        for event in list(self.store.outbox):
            if isinstance(event, PayoutAccountReadied):
                await self.timers.account_readied(event)

    def balanced(self) -> bool:
        return all(v == 0 for v in _per_currency(self.store.bookings.postings).values())

    def postings(self, session_id: UUID, kind: PostingKind) -> list[ledger.Posting]:
        return [p for p in self.store.bookings.postings
                if p.session_id == session_id and p.kind is kind]


def _per_currency(postings: list[ledger.Posting]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for (_, currency), amount in ledger.balances(postings).items():
        totals[currency] = totals.get(currency, 0) + amount
    return totals


@pytest.fixture
def world() -> PayoutWorld:
    return PayoutWorld()


async def test_onboarding_opens_one_account_in_the_mentor_s_country_and_links_back(
        world: PayoutWorld) -> None:
    with pytest.raises(PermissionDenied):
        await world.payouts.start_onboarding(world.user(), country="DE")
    with pytest.raises(InvalidPayoutCountry):
        await world.payouts.start_onboarding(world.mentor, country="XX")
    with pytest.raises(InvalidPayoutCountry):  # the first call needs one
        await world.payouts.start_onboarding(world.mentor, country=None)
    assert (await world.payouts.account(world.mentor)).state is PayoutAccountState.NOT_STARTED

    first = await world.payouts.start_onboarding(world.mentor, country="de")
    again = await world.payouts.start_onboarding(world.mentor, country=None)
    assert first != again  # a fresh link each time, for the same account
    [(ref, request)] = world.accounts.opened.items()
    mentor = world.store.users[world.mentor.user_id]
    assert (request.mentor_id, request.email, request.country) == (mentor.id, mentor.email,
                                                                   "DE")
    assert {link[1:] for link in world.accounts.links} == {(
        "https://app.example/mentor/earnings?payouts=returned",
        "https://app.example/mentor/earnings?payouts=expired")}
    view = await world.payouts.account(world.mentor)
    assert (view.state, view.gateway, view.method) == (
        PayoutAccountState.ONBOARDING, "fake", PayoutMethod.TRANSFERS)
    assert "DE" in view.countries and view.countries == sorted(view.countries)
    assert world.store.payouts.accounts[world.mentor.user_id].account_ref == ref

    await world.report(ref, PayoutAccountState.READY)
    with pytest.raises(PayoutAccountReady):
        await world.payouts.start_onboarding(world.mentor, country=None)
    assert len(world.accounts.opened) == 1


async def test_a_gateway_out_of_reach_is_a_503_and_opens_nothing(world: PayoutWorld) -> None:
    world.accounts.down = True
    with pytest.raises(PayoutSetupUnavailable):
        await world.payouts.start_onboarding(world.mentor, country="DE")
    assert world.store.payouts.accounts == {}
    world.accounts.down = False
    await world.payouts.start_onboarding(world.mentor, country="DE")
    assert account_key(world.mentor.user_id) in world.accounts._by_key


async def test_reports_are_read_back_so_repeats_and_reordering_leave_the_latest_state(
        world: PayoutWorld) -> None:
    ref = await world.onboard(ready=False)
    # The gateway already says ready when an older "restricted" report arrives late: the
    # account is read again, so the late report cannot undo the newer state.
    world.accounts.set_status(ref, PayoutAccountState.READY)
    for event_id in ("evt_new", "evt_old", "evt_new"):
        await world.payouts.account_updated(GatewayEvent(
            id=event_id, type="account.updated", kind=GatewayEventKind.ACCOUNT_UPDATED,
            account_ref=ref))
    view = await world.payouts.account(world.mentor)
    assert (view.state, view.reason) == (PayoutAccountState.READY, None)
    readied = [e for e in world.store.outbox if isinstance(e, PayoutAccountReadied)]
    assert [e.mentor_id for e in readied] == [world.mentor.user_id]  # once

    await world.report(ref, PayoutAccountState.RESTRICTED, "requirements.past_due")
    view = await world.payouts.account(world.mentor)
    assert (view.state, view.reason) == (PayoutAccountState.RESTRICTED,
                                         "requirements.past_due")
    # Not a mentor's account: recorded, and the gateway is not even asked.
    world.accounts.down = True
    await world.payouts.account_updated(GatewayEvent(
        id="evt_stranger", type="account.updated", kind=GatewayEventKind.ACCOUNT_UPDATED,
        account_ref="acct_nobody_knows"))
    assert {"evt_new", "evt_old", "evt_stranger"} <= world.store.bookings.payment_events


async def test_an_available_share_is_transferred_once_to_the_ready_account(
        world: PayoutWorld) -> None:
    ref = await world.onboard(ready=True)
    session_id = await world.completed_past_window()
    schedule = world.store.schedules[transfer_schedule_key(session_id)]
    assert isinstance(schedule.event, TransferDue) and schedule.due_at == world.clock.now()

    await world.run_due()
    await world.payouts.transfer_session(session_id)
    await world.payouts.transfer_available()
    [(key, request)] = world.gateway.transfers.items()
    assert key == f"booking:{session_id}:transfer"
    assert (request.amount, request.currency, request.destination, request.payment_ref) == (
        NET, "EUR", ref, world.session(session_id).payment_ref)
    [payout] = world.postings(session_id, PostingKind.PAYOUT)
    assert -sum(e.amount for e in payout.entries if e.account == ledger.GATEWAY) == NET
    [record] = world.store.payouts.transfers.values()
    assert (record.ref, record.sent_at) == (f"tr_{key}", world.clock.now())
    assert world.balanced()
    assert ledger.owed_to_mentor(world.store.bookings.postings, world.mentor.user_id,
                                 "EUR") == (0, 0)
    report = await EarningsService(uow=world.uow, clock=world.clock).report(
        world.mentor, "2026-03")
    [balance] = report.balances
    assert (balance.pending, balance.available, balance.paid) == (0, 0, NET)
    assert [p.amount for p in report.payouts] == [NET]


async def test_a_share_waits_for_the_account_and_goes_once_it_is_ready(
        world: PayoutWorld) -> None:
    session_id = await world.completed_past_window()
    await world.run_due()  # no account at all
    ref = await world.onboard(ready=False)
    await world.payouts.transfer_available()
    await world.report(ref, PayoutAccountState.RESTRICTED, "requirements.past_due")
    await world.payouts.transfer_available()
    assert world.gateway.transfers == {} and world.store.payouts.transfers == {}
    assert ledger.owed_to_mentor(world.store.bookings.postings, world.mentor.user_id,
                                 "EUR") == (0, NET)

    await world.report(ref, PayoutAccountState.READY)
    await world.run_due()  # the account's readiness sends what waited
    assert [r.amount for r in world.gateway.transfers.values()] == [NET]
    assert list(world.gateway.transfers) == [f"booking:{session_id}:transfer"]


async def test_a_transfer_the_gateway_did_not_confirm_is_sent_again_with_its_key(
        world: PayoutWorld) -> None:
    await world.onboard(ready=True)
    session_id = await world.completed_past_window()
    world.gateway.down = True
    with pytest.raises(GatewayDown):
        await world.payouts.transfer_session(session_id)
    [record] = world.store.payouts.transfers.values()
    assert record.ref is None and len(world.postings(session_id, PostingKind.PAYOUT)) == 1
    world.gateway.down = False
    run = await world.payouts.transfer_available()
    assert [(r.session_id, r.amount) for r in run.sent] == [(session_id, NET)]
    assert len(world.gateway.transfers) == 1
    assert len(world.postings(session_id, PostingKind.PAYOUT)) == 1  # posted once
    assert (await world.payouts.transfer_available()).sent == []


async def test_a_session_the_gateway_refuses_does_not_hold_up_the_others(
        world: PayoutWorld) -> None:
    refused = await confirmed(world)
    paid = await confirmed(world, starts_at=SLOT + timedelta(hours=2))
    at(world, SLOT + timedelta(hours=60))
    for session_id in (refused, paid):
        await world.service.complete(world.mentor, session_id)
    world.gateway.refusing.add(world.session(refused).payment_ref)
    ref = await world.onboard(ready=True)
    [readied] = [e for e in world.store.outbox if isinstance(e, PayoutAccountReadied)]

    with pytest.raises(ExceptionGroup) as failed:  # its delivery is tried again
        await world.timers.account_readied(readied)
    assert [type(e).__name__ for e in failed.value.exceptions] == ["TransferRefused"]
    assert [(r.destination, r.payment_ref) for r in world.gateway.transfers.values()] == [
        (ref, world.session(paid).payment_ref)]
    run = await world.payouts.transfer_available()
    assert (run.sent, list(run.failed)) == ([], [refused])

    world.gateway.refusing.clear()  # the next run sends it, once
    run = await world.payouts.transfer_available()
    assert [r.session_id for r in run.sent] == [refused]
    assert len(world.gateway.transfers) == 2 and world.balanced()


async def test_a_refund_after_the_transfer_reverses_the_mentor_s_part_of_it(
        world: PayoutWorld) -> None:
    await world.onboard(ready=True)
    session_id = await world.completed_past_window()
    await world.run_due()
    [(_, transfer)] = world.gateway.transfers.items()

    with pytest.raises(PermissionDenied):
        await world.service.refund_settled(world.mentor, session_id, amount=3000,
                                           reason="late complaint")
    refunded = await world.service.refund_settled(world.admin, session_id, amount=3000,
                                                  reason="late complaint")
    assert refunded.refunded == 3000
    assert world.gateway.refunds[f"booking:{session_id}:settled-refund:1"] == (
        world.session(session_id).payment_ref, 3000)
    reversal_key = f"booking:{session_id}:reversal:1"
    assert world.gateway.reversals == {
        reversal_key: (f"tr_booking:{session_id}:transfer", SHARE_OF_3000)}
    [reversal] = world.postings(session_id, PostingKind.TRANSFER_REVERSAL)
    assert -sum(e.amount for e in reversal.entries
                if e.account == ledger.available(world.mentor.user_id)) == SHARE_OF_3000
    assert world.balanced()
    assert ledger.owed_to_mentor(world.store.bookings.postings, world.mentor.user_id,
                                 "EUR") == (0, 0)
    report = await EarningsService(uow=world.uow, clock=world.clock).report(
        world.mentor, "2026-03")
    [balance] = report.balances
    assert (balance.available, balance.paid) == (0, NET - SHARE_OF_3000)
    [row] = report.sessions
    assert (row.money.refunds, row.money.net) == (3000, NET - SHARE_OF_3000)
    assert transfer.amount == NET
    [entry] = [e for e in world.store.audit if e.action == "booking.refund"]
    assert entry.details["reversal"] == SHARE_OF_3000

    with pytest.raises(InvalidSessionDetails):  # 3000 of 6000 left
        await world.service.refund_settled(world.admin, session_id, amount=3001, reason="x")
    await world.service.refund_settled(world.admin, session_id, amount=3000, reason="all")
    assert sorted(a for _, a in world.gateway.reversals.values()) == sorted(
        [SHARE_OF_3000, NET - SHARE_OF_3000])
    assert world.balanced()
    assert ledger.owed_to_mentor(world.store.bookings.postings, world.mentor.user_id,
                                 "EUR") == (0, 0)


async def test_a_refund_before_the_transfer_shrinks_it_and_reverses_nothing(
        world: PayoutWorld) -> None:
    ref = await world.onboard(ready=False)
    session_id = await world.completed_past_window()
    await world.service.refund_settled(world.admin, session_id, amount=3000, reason="x")
    assert world.gateway.reversals == {}
    await world.report(ref, PayoutAccountState.READY)
    await world.run_due()
    assert [r.amount for r in world.gateway.transfers.values()] == [NET - SHARE_OF_3000]
    assert world.balanced()


async def test_a_gateway_paying_in_batches_transfers_nothing_and_runs_batches_only() -> None:
    world = PayoutWorld(PayoutMethod.BATCHES)
    await world.onboard(ready=True)
    session_id = await world.completed_past_window()
    await world.run_due()
    assert await world.payouts.transfer_available() == TransferRun()
    assert world.gateway.transfers == {} and world.store.payouts.transfers == {}
    batch = await EarningsService(uow=world.uow, clock=world.clock).run_payouts(
        Actor(user_id=None))
    assert [p.amount for p in batch.payouts] == [NET]
    assert world.postings(session_id, PostingKind.PAYOUT) == []  # a batch names no session

    by_transfer = EarningsService(uow=world.uow, clock=world.clock,
                                  payouts=PayoutMethod.TRANSFERS)
    with pytest.raises(PayoutsByTransfer):
        await by_transfer.run_payouts(Actor(user_id=None))
