"""The finance dashboard's core: the period rules, figures from ledger sums (running payables,
totals), the administrators-only report and its CSV, on the in-memory fakes."""

import csv
import io
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from adapters.memory.fakes import FakeClock
from adapters.memory.finance import MemoryFinanceReports
from adapters.memory.unit_of_work import MemoryUnitOfWorkFactory
from edu_core.application.actors import Principal
from edu_core.application.finance import CSV_HEADER, FinanceService, report_csv
from edu_core.domain.bookings import CancellationPolicy, MentoringSession, ledger
from edu_core.domain.bookings.finance import (
    Figures,
    InvalidPeriod,
    LedgerSummary,
    Movement,
    OpeningBalance,
    Period,
    PeriodReversed,
    PeriodTooLong,
    monthly_figures,
    totals,
)
from edu_core.domain.bookings.ledger import AccountKind, PostingKind
from edu_core.domain.errors import PermissionDenied
from edu_core.domain.identity import Role, Transport, User

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def test_the_default_period_is_the_twelve_months_ending_with_the_current_one() -> None:
    period = Period.parse(None, None, NOW)
    assert (period.first, period.last) == ("2026-01", "2026-12")
    assert period.start == datetime(2026, 1, 1, tzinfo=UTC)
    assert period.end == datetime(2027, 1, 1, tzinfo=UTC)
    assert len(period.months) == 12
    assert Period.parse(None, "2026-02", NOW).first == "2025-03"
    assert Period.parse("2025-11", None, NOW).months == ["2025-11", "2025-12", "2026-01",
                                                          "2026-02", "2026-03", "2026-04",
                                                          "2026-05", "2026-06", "2026-07",
                                                          "2026-08", "2026-09", "2026-10",
                                                          "2026-11", "2026-12"]


def test_a_period_runs_forwards_for_at_most_36_months() -> None:
    assert Period.parse("2024-01", "2026-12", NOW).months[0] == "2024-01"
    with pytest.raises(PeriodTooLong) as too_long:
        Period.parse("2023-12", "2026-12", NOW)
    assert too_long.value.code == "period_too_long"
    with pytest.raises(PeriodReversed) as reversed_:
        Period.parse("2026-05", "2026-04", NOW)
    assert reversed_.value.code == "period_reversed"
    for bad in ("2026-13", "26-01", "2026-1", "soon", "0000-01", "9999-12"):
        with pytest.raises(InvalidPeriod) as invalid:
            Period.parse(bad, None, NOW)
        assert invalid.value.code == "invalid_period"


def test_payables_run_on_from_the_opening_balance_and_totals_keep_the_last() -> None:
    period = Period(first="2026-01", last="2026-03")
    mentor_pending, mentor_available = AccountKind.MENTOR_PENDING, AccountKind.MENTOR_AVAILABLE
    summary = LedgerSummary(
        opening=[OpeningBalance("EUR", mentor_available, -700),
                 OpeningBalance("USD", AccountKind.GATEWAY, 5)],  # not a payable: ignored
        movements=[
            Movement("2026-01", "EUR", PostingKind.PAYMENT, AccountKind.GATEWAY, 1000),
            Movement("2026-01", "EUR", PostingKind.PAYMENT, AccountKind.COMMISSION, -150),
            Movement("2026-01", "EUR", PostingKind.PAYMENT, mentor_pending, -850),
            Movement("2026-03", "EUR", PostingKind.RELEASE, mentor_pending, 850),
            Movement("2026-03", "EUR", PostingKind.RELEASE, mentor_available, -850),
            Movement("2026-03", "EUR", PostingKind.PAYOUT, mentor_available, 700),
            Movement("2026-03", "EUR", PostingKind.PAYOUT, AccountKind.GATEWAY, -700),
        ])
    rows = monthly_figures(period, summary)
    assert [(r.month, r.figures) for r in rows] == [
        ("2026-01", Figures("EUR", gross=1000, commission=150, payables_pending=850,
                            payables_available=700)),
        ("2026-02", Figures("EUR", payables_pending=850, payables_available=700)),
        ("2026-03", Figures("EUR", payouts=700, payables_available=850)),
    ]
    [total] = totals(rows)
    assert total == Figures("EUR", gross=1000, commission=150, payouts=700,
                            payables_available=850)
    assert (total.net_revenue, total.open_payables) == (150, 850)


def admin_principal(role: Role = Role.ADMIN) -> Principal:
    return Principal(user_id=uuid4(), role=role, session_id=uuid4(), transport=Transport.BEARER)


async def test_the_report_is_for_administrators_and_its_csv_has_the_same_figures() -> None:
    memory = MemoryUnitOfWorkFactory()
    people = [User.register(email=f"{name}@example.org", display_name=name.title(), role=role,
                            password_hash="h", timezone="UTC", now=NOW)
              for name, role in (("sam", Role.STUDENT), ("mia", Role.MENTOR))]
    student, mentor = people
    session = MentoringSession.hold(
        student_id=student.id, mentor_id=mentor.id, starts_at=NOW + timedelta(days=1),
        minutes=60, price=5000, currency="JPY", cancellation=CancellationPolicy(),
        hold_for=timedelta(minutes=10), now=NOW)
    async with memory() as uow:
        for person in people:
            uow.users.add(person)
        uow.bookings.add(session)
        uow.ledger.post(ledger.payment_received(session_id=session.id, mentor_id=mentor.id,
                                                gross=5000, currency="JPY", at=NOW))
        uow.ledger.post(ledger.payment_received(session_id=session.id, mentor_id=mentor.id,
                                                gross=1999, currency="EUR",
                                                at=NOW - timedelta(days=40)))
        await uow.commit()
    service = FinanceService(reports=MemoryFinanceReports(memory.store), clock=FakeClock(NOW))

    with pytest.raises(PermissionDenied):
        await service.report(admin_principal(Role.MENTOR))
    report = await service.report(admin_principal(), "2026-10", None)
    assert (report.period.first, report.period.last) == ("2026-10", "2026-12")
    assert report.currencies == ["EUR", "JPY"]
    assert [t.gross for t in report.totals] == [1999, 5000]
    assert [(m.display_name, m.currency, m.gross) for m in report.top_mentors] == [
        ("Mia", "EUR", 1999), ("Mia", "JPY", 5000)]
    assert report.generated_at == NOW

    rows = list(csv.reader(io.StringIO(report_csv(report))))
    assert rows[0] == CSV_HEADER
    body = {(r[0], r[1]): dict(zip(CSV_HEADER, r, strict=True)) for r in rows[1:]}
    assert len(body) == 6  # three months, two currencies
    assert body["2026-10", "EUR"]["gross"] == "19.99"
    assert body["2026-10", "EUR"]["payables_pending"] == "16.99"
    assert body["2026-12", "EUR"]["open_payables"] == "16.99"  # still owed at the end
    assert body["2026-12", "JPY"]["gross"] == "5000"  # no minor unit
    assert body["2026-12", "JPY"]["commission"] == "750"
    assert body["2026-12", "JPY"]["net_revenue"] == "750"
