"""The finance dashboard (S35): per month and currency, what students paid and got back, what
the platform kept, what mentors were paid and are still owed; the mentors who earned most and
the period's disputes. Administrators only; every figure is a sum of ledger entries (see
``domain.bookings.finance``).
"""

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from edu_core.application.actors import Principal
from edu_core.application.earnings import format_amount
from edu_core.domain.bookings.finance import (
    DisputeCounts,
    Figures,
    MonthFigures,
    Period,
    TopMentor,
    monthly_figures,
    totals,
)
from edu_core.domain.errors import PermissionDenied
from edu_core.ports.clock import Clock
from edu_core.ports.finance import FinanceReports

TOP_MENTORS = 10


@dataclass(frozen=True)
class FinanceReport:
    period: Period
    months: list[MonthFigures]  # per currency, every month of the period in order
    totals: list[Figures]  # per currency: flows over the period, payables at its end
    top_mentors: list[TopMentor]
    disputes: DisputeCounts
    generated_at: datetime

    @property
    def currencies(self) -> list[str]:
        return [t.currency for t in self.totals]


class FinanceService:
    def __init__(self, *, reports: FinanceReports, clock: Clock,
                 top_mentors: int = TOP_MENTORS) -> None:
        self._reports = reports
        self._clock = clock
        self._top = top_mentors

    async def report(self, principal: Principal, first: str | None = None,
                     last: str | None = None) -> FinanceReport:
        """The months ``first`` to ``last`` (YYYY-MM, UTC; by default the last twelve)."""
        if not principal.is_admin:
            raise PermissionDenied("Only administrators see the platform's finances.")
        now = self._clock.now()
        period = Period.parse(first, last, now)
        summary = await self._reports.ledger_summary(period.start, period.end)
        months = monthly_figures(period, summary)
        top = await self._reports.top_mentors(period.start, period.end, self._top)
        disputes = await self._reports.disputes(period.start, period.end)
        return FinanceReport(period=period, months=months, totals=totals(months),
                             top_mentors=top, disputes=disputes, generated_at=now)


CSV_HEADER = ["month", "currency", "gross", "refunds", "reversals", "commission",
              "commission_refunded", "gateway_fees", "net_revenue", "payouts",
              "payables_pending", "payables_available", "open_payables"]


def report_csv(report: FinanceReport) -> str:
    """One row per month and currency, the figures of the JSON report in the currency's major
    unit."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in report.months:
        f = row.figures
        writer.writerow([row.month, f.currency, *(format_amount(x, f.currency) for x in (
            f.gross, f.refunds, f.reversals, f.commission, f.commission_refunded,
            f.gateway_fees, f.net_revenue, f.payouts, f.payables_pending,
            f.payables_available, f.open_payables))])
    return out.getvalue()
