"""The finance dashboard for administrators (S35): /api/v1/admin/finance as JSON and as CSV."""

from datetime import datetime
from typing import Annotated, Any, Self
from uuid import UUID

import msgspec
from litestar import Controller, Response, get
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.params import QueryParameter
from msgspec import Meta

from adapters.http.access import policy, provide_principal
from adapters.http.errors import error_responses
from edu_core.application.actors import Principal
from edu_core.application.finance import FinanceReport, FinanceService, report_csv
from edu_core.domain.bookings.finance import MAX_MONTHS, Figures
from edu_core.domain.identity import Role

_MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"
First = Annotated[str | None, QueryParameter(
    name="from", pattern=_MONTH, description="The first month, YYYY-MM (UTC); eleven months "
                                              "before `to` when left out.")]
Last = Annotated[str | None, QueryParameter(
    name="to", pattern=_MONTH, description="The last month, YYYY-MM (UTC); the current month "
                                            "when left out.")]
_PERIOD_RULES = (f"The period is whole UTC months, `from` to `to`, at most {MAX_MONTHS}: a "
                 "reversed period is a 400 `period_reversed`, a longer one `period_too_long`.")


def provide_finance(state: State) -> FinanceService:
    service: FinanceService = state.container.finance()
    return service


class FiguresOut(msgspec.Struct, kw_only=True):
    currency: str
    gross: Annotated[int, Meta(description="Payments received from students.")]
    refunds: Annotated[int, Meta(description="Refunded to students.")]
    reversals: Annotated[int, Meta(description="Recovered from mentors after a payout.")]
    commission: Annotated[int, Meta(description="The platform's share of the payments.")]
    commission_refunded: Annotated[int, Meta(description="What refunds took back of the "
                                                         "commission.")]
    gateway_fees: Annotated[int, Meta(description="Kept by the payment gateway, where it "
                                                  "reports its fees.")]
    net_revenue: Annotated[int, Meta(description="commission - commission_refunded - "
                                                 "gateway_fees.")]
    payouts: Annotated[int, Meta(description="Paid out to mentors.")]
    payables_pending: Annotated[int, Meta(description="Owed to mentors at the end, for "
                                                      "sessions still in their complaint "
                                                      "window or without an outcome.")]
    payables_available: Annotated[int, Meta(description="Owed to mentors at the end and "
                                                        "payable (released).")]
    open_payables: Annotated[int, Meta(description="payables_pending + payables_available.")]

    @classmethod
    def of(cls, f: Figures, **more: Any) -> Self:
        return cls(currency=f.currency, gross=f.gross, refunds=f.refunds,
                   reversals=f.reversals, commission=f.commission,
                   commission_refunded=f.commission_refunded, gateway_fees=f.gateway_fees,
                   net_revenue=f.net_revenue, payouts=f.payouts,
                   payables_pending=f.payables_pending,
                   payables_available=f.payables_available, open_payables=f.open_payables,
                   **more)


class FinanceMonthOut(FiguresOut, kw_only=True):
    month: Annotated[str, Meta(description="YYYY-MM (UTC).")]


class TopMentorOut(msgspec.Struct):
    mentor_id: UUID
    display_name: str
    currency: str
    gross: Annotated[int, Meta(description="Paid by students for the mentor's sessions in "
                                           "the period.")]
    refunds: Annotated[int, Meta(description="Refunded in the period of payments for them.")]
    sessions: Annotated[int, Meta(description="Sessions paid for in the period.")]


class DisputeCountsOut(msgspec.Struct):
    opened: Annotated[int, Meta(description="Problems students reported in the period.")]
    settled: Annotated[int, Meta(description="Disputes an administrator decided in the "
                                             "period.")]
    open: Annotated[int, Meta(description="Of those reported in the period, still waiting "
                                          "for a decision.")]


class FinanceReportOut(msgspec.Struct):
    first_month: Annotated[str, Meta(description="The period's first month, YYYY-MM.")]
    last_month: Annotated[str, Meta(description="The period's last month, YYYY-MM.")]
    currencies: list[str]
    months: Annotated[list[FinanceMonthOut], Meta(description=(
        "Every month of the period for each currency, in order; payables at each month's "
        "end."))]
    totals: Annotated[list[FiguresOut], Meta(description=(
        "Per currency: the period's flows, and the payables at its end."))]
    top_mentors: Annotated[list[TopMentorOut], Meta(description=(
        "Per currency, the mentors whose sessions brought in most, most first."))]
    disputes: DisputeCountsOut
    generated_at: datetime

    @classmethod
    def of(cls, report: FinanceReport) -> "FinanceReportOut":
        return cls(
            first_month=report.period.first, last_month=report.period.last,
            currencies=report.currencies,
            months=[FinanceMonthOut.of(row.figures, month=row.month) for row in report.months],
            totals=[FiguresOut.of(t) for t in report.totals],
            top_mentors=[TopMentorOut(mentor_id=m.mentor_id, display_name=m.display_name,
                                      currency=m.currency, gross=m.gross, refunds=m.refunds,
                                      sessions=m.sessions) for m in report.top_mentors],
            disputes=DisputeCountsOut(opened=report.disputes.opened,
                                      settled=report.disputes.settled,
                                      open=report.disputes.open),
            generated_at=report.generated_at)


class AdminFinanceController(Controller):
    path = "/api/v1/admin"
    tags = ["Admin: finance"]
    dependencies = {"finance": Provide(provide_finance, sync_to_thread=False),
                    "principal": Provide(provide_principal)}

    @get("/finance", operation_id="getFinanceReport",
         summary="The platform's books per month and currency, top mentors, disputes",
         description="Every figure is a sum of ledger entries, in minor units of its "
                     "currency (currencies are never added together). " + _PERIOD_RULES,
         responses=error_responses(400, 401, 403), **policy(Role.ADMIN))
    async def report(self, finance: NamedDependency[FinanceService],
                     principal: NamedDependency[Principal], first: First = None,
                     last: Last = None) -> FinanceReportOut:
        return FinanceReportOut.of(await finance.report(principal, first, last))

    @get("/finance.csv", operation_id="downloadFinanceReportCsv",
         summary="The platform's books per month and currency as CSV",
         description="The figures of the JSON report, one row per month and currency, "
                     "amounts in the currency's major unit. " + _PERIOD_RULES,
         media_type="text/csv", responses=error_responses(400, 401, 403),
         **policy(Role.ADMIN))
    async def report_csv(self, finance: NamedDependency[FinanceService],
                         principal: NamedDependency[Principal], first: First = None,
                         last: Last = None) -> Response[str]:
        report = await finance.report(principal, first, last)
        name = f"mentora-finance-{report.period.first}-to-{report.period.last}.csv"
        return Response(report_csv(report), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"',
                                 "Cache-Control": "private, no-store"})
