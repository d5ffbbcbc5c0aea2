"""After a session, over HTTP on PostgreSQL: the mentor completes it or marks the student
absent, the student reports a problem that an admin settles with a refund; earnings as JSON
and CSV; ``edu payouts run`` pays once however often it runs."""

import asyncio
import csv
import io
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import func, select, update
from typer.testing import CliRunner

from adapters.cli.main import app
from adapters.cli.payouts import CLI
from adapters.container import Container
from adapters.db.tables import (
    ledger_postings,
    mentoring_sessions,
    scheduled_events,
    test_refunds,
)
from edu_core.domain.bookings.settlement import completion_key
from edu_core.domain.identity import Role, User
from tests.integration.helpers import bearer, make_user
from tests.integration.test_booking_http import (
    book,
    bookable_mentor,
    checkout_ref,
    count,
    free_slots,
    world,
)

__all__ = ["world"]  # the fixture, shared with the booking tests

NET = 6000 - 900  # a 60 EUR hour less the 15 % commission


async def paid_session(client: httpx.AsyncClient, container: Container, mentor: User,
                       slot: str) -> tuple[str, User]:
    student = await make_user(container)
    started = await book(client, await bearer(client, student.email), mentor, slot)
    assert started.status_code == 201, started.text
    paid = await client.post(
        f"/api/v1/payments/test-checkouts/{checkout_ref(started.json())}/outcome",
        json={"outcome": "succeed"})
    assert paid.status_code == 200, paid.text
    return started.json()["session"]["id"], student


async def move_to(container: Container, session_id: str, starts_at: datetime) -> None:
    """Puts a booked session at another time, as if it had been booked for then."""
    async with container.session_factory()() as session:
        await session.execute(update(mentoring_sessions).where(
            mentoring_sessions.c.id == uuid.UUID(session_id)).values(
            starts_at=starts_at, ends_at=starts_at + timedelta(hours=1)))
        await session.commit()


async def test_after_the_session_mentor_student_and_admin_each_have_their_say(
        world: tuple[httpx.AsyncClient, Container], database_url: str,
        tmp_path: Path) -> None:
    client, container = world
    mentor = await bookable_mentor(client, container)
    mentor_auth = await bearer(client, mentor.email)
    slots = await free_slots(client, mentor)
    held, held_by = await paid_session(client, container, mentor, slots[0])
    absent, absent_student = await paid_session(client, container, mentor, slots[1])
    disputed, complainer = await paid_session(client, container, mentor, slots[2])
    now = datetime.now(UTC)
    await move_to(container, held, now - timedelta(hours=50))  # its window is over
    await move_to(container, absent, now - timedelta(minutes=15))
    await move_to(container, disputed, now - timedelta(hours=3))

    other_mentor = await make_user(container, Role.MENTOR)
    other_mentor_auth = await bearer(client, other_mentor.email)
    student_auth = await bearer(client, held_by.email)
    assert (await client.post(f"/api/v1/bookings/{held}/complete",
                              headers=student_auth)).status_code == 403
    stranger = await client.post(f"/api/v1/bookings/{held}/complete",
                                 headers=other_mentor_auth)
    assert stranger.status_code == 404 and stranger.json()["code"] == "session_not_found"
    done = await client.post(f"/api/v1/bookings/{held}/complete", headers=mentor_auth)
    assert done.status_code == 200 and done.json()["status"] == "completed", done.text
    again = await client.post(f"/api/v1/bookings/{held}/complete", headers=mentor_auth)
    assert again.status_code == 409 and again.json()["code"] == "illegal_session_transition"
    # Past the window: released at completion, once.
    assert await count(container, select(func.count()).select_from(ledger_postings).where(
        ledger_postings.c.session_id == uuid.UUID(held),
        ledger_postings.c.kind == "release")) == 1

    no_show = await client.post(f"/api/v1/bookings/{absent}/no-show", headers=mentor_auth)
    assert no_show.status_code == 200 and no_show.json()["status"] == "no_show_student"

    complainer_auth = await bearer(client, complainer.email)
    assert (await client.post(f"/api/v1/bookings/{disputed}/report",
                              headers=await bearer(client, absent_student.email),
                              json={"reason": "x"})).status_code == 404
    assert (await client.post(f"/api/v1/bookings/{disputed}/report", headers=mentor_auth,
                              json={"reason": "x"})).status_code == 403
    reported = await client.post(f"/api/v1/bookings/{disputed}/report",
                                 headers=complainer_auth,
                                 json={"reason": "The mentor left after 20 minutes."})
    assert reported.status_code == 200 and reported.json()["status"] == "disputed"

    admin = await make_user(container, Role.ADMIN)
    admin_auth = await bearer(client, admin.email)
    queue = await client.get("/api/v1/admin/bookings/disputed", headers=admin_auth,
                             params={"page_size": 100})
    assert queue.status_code == 200 and disputed in [s["id"] for s in queue.json()["items"]]
    assert (await client.get("/api/v1/admin/bookings/disputed",
                             headers=mentor_auth)).status_code == 403
    decision = {"mentor_absent": False, "refund_percent": 50}
    for auth in (mentor_auth, complainer_auth):
        refused = await client.post(f"/api/v1/admin/bookings/{disputed}/settle",
                                    headers=auth, json=decision)
        assert refused.status_code == 403
    settled = await client.post(f"/api/v1/admin/bookings/{disputed}/settle",
                                headers=admin_auth, json=decision)
    assert settled.status_code == 200, settled.text
    assert (settled.json()["status"], settled.json()["refunded"]) == ("completed", 3000)
    assert await count(container, select(func.sum(test_refunds.c.amount)).where(
        test_refunds.c.idempotency_key == f"booking:{disputed}:dispute-refund")) == 3000

    # Earnings: the completed session is available; the absent student's and what is left of
    # the disputed one wait for their windows.
    month = (now - timedelta(hours=50)).strftime("%Y-%m")
    earned = await client.get("/api/v1/mentor/earnings", headers=mentor_auth,
                              params={"month": month})
    assert earned.status_code == 200, earned.text
    body = earned.json()
    assert body["balances"] == [{"currency": "EUR", "pending": NET + (NET - 2550),
                                 "available": NET, "paid": 0}]
    row = next(r for r in body["sessions"] if r["session_id"] == held)
    assert (row["gross"], row["commission"], row["refunds"], row["net"], row["share"]) == (
        6000, 900, 0, NET, "available")
    # The mentor sees who each session was with, as their booking mails name them.
    assert {r["session_id"]: r["student_name"] for r in body["sessions"]} == {
        held: held_by.display_name, absent: absent_student.display_name,
        disputed: complainer.display_name}
    assert (await client.get("/api/v1/mentor/earnings", headers=mentor_auth,
                             params={"month": "2026-13"})).status_code in (400, 422)
    assert (await client.get("/api/v1/mentor/earnings",
                             headers=student_auth)).status_code == 403

    exported = await client.get("/api/v1/mentor/earnings.csv", headers=mentor_auth,
                                params={"month": month})
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    assert exported.headers["content-disposition"] == (
        f'attachment; filename="mentora-earnings-{month}.csv"')
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert next(r for r in rows if r["session_id"] == held)["net"] == f"{NET / 100:.2f}"
    statement = await client.get("/api/v1/mentor/earnings.pdf", headers=mentor_auth,
                                 params={"month": month})
    assert statement.status_code == 200 and statement.content.startswith(b"%PDF-")
    assert statement.headers["content-disposition"] == (
        f'attachment; filename="mentora-earnings-{month}.pdf"')

    # The test gateway's payout run: the available balance once, however often it runs.
    env = {"EDU_DATABASE_URL": database_url, "EDU_VAR_DIR": str(tmp_path / "cli"),
           "EDU_BCRYPT_ROUNDS": "4"}
    runner = CliRunner()
    first = await asyncio.to_thread(runner.invoke, app, ["payouts", "run"], env=env)
    assert first.exit_code == 0, first.output
    assert any(line.split()[:3] == [str(mentor.id), "EUR", str(NET)]
               for line in first.output.splitlines()), first.output
    second = await asyncio.to_thread(runner.invoke, app, ["payouts", "run"], env=env)
    assert second.exit_code == 0 and str(mentor.id) not in second.output, second.output
    after = (await client.get("/api/v1/mentor/earnings", headers=mentor_auth)).json()
    assert after["balances"][0]["available"] == 0 and after["balances"][0]["paid"] == NET
    assert [(p["amount"], p["currency"]) for p in after["payouts"]] == [(NET, "EUR")]
    batches = await client.get("/api/v1/admin/payout-batches", headers=admin_auth)
    assert batches.status_code == 200
    assert any(p["mentor_id"] == str(mentor.id) and p["amount"] == NET
               for b in batches.json()["items"] for p in b["payouts"])
    assert (await client.get("/api/v1/admin/payout-batches",
                             headers=mentor_auth)).status_code == 403


async def test_payout_runs_at_the_same_time_pay_once(
        world: tuple[httpx.AsyncClient, Container]) -> None:
    client, container = world
    mentor = await bookable_mentor(client, container)
    [slot, *_] = await free_slots(client, mentor)
    session_id, _ = await paid_session(client, container, mentor, slot)
    await move_to(container, session_id, datetime.now(UTC) - timedelta(hours=50))
    done = await client.post(f"/api/v1/bookings/{session_id}/complete",
                             headers=await bearer(client, mentor.email))
    assert done.status_code == 200, done.text

    runs = await asyncio.gather(*(container.earnings().run_payouts(CLI) for _ in range(4)))
    mine = [p for batch in runs for p in batch.payouts if p.mentor_id == mentor.id]
    assert [(p.amount, p.currency) for p in mine] == [(NET, "EUR")]
    assert await count(container, select(func.count()).select_from(ledger_postings).where(
        ledger_postings.c.kind == "payout", ledger_postings.c.id == mine[0].id)) == 1


async def test_a_session_nobody_marked_completes_and_pays_by_its_schedule(
        world: tuple[httpx.AsyncClient, Container]) -> None:
    client, container = world
    mentor = await bookable_mentor(client, container)
    [slot, *_] = await free_slots(client, mentor)
    session_id, student = await paid_session(client, container, mentor, slot)
    key = completion_key(uuid.UUID(session_id))
    k = scheduled_events.c
    async with container.session_factory()() as session:
        # As if the complaint window had passed while everything ran.
        await session.execute(update(scheduled_events).where(k.key == key).values(
            due_at=func.now() - timedelta(seconds=1)))
        await session.commit()
    await move_to(container, session_id, datetime.now(UTC) - timedelta(hours=50))

    await container.dispatcher().drain()
    await container.dispatcher().wait_idle()
    seen = (await client.get(f"/api/v1/bookings/{session_id}",
                             headers=await bearer(client, student.email))).json()
    assert seen["status"] == "completed"
    earned = (await client.get("/api/v1/mentor/earnings",
                               headers=await bearer(client, mentor.email))).json()
    assert earned["balances"] == [{"currency": "EUR", "pending": 0, "available": NET,
                                   "paid": 0}]
