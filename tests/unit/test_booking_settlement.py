"""After a session, on the in-memory fakes: completion (by the mentor or by its schedule), the
student's absence, disputes and their settlement, the release of the mentor's share exactly
once, earnings read from the ledger, and payout runs."""

import csv
import io
from datetime import datetime, timedelta
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edu_core.application.actors import Actor, Principal
from edu_core.application.earnings import EarningsService, InvalidMonth, report_csv
from edu_core.domain.bookings import (
    COMPLAINT_WINDOW,
    IllegalSessionTransition,
    SessionNotFound,
    SessionStatus,
    SessionTimeRule,
    ledger,
)
from edu_core.domain.bookings.ledger import PostingKind
from edu_core.domain.bookings.settlement import (
    CompletionDue,
    ReleaseDue,
    completion_key,
    release_key,
)
from edu_core.domain.errors import PermissionDenied
from edu_core.domain.identity import Role
from edu_core.domain.pagination import PageRequest
from edu_core.domain.schedules import ScheduleStatus
from tests.unit.test_booking_service import SLOT, World

HOUR_PRICE = 6000  # the world's mentor: 60 EUR an hour
NET = HOUR_PRICE - ledger.commission_of(HOUR_PRICE)  # 5100


@pytest.fixture
def world() -> World:
    return World()


def at(world: World, when: datetime) -> None:
    world.clock.advance(seconds=(when - world.clock.now()).total_seconds())


async def confirmed(world: World, student: Principal | None = None,
                    starts_at: datetime = SLOT) -> UUID:
    started = await world.service.book(student or world.user(),
                                       mentor_id=world.mentor.user_id, starts_at=starts_at,
                                       minutes=60)
    await world.pay(started.session.id)
    return started.session.id


def releases(world: World, session_id: UUID) -> int:
    return sum(1 for p in world.store.bookings.postings
               if p.kind is PostingKind.RELEASE and p.session_id == session_id)


def owed(world: World) -> tuple[int, int]:
    return ledger.owed_to_mentor(world.store.bookings.postings, world.mentor.user_id, "EUR")


def schedule_status(world: World, key: str) -> ScheduleStatus | None:
    found = world.store.schedules.get(key)
    return None if found is None else found.status


async def test_a_confirmed_session_completes_by_itself_after_the_window_and_releases_once(
        world: World) -> None:
    session_id = await confirmed(world)
    deadline = SLOT + timedelta(hours=1) + COMPLAINT_WINDOW
    schedule = world.store.schedules[completion_key(session_id)]
    assert schedule.due_at == deadline and isinstance(schedule.event, CompletionDue)
    assert owed(world) == (NET, 0)

    at(world, deadline - timedelta(minutes=1))  # an early firing changes nothing
    await world.service.completion_due(CompletionDue(occurred_at=deadline,
                                                     session_id=session_id))
    assert world.session(session_id).status is SessionStatus.CONFIRMED

    at(world, deadline)
    for _ in range(2):
        await world.service.completion_due(CompletionDue(occurred_at=deadline,
                                                         session_id=session_id))
        await world.service.release_due(ReleaseDue(occurred_at=deadline,
                                                   session_id=session_id))
    session = world.session(session_id)
    assert session.status is SessionStatus.COMPLETED and session.history[-1].by is None
    assert releases(world, session_id) == 1 and owed(world) == (0, NET)


async def test_the_mentor_completes_after_the_end_and_is_paid_after_the_window(
        world: World) -> None:
    session_id = await confirmed(world)
    with pytest.raises(SessionTimeRule):
        await world.service.complete(world.mentor, session_id)
    at(world, SLOT + timedelta(hours=1))
    done = await world.service.complete(world.mentor, session_id)
    assert done.status is SessionStatus.COMPLETED
    assert schedule_status(world, completion_key(session_id)) is ScheduleStatus.CANCELLED
    release = world.store.schedules[release_key(session_id)]
    assert release.due_at == done.complaint_deadline and isinstance(release.event, ReleaseDue)

    await world.service.release_due(release.event)  # not yet: the window is open
    assert owed(world) == (NET, 0)
    at(world, done.complaint_deadline)
    await world.service.release_due(release.event)
    await world.service.release_due(release.event)
    assert releases(world, session_id) == 1 and owed(world) == (0, NET)
    with pytest.raises(IllegalSessionTransition):
        await world.service.complete(world.mentor, session_id)


async def test_only_the_session_s_mentor_completes_or_marks_absence(world: World) -> None:
    student = world.user()
    session_id = await confirmed(world, student)
    at(world, SLOT + timedelta(hours=2))
    with pytest.raises(PermissionDenied):
        await world.service.complete(student, session_id)
    with pytest.raises(SessionNotFound):
        await world.service.complete(world.user(Role.MENTOR), session_id)
    with pytest.raises(SessionNotFound):
        await world.service.mark_student_absent(world.user(Role.MENTOR), session_id)
    with pytest.raises(SessionNotFound):
        await world.service.report_problem(world.user(), session_id, reason="no")
    with pytest.raises(PermissionDenied):
        await world.service.report_problem(world.mentor, session_id, reason="no")
    assert world.session(session_id).status is SessionStatus.CONFIRMED


async def test_a_cancelled_session_never_completes_nor_releases(world: World) -> None:
    student = world.user()
    session_id = await confirmed(world, student)
    completion = world.store.schedules[completion_key(session_id)]
    await world.service.cancel(world.mentor, session_id)
    assert schedule_status(world, completion_key(session_id)) is ScheduleStatus.CANCELLED
    at(world, completion.due_at + timedelta(days=1))
    await world.service.completion_due(completion.event)  # a stale firing
    await world.service.release_due(ReleaseDue(occurred_at=completion.due_at,
                                               session_id=session_id))
    assert world.session(session_id).status is SessionStatus.CANCELLED
    assert releases(world, session_id) == 0 and owed(world) == (0, 0)


async def test_a_reschedule_moves_the_completion(world: World) -> None:
    student = world.user()
    session_id = await confirmed(world, student)
    old = world.store.schedules[completion_key(session_id)]
    moved = await world.service.reschedule(student, session_id,
                                           starts_at=SLOT + timedelta(days=1))
    new = world.store.schedules[completion_key(session_id)]
    assert new.due_at == moved.complaint_deadline == old.due_at + timedelta(days=1)
    at(world, old.due_at)
    await world.service.completion_due(old.event)  # the old time: still before the new end
    assert world.session(session_id).status is SessionStatus.CONFIRMED
    at(world, new.due_at)
    await world.service.completion_due(new.event)
    assert world.session(session_id).status is SessionStatus.COMPLETED
    assert releases(world, session_id) == 1


async def test_an_absent_student_pays_the_mentor(world: World) -> None:
    session_id = await confirmed(world)
    at(world, SLOT + timedelta(minutes=9))
    with pytest.raises(SessionTimeRule):
        await world.service.mark_student_absent(world.mentor, session_id)
    at(world, SLOT + timedelta(minutes=10))
    absent = await world.service.mark_student_absent(world.mentor, session_id)
    assert absent.status is SessionStatus.NO_SHOW_STUDENT and absent.refunded == 0
    assert schedule_status(world, completion_key(session_id)) is ScheduleStatus.CANCELLED
    release = world.store.schedules[release_key(session_id)]
    at(world, release.due_at)
    await world.service.release_due(release.event)
    assert owed(world) == (0, NET) and world.gateway.refunds == {}


async def test_a_student_may_still_complain_after_the_mentor_marked_it_held(
        world: World) -> None:
    student = world.user()
    session_id = await confirmed(world, student)
    at(world, SLOT + timedelta(hours=2))
    held = await world.service.complete(world.mentor, session_id)
    assert held.status is SessionStatus.COMPLETED
    assert schedule_status(world, release_key(session_id)) is ScheduleStatus.PENDING

    disputed = await world.service.report_problem(student, session_id,
                                                  reason="It ended after ten minutes")
    assert disputed.status is SessionStatus.DISPUTED
    # Nothing reaches the mentor while an admin has not decided, even past the window.
    assert schedule_status(world, release_key(session_id)) is ScheduleStatus.CANCELLED
    at(world, disputed.complaint_deadline + timedelta(hours=1))
    assert releases(world, session_id) == 0
    settled = await world.service.settle_dispute(world.user(Role.ADMIN), session_id,
                                                 mentor_absent=False, refund_percent=50)
    assert settled.status is SessionStatus.COMPLETED and releases(world, session_id) == 1


async def test_a_reported_problem_waits_for_an_admin_who_refunds_part(world: World) -> None:
    student = world.user()
    session_id = await confirmed(world, student)
    at(world, SLOT - timedelta(minutes=1))
    with pytest.raises(SessionTimeRule):
        await world.service.report_problem(student, session_id, reason="The mentor is late")
    at(world, SLOT + timedelta(minutes=30))
    disputed = await world.service.report_problem(student, session_id,
                                                  reason="The mentor left early")
    assert disputed.status is SessionStatus.DISPUTED
    assert schedule_status(world, completion_key(session_id)) is ScheduleStatus.CANCELLED
    at(world, disputed.complaint_deadline + timedelta(hours=1))
    await world.service.completion_due(CompletionDue(occurred_at=disputed.complaint_deadline,
                                                     session_id=session_id))
    assert world.session(session_id).status is SessionStatus.DISPUTED

    admin = world.user(Role.ADMIN)
    page = await world.service.disputes(admin, PageRequest(page=1, page_size=10))
    assert [s.id for s in page.items] == [session_id] and page.total == 1
    with pytest.raises(PermissionDenied):
        await world.service.disputes(world.mentor, PageRequest(page=1, page_size=10))
    with pytest.raises(PermissionDenied):
        await world.service.settle_dispute(world.mentor, session_id, mentor_absent=False,
                                           refund_percent=100)

    settled = await world.service.settle_dispute(admin, session_id, mentor_absent=False,
                                                 refund_percent=40)
    assert settled.status is SessionStatus.COMPLETED and settled.refunded == 2400
    assert world.gateway.refunds == {
        f"booking:{session_id}:dispute-refund": (f"pi_{session_id.hex[:8]}", 2400)}
    # Past the window already: what is left of the share is released at once.
    left = NET - (2400 - ledger.commission_of(2400))
    assert owed(world) == (0, left) and releases(world, session_id) == 1
    assert [e.action for e in world.store.audit] == ["booking.settle"]
    with pytest.raises(IllegalSessionTransition):
        await world.service.settle_dispute(admin, session_id, mentor_absent=True,
                                           refund_percent=0)


async def test_an_absent_mentor_refunds_everything_and_releases_nothing(world: World) -> None:
    student = world.user()
    session_id = await confirmed(world, student)
    at(world, SLOT + timedelta(minutes=20))
    await world.service.report_problem(student, session_id, reason="Nobody came")
    settled = await world.service.settle_dispute(world.user(Role.ADMIN), session_id,
                                                 mentor_absent=True, refund_percent=0)
    assert settled.status is SessionStatus.NO_SHOW_MENTOR and settled.refunded == HOUR_PRICE
    assert schedule_status(world, release_key(session_id)) is None
    at(world, settled.complaint_deadline)
    await world.service.release_due(ReleaseDue(occurred_at=settled.complaint_deadline,
                                               session_id=session_id))
    assert owed(world) == (0, 0) and releases(world, session_id) == 0


async def test_earnings_show_balances_sessions_and_a_csv_that_matches(world: World) -> None:
    earnings = EarningsService(uow=world.uow, clock=world.clock)
    first = await confirmed(world)
    kim = world.user()
    world.store.users[kim.user_id].display_name = "Kim Lee"
    second = await confirmed(world, kim, starts_at=SLOT + timedelta(hours=2))
    at(world, SLOT + timedelta(hours=3))
    await world.service.complete(world.mentor, first)
    await world.service.mark_student_absent(world.mentor, second)
    at(world, SLOT + timedelta(hours=3) + COMPLAINT_WINDOW)
    await world.service.release_due(ReleaseDue(occurred_at=world.clock.now(),
                                               session_id=first))

    report = await earnings.report(world.mentor, "2026-03")
    assert [r.student_name for r in report.sessions] == ["U", "Kim Lee"]
    [balance] = report.balances
    assert (balance.currency, balance.pending, balance.available, balance.paid) == (
        "EUR", NET, NET, 0)
    assert [(r.session_id, r.money.gross, r.money.commission, r.money.net,
             r.money.share.value) for r in report.sessions] == [
        (first, HOUR_PRICE, HOUR_PRICE - NET, NET, "available"),
        (second, HOUR_PRICE, HOUR_PRICE - NET, NET, "pending")]
    assert [(t.gross, t.net) for t in report.totals] == [(2 * HOUR_PRICE, 2 * NET)]
    assert (await earnings.report(world.mentor, "2026-04")).sessions == []
    with pytest.raises(InvalidMonth):
        await earnings.report(world.mentor, "2026-13")
    with pytest.raises(PermissionDenied):
        await earnings.report(world.user(), "2026-03")

    rows = list(csv.reader(io.StringIO(report_csv(report))))
    assert rows[0][:3] == ["session_id", "starts_at_utc", "minutes"]
    assert rows[1][0] == str(first) and rows[1][5:10] == ["60.00", "9.00", "0.00", "51.00",
                                                         "available"]
    assert rows[-1][0] == "total 2026-03" and rows[-1][5] == "120.00"


async def test_a_payout_run_pays_what_is_available_once_and_is_audited(world: World) -> None:
    earnings = EarningsService(uow=world.uow, clock=world.clock)
    first = await confirmed(world)
    await confirmed(world, starts_at=SLOT + timedelta(hours=2))  # stays pending
    at(world, SLOT + timedelta(hours=1))
    await world.service.complete(world.mentor, first)
    at(world, SLOT + timedelta(hours=1) + COMPLAINT_WINDOW)
    await world.service.release_due(ReleaseDue(occurred_at=world.clock.now(),
                                               session_id=first))

    batch = await earnings.run_payouts(Actor(user_id=None, label="cli"))
    assert [(p.mentor_id, p.currency, p.amount) for p in batch.payouts] == [
        (world.mentor.user_id, "EUR", NET)]
    world.clock.advance(minutes=1)
    again = await earnings.run_payouts(Actor(user_id=None, label="cli"))
    assert again.payouts == []
    assert owed(world) == (NET, 0)
    assert [(e.action, e.details["payouts"]) for e in world.store.audit] == [("payouts.run", 1)]
    report = await earnings.report(world.mentor, "2026-03")
    assert report.balances[0].paid == NET and [p.amount for p in report.payouts] == [NET]
    admin = world.user(Role.ADMIN)
    batches = await earnings.batches(admin, PageRequest(page=1, page_size=10))
    assert batches.total == 1 and batches.items[0].at == batch.at
    with pytest.raises(PermissionDenied):
        await earnings.batches(world.mentor, PageRequest(page=1, page_size=10))


ACTIONS = st.lists(st.tuples(
    st.sampled_from(["complete", "absent", "report", "settle", "cancel", "tick", "payout",
                     "auto"]),
    st.integers(min_value=0, max_value=2), st.integers(min_value=0, max_value=100)),
    max_size=30)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS)
async def test_after_any_sequence_the_books_balance_and_earnings_match_the_ledger(
        actions: list[tuple[str, int, int]]) -> None:
    world = World()
    earnings = EarningsService(uow=world.uow, clock=world.clock)
    admin = world.user(Role.ADMIN)
    students = [world.user() for _ in range(3)]
    ids = [await confirmed(world, students[i], SLOT + timedelta(hours=i)) for i in range(3)]
    at(world, SLOT + timedelta(minutes=30))  # the first has begun: every move can happen
    for action, index, value in actions:
        session_id, student = ids[index], students[index]
        try:
            if action == "complete":
                await world.service.complete(world.mentor, session_id)
            elif action == "absent":
                await world.service.mark_student_absent(world.mentor, session_id)
            elif action == "report":
                await world.service.report_problem(student, session_id, reason="problem")
            elif action == "settle":
                await world.service.settle_dispute(admin, session_id,
                                                   mentor_absent=value > 90,
                                                   refund_percent=value)
            elif action == "cancel":
                await world.service.cancel(student, session_id)
            elif action == "tick":
                world.clock.advance(hours=value)
            elif action == "payout":
                await earnings.run_payouts(Actor(user_id=None, label="cli"))
            else:
                for schedule in list(world.store.schedules.values()):
                    if schedule.status is ScheduleStatus.PENDING and \
                            schedule.due_at <= world.clock.now():
                        if isinstance(schedule.event, CompletionDue):
                            await world.service.completion_due(schedule.event)
                        elif isinstance(schedule.event, ReleaseDue):
                            await world.service.release_due(schedule.event)
        except (SessionTimeRule, IllegalSessionTransition, PermissionDenied):
            pass
        postings = world.store.bookings.postings
        assert all(v == 0 for v in _per_currency(ledger.balances(postings)).values())
        pending, available = owed(world)
        report = await earnings.report(world.mentor, "2026-03")
        [balance] = report.balances
        assert (balance.pending, balance.available) == (pending, available)
        assert sum(r.money.net for r in report.sessions) - balance.paid == pending + available
        for session_id in ids:
            assert releases(world, session_id) <= 1
            session = world.session(session_id)
            if session.status is SessionStatus.CANCELLED:
                # Only a late cancellation leaves the mentor something, released at once.
                assert releases(world, session_id) == int(session.refunded < session.paid)


def _per_currency(totals: dict[tuple[ledger.Account, str], int]) -> dict[str, int]:
    found: dict[str, int] = {}
    for (_, currency), amount in totals.items():
        found[currency] = found.get(currency, 0) + amount
    return found
