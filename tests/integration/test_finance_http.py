"""The finance dashboard over HTTP on PostgreSQL reconciles with the ledger: sessions booked,
paid, cancelled with a refund, completed, disputed and settled, and a payout batch run, in two
currencies, all through the API with the test gateway; then every figure of the report (JSON
and CSV) is checked against sums read directly from the ledger tables, and the books balance.

The database is shared with the other tests of the run, so the figures are compared with the
ledger as a whole, and this test's own trade with the difference it made to the report."""

import csv
import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import asyncpg
import httpx
import pytest

from adapters.container import Container
from edu_core.domain.bookings.finance import Period
from edu_core.domain.identity import Role
from edu_core.domain.money import minor_per_major
from tests.integration.helpers import bearer, make_user
from tests.integration.test_booking_http import bookable_mentor, free_slots, world
from tests.integration.test_booking_settlement_http import move_to, paid_session

__all__ = ["world"]  # the fixture, shared with the booking tests

FINANCE = "/api/v1/admin/finance"
FIGURES = ("gross", "refunds", "reversals", "commission", "commission_refunded",
           "gateway_fees", "net_revenue", "payouts", "payables_pending", "payables_available",
           "open_payables")
# Each flow as the ledger defines it: the entries of one account in postings of one kind.
FLOWS = {"gross": ("payment", "gateway", 1), "refunds": ("refund", "gateway", -1),
         "reversals": ("transfer_reversal", "gateway", 1),
         "commission": ("payment", "commission", -1),
         "commission_refunded": ("refund", "commission", 1),
         "gateway_fees": ("gateway_fee", "gateway_fees", 1),
         "payouts": ("payout", "gateway", -1)}


def this_period() -> dict[str, str]:
    """Last month and this one: a run across the turn of a month still finds its postings."""
    now = datetime.now(UTC)
    last_month = now.replace(day=1) - timedelta(days=1)
    return {"from": last_month.strftime("%Y-%m"), "to": now.strftime("%Y-%m")}


async def ledger_figures(conn: asyncpg.Connection, currency: str, month: str
                         ) -> dict[str, int]:
    """The month's figures summed straight from the ledger tables."""
    period = Period(first=month, last=month)
    found: dict[str, int] = {}
    for name, (kind, account, sign) in FLOWS.items():
        found[name] = sign * await conn.fetchval(
            "select coalesce(sum(e.amount), 0) from ledger_entries e "
            "join ledger_postings p on p.id = e.posting_id "
            "where p.kind = $1 and e.account = $2 and p.currency = $3 "
            "and p.at >= $4 and p.at < $5", kind, account, currency, period.start, period.end)
    found["net_revenue"] = (found["commission"] - found["commission_refunded"]
                            - found["gateway_fees"])
    for name, account in (("payables_pending", "mentor_pending"),
                          ("payables_available", "mentor_available")):
        found[name] = -await conn.fetchval(
            "select coalesce(sum(e.amount), 0) from ledger_entries e "
            "join ledger_postings p on p.id = e.posting_id "
            "where e.account = $1 and p.currency = $2 and p.at < $3",
            account, currency, period.end)
    found["open_payables"] = found["payables_pending"] + found["payables_available"]
    return found


async def report(client: httpx.AsyncClient, auth: dict[str, str]) -> dict[str, Any]:
    answer = await client.get(FINANCE, headers=auth, params=this_period())
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def month_row(body: dict[str, Any], currency: str) -> dict[str, int]:
    this_month = this_period()["to"]
    return next((r for r in body["months"] if (r["month"], r["currency"]) == (
        this_month, currency)), dict.fromkeys(FIGURES, 0))


def change(before: dict[str, Any], after: dict[str, Any], currency: str) -> dict[str, int]:
    old, new = month_row(before, currency), month_row(after, currency)
    return {name: new[name] - old[name] for name in FIGURES}


async def test_every_figure_reconciles_with_the_ledger(
        world: tuple[httpx.AsyncClient, Container], database_url: str) -> None:
    client, container = world
    admin_auth = await bearer(client, (await make_user(container, Role.ADMIN)).email)
    before = await report(client, admin_auth)
    now = datetime.now(UTC)

    # Euros: cancelled in time (all back), completed, disputed and half refunded, upcoming.
    berlin = await bookable_mentor(client, container)
    berlin_auth = await bearer(client, berlin.email)
    slots = await free_slots(client, berlin)
    cancelled, canceller = await paid_session(client, container, berlin, slots[0])
    completed, _ = await paid_session(client, container, berlin, slots[1])
    disputed, complainer = await paid_session(client, container, berlin, slots[2])
    await paid_session(client, container, berlin, slots[3])
    cancel = await client.post(f"/api/v1/bookings/{cancelled}/cancel",
                               headers=await bearer(client, canceller.email),
                               json={"reason": "Plans changed."})
    assert cancel.status_code == 200 and cancel.json()["refunded"] == 6000, cancel.text
    await move_to(container, completed, now - timedelta(hours=50))
    done = await client.post(f"/api/v1/bookings/{completed}/complete", headers=berlin_auth)
    assert done.status_code == 200, done.text
    await move_to(container, disputed, now - timedelta(hours=3))
    reported = await client.post(f"/api/v1/bookings/{disputed}/report",
                                 headers=await bearer(client, complainer.email),
                                 json={"reason": "The mentor left after 20 minutes."})
    assert reported.status_code == 200, reported.text
    queue = await client.get("/api/v1/admin/bookings/disputed", headers=admin_auth,
                             params={"page_size": 100})
    case = next(s for s in queue.json()["items"] if s["id"] == disputed)
    assert (case["report_reason"], case["student_name"], case["paid"]) == (
        "The mentor left after 20 minutes.", complainer.display_name, 6000)
    assert case["reported_at"] is not None
    settled = await client.post(f"/api/v1/admin/bookings/{disputed}/settle",
                                headers=admin_auth,
                                json={"mentor_absent": False, "refund_percent": 50})
    assert settled.status_code == 200 and settled.json()["refunded"] == 3000, settled.text

    # Yen (no minor unit): one completed, one upcoming.
    tokyo = await bookable_mentor(client, container, currency="JPY", rate=5000)
    tokyo_slots = await free_slots(client, tokyo)
    yen_done, _ = await paid_session(client, container, tokyo, tokyo_slots[0])
    await paid_session(client, container, tokyo, tokyo_slots[1])
    await move_to(container, yen_done, now - timedelta(hours=50))
    assert (await client.post(f"/api/v1/bookings/{yen_done}/complete",
                              headers=await bearer(client, tokyo.email))).status_code == 200

    run = await client.post("/api/v1/admin/payout-batches", headers=admin_auth)
    assert run.status_code == 200, run.text
    batch = run.json()
    paid = {(p["mentor_id"], p["currency"]): p for p in batch["payouts"]}
    assert paid[str(berlin.id), "EUR"]["amount"] == 6000 - 900
    assert paid[str(berlin.id), "EUR"]["mentor_name"] == "Berlin Mentor"
    assert paid[str(tokyo.id), "JPY"]["amount"] == 5000 - 750
    again = await client.post("/api/v1/admin/payout-batches", headers=admin_auth)
    assert again.status_code == 200 and again.json()["payouts"] == []  # nothing paid twice
    history = await client.get("/api/v1/admin/payout-batches", headers=admin_auth,
                               params={"page_size": 100})
    assert batch in history.json()["items"]

    after = await report(client, admin_auth)
    payouts_in = {c: sum(p["amount"] for p in batch["payouts"] if p["currency"] == c)
                  for c in ("EUR", "JPY")}
    # What this test's trade changed (the payout run also paid whatever other tests left
    # available).
    assert change(before, after, "EUR") == {
        "gross": 4 * 6000, "refunds": 6000 + 3000, "reversals": 0, "commission": 4 * 900,
        "commission_refunded": 900 + 450, "gateway_fees": 0,
        "net_revenue": 4 * 900 - 900 - 450, "payouts": payouts_in["EUR"],
        "payables_pending": 5100 + (5100 - 2550),  # upcoming + the disputed one's rest
        "payables_available": -(payouts_in["EUR"] - 5100),
        "open_payables": 5100 + 2550 - (payouts_in["EUR"] - 5100)}
    assert change(before, after, "JPY") == {
        "gross": 2 * 5000, "refunds": 0, "reversals": 0, "commission": 2 * 750,
        "commission_refunded": 0, "gateway_fees": 0, "net_revenue": 2 * 750,
        "payouts": payouts_in["JPY"], "payables_pending": 4250,
        "payables_available": -(payouts_in["JPY"] - 4250),
        "open_payables": 4250 - (payouts_in["JPY"] - 4250)}
    assert after["disputes"]["opened"] - before["disputes"]["opened"] == 1
    assert after["disputes"]["settled"] - before["disputes"]["settled"] == 1
    top = {(m["mentor_id"], m["currency"]): m for m in after["top_mentors"]}
    assert {k: top[str(berlin.id), "EUR"][k] for k in ("gross", "refunds", "sessions")} == {
        "gross": 24000, "refunds": 9000, "sessions": 4}
    assert {k: top[str(tokyo.id), "JPY"][k] for k in ("gross", "refunds", "sessions")} == {
        "gross": 10000, "refunds": 0, "sessions": 2}

    conn = await asyncpg.connect(database_url)
    try:
        # Every figure of every month and currency is the ledger's own sum.
        assert {"EUR", "JPY"} <= set(after["currencies"])
        for row in after["months"]:
            expected = await ledger_figures(conn, row["currency"], row["month"])
            assert {name: row[name] for name in FIGURES} == expected, row
        for total in after["totals"]:
            rows = [r for r in after["months"] if r["currency"] == total["currency"]]
            assert total["gross"] == sum(r["gross"] for r in rows)
            assert total["open_payables"] == rows[-1]["open_payables"]
        # The books balance: per posting, and so per currency over the whole ledger.
        assert await conn.fetchval(
            "select count(*) from (select posting_id from ledger_entries group by posting_id "
            "having sum(amount) <> 0) unbalanced") == 0
        books = {r["currency"]: r["total"] for r in await conn.fetch(
            "select p.currency, sum(e.amount) as total from ledger_entries e "
            "join ledger_postings p on p.id = e.posting_id group by p.currency")}
        assert {"EUR", "JPY"} <= set(books) and set(books.values()) == {0}
        # The top mentors and the disputes, counted from the tables.
        period = Period.parse(this_period()["from"], this_period()["to"], now)
        start, end = period.start, period.end
        berlin_gross = await conn.fetchval(
            "select sum(e.amount) from ledger_entries e join ledger_postings p "
            "on p.id = e.posting_id join mentoring_sessions s on s.id = p.session_id "
            "where s.mentor_id = $1 and p.kind = 'payment' and e.account = 'gateway' "
            "and p.at >= $2 and p.at < $3", berlin.id, start, end)
        assert top[str(berlin.id), "EUR"]["gross"] == berlin_gross
        assert after["disputes"]["opened"] == await conn.fetchval(
            "select count(distinct session_id) from session_transitions "
            "where to_status = 'disputed' and at >= $1 and at < $2", start, end)
        assert after["disputes"]["settled"] == await conn.fetchval(
            "select count(distinct session_id) from session_transitions "
            "where from_status = 'disputed' and at >= $1 and at < $2", start, end)
    finally:
        await conn.close()

    # The CSV carries the same numbers, in major units.
    exported = await client.get(f"{FINANCE}.csv", headers=admin_auth, params=this_period())
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    months = this_period()
    assert exported.headers["content-disposition"] == (
        f'attachment; filename="mentora-finance-{months["from"]}-to-{months["to"]}.csv"')
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert [(r["month"], r["currency"]) for r in rows] == [
        (r["month"], r["currency"]) for r in after["months"]]
    for line, row in zip(rows, after["months"], strict=True):
        unit = minor_per_major(row["currency"])
        assert {name: int(Decimal(line[name]) * unit) for name in FIGURES} == {
            name: row[name] for name in FIGURES}


@pytest.mark.parametrize(("params", "code"), [
    ({"from": "2026-05", "to": "2026-04"}, "period_reversed"),
    ({"from": "2023-01", "to": "2026-01"}, "period_too_long"),
    ({"from": "2026-13"}, "validation_error"),
    ({"to": "May 2026"}, "validation_error"),
])
async def test_a_bad_period_is_a_coded_400(
        world: tuple[httpx.AsyncClient, Container], params: dict[str, str],
        code: str) -> None:
    client, container = world
    admin_auth = await bearer(client, (await make_user(container, Role.ADMIN)).email)
    for path in (FINANCE, f"{FINANCE}.csv"):
        answer = await client.get(path, headers=admin_auth, params=params)
        assert (answer.status_code, answer.json()["code"]) == (400, code), answer.text


async def test_only_administrators_see_the_books_and_run_payouts(
        world: tuple[httpx.AsyncClient, Container]) -> None:
    client, container = world
    calls = [("GET", FINANCE), ("GET", f"{FINANCE}.csv"),
             ("POST", "/api/v1/admin/payout-batches")]
    for method, path in calls:
        anonymous = await client.request(method, path)
        assert (anonymous.status_code, anonymous.json()["code"]) == (
            401, "not_authenticated")
        for role in (Role.STUDENT, Role.MENTOR):
            auth = await bearer(client, (await make_user(container, role)).email)
            refused = await client.request(method, path, headers=auth)
            assert (refused.status_code, refused.json()["code"]) == (403, "forbidden"), path
