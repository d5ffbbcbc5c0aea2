"""Booking sessions (S22): hold and pay, my sessions, cancel and reschedule; booking terms; the
payment gateway's webhook and the built-in test payment page."""

from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal
from uuid import UUID

import msgspec
from litestar import Controller, Request, get, patch, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from msgspec import Meta

from adapters.http.access import (
    OPTIONAL_SIGN_IN,
    PUBLIC,
    policy,
    provide_principal,
    provide_viewer,
)
from adapters.http.dependencies import (
    provide_bookings,
    provide_payment_webhooks,
    provide_test_gateway,
)
from adapters.http.errors import error_responses
from adapters.http.pagination import PageOut
from adapters.payments.test_gateway import TestOutcome, TestPaymentGateway
from edu_core.application.actors import Principal
from edu_core.application.bookings import BookingService, OfferedTerms
from edu_core.application.payment_webhooks import PaymentWebhooks
from edu_core.domain.bookings import (
    BookingPolicy,
    CancellationPolicy,
    MentoringSession,
    SessionStatus,
    TrialOffer,
)
from edu_core.domain.identity import Role
from edu_core.domain.pagination import Page, PageRequest
from edu_core.ports.bookings import SessionListing

Instant = Annotated[datetime, Meta(tz=True, description="An instant with its UTC offset.",
                                   examples=["2026-03-04T09:00:00+01:00"])]


class BookIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "mentor_id": "73368fff-7a70-43cd-a880-3d9adadf2862",
        "starts_at": "2027-01-11T16:00:00+01:00", "minutes": 60, "trial": False,
        "topic_id": "5b070682-519c-4e36-a64e-d25306ac23a2"}

    mentor_id: UUID
    starts_at: Instant
    minutes: Annotated[int, Meta(ge=15, le=240, description="One of the mentor's lengths.")]
    trial: Annotated[bool, Meta(description="The mentor's trial lesson (its own length and "
                                            "price; once per student and mentor).")] = False
    topic_id: Annotated[UUID | None, Meta(description=(
        "What the session is to be about: a topic of the catalog (404 for an unknown one)."
        ))] = None


class CancelIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "reason": "My school moved an exam to that afternoon."}

    reason: Annotated[str, Meta(max_length=1000)] = ""


class RescheduleIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {"starts_at": "2027-01-13T17:00:00+01:00"}

    starts_at: Instant


class ReportIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "reason": "The mentor did not join the video room; I waited for twenty minutes."}

    reason: Annotated[str, Meta(min_length=1, max_length=1000,
                                description="What went wrong, for the admin who decides.")]


class DetailsIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "meeting_url": "https://meet.example.org/room-42",
        "notes": "Bring last week's problem sheet on momentum; we start with question 4."}

    meeting_url: Annotated[Annotated[str, Meta(max_length=500)] | None, Meta(description=(
        "The mentor's video room (https only); empty removes it; absent leaves it."),
        examples=["https://meet.example.org/room-42"])] = None
    notes: Annotated[Annotated[str, Meta(max_length=4000)] | None, Meta(description=(
        "What the student should prepare; empty removes them; absent leaves them."))] = None


class SettleIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {"mentor_absent": False, "refund_percent": 50}

    mentor_absent: Annotated[bool, Meta(description=(
        "The mentor did not come: everything goes back to the student."))]
    refund_percent: Annotated[int, Meta(ge=0, le=100, description=(
        "Otherwise, the share of the price refunded (the rest goes to the mentor)."))] = 0


class RefundIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "amount": 2250,
        "reason": "Half of the hour was lost to the mentor's connection problems."}

    amount: Annotated[int, Meta(ge=1, description="Minor units, at most what is left of the "
                                                  "payment.")]
    reason: Annotated[str, Meta(min_length=1, max_length=1000,
                                description="Why, for the audit log.")]


class BookedSessionOut(msgspec.Struct):
    id: UUID
    student_id: UUID
    mentor_id: UUID
    student_name: Annotated[str, Meta(description="The student's display name.")]
    mentor_name: Annotated[str, Meta(description="The mentor's display name.")]
    starts_at: datetime
    ends_at: datetime
    minutes: int
    status: str
    price: int
    currency: str
    trial: bool
    paid: int
    refunded: int
    hold_expires_at: datetime
    cancelled_by: str | None
    free_cancellation_until: datetime
    late_refund_percent: int
    refund_if_cancelled_now: Annotated[int, Meta(
        description="What a cancellation by the caller would refund at this moment.")]
    sequence: int
    meeting_url: str
    notes: Annotated[str, Meta(description="The mentor's notes for the student.")]
    reviewed: Annotated[bool, Meta(description="Its student has reviewed it.")]
    topic_id: Annotated[UUID | None, Meta(description=(
        "The topic the student booked it about, if they named one."))]

    @classmethod
    def of(cls, listing: SessionListing, *, refund: int) -> "BookedSessionOut":
        session = listing.session
        return cls(id=session.id, student_id=session.student_id, mentor_id=session.mentor_id,
                   student_name=listing.student_name, mentor_name=listing.mentor_name,
                   reviewed=listing.reviewed, starts_at=session.starts_at, ends_at=session.ends_at,
                   minutes=session.minutes, status=session.status.value, price=session.price,
                   currency=session.currency, trial=session.trial, paid=session.paid,
                   refunded=session.refunded, hold_expires_at=session.hold_expires_at,
                   cancelled_by=session.cancelled_by.value if session.cancelled_by else None,
                   free_cancellation_until=session.cancellation.free_until(session.starts_at),
                   late_refund_percent=session.cancellation.late_refund_percent,
                   refund_if_cancelled_now=refund, sequence=session.sequence,
                   meeting_url=session.meeting_url, notes=session.notes,
                   topic_id=session.topic_id)


def _out(bookings: BookingService, principal: Principal,
         listing: SessionListing) -> BookedSessionOut:
    return BookedSessionOut.of(listing, refund=bookings.refund_now(principal, listing.session))


async def _listed(bookings: BookingService, principal: Principal,
                  session: MentoringSession) -> BookedSessionOut:
    [listing] = await bookings.listed([session])
    return _out(bookings, principal, listing)


class DisputedSessionOut(BookedSessionOut):
    reported_at: Annotated[datetime | None, Meta(description=(
        "When the student reported the problem."))]
    report_reason: Annotated[str, Meta(description="What the student said went wrong.")]

    @classmethod
    def of_listed(cls, out: BookedSessionOut,
                  session: MentoringSession) -> "DisputedSessionOut":
        report = next((step for step in reversed(session.history)
                       if step.to_status is SessionStatus.DISPUTED), None)
        return cls(**msgspec.structs.asdict(out), reported_at=report.at if report else None,
                   report_reason=report.reason if report else "")


class DisputedSessionPage(PageOut[DisputedSessionOut]):
    items: list[DisputedSessionOut]


class BookingStartedOut(msgspec.Struct):
    session: BookedSessionOut
    checkout_url: Annotated[str, Meta(description="Where the student pays.")]


class BookedSessionPage(PageOut[BookedSessionOut]):
    items: list[BookedSessionOut]


class BookingTermsIO(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "free_until_hours": 24, "late_refund_percent": 50, "max_sessions_per_day": 4,
        "trial_minutes": 30, "trial_price_percent": 50}

    free_until_hours: Annotated[int, Meta(ge=0, le=336, description=(
        "A student's cancellation refunds everything until this many hours before the start."))]
    late_refund_percent: Annotated[int, Meta(ge=0, le=100, description=(
        "The share refunded for a later cancellation by the student."))]
    max_sessions_per_day: Annotated[int, Meta(ge=1, le=24)]
    trial_minutes: Annotated[int | None, Meta(description="15, 30, 45 or 60; null: no trial.")]
    trial_price_percent: Annotated[int, Meta(ge=0, le=100)] = 50

    @classmethod
    def of(cls, policy: BookingPolicy) -> "BookingTermsIO":
        return cls(free_until_hours=policy.cancellation.free_until_hours,
                   late_refund_percent=policy.cancellation.late_refund_percent,
                   max_sessions_per_day=policy.max_sessions_per_day,
                   trial_minutes=policy.trial.minutes if policy.trial else None,
                   trial_price_percent=policy.trial.price_percent if policy.trial else 50)

    def policy(self) -> BookingPolicy:
        return BookingPolicy(
            cancellation=CancellationPolicy(free_until_hours=self.free_until_hours,
                                            late_refund_percent=self.late_refund_percent),
            trial=TrialOffer(minutes=self.trial_minutes, price_percent=self.trial_price_percent)
            if self.trial_minutes is not None else None,
            max_sessions_per_day=self.max_sessions_per_day)


class BookingsController(Controller):
    path = "/api/v1/bookings"
    tags = ["Bookings"]
    dependencies = {"bookings": Provide(provide_bookings, sync_to_thread=False),
                    "principal": Provide(provide_principal)}

    @post("/", operation_id="bookSession", status_code=201,
          summary="Hold a mentor's slot and start paying for it",
          description="The slot is held for the student for a few minutes (see "
                      "`hold_expires_at`) while they pay at `checkout_url`; unpaid, it is "
                      "released by itself. A slot taken meanwhile is a 409 `slot_taken`.",
          responses=error_responses(401, 403, 404, 409, 422, 429, 503),
          **policy(Role.STUDENT, rate_limit="public"))
    async def book(self, bookings: NamedDependency[BookingService],
                   principal: NamedDependency[Principal],
                   data: JSONBody[BookIn]) -> BookingStartedOut:
        started = await bookings.book(principal, mentor_id=data.mentor_id,
                                      starts_at=data.starts_at, minutes=data.minutes,
                                      trial=data.trial, topic_id=data.topic_id)
        return BookingStartedOut(session=await _listed(bookings, principal, started.session),
                                 checkout_url=started.checkout_url)

    @get("/", operation_id="listMyBookedSessions",
         summary="My sessions: upcoming (soonest first), past (latest first) or all",
         description="A student's booked sessions, or a mentor's sessions with students. "
                     "`all` lists both, soonest first. `from`/`to` keep the sessions that "
                     "start in that range (a calendar's week), with either `when`.",
         responses=error_responses(401, 403, 422), **policy({Role.STUDENT, Role.MENTOR}))
    async def mine(
        self, bookings: NamedDependency[BookingService],
        principal: NamedDependency[Principal], paging: NamedDependency[PageRequest],
        when: FromQuery[Literal["upcoming", "past", "all"]] = "upcoming",
        starts_from: Annotated[datetime | None, QueryParameter(
            name="from", description="Sessions starting at or after this instant (ISO 8601 "
                                      "with its offset).")] = None,
        starts_before: Annotated[datetime | None, QueryParameter(
            name="to", description="Sessions starting before this instant.")] = None,
    ) -> BookedSessionPage:
        found = await bookings.mine(principal, upcoming=None if when == "all" else
                                    when == "upcoming", page=paging, starts_from=starts_from,
                                    starts_before=starts_before)
        return BookedSessionPage.of(found, lambda s: _out(bookings, principal, s))

    @get("/{session_id:uuid}", operation_id="getBookedSession", summary="One of my sessions",
         responses=error_responses(401, 404), **policy({Role.STUDENT, Role.MENTOR, Role.ADMIN}))
    async def get_one(self, bookings: NamedDependency[BookingService],
                      principal: NamedDependency[Principal],
                      session_id: FromPath[UUID]) -> BookedSessionOut:
        return _out(bookings, principal, await bookings.get(principal, session_id))

    @post("/{session_id:uuid}/cancel", operation_id="cancelBookedSession", status_code=200,
          summary="Cancel a session (or give up a hold before paying)",
          description="The refund follows the terms in force when it was booked: everything "
                      "until `free_cancellation_until`, then `late_refund_percent`; a mentor's "
                      "cancellation refunds everything.",
          responses=error_responses(401, 404, 409, 422, 503),
          **policy({Role.STUDENT, Role.MENTOR, Role.ADMIN}))
    async def cancel(self, bookings: NamedDependency[BookingService],
                     principal: NamedDependency[Principal],
                     session_id: FromPath[UUID], data: JSONBody[CancelIn]) -> BookedSessionOut:
        session = await bookings.cancel(principal, session_id, reason=data.reason)
        return await _listed(bookings, principal, session)

    @post("/{session_id:uuid}/reschedule", operation_id="rescheduleBookedSession", status_code=200,
          summary="Move a confirmed session to another free slot",
          description="Students may until the free-cancellation deadline, mentors until the "
                      "start; no new payment.",
          responses=error_responses(401, 403, 404, 409, 422),
          **policy({Role.STUDENT, Role.MENTOR}))
    async def reschedule(self, bookings: NamedDependency[BookingService],
                         principal: NamedDependency[Principal],
                         session_id: FromPath[UUID],
                         data: JSONBody[RescheduleIn]) -> BookedSessionOut:
        session = await bookings.reschedule(principal, session_id, starts_at=data.starts_at)
        return await _listed(bookings, principal, session)

    @post("/{session_id:uuid}/complete", operation_id="completeBookedSession", status_code=200,
          summary="Mark a session as held (its mentor, after its end)",
          description="Without this, a session completes by itself when the complaint window "
                      "(48 hours after its end) has passed without a report. The mentor's "
                      "share becomes available once that window is over.",
          responses=error_responses(401, 403, 404, 409), **policy(Role.MENTOR))
    async def complete(self, bookings: NamedDependency[BookingService],
                       principal: NamedDependency[Principal],
                       session_id: FromPath[UUID]) -> BookedSessionOut:
        return await _listed(bookings, principal, await bookings.complete(principal, session_id))

    @patch("/{session_id:uuid}", operation_id="setBookedSessionDetails", status_code=200,
           summary="Set the meeting link and notes (its mentor, before the start)",
           description="The link must be https. Both parties see them on the session page.",
           responses=error_responses(401, 403, 404, 409, 422), **policy(Role.MENTOR))
    async def set_details(self, bookings: NamedDependency[BookingService],
                          principal: NamedDependency[Principal], session_id: FromPath[UUID],
                          data: JSONBody[DetailsIn]) -> BookedSessionOut:
        session = await bookings.set_details(principal, session_id, meeting_url=data.meeting_url,
                                             notes=data.notes)
        return await _listed(bookings, principal, session)

    @post("/{session_id:uuid}/no-show", operation_id="markStudentAbsent", status_code=200,
          summary="Mark the student absent (its mentor, ten minutes after the start)",
          description="The session ends without a refund; the mentor is paid as for a "
                      "session held.",
          responses=error_responses(401, 403, 404, 409), **policy(Role.MENTOR))
    async def no_show(self, bookings: NamedDependency[BookingService],
                      principal: NamedDependency[Principal],
                      session_id: FromPath[UUID]) -> BookedSessionOut:
        return await _listed(bookings, principal,
                             await bookings.mark_student_absent(principal, session_id))

    @post("/{session_id:uuid}/report", operation_id="reportSessionProblem", status_code=200,
          summary="Report a problem with a session (its student)",
          description="From the start until 48 hours after the end. The session becomes "
                      "`disputed`: it neither completes nor pays the mentor until an admin "
                      "settles it.",
          responses=error_responses(401, 403, 404, 409, 422), **policy(Role.STUDENT))
    async def report(self, bookings: NamedDependency[BookingService],
                     principal: NamedDependency[Principal], session_id: FromPath[UUID],
                     data: JSONBody[ReportIn]) -> BookedSessionOut:
        session = await bookings.report_problem(principal, session_id, reason=data.reason)
        return await _listed(bookings, principal, session)


class AdminBookingsController(Controller):
    path = "/api/v1/admin/bookings"
    tags = ["Admin: bookings"]
    dependencies = {"bookings": Provide(provide_bookings, sync_to_thread=False),
                    "principal": Provide(provide_principal)}

    @get("/disputed", operation_id="listDisputedSessions",
         summary="Disputed sessions waiting for a decision, the longest waiting first",
         responses=error_responses(401, 403), **policy(Role.ADMIN))
    async def disputed(self, bookings: NamedDependency[BookingService],
                       principal: NamedDependency[Principal],
                       paging: NamedDependency[PageRequest]) -> DisputedSessionPage:
        found = await bookings.disputes(principal, paging)
        listed = Page(items=await bookings.listed(found.items), total=found.total,
                      page=found.page, page_size=found.page_size)
        return DisputedSessionPage.of(listed, lambda x: DisputedSessionOut.of_listed(
            _out(bookings, principal, x), x.session))

    @post("/{session_id:uuid}/settle", operation_id="settleDisputedSession", status_code=200,
          summary="Settle a disputed session (audited refund through the gateway)",
          description="`mentor_absent`: everything is refunded and the session is a mentor "
                      "no-show; otherwise it is completed with `refund_percent` of the price "
                      "refunded, and the rest of the mentor's share is released once the "
                      "complaint window is over.",
          responses=error_responses(401, 403, 404, 409, 422, 503), **policy(Role.ADMIN))
    async def settle(self, bookings: NamedDependency[BookingService],
                     principal: NamedDependency[Principal], session_id: FromPath[UUID],
                     data: JSONBody[SettleIn]) -> BookedSessionOut:
        session = await bookings.settle_dispute(principal, session_id,
                                                mentor_absent=data.mentor_absent,
                                                refund_percent=data.refund_percent)
        return await _listed(bookings, principal, session)

    @post("/{session_id:uuid}/refund", operation_id="refundSettledSession", status_code=200,
          summary="Refund part of a settled session (audited, through the gateway)",
          description="For a session with a final outcome (completed, student absent, or "
                      "cancelled with money kept), up to what is left of its payment. The "
                      "mentor's part comes out of their balance; where their share was "
                      "transferred to their payout account already, that part of the transfer "
                      "is reversed.",
          responses=error_responses(401, 403, 404, 409, 422, 503), **policy(Role.ADMIN))
    async def refund(self, bookings: NamedDependency[BookingService],
                     principal: NamedDependency[Principal], session_id: FromPath[UUID],
                     data: JSONBody[RefundIn]) -> BookedSessionOut:
        session = await bookings.refund_settled(principal, session_id, amount=data.amount,
                                                reason=data.reason)
        return await _listed(bookings, principal, session)


class OfferedTermsOut(BookingTermsIO, kw_only=True):
    # Its own: the document would otherwise show the inherited one, without trial_available.
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "free_until_hours": 24, "late_refund_percent": 50, "max_sessions_per_day": 4,
        "trial_minutes": 30, "trial_price_percent": 50, "trial_available": True}

    trial_available: Annotated[bool | None, Meta(description=(
        "For a caller signed in as a student: whether they may book the trial lesson (it is "
        "offered, and they have had none with this mentor that took place or is booked). "
        "Null for anyone else."))]

    @classmethod
    def offered(cls, terms: OfferedTerms) -> "OfferedTermsOut":
        return cls(**msgspec.structs.asdict(BookingTermsIO.of(terms.policy)),
                   trial_available=terms.trial_available)


class BookingTermsController(Controller):
    path = "/api/v1"
    tags = ["Bookings"]
    dependencies = {"bookings": Provide(provide_bookings, sync_to_thread=False)}

    @get("/mentors/{mentor_id:uuid}/booking-terms", operation_id="getMentorBookingTerms",
         summary="A mentor's cancellation policy, trial lesson and daily limit",
         description="Anyone may read them; a signed-in student also learns whether the "
                     "trial lesson is still theirs to book (`trial_available`).",
         responses=error_responses(401, 422, 429),
         dependencies={"viewer": Provide(provide_viewer)}, **OPTIONAL_SIGN_IN)
    async def public_terms(self, bookings: NamedDependency[BookingService],
                           viewer: NamedDependency[Principal | None],
                           mentor_id: FromPath[UUID]) -> OfferedTermsOut:
        return OfferedTermsOut.offered(await bookings.offered_terms(mentor_id, viewer))

    @get("/mentor/booking-terms", operation_id="getMyBookingTerms",
         summary="My booking terms", responses=error_responses(401, 403),
         dependencies={"principal": Provide(provide_principal)}, **policy(Role.MENTOR))
    async def my_terms(self, bookings: NamedDependency[BookingService],
                       principal: NamedDependency[Principal]) -> BookingTermsIO:
        return BookingTermsIO.of(await bookings.terms(principal.user_id))

    @put("/mentor/booking-terms", operation_id="setMyBookingTerms",
         summary="Set my booking terms (for sessions booked from now on)",
         responses=error_responses(401, 403, 404, 422),
         dependencies={"principal": Provide(provide_principal)}, **policy(Role.MENTOR))
    async def set_terms(self, bookings: NamedDependency[BookingService],
                        principal: NamedDependency[Principal],
                        data: JSONBody[BookingTermsIO]) -> BookingTermsIO:
        return BookingTermsIO.of(await bookings.set_terms(principal, data.policy()))


class WebhookReceived(msgspec.Struct):
    received: bool


class TestCheckoutOut(msgspec.Struct):
    ref: str
    amount: int
    currency: str
    description: str
    status: Literal["open", "paid", "expired"]
    expires_at: datetime
    cancel_url: str


class TestOutcomeIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {"outcome": "succeed"}

    outcome: TestOutcome


class TestOutcomeOut(msgspec.Struct):
    declined: bool
    redirect_url: str | None


class PaymentsController(Controller):
    path = "/api/v1/payments"
    tags = ["Payments"]
    dependencies = {"webhooks": Provide(provide_payment_webhooks, sync_to_thread=False)}

    @post("/stripe/webhook", operation_id="receivePaymentWebhook", status_code=200,
          summary="The payment gateway's events (signed)",
          description="Verified over the raw body with the `Stripe-Signature` header (five "
                      "minutes' tolerance). Each event takes effect once: a repeat answers 200 "
                      "and does nothing. Checkout events confirm or end bookings; "
                      "`account.updated` changes a mentor's payout account (its state is read "
                      "back from the gateway). The built-in test gateway sends its events here "
                      "too.",
          responses=error_responses(400), **policy(PUBLIC))
    async def webhook(self, request: Request[Any, Any, Any],
                      webhooks: NamedDependency[PaymentWebhooks]) -> WebhookReceived:
        payload = await request.body()
        await webhooks.receive(payload, request.headers.get("stripe-signature"))
        return WebhookReceived(received=True)

    @get("/test-checkouts/{ref:str}", operation_id="getTestCheckout",
         summary="A checkout of the built-in test gateway (its payment page)",
         responses=error_responses(404, 429),
         dependencies={"gateway": Provide(provide_test_gateway, sync_to_thread=False)},
         **policy(PUBLIC, rate_limit="public"))
    async def test_checkout(self, gateway: NamedDependency[TestPaymentGateway],
                            ref: FromPath[str]) -> TestCheckoutOut:
        view = await gateway.view(ref)
        return TestCheckoutOut(ref=view.ref, amount=view.amount, currency=view.currency,
                               description=view.description,
                               status=view.status,
                               expires_at=view.expires_at, cancel_url=view.cancel_url)

    @post("/test-checkouts/{ref:str}/outcome", operation_id="settleTestCheckout",
          status_code=200, summary="Choose what happens to a test payment",
          description="`succeed`, `decline` (the page stays open), `succeed_after_3ds` (after "
                      "the page's 3-D Secure step) or `abandon`. The gateway's webhook reaches "
                      "the platform before this answers.",
          responses=error_responses(404, 409, 422, 429),
          dependencies={"gateway": Provide(provide_test_gateway, sync_to_thread=False)},
          **policy(PUBLIC, rate_limit="public"))
    async def settle_test_checkout(self, gateway: NamedDependency[TestPaymentGateway],
                                   webhooks: NamedDependency[PaymentWebhooks],
                                   ref: FromPath[str],
                                   data: JSONBody[TestOutcomeIn]) -> TestOutcomeOut:
        settled = await gateway.settle(ref, data.outcome)
        if settled.webhook is not None:
            await webhooks.receive(*settled.webhook)
        return TestOutcomeOut(declined=settled.declined, redirect_url=settled.redirect_url)
