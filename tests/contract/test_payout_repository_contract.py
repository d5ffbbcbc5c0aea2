"""ONE behaviour suite for mentors' payout accounts and the transfers to them, run against the
in-memory fake and Postgres."""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from edu_core.domain.bookings import CancellationPolicy, MentoringSession, ledger
from edu_core.domain.bookings.payouts import (
    AccountStatus,
    MentorTransfer,
    PayoutAccount,
    PayoutAccountReadied,
    PayoutAccountState,
    PayoutAccountTaken,
    TransferRecorded,
)
from edu_core.domain.identity import Role, User
from edu_core.ports.unit_of_work import UnitOfWork
from tests.contract.test_booking_repository_contract import person

Factory = Callable[[], UnitOfWork]
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def account(mentor: User, ref: str | None = None) -> PayoutAccount:
    return PayoutAccount(mentor_id=mentor.id, gateway="stripe",
                         account_ref=ref or f"acct_{uuid.uuid4().hex[:12]}", updated_at=NOW)


async def released_session(uow_factory: Factory, net: int = 5100) -> MentoringSession:
    """A paid session of a new mentor whose share (``net``) was released."""
    student, mentor = await person(uow_factory), await person(uow_factory, Role.MENTOR)
    session = MentoringSession.hold(
        student_id=student.id, mentor_id=mentor.id, starts_at=NOW + timedelta(days=1),
        minutes=60, price=6000, currency="EUR", cancellation=CancellationPolicy(),
        hold_for=timedelta(minutes=10), now=NOW)
    session.confirm(6000, NOW, payment_ref=f"pi_{uuid.uuid4().hex[:8]}")
    async with uow_factory() as uow:
        uow.bookings.add(session)
        uow.ledger.post(ledger.payment_received(session_id=session.id, mentor_id=mentor.id,
                                                gross=6000, currency="EUR", at=NOW))
        uow.ledger.post(ledger.release(session_id=session.id, mentor_id=mentor.id, net=net,
                                       currency="EUR", at=NOW))
        await uow.commit()
    return session


def transfer(session: MentoringSession, number: int = 0, amount: int = 5100) -> MentorTransfer:
    return MentorTransfer(session_id=session.id, number=number, mentor_id=session.mentor_id,
                          destination="acct_x", amount=amount, currency="EUR",
                          created_at=NOW)


async def test_an_account_is_kept_per_mentor_found_by_its_reference_and_replaced(
        uow_factory: Factory) -> None:
    mentor = await person(uow_factory, Role.MENTOR)
    opened = account(mentor)
    async with uow_factory() as uow:
        await uow.payout_accounts.save(opened)
        assert await uow.payout_accounts.get(mentor.id) == opened  # seen in its transaction
        await uow.rollback()
    async with uow_factory() as uow:
        assert await uow.payout_accounts.get(mentor.id) is None
        await uow.payout_accounts.save(opened)
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.payout_accounts.by_ref(opened.account_ref)
        assert found == opened and found.state is PayoutAccountState.ONBOARDING
        assert await uow.payout_accounts.by_ref("acct_nobody") is None
        found.apply(AccountStatus(state=PayoutAccountState.RESTRICTED,
                                  reason="requirements.past_due"), NOW + timedelta(hours=1))
        await uow.payout_accounts.save(found)
        await uow.commit()
    async with uow_factory() as uow:
        again = await uow.payout_accounts.get(mentor.id)
        assert again is not None
        assert (again.state, again.reason, again.updated_at) == (
            PayoutAccountState.RESTRICTED, "requirements.past_due", NOW + timedelta(hours=1))
        # Another gateway's account replaces it: one account per mentor.
        other = PayoutAccount(mentor_id=mentor.id, gateway="test", account_ref="acct_t_1" +
                              uuid.uuid4().hex[:6], updated_at=NOW)
        await uow.payout_accounts.save(other)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.payout_accounts.get(mentor.id) == other
        assert await uow.payout_accounts.by_ref(opened.account_ref) is None


async def test_an_account_becoming_ready_stores_its_event_with_the_change(
        uow_factory: Factory) -> None:
    mentor = await person(uow_factory, Role.MENTOR)
    opened = account(mentor)
    async with uow_factory() as uow:
        await uow.payout_accounts.save(opened)
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.payout_accounts.by_ref(opened.account_ref)
        assert found is not None
        found.apply(AccountStatus(state=PayoutAccountState.READY), NOW)
        [event] = found.events
        assert isinstance(event, PayoutAccountReadied) and event.mentor_id == mentor.id
        await uow.payout_accounts.save(found)
        assert found.events == []  # handed to the unit of work
        await uow.commit()
    async with uow_factory() as uow:
        ready = await uow.payout_accounts.get(mentor.id)
        assert ready is not None and ready.receives_payouts("stripe")
        assert not ready.receives_payouts("test")
        ready.apply(AccountStatus(state=PayoutAccountState.READY), NOW)  # no news
        assert ready.events == []


async def test_a_reference_belongs_to_one_mentor(uow_factory: Factory) -> None:
    first, second = (await person(uow_factory, Role.MENTOR),
                     await person(uow_factory, Role.MENTOR))
    ref = f"acct_{uuid.uuid4().hex[:12]}"
    async with uow_factory() as uow:
        await uow.payout_accounts.save(account(first, ref))
        await uow.commit()
    with pytest.raises(PayoutAccountTaken):
        async with uow_factory() as uow:
            await uow.payout_accounts.save(account(second, ref))
            await uow.commit()


async def test_transfers_are_kept_in_order_sent_once_and_unique_per_number(
        uow_factory: Factory) -> None:
    session = await released_session(uow_factory)
    async with uow_factory() as uow:
        uow.payout_transfers.add(transfer(session))
        assert [r.number for r in await uow.payout_transfers.of_session(session.id)] == [0]
        await uow.commit()
    async with uow_factory() as uow:
        uow.payout_transfers.add(transfer(session, 2, 300))
        uow.payout_transfers.add(transfer(session, 1, 200))
        await uow.commit()
    async with uow_factory() as uow:
        await uow.payout_transfers.mark_sent(session.id, 0, "tr_1", NOW)
        await uow.payout_transfers.mark_sent(session.id, 0, "tr_other", NOW)  # first stays
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.payout_transfers.of_session(session.id)
        assert [(r.number, r.amount, r.ref) for r in found] == [
            (0, 5100, "tr_1"), (1, 200, None), (2, 300, None)]
        assert found[0].sent_at == NOW and found[0].idempotency_key == \
            f"booking:{session.id}:transfer"
        assert found[2].idempotency_key == f"booking:{session.id}:reversal:2"
    with pytest.raises(TransferRecorded):
        async with uow_factory() as uow:
            uow.payout_transfers.add(transfer(session, 1, 999))
            await uow.commit()


async def test_the_payout_job_finds_shares_waiting_and_records_not_yet_sent(
        uow_factory: Factory) -> None:
    waiting, sent, unsent = (await released_session(uow_factory),
                             await released_session(uow_factory),
                             await released_session(uow_factory))
    async with uow_factory() as uow:
        for session in (sent, unsent):
            uow.payout_transfers.add(transfer(session))
            uow.ledger.post(ledger.payout(mentor_id=session.mentor_id, amount=5100,
                                          currency="EUR", at=NOW, session_id=session.id))
        await uow.commit()
    async with uow_factory() as uow:
        await uow.payout_transfers.mark_sent(sent.id, 0, "tr_sent", NOW)
        await uow.commit()
    async with uow_factory() as uow:
        everyone = set(await uow.payout_transfers.awaiting(limit=100_000))
        assert {waiting.id, unsent.id} <= everyone and sent.id not in everyone
        assert await uow.payout_transfers.awaiting(waiting.mentor_id) == [waiting.id]
        assert await uow.payout_transfers.awaiting(unsent.mentor_id) == [unsent.id]
        assert await uow.payout_transfers.awaiting(sent.mentor_id) == []
