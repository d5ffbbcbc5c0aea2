"""ONE behaviour suite for the finance dashboard's queries, run against the in-memory fake and
PostgreSQL: the ledger summed per month, currency, posting kind and account with the mentor
accounts' opening balances, the mentors who earned most, and the period's disputes.

The Postgres database is shared with the other tests of the run: every posting here falls in
months of a year nothing else uses, and payables are compared with the opening balance the
query itself reports (whatever other tests left owing before the period)."""

import random
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from adapters.db.connections import Database
from adapters.db.engine import build_engine
from adapters.db.finance_reports import PostgresFinanceReports
from adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from adapters.memory.finance import MemoryFinanceReports
from adapters.memory.unit_of_work import MemoryUnitOfWorkFactory
from edu_core.domain.bookings import CancellationPolicy, MentoringSession, ledger
from edu_core.domain.bookings.finance import (
    DisputeCounts,
    Figures,
    LedgerSummary,
    Period,
    TopMentor,
    monthly_figures,
)
from edu_core.domain.bookings.group import GroupSession
from edu_core.domain.bookings.ledger import Posting
from edu_core.domain.identity import Role, User
from edu_core.ports.finance import FinanceReports
from edu_core.ports.unit_of_work import UnitOfWork

Factory = Callable[[], UnitOfWork]
_YEARS = random.Random().sample(range(2300, 3000), 50)


@dataclass(frozen=True)
class Months:
    """March and April of a year no other test's postings use (see the module's docstring)."""

    m1: datetime
    m2: datetime
    period: Period


@pytest.fixture
def months() -> Months:
    year = _YEARS.pop()
    return Months(m1=datetime(year, 3, 1, tzinfo=UTC), m2=datetime(year, 4, 1, tzinfo=UTC),
                  period=Period(first=f"{year}-03", last=f"{year}-04"))


@pytest.fixture(params=["memory", "postgres"])
async def world(request: pytest.FixtureRequest) -> AsyncIterator[tuple[Factory, FinanceReports]]:
    if request.param == "memory":
        memory = MemoryUnitOfWorkFactory()
        yield memory, MemoryFinanceReports(memory.store)
        return
    engine = build_engine(request.getfixturevalue("database_url"), pool_size=5)
    database = Database(engine)
    yield (lambda: SqlAlchemyUnitOfWork(database)), PostgresFinanceReports(database)
    await engine.dispose()


async def person(factory: Factory, name: str, role: Role) -> User:
    user = User.register(email=f"f{uuid.uuid4().hex[:10]}@example.org", display_name=name,
                         role=role, password_hash="h", timezone="UTC",
                         now=datetime(2026, 1, 1, tzinfo=UTC))
    async with factory() as uow:
        uow.users.add(user)
        await uow.commit()
    return user


async def paid_session(factory: Factory, student: User, mentor: User, *, starts_at: datetime,
                       price: int, currency: str = "EUR") -> MentoringSession:
    booked_at = starts_at - timedelta(days=1)
    session = MentoringSession.hold(
        student_id=student.id, mentor_id=mentor.id, starts_at=starts_at, minutes=60,
        price=price, currency=currency, cancellation=CancellationPolicy(),
        hold_for=timedelta(minutes=10), now=booked_at)
    session.await_payment(f"cs_{session.id.hex}", booked_at)
    session.confirm(price, booked_at, payment_ref=f"pi_{session.id.hex}")
    async with factory() as uow:
        uow.bookings.add(session)
        await uow.commit()
    return session


async def post(factory: Factory, *postings: Posting) -> None:
    async with factory() as uow:
        for posting in postings:
            uow.ledger.post(posting)
        await uow.commit()


async def report_problem(factory: Factory, session: MentoringSession, at: datetime) -> None:
    async with factory() as uow:
        loaded = await uow.bookings.get(session.id, lock=True)
        assert loaded is not None
        loaded.report_problem(at, reason="The mentor left early.")
        await uow.commit()


async def settle(factory: Factory, session: MentoringSession, admin: User,
                 at: datetime) -> None:
    async with factory() as uow:
        loaded = await uow.bookings.get(session.id, lock=True)
        assert loaded is not None
        loaded.settle_dispute(at, actor=admin.id, mentor_absent=False, refund_percent=25)
        await uow.commit()


async def books(factory: Factory, months: Months) -> tuple[User, User]:
    """Two months of trade in EUR and JPY; returns the mentors (Ada, Bo)."""
    m1, m2, period = months.m1, months.m2, months.period
    student = await person(factory, "Stu Dent", Role.STUDENT)
    ada = await person(factory, "Ada Mentor", Role.MENTOR)
    bo = await person(factory, "Bo Mentor", Role.MENTOR)
    admin = await person(factory, "Ad Min", Role.ADMIN)
    s1 = await paid_session(factory, student, ada, starts_at=m1 + timedelta(days=3),
                            price=4000)
    s2 = await paid_session(factory, student, bo, starts_at=m1 + timedelta(days=4), price=6000)
    s3 = await paid_session(factory, student, ada, starts_at=m2 + timedelta(days=3),
                            price=5000, currency="JPY")
    s4 = await paid_session(factory, student, bo, starts_at=m2 + timedelta(days=4), price=3000)
    day = timedelta(days=1)
    await post(
        factory,
        # March: two payments, a partial refund, a gateway fee, Ada's share released.
        ledger.payment_received(session_id=s1.id, mentor_id=ada.id, gross=4000,
                                currency="EUR", at=m1 + 2 * day),
        ledger.payment_received(session_id=s2.id, mentor_id=bo.id, gross=6000,
                                currency="EUR", at=m1 + 3 * day),
        ledger.gateway_fee(session_id=s2.id, fee=200, currency="EUR", at=m1 + 3 * day),
        ledger.refund(session_id=s1.id, mentor_id=ada.id, amount=1000, gross=4000,
                      commission=600, released=False, currency="EUR", at=m1 + 5 * day),
        ledger.release(session_id=s1.id, mentor_id=ada.id, net=2550, currency="EUR",
                       at=m1 + 6 * day),
        # April: a payment in EUR, one in JPY refunded in full, Ada paid out, then part of it
        # recovered.
        ledger.payment_received(session_id=s4.id, mentor_id=bo.id, gross=3000,
                                currency="EUR", at=m2 + 2 * day),
        ledger.payment_received(session_id=s3.id, mentor_id=ada.id, gross=5000,
                                currency="JPY", at=m2 + 2 * day),
        ledger.refund(session_id=s3.id, mentor_id=ada.id, amount=5000, gross=5000,
                      commission=750, released=False, currency="JPY", at=m2 + 3 * day),
        ledger.payout(mentor_id=ada.id, amount=2550, currency="EUR", at=m2 + 4 * day),
        ledger.transfer_reversal(session_id=s1.id, mentor_id=ada.id, amount=500,
                                 currency="EUR", at=m2 + 5 * day),
        # The first instant after the period: outside it.
        ledger.payment_received(session_id=s4.id, mentor_id=bo.id, gross=99,
                                currency="EUR", at=period.end),
    )
    await report_problem(factory, s1, m1 + 3 * day + timedelta(minutes=30))
    await settle(factory, s1, admin, m2 + day)
    await report_problem(factory, s2, m1 + 4 * day + timedelta(minutes=30))
    return ada, bo


def mine(rows: list[Figures], opening: dict[str, Figures]) -> list[Figures]:
    """The rows of this test's currencies less what other tests left owing before."""
    return [Figures(**{**vars(r), "payables_pending": r.payables_pending
                       - opening[r.currency].payables_pending,
                       "payables_available": r.payables_available
                       - opening[r.currency].payables_available})
            for r in rows if r.currency in ("EUR", "JPY")]


async def test_the_ledger_is_summed_per_month_currency_kind_and_account(
        world: tuple[Factory, FinanceReports], months: Months) -> None:
    factory, reports = world
    await books(factory, months)
    period = months.period
    summary = await reports.ledger_summary(period.start, period.end)
    rows = monthly_figures(period, summary)
    opening = {row.figures.currency: row.figures for row in monthly_figures(
        period, LedgerSummary(movements=[], opening=summary.opening))}
    opening.setdefault("EUR", Figures("EUR"))
    opening.setdefault("JPY", Figures("JPY"))

    assert [(r.month, r.figures.currency) for r in rows
            if r.figures.currency in ("EUR", "JPY")] == [
        (period.first, "EUR"), (period.last, "EUR"), (period.first, "JPY"),
        (period.last, "JPY")]
    assert mine([r.figures for r in rows], opening) == [
        Figures("EUR", gross=10000, refunds=1000, commission=1500, commission_refunded=150,
                gateway_fees=200, payables_pending=5100, payables_available=2550),
        Figures("EUR", gross=3000, reversals=500, commission=450, payouts=2550,
                payables_pending=5100 + 2550, payables_available=500),
        Figures("JPY"),
        Figures("JPY", gross=5000, refunds=5000, commission=750, commission_refunded=750),
    ]
    march = next(r.figures for r in rows if r.figures.currency == "EUR")
    assert march.net_revenue == 1500 - 150 - 200

    # The opening balances are those of the postings before the period: April alone opens
    # with what March left owing.
    april = Period(first=period.last, last=period.last)
    [eur_april] = [r.figures for r in monthly_figures(
        april, await reports.ledger_summary(april.start, april.end))
        if r.figures.currency == "EUR"]
    assert eur_april.payables_pending - opening["EUR"].payables_pending == 5100 + 2550
    assert eur_april.gross == 3000


async def test_the_mentors_who_earned_most_come_first_per_currency(
        world: tuple[Factory, FinanceReports], months: Months) -> None:
    factory, reports = world
    ada, bo = await books(factory, months)
    m2, period = months.m2, months.period
    assert await reports.top_mentors(period.start, period.end, 10) == [
        TopMentor(mentor_id=bo.id, display_name="Bo Mentor", currency="EUR", gross=9000,
                  refunds=0, sessions=2),
        TopMentor(mentor_id=ada.id, display_name="Ada Mentor", currency="EUR", gross=4000,
                  refunds=1000, sessions=1),
        TopMentor(mentor_id=ada.id, display_name="Ada Mentor", currency="JPY", gross=5000,
                  refunds=5000, sessions=1),
    ]
    assert [(m.display_name, m.currency) for m in await reports.top_mentors(
        period.start, period.end, 1)] == [("Bo Mentor", "EUR"), ("Ada Mentor", "JPY")]
    march = await reports.top_mentors(period.start, m2, 10)
    assert [(m.display_name, m.gross, m.refunds) for m in march] == [
        ("Bo Mentor", 6000, 0), ("Ada Mentor", 4000, 1000)]


async def test_a_group_sessions_paid_seats_count_for_its_mentor_as_one_session(
        world: tuple[Factory, FinanceReports], months: Months) -> None:
    factory, reports = world
    cy = await person(factory, "Cy Mentor", Role.MENTOR)
    starts_at = months.m1 + timedelta(days=10)
    booked_at = starts_at - timedelta(days=2)
    group = GroupSession.schedule(
        mentor_id=cy.id, title="Optics", starts_at=starts_at, minutes=60, capacity=3,
        seat_price=2500, currency="EUR", cancellation=CancellationPolicy(), now=booked_at)
    postings = []
    for number in range(2):
        student = await person(factory, f"Seat {number}", Role.STUDENT)
        seat = group.take_seat(student.id, booked_at, hold_for=timedelta(minutes=10))
        group.await_payment(seat.id, f"cs_{seat.id.hex}", booked_at)
        group.confirm_seat(seat.id, 2500, booked_at, f"pi_{seat.id.hex}")
        postings.append(ledger.payment_received(
            session_id=None, seat_id=seat.id, mentor_id=cy.id, gross=2500, currency="EUR",
            at=booked_at))
    async with factory() as uow:
        uow.group_sessions.add(group)
        await uow.commit()
    given_back = group.seats[0].id
    await post(factory, *postings, ledger.refund(
        session_id=None, seat_id=given_back, mentor_id=cy.id, amount=2500, gross=2500,
        commission=ledger.commission_of(2500), released=False, currency="EUR",
        at=booked_at + timedelta(hours=1)))
    found = [m for m in await reports.top_mentors(months.period.start, months.period.end, 10)
             if m.mentor_id == cy.id]
    assert found == [TopMentor(mentor_id=cy.id, display_name="Cy Mentor", currency="EUR",
                               gross=5000, refunds=2500, sessions=1)]


async def test_disputes_are_counted_by_when_they_were_reported_and_decided(
        world: tuple[Factory, FinanceReports], months: Months) -> None:
    factory, reports = world
    await books(factory, months)
    m2, period = months.m2, months.period
    assert await reports.disputes(period.start, period.end) == DisputeCounts(
        opened=2, settled=1, open=1)
    # Both were reported in March; one was decided in April, the other waits.
    assert await reports.disputes(period.start, m2) == DisputeCounts(opened=2, settled=0,
                                                                      open=1)
    assert await reports.disputes(m2, period.end) == DisputeCounts(opened=0, settled=1,
                                                                   open=0)
