"""Booking terms, the session's life and the money books: examples and properties."""

from copy import deepcopy
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from edu_core.domain.bookings import (
    BookingPolicy,
    CancellationPolicy,
    CancelledBy,
    IllegalSessionTransition,
    InvalidBookingPolicy,
    InvalidSessionDetails,
    MentoringSession,
    PaymentMismatch,
    SessionCancelled,
    SessionConfirmed,
    SessionRescheduled,
    SessionStatus,
    SessionTimeRule,
    TrialOffer,
    clean_meeting_url,
    ledger,
    session_price,
)
from edu_core.domain.bookings.session import ALLOWED, NO_SHOW_AFTER
from edu_core.domain.errors import DomainError, InvalidInput, PermissionDenied

NOW = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)
STUDENT, MENTOR, ADMIN = uuid4(), uuid4(), uuid4()


def held(*, starts_in: timedelta = timedelta(days=3), minutes: int = 60, price: int = 4000,
         policy: CancellationPolicy | None = None) -> MentoringSession:
    return MentoringSession.hold(
        student_id=STUDENT, mentor_id=MENTOR, starts_at=NOW + starts_in, minutes=minutes,
        price=price, currency="EUR", cancellation=policy or CancellationPolicy(),
        hold_for=timedelta(minutes=10), now=NOW)


def confirmed(**options: object) -> MentoringSession:
    session = held(**options)  # type: ignore[arg-type]
    session.await_payment("cs_1", NOW)
    session.confirm(session.price, NOW + timedelta(minutes=1))
    return session


# ---- terms ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("rate", "minutes", "percent", "price"), [
    (4000, 60, 100, 4000), (4000, 30, 100, 2000), (4000, 90, 100, 6000),
    (4999, 45, 100, 3749),  # 3749.25
    (1001, 30, 100, 500),  # 500.5 -> half to even
    (1003, 30, 100, 502),  # 501.5 -> half to even
    (3000, 30, 50, 750), (2500, 60, 0, 0),
])
def test_a_price_is_the_hourly_rate_times_the_length_in_minor_units(
        rate: int, minutes: int, percent: int, price: int) -> None:
    assert session_price(rate, minutes, percent=percent) == price


def test_a_trial_costs_its_own_length_at_its_own_share_and_needs_an_offer() -> None:
    policy = BookingPolicy(trial=TrialOffer(minutes=30, price_percent=50))
    assert policy.quote(hourly_rate=6000, minutes=90, trial=True) == 1500
    assert policy.quote(hourly_rate=6000, minutes=90, trial=False) == 9000
    with pytest.raises(InvalidBookingPolicy):
        BookingPolicy().quote(hourly_rate=6000, minutes=60, trial=True)


@pytest.mark.parametrize("values", [
    {"free_until_hours": -1}, {"free_until_hours": 24 * 15}, {"late_refund_percent": 101},
    {"late_refund_percent": True},
])
def test_cancellation_terms_out_of_range_are_refused_by_field(values: dict[str, int]) -> None:
    with pytest.raises(InvalidBookingPolicy) as error:
        CancellationPolicy(**values)
    assert error.value.details is not None
    assert set(error.value.details["fields"]) == set(values)


def test_other_terms_out_of_range_are_refused() -> None:
    with pytest.raises(InvalidBookingPolicy):
        TrialOffer(minutes=20)
    with pytest.raises(InvalidBookingPolicy):
        BookingPolicy(max_sessions_per_day=0)


def test_a_student_gets_all_back_until_the_deadline_then_the_late_share() -> None:
    policy = CancellationPolicy(free_until_hours=24, late_refund_percent=50)
    start = NOW + timedelta(days=2)
    deadline = start - timedelta(hours=24)
    assert policy.refund(4001, starts_at=start, at=deadline, by=CancelledBy.STUDENT) == 4001
    late = deadline + timedelta(seconds=1)
    assert policy.refund(4001, starts_at=start, at=late, by=CancelledBy.STUDENT) == 2000
    assert policy.refund(4001, starts_at=start, at=late, by=CancelledBy.MENTOR) == 4001
    assert policy.refund(4001, starts_at=start, at=late, by=CancelledBy.ADMIN) == 4001


# ---- the session's life --------------------------------------------------------------------

def test_holding_pay_and_confirm_records_each_move_and_its_event() -> None:
    session = held()
    assert session.status is SessionStatus.HELD and session.blocks_its_range
    assert session.hold_expires_at == NOW + timedelta(minutes=10)
    session.await_payment("cs_1", NOW, expires_at=NOW + timedelta(minutes=30))
    assert session.hold_expires_at == NOW + timedelta(minutes=30)
    session.confirm(4000, NOW + timedelta(minutes=2), payment_ref="pi_1")
    assert (session.status, session.paid, session.checkout_ref, session.payment_ref) == (
        SessionStatus.CONFIRMED, 4000, "cs_1", "pi_1")
    assert [t.to_status for t in session.history] == [
        SessionStatus.HELD, SessionStatus.AWAITING_PAYMENT, SessionStatus.CONFIRMED]
    assert [t.by for t in session.history] == [STUDENT, STUDENT, None]
    assert [e.name for e in session.events] == ["booking.held", "booking.confirmed"]
    event = session.events[-1]
    assert isinstance(event, SessionConfirmed) and event.amount == 4000


def test_a_hold_cannot_start_in_the_past_nor_be_ones_own() -> None:
    with pytest.raises(SessionTimeRule):
        held(starts_in=timedelta(0))
    with pytest.raises(PermissionDenied):
        MentoringSession.hold(student_id=MENTOR, mentor_id=MENTOR, starts_at=NOW + timedelta(1),
                              minutes=60, price=1, currency="EUR",
                              cancellation=CancellationPolicy(),
                              hold_for=timedelta(minutes=10), now=NOW)


def test_a_wrong_amount_or_a_lapsed_hold_never_confirms() -> None:
    session = held()
    with pytest.raises(PaymentMismatch):
        session.confirm(3999, NOW)
    assert session.hold_has_lapsed(NOW + timedelta(minutes=10))
    session.expire(NOW + timedelta(minutes=10), "hold expired")
    with pytest.raises(IllegalSessionTransition):
        session.confirm(4000, NOW + timedelta(minutes=11))
    assert session.status is SessionStatus.EXPIRED and session.paid == 0
    assert not session.blocks_its_range


def test_a_reschedule_keeps_the_length_and_raises_the_sequence() -> None:
    session = confirmed(minutes=90)
    new_start = NOW + timedelta(days=5)
    session.reschedule(new_start, by=CancelledBy.STUDENT, actor=STUDENT, now=NOW)
    assert (session.starts_at, session.ends_at) == (new_start, new_start + timedelta(minutes=90))
    assert session.sequence == 1 and session.status is SessionStatus.CONFIRMED
    event = session.events[-1]
    assert isinstance(event, SessionRescheduled)
    assert event.previous_starts_at == NOW + timedelta(days=3) and event.sequence == 1


def test_a_student_reschedules_only_until_the_free_deadline_a_mentor_until_the_start() -> None:
    session = confirmed(starts_in=timedelta(hours=10))  # already inside the 24 h
    with pytest.raises(SessionTimeRule):
        session.reschedule(NOW + timedelta(days=2), by=CancelledBy.STUDENT, actor=STUDENT,
                           now=NOW)
    session.reschedule(NOW + timedelta(days=2), by=CancelledBy.MENTOR, actor=MENTOR, now=NOW)
    with pytest.raises(SessionTimeRule):
        session.reschedule(NOW - timedelta(hours=1), by=CancelledBy.MENTOR, actor=MENTOR,
                           now=NOW)


def test_a_session_moves_at_most_three_times() -> None:
    session = confirmed()
    for day in range(4, 7):
        session.reschedule(NOW + timedelta(days=day), by=CancelledBy.STUDENT, actor=STUDENT,
                           now=NOW)
    with pytest.raises(SessionTimeRule):
        session.reschedule(NOW + timedelta(days=8), by=CancelledBy.STUDENT, actor=STUDENT,
                           now=NOW)


def test_a_late_student_cancellation_refunds_the_late_share_and_records_who() -> None:
    session = confirmed(starts_in=timedelta(hours=5),
                        policy=CancellationPolicy(free_until_hours=24, late_refund_percent=25))
    assert session.refund_if_cancelled(CancelledBy.STUDENT, NOW) == 1000
    refund = session.cancel(by=CancelledBy.STUDENT, actor=STUDENT, now=NOW, reason=" ill ")
    assert refund == 1000 == session.refunded
    assert session.cancelled_by is CancelledBy.STUDENT and session.history[-1].reason == "ill"
    event = session.events[-1]
    assert isinstance(event, SessionCancelled) and event.refund == 1000
    assert session.sequence == 1  # the invitation is withdrawn with a newer sequence


def test_nobody_but_an_admin_cancels_a_session_that_has_started() -> None:
    session = confirmed(starts_in=timedelta(hours=1))
    later = NOW + timedelta(hours=1, minutes=5)
    for by in (CancelledBy.STUDENT, CancelledBy.MENTOR):
        with pytest.raises(SessionTimeRule):
            session.cancel(by=by, actor=STUDENT, now=later)
    assert session.cancel(by=CancelledBy.ADMIN, actor=ADMIN, now=later) == 4000


def test_completion_comes_after_the_end_and_absence_after_ten_minutes() -> None:
    session = confirmed(starts_in=timedelta(hours=1))
    with pytest.raises(SessionTimeRule):
        session.complete(session.ends_at - timedelta(seconds=1), actor=MENTOR)
    with pytest.raises(SessionTimeRule):
        session.mark_student_absent(session.starts_at + NO_SHOW_AFTER / 2, actor=MENTOR)
    session.mark_student_absent(session.starts_at + NO_SHOW_AFTER, actor=MENTOR)
    assert session.status is SessionStatus.NO_SHOW_STUDENT
    with pytest.raises(IllegalSessionTransition):
        session.complete(session.ends_at, actor=MENTOR)


def test_a_reported_problem_waits_for_an_admin_who_decides_the_refund() -> None:
    session = confirmed(starts_in=timedelta(hours=1))
    with pytest.raises(SessionTimeRule):
        session.report_problem(NOW, reason="not yet started")
    with pytest.raises(SessionTimeRule):
        session.report_problem(session.complaint_deadline, reason="too late")
    with pytest.raises(InvalidSessionDetails):
        session.report_problem(session.ends_at, reason="   ")
    session.report_problem(session.ends_at, reason="The mentor never came.")
    assert session.status is SessionStatus.DISPUTED
    with pytest.raises(IllegalSessionTransition):
        session.complete(session.complaint_deadline, actor=None)
    assert session.settle_dispute(session.ends_at, actor=ADMIN, mentor_absent=True) == 4000
    assert session.status is SessionStatus.NO_SHOW_MENTOR


@pytest.mark.parametrize("outcome", ["complete", "mark_student_absent"])
def test_the_mentors_outcome_can_be_disputed_until_the_window_closes(outcome: str) -> None:
    for when, allowed in ((lambda s: s.complaint_deadline - timedelta(seconds=1), True),
                          (lambda s: s.complaint_deadline, False)):
        session = confirmed(starts_in=timedelta(hours=1))
        getattr(session, outcome)(session.ends_at, actor=MENTOR)
        if allowed:
            session.report_problem(when(session), reason="It was not held.")
            assert session.status is SessionStatus.DISPUTED
        else:
            with pytest.raises(SessionTimeRule):
                session.report_problem(when(session), reason="It was not held.")


def test_only_a_disputed_session_is_settled() -> None:
    session = confirmed()
    with pytest.raises(IllegalSessionTransition):
        session.settle_dispute(NOW, actor=ADMIN, mentor_absent=False, refund_percent=10)


@pytest.mark.parametrize("url", ["http://meet.example.org/x", "javascript:alert(1)",
                                 "https://", "https://a b.example", "ftp://x.example",
                                 "https://x.example/" + "a" * 500])
def test_a_meeting_link_is_https_only(url: str) -> None:
    with pytest.raises(InvalidSessionDetails):
        clean_meeting_url(url)
    assert clean_meeting_url(" https://meet.example.org/room-1 ") == \
        "https://meet.example.org/room-1"


# ---- every sequence of moves (hypothesis stateful) -----------------------------------------

def _snapshot(session: MentoringSession) -> tuple[object, ...]:
    return (session.status, len(session.history), len(session.events), session.starts_at,
            session.paid, session.refunded, session.sequence)


class SessionLife(RuleBasedStateMachine):
    """Any move at any time either follows the transition table, recording one step, or is
    refused leaving the session exactly as it was."""

    def __init__(self) -> None:
        super().__init__()
        self.session = held(starts_in=timedelta(hours=30))
        self.now = NOW

    def attempt(self, move: str, *args: object, **kwargs: object) -> None:
        before = _snapshot(self.session)
        status, steps = self.session.status, len(self.session.history)
        copy = deepcopy(self.session)
        try:
            getattr(self.session, move)(*args, **kwargs)
        except DomainError:
            assert _snapshot(self.session) == before
            assert self.session.history == copy.history
            return
        step = self.session.history[steps]
        assert len(self.session.history) == steps + 1
        assert step.from_status is status and step.to_status is self.session.status
        assert self.session.status in ALLOWED[status]

    @rule(minutes=st.integers(0, 48 * 60))
    def time_passes(self, minutes: int) -> None:
        self.now += timedelta(minutes=minutes)

    @rule()
    def checkout(self) -> None:
        self.attempt("await_payment", "cs", self.now)

    @rule(short=st.booleans())
    def paid(self, short: bool) -> None:
        self.attempt("confirm", self.session.price - (1 if short else 0), self.now)

    @rule()
    def expire(self) -> None:
        self.attempt("expire", self.now, "hold expired")

    @rule(hours=st.integers(-5, 200), by=st.sampled_from(CancelledBy))
    def reschedule(self, hours: int, by: CancelledBy) -> None:
        self.attempt("reschedule", self.now + timedelta(hours=hours), by=by, actor=STUDENT,
                     now=self.now)

    @rule(by=st.sampled_from(CancelledBy))
    def cancel(self, by: CancelledBy) -> None:
        self.attempt("cancel", by=by, actor=STUDENT, now=self.now)

    @rule()
    def complete(self) -> None:
        self.attempt("complete", self.now, actor=MENTOR)

    @rule()
    def absent(self) -> None:
        self.attempt("mark_student_absent", self.now, actor=MENTOR)

    @rule()
    def problem(self) -> None:
        self.attempt("report_problem", self.now, reason="no show")

    @rule(mentor_absent=st.booleans(), percent=st.integers(-10, 110))
    def settle(self, mentor_absent: bool, percent: int) -> None:
        self.attempt("settle_dispute", self.now, actor=ADMIN, mentor_absent=mentor_absent,
                     refund_percent=percent)

    @invariant()
    def books_hold(self) -> None:
        s = self.session
        assert 0 <= s.refunded <= s.paid <= s.price
        assert s.ends_at - s.starts_at == timedelta(minutes=60)
        if s.status in (SessionStatus.CONFIRMED, SessionStatus.COMPLETED,
                        SessionStatus.DISPUTED, SessionStatus.CANCELLED):
            assert s.paid == s.price
        chain = [t.to_status for t in s.history]
        assert all(t.from_status is prev for t, prev in zip(s.history[1:], chain, strict=False))

    @precondition(lambda self: self.session.status is SessionStatus.CANCELLED)
    @invariant()
    def a_cancellation_says_who(self) -> None:
        assert self.session.cancelled_by is not None


SessionLife.TestCase.settings = settings(max_examples=150, stateful_step_count=25,
                                         deadline=None)
test_every_sequence_of_moves_follows_the_table = SessionLife.TestCase


# ---- the books -----------------------------------------------------------------------------

def test_a_payment_splits_into_commission_and_the_mentor_s_pending_share() -> None:
    session_id = uuid4()
    posting = ledger.payment_received(session_id=session_id, mentor_id=MENTOR, gross=4000,
                                      currency="EUR", at=NOW)
    totals = ledger.balances([posting])
    assert totals[ledger.GATEWAY, "EUR"] == 4000
    assert totals[ledger.COMMISSION, "EUR"] == -600
    assert ledger.owed_to_mentor([posting], MENTOR, "EUR") == (3400, 0)


def test_a_full_refund_leaves_nothing_owed_and_no_commission() -> None:
    session_id = uuid4()
    postings = [
        ledger.payment_received(session_id=session_id, mentor_id=MENTOR, gross=3333,
                                currency="EUR", at=NOW),
        ledger.refund(session_id=session_id, mentor_id=MENTOR, amount=3333, gross=3333,
                      commission=ledger.commission_of(3333), released=False, currency="EUR",
                      at=NOW)]
    assert all(v == 0 for v in ledger.balances(postings).values())


def test_refunds_in_parts_hand_back_exactly_the_commission_kept() -> None:
    # 4 cents at 50 %: four refunds of a cent, each alone 0.5 cents of commission.
    session_id = uuid4()
    postings = [ledger.payment_received(session_id=session_id, mentor_id=MENTOR, gross=4,
                                        currency="EUR", at=NOW, commission_bp=5000)]
    for before in range(4):
        postings.append(ledger.refund(session_id=session_id, mentor_id=MENTOR, amount=1,
                                      gross=4, commission=2, released=False, currency="EUR",
                                      at=NOW, refunded_before=before))
    assert all(v == 0 for v in ledger.balances(postings).values())
    with pytest.raises(InvalidInput):
        ledger.refund(session_id=session_id, mentor_id=MENTOR, amount=1, gross=4,
                      commission=2, released=False, currency="EUR", at=NOW, refunded_before=4)


def test_an_unbalanced_posting_cannot_exist() -> None:
    with pytest.raises(ledger.UnbalancedPosting):
        ledger.Posting(kind=ledger.PostingKind.PAYMENT, currency="EUR", at=NOW, entries=(
            ledger.Entry(ledger.GATEWAY, 100), ledger.Entry(ledger.COMMISSION, -99)))
    with pytest.raises(ValueError, match="mentor accounts"):
        ledger.Account(ledger.AccountKind.MENTOR_PENDING)


@st.composite
def operations(draw: st.DrawFn) -> list[tuple[str, int, int]]:
    """(operation, session index, amount or percent) steps over three sessions."""
    return draw(st.lists(st.tuples(
        st.sampled_from(["pay", "fee", "refund", "release", "payout", "reverse"]),
        st.integers(0, 2), st.integers(1, 100_000)), max_size=40))


@settings(max_examples=200, deadline=None)
@given(steps=operations(), commission_bp=st.integers(0, 10_000))
def test_the_books_balance_after_every_posting_whatever_happens(
        steps: list[tuple[str, int, int]], commission_bp: int) -> None:
    sessions = [uuid4() for _ in range(3)]
    mentors: list[UUID] = [MENTOR, MENTOR, uuid4()]
    gross: dict[int, int] = {}
    refunded: dict[int, int] = {}
    released: set[int] = set()
    postings: list[ledger.Posting] = []
    for op, i, amount in steps:
        sid, mentor = sessions[i], mentors[i]
        try:
            if op == "pay" and i not in gross:
                postings.append(ledger.payment_received(
                    session_id=sid, mentor_id=mentor, gross=amount, currency="EUR", at=NOW,
                    commission_bp=commission_bp))
                gross[i], refunded[i] = amount, 0
            elif op == "fee" and i in gross:
                postings.append(ledger.gateway_fee(session_id=sid, fee=amount % 500 + 1,
                                                   currency="EUR", at=NOW))
            elif op == "refund" and i in gross and refunded[i] < gross[i]:
                part = min(amount, gross[i] - refunded[i])
                postings.append(ledger.refund(
                    session_id=sid, mentor_id=mentor, amount=part, gross=gross[i],
                    commission=ledger.commission_of(gross[i], commission_bp),
                    released=i in released, currency="EUR", at=NOW,
                    refunded_before=refunded[i]))
                refunded[i] += part
            elif op == "release" and i in gross and i not in released:
                net, _ = ledger.owed_to_mentor(
                    [p for p in postings if p.session_id == sid], mentor, "EUR")
                if net > 0:
                    postings.append(ledger.release(session_id=sid, mentor_id=mentor, net=net,
                                                   currency="EUR", at=NOW))
                released.add(i)
            elif op == "payout":
                _, owed = ledger.owed_to_mentor(postings, mentor, "EUR")
                if owed > 0:
                    postings.append(ledger.payout(mentor_id=mentor, amount=min(owed, amount),
                                                  currency="EUR", at=NOW))
            elif op == "reverse" and i in released:
                postings.append(ledger.transfer_reversal(
                    session_id=sid, mentor_id=mentor, amount=amount % 1000 + 1,
                    currency="EUR", at=NOW))
        except DomainError:
            pass
        assert sum(ledger.balances(postings).values()) == 0
    totals = ledger.balances(postings)
    # The platform never keeps more commission than the payments' commission.
    kept = -totals.get((ledger.COMMISSION, "EUR"), 0)
    assert 0 <= kept <= sum(ledger.commission_of(g, commission_bp) for g in gross.values())
    for i, g in gross.items():
        if refunded[i] == g and i not in released:
            assert ledger.owed_to_mentor([p for p in postings if p.session_id == sessions[i]],
                                         mentors[i], "EUR") == (0, 0)
