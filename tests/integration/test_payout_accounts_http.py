"""Payout setup with the built-in test gateway, over HTTP on PostgreSQL: the mentor is sent to
the "test payout account" page, whose outcome reaches the platform as a signed
``account.updated`` webhook; an administrator's refund of a settled session comes out of the
mentor's balance (nothing was transferred: the test gateway pays out in batches)."""

import uuid
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import func, select

from adapters.container import Container
from adapters.db.tables import ledger_entries, ledger_postings, test_refunds
from edu_core.domain.identity import Role
from tests.integration.helpers import bearer, make_user
from tests.integration.test_booking_http import bookable_mentor, count, free_slots, world
from tests.integration.test_booking_settlement_http import NET, move_to, paid_session

__all__ = ["world"]  # the fixture, shared with the booking tests

ONBOARDING = "/api/v1/mentor/payout-account/onboarding"
PAGE = "/api/v1/payments/test-payout-accounts"


async def test_the_test_payout_page_makes_the_account_ready_through_the_webhook(
        world: tuple[httpx.AsyncClient, Container]) -> None:
    client, container = world
    mentor = await bookable_mentor(client, container)
    auth = await bearer(client, mentor.email)
    started = await client.post(ONBOARDING, headers=auth, json={"country": "nl"})
    assert started.status_code == 200, started.text
    url = started.json()["url"]
    assert url.startswith("https://mentora.test/payouts/test/acct_test_")
    ref = url.rsplit("/", 1)[1]
    again = await client.post(ONBOARDING, headers=auth, json={"country": "FR"})
    assert again.json()["url"] == url  # one account: the country of the first call stays

    page = await client.get(f"{PAGE}/{ref}")
    assert page.status_code == 200, page.text
    assert page.json() == {"ref": ref, "email": mentor.email, "country": "NL",
                           "state": "onboarding", "reason": None,
                           "return_url": "https://mentora.test/mentor/earnings?payouts=returned"}
    assert (await client.get(f"{PAGE}/acct_test_nobody")).json()["code"] == \
        "payout_account_not_found"
    assert (await client.post(f"{PAGE}/{ref}/outcome",
                              json={"outcome": "approve"})).status_code == 400

    left = await client.post(f"{PAGE}/{ref}/outcome", json={"outcome": "leave"})
    assert left.json() == {"redirect_url": "https://mentora.test/mentor/earnings"
                                           "?payouts=returned"}
    assert (await client.get("/api/v1/mentor/payout-account", headers=auth)).json()[
        "state"] == "onboarding"

    restricted = await client.post(f"{PAGE}/{ref}/outcome", json={"outcome": "restrict"})
    assert restricted.status_code == 200, restricted.text
    state = (await client.get("/api/v1/mentor/payout-account", headers=auth)).json()
    assert (state["state"], state["reason"]) == ("restricted", "requirements.past_due")

    completed = await client.post(f"{PAGE}/{ref}/outcome", json={"outcome": "complete"})
    assert completed.status_code == 200, completed.text
    state = (await client.get("/api/v1/mentor/payout-account", headers=auth)).json()
    assert (state["state"], state["reason"], state["gateway"], state["payouts"]) == (
        "ready", None, "test", "batches")
    assert "NL" in state["countries"]
    twice = await client.post(f"{PAGE}/{ref}/outcome", json={"outcome": "complete"})
    assert twice.status_code == 409 and twice.json()["code"] == "payout_account_ready"
    ready = await client.post(ONBOARDING, headers=auth, json={})
    assert ready.status_code == 409 and ready.json()["code"] == "payout_account_ready"


async def test_an_admin_refunds_a_settled_session_out_of_the_mentor_s_balance(
        world: tuple[httpx.AsyncClient, Container]) -> None:
    client, container = world
    mentor = await bookable_mentor(client, container)
    slots = await free_slots(client, mentor)
    settled, _ = await paid_session(client, container, mentor, slots[0])
    upcoming, _ = await paid_session(client, container, mentor, slots[1])
    await move_to(container, settled, datetime.now(UTC) - timedelta(hours=50))
    done = await client.post(f"/api/v1/bookings/{settled}/complete",
                             headers=await bearer(client, mentor.email))
    assert done.status_code == 200, done.text

    admin = await bearer(client, (await make_user(container, Role.ADMIN)).email)
    body = {"amount": 3000, "reason": "Goodwill: the connection dropped twice."}
    not_yet = await client.post(f"/api/v1/admin/bookings/{upcoming}/refund", headers=admin,
                                json=body)
    assert not_yet.status_code == 409 and not_yet.json()["code"] == \
        "illegal_session_transition"
    refunded = await client.post(f"/api/v1/admin/bookings/{settled}/refund", headers=admin,
                                 json=body)
    assert refunded.status_code == 200, refunded.text
    assert refunded.json()["refunded"] == 3000
    assert await count(container, select(func.sum(test_refunds.c.amount)).where(
        test_refunds.c.idempotency_key == f"booking:{settled}:settled-refund:1")) == 3000
    p, e = ledger_postings.c, ledger_entries.c
    owed = -await count(container, select(func.sum(e.amount)).select_from(
        ledger_postings.join(ledger_entries, e.posting_id == p.id)).where(
        p.session_id == uuid.UUID(settled), e.owner_id == mentor.id))
    assert owed == NET - (3000 - 450)  # the mentor keeps the rest, still available
    assert await count(container, select(func.count()).select_from(ledger_postings).where(
        p.session_id == uuid.UUID(settled), p.kind == "transfer_reversal")) == 0
