"""A mentor's earnings and payout history (S10), and payout batches for administrators
(S12): /api/v1/mentor/earnings, /api/v1/admin/payout-batches."""

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from litestar import Controller, Response, get, post
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.params import Parameter
from msgspec import Meta

from adapters.http.access import policy, provide_principal
from adapters.http.earnings.pdf import earnings_pdf
from adapters.http.errors import error_responses
from adapters.http.pagination import PageOut
from edu_core.application.actors import Principal
from edu_core.application.earnings import (
    EarningsReport,
    EarningsService,
    PayoutBatch,
    report_csv,
)
from edu_core.domain.bookings.earnings import Payout
from edu_core.domain.identity import Role
from edu_core.domain.pagination import PageRequest

Month = Annotated[str | None, Parameter(
    pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="YYYY-MM (UTC); the current month "
                                                    "when left out.")]


def provide_earnings(state: State) -> EarningsService:
    service: EarningsService = state.container.earnings()
    return service


class BalanceOut(msgspec.Struct):
    currency: str
    pending: Annotated[int, Meta(description="Owed for sessions not yet completed or still "
                                             "in their complaint window (minor units).")]
    available: Annotated[int, Meta(description="Released and not yet paid out.")]
    paid: Annotated[int, Meta(description="Paid out so far.")]


class SessionEarningOut(msgspec.Struct):
    session_id: UUID
    starts_at: datetime
    student_name: Annotated[str, Meta(description="The student's display name.")]
    minutes: int
    status: str
    currency: str
    gross: int
    commission: int
    refunds: int
    net: int
    share: Annotated[str, Meta(description="`pending`, `available` (released) or `none` "
                                           "(nothing left after refunds).")]
    group_session_id: Annotated[UUID | None, Meta(
        description="Set on a paid seat of a completed group session (`session_id` is then "
                    "the seat's id); null for a one-to-one session.")] = None


class MonthTotalOut(msgspec.Struct):
    currency: str
    gross: int
    commission: int
    refunds: int
    net: int


class PayoutOut(msgspec.Struct):
    id: UUID
    mentor_id: UUID
    currency: str
    amount: int
    at: datetime

    @classmethod
    def of(cls, payout: Payout) -> "PayoutOut":
        return cls(id=payout.id, mentor_id=payout.mentor_id,
                   currency=payout.currency, amount=payout.amount, at=payout.at)


class EarningsOut(msgspec.Struct):
    month: str
    balances: list[BalanceOut]
    sessions: list[SessionEarningOut]
    totals: list[MonthTotalOut]
    payouts: list[PayoutOut]

    @classmethod
    def of(cls, report: EarningsReport) -> "EarningsOut":
        return cls(
            month=report.month,
            balances=[BalanceOut(currency=b.currency, pending=b.pending,
                                 available=b.available, paid=b.paid) for b in report.balances],
            sessions=[SessionEarningOut(
                session_id=r.session_id, starts_at=r.starts_at, student_name=r.student_name,
                minutes=r.minutes,
                status=r.status.value, currency=r.money.currency, gross=r.money.gross,
                commission=r.money.commission, refunds=r.money.refunds, net=r.money.net,
                share=r.money.share.value, group_session_id=r.group_session_id)
                for r in report.sessions],
            totals=[MonthTotalOut(currency=t.currency, gross=t.gross, commission=t.commission,
                                  refunds=t.refunds, net=t.net) for t in report.totals],
            payouts=[PayoutOut.of(p) for p in report.payouts])


class BatchPayoutOut(PayoutOut):
    mentor_name: Annotated[str | None, Meta(description="The mentor's display name (null "
                                                        "once the account is gone).")] = None


class PayoutBatchOut(msgspec.Struct):
    at: Annotated[datetime, Meta(description="When the run paid (names the batch).")]
    payouts: list[BatchPayoutOut]

    @classmethod
    def of(cls, batch: PayoutBatch) -> "PayoutBatchOut":
        return cls(at=batch.at, payouts=[BatchPayoutOut(
            id=p.id, mentor_id=p.mentor_id, currency=p.currency, amount=p.amount, at=p.at,
            mentor_name=batch.mentor_names.get(p.mentor_id)) for p in batch.payouts])


class PayoutBatchPage(PageOut[PayoutBatchOut]):
    items: list[PayoutBatchOut]


class MentorEarningsController(Controller):
    path = "/api/v1/mentor"
    tags = ["Earnings"]
    dependencies = {"earnings": Provide(provide_earnings, sync_to_thread=False),
                    "principal": Provide(provide_principal)}

    @get("/earnings", operation_id="getMyEarnings",
         summary="My earnings: balances, the month's sessions, payout history",
         description="Amounts in minor units of their currency. Balances and payouts are "
                     "all time; sessions and totals are those that started in `month`.",
         responses=error_responses(401, 403, 422), **policy(Role.MENTOR))
    async def earnings(self, earnings: NamedDependency[EarningsService],
                       principal: NamedDependency[Principal],
                       month: Month = None) -> EarningsOut:
        return EarningsOut.of(await earnings.report(principal, month))

    @get("/earnings.csv", operation_id="downloadMyEarningsCsv",
         summary="My monthly earnings report as CSV",
         description="One row per session that started in `month`, then a total row per "
                     "currency; amounts in the currency's major unit.",
         media_type="text/csv", responses=error_responses(401, 403, 422),
         **policy(Role.MENTOR))
    async def earnings_csv(self, earnings: NamedDependency[EarningsService],
                           principal: NamedDependency[Principal],
                           month: Month = None) -> Response[str]:
        report = await earnings.report(principal, month)
        return Response(report_csv(report), media_type="text/csv; charset=utf-8",
                        headers=_attachment(f"mentora-earnings-{report.month}.csv"))

    @get("/earnings.pdf", operation_id="downloadMyEarningsStatement",
         summary="My monthly earnings statement as a PDF",
         description="The same figures as the JSON report: balances, the sessions that "
                     "started in `month` with their totals, and the month's payouts.",
         media_type="application/pdf", responses=error_responses(401, 403, 422),
         **policy(Role.MENTOR))
    async def earnings_pdf(self, earnings: NamedDependency[EarningsService],
                           principal: NamedDependency[Principal],
                           month: Month = None) -> Response[bytes]:
        report = await earnings.report(principal, month)
        return Response(earnings_pdf(report),
                        media_type="application/pdf",
                        headers=_attachment(f"mentora-earnings-{report.month}.pdf"))


def _attachment(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store"}


class AdminPayoutsController(Controller):
    path = "/api/v1/admin/payout-batches"
    tags = ["Admin: payouts"]
    dependencies = {"earnings": Provide(provide_earnings, sync_to_thread=False),
                    "principal": Provide(provide_principal)}

    @get("/", operation_id="listPayoutBatches",
         summary="Payout batches (`edu payouts run`), the latest first",
         responses=error_responses(401, 403), **policy(Role.ADMIN))
    async def batches(self, earnings: NamedDependency[EarningsService],
                      principal: NamedDependency[Principal],
                      paging: NamedDependency[PageRequest]) -> PayoutBatchPage:
        return PayoutBatchPage.of(await earnings.batches(principal, paging), PayoutBatchOut.of)

    @post("/", operation_id="runPayoutBatch", status_code=200,
          summary="Pay every mentor's available balance now (the test gateway's \"mark paid\")",
          description="The same run as `edu payouts run`: one payout per mentor and currency "
                      "of what is available, audited. Runs are serialised and each pays only "
                      "what is still available, so running again (or twice at once) never "
                      "pays anything twice; a run with nothing to pay answers an empty batch "
                      "and records nothing. Where the gateway pays mentors by transfer "
                      "(Stripe) there are no batches: 409 `payouts_by_transfer`.",
          responses=error_responses(401, 403, 409), **policy(Role.ADMIN))
    async def run(self, earnings: NamedDependency[EarningsService],
                  principal: NamedDependency[Principal]) -> PayoutBatchOut:
        return PayoutBatchOut.of(await earnings.run_batch(principal))
