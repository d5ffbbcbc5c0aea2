"""Paying mentors out on Stripe Connect, over HTTP on PostgreSQL against the project's fake
Stripe server: hosted onboarding and ``account.updated``; one transfer per session once its
complaint window has passed, however often and however concurrently the payout job runs;
a refund after the transfer reverses the mentor's part of it once; a share waits for its
account to be ready."""

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from adapters.cli.main import app as cli
from adapters.container import Container, build_container
from adapters.db.tables import (
    event_deliveries,
    ledger_entries,
    ledger_postings,
    payout_transfers,
    scheduled_events,
)
from adapters.http.app import create_app
from edu_core.application.actors import Actor
from edu_core.application.earnings import PayoutsByTransfer
from edu_core.domain.bookings import ledger
from edu_core.domain.identity import Role, User
from tests.conftest import make_settings, serving
from tests.integration.helpers import bearer, make_user
from tests.integration.test_booking_http import WEBHOOK, book, bookable_mentor, count, free_slots
from tests.integration.test_booking_settlement_http import NET, move_to
from tests.support.fake_stripe import FakeStripe, fake_stripe

SECRET = "whsec_stripe_payouts"
ONBOARDING = "/api/v1/mentor/payout-account/onboarding"
ACCOUNT = "/api/v1/mentor/payout-account"
SHARE_OF_3000 = 3000 - ledger.commission_of(3000)


@pytest.fixture(scope="module")
def stripe_server() -> Iterator[FakeStripe]:
    with fake_stripe() as fake:
        yield fake


class World:
    def __init__(self, client: httpx.AsyncClient, container: Container, fake: FakeStripe,
                 env: dict[str, str]) -> None:
        self.client, self.container, self.fake, self.env = client, container, fake, env

    async def deliver(self, event: dict[str, Any]) -> None:
        payload, signature = self.fake.sign(event, SECRET)
        answer = await self.client.post(WEBHOOK, content=payload, headers={
            "stripe-signature": signature, "content-type": "application/json"})
        assert answer.status_code == 200, answer.text

    async def onboard(self, mentor: User, *, ready: bool) -> str:
        auth = await bearer(self.client, mentor.email)
        started = await self.client.post(ONBOARDING, headers=auth, json={"country": "DE"})
        assert started.status_code == 200, started.text
        ref: str = started.json()["url"].split("/connect/setup/")[1].split("/")[0]
        if ready:
            await self.deliver(self.fake.complete_onboarding(ref))
        return ref

    async def paid_session(self, mentor: User, slot: str) -> str:
        student = await make_user(self.container)
        started = await book(self.client, await bearer(self.client, student.email), mentor,
                             slot)
        assert started.status_code == 201, started.text
        await self.deliver(self.fake.pay(started.json()["checkout_url"].rsplit("/", 1)[1]))
        session_id: str = started.json()["session"]["id"]
        return session_id

    async def completed_past_window(self, mentor: User, slot: str) -> str:
        session_id = await self.paid_session(mentor, slot)
        await move_to(self.container, session_id, datetime.now(UTC) - timedelta(hours=50))
        done = await self.client.post(f"/api/v1/bookings/{session_id}/complete",
                                      headers=await bearer(self.client, mentor.email))
        assert done.status_code == 200, done.text
        return session_id

    async def postings(self, session_id: str, kind: str) -> int:
        return await count(self.container, select(func.count()).select_from(
            ledger_postings).where(ledger_postings.c.session_id == uuid.UUID(session_id),
                                   ledger_postings.c.kind == kind))

    async def mentor_owed(self, session_id: str, mentor: User) -> int:
        """What the session's postings leave on the mentor's accounts (0: settled)."""
        p, e = ledger_postings.c, ledger_entries.c
        return -await count(self.container, select(func.coalesce(func.sum(e.amount), 0))
                            .select_from(ledger_postings.join(ledger_entries,
                                                              e.posting_id == p.id))
                            .where(p.session_id == uuid.UUID(session_id),
                                   e.owner_id == mentor.id))


@pytest.fixture
async def world(tmp_path: Path, database_url: str,
                stripe_server: FakeStripe) -> AsyncIterator[World]:
    stripe = {"stripe_secret_key": "sk_test_platform", "stripe_webhook_secret": SECRET,
              "stripe_api_base": stripe_server.url}
    settings = make_settings(tmp_path / "var", **stripe)
    container = build_container(settings, database_url)
    app = create_app(settings, container=container)
    env = {"EDU_DATABASE_URL": database_url, "EDU_VAR_DIR": str(tmp_path / "cli"),
           **{f"EDU_{k.upper()}": v for k, v in stripe.items()}}
    async with serving(app), httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                               base_url="https://testserver.local") as client:
        yield World(client, container, stripe_server, env)


async def eventually(check: Callable[[], Awaitable[bool]], seconds: float = 15) -> None:
    """Waits for what the outbox dispatcher does in the background."""
    deadline = asyncio.get_running_loop().time() + seconds
    while not await check():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.1)


async def test_a_mentor_onboards_on_stripe_and_account_updated_makes_the_account_ready(
        world: World) -> None:
    client, fake = world.client, world.fake
    mentor = await bookable_mentor(client, world.container)
    auth = await bearer(client, mentor.email)
    before = (await client.get(ACCOUNT, headers=auth)).json()
    assert (before["state"], before["gateway"], before["payouts"]) == (
        "not_started", "stripe", "transfers")
    refused = await client.post(ONBOARDING, headers=auth, json={"country": "ZZ"})
    assert refused.status_code == 422 and refused.json()["code"] == "invalid_payout_country"
    student = await bearer(client, (await make_user(world.container)).email)
    assert (await client.post(ONBOARDING, headers=student,
                              json={"country": "DE"})).status_code == 403

    first = await client.post(ONBOARDING, headers=auth, json={"country": "DE"})
    assert first.status_code == 200, first.text
    assert first.json()["url"].startswith(f"{fake.url}/connect/setup/acct_")
    ref = first.json()["url"].split("/connect/setup/")[1].split("/")[0]
    account = fake.accounts[ref]
    assert (account["type"], account["country"], account["email"]) == (
        "express", "DE", mentor.email)
    [(_, _, headers, params)] = [r for r in fake.requests if r[1] == "/v1/accounts"
                                 and r[3].get("metadata") == {"mentor_id": str(mentor.id)}]
    assert headers == {"idempotency-key": f"mentor:{mentor.id}:payout-account",
                       "stripe-version": world.container.settings().stripe_api_version}
    assert params["capabilities"] == {"transfers": {"requested": "true"}}
    link = fake.account_links[-1]["_params"]
    assert (link["type"], link["return_url"], link["refresh_url"]) == (
        "account_onboarding", "https://mentora.test/mentor/earnings?payouts=returned",
        "https://mentora.test/mentor/earnings?payouts=expired")
    again = await client.post(ONBOARDING, headers=auth, json={})
    assert again.status_code == 200 and again.json()["url"] != first.json()["url"]
    assert [a for a in fake.accounts.values() if a["email"] == mentor.email] == [account]
    assert (await client.get(ACCOUNT, headers=auth)).json()["state"] == "onboarding"

    restricted = fake.restrict(ref, "requirements.past_due")
    await world.deliver(restricted)
    state = (await client.get(ACCOUNT, headers=auth)).json()
    assert (state["state"], state["reason"]) == ("restricted", "requirements.past_due")

    ready = fake.complete_onboarding(ref)
    late = fake.restrict(ref, "requirements.past_due")
    fake.complete_onboarding(ref)  # Stripe's state now: ready; ``late`` arrives late
    for event in (ready, late, ready, late):
        await world.deliver(event)
    state = (await client.get(ACCOUNT, headers=auth)).json()
    assert (state["state"], state["reason"]) == ("ready", None)
    done = await client.post(ONBOARDING, headers=auth, json={})
    assert done.status_code == 409 and done.json()["code"] == "payout_account_ready"
    # The built-in test gateway's payout page exists only with the test gateway.
    assert (await client.get(f"/api/v1/payments/test-payout-accounts/{ref}")).status_code == 404


async def test_a_completed_session_is_transferred_once_however_the_job_runs(
        world: World) -> None:
    mentor = await bookable_mentor(world.client, world.container)
    ref = await world.onboard(mentor, ready=True)
    [slot, *_] = await free_slots(world.client, mentor)
    session_id = await world.completed_past_window(mentor, slot)

    payouts = world.container.payouts()
    await asyncio.gather(payouts.transfer_session(uuid.UUID(session_id)),
                         payouts.transfer_session(uuid.UUID(session_id)),
                         payouts.transfer_available(mentor.id),
                         # (All mentors' would also meet other tests' sessions in this shared
                         # database, whose payments this test's fake Stripe never saw.)
                         payouts.transfer_available(mentor.id))
    await payouts.transfer_session(uuid.UUID(session_id))
    runner = CliRunner()
    ran = await asyncio.to_thread(runner.invoke, cli, ["payouts", "run", "--mentor",
                                                       str(mentor.id)], env=world.env)
    assert ran.exit_code == 0, ran.output
    assert "Nothing to transfer" in ran.output

    [transfer] = world.fake.transfers_to(ref)
    payment = next(p for p in world.fake.payment_intents.values()
                   if p["metadata"] == {"session_id": session_id})
    assert (transfer["amount"], transfer["currency"], transfer["source_transaction"],
            transfer["transfer_group"]) == (NET, "eur", payment["latest_charge"],
                                            f"booking:{session_id}")
    keys = {r[2].get("idempotency-key") for r in world.fake.requests
            if r[1] == "/v1/transfers" and r[3]["destination"] == ref}
    assert keys == {f"booking:{session_id}:transfer"}
    assert await world.postings(session_id, "payout") == 1
    assert await world.mentor_owed(session_id, mentor) == 0
    async with world.container.session_factory()() as session:
        recorded = (await session.execute(select(
            payout_transfers.c.number, payout_transfers.c.ref).where(
            payout_transfers.c.session_id == uuid.UUID(session_id)))).all()
    assert [tuple(r) for r in recorded] == [(0, transfer["id"])]

    earned = (await world.client.get("/api/v1/mentor/earnings",
                                     headers=await bearer(world.client, mentor.email))).json()
    assert [(b["available"], b["paid"]) for b in earned["balances"]] == [(0, NET)]
    # No "mark paid" batches where mentors are paid by transfer: they would pay twice.
    with pytest.raises(PayoutsByTransfer):
        await world.container.earnings().run_payouts(Actor(user_id=None))


async def test_the_payout_job_sends_what_it_can_and_fails_loudly_on_the_rest(
        world: World) -> None:
    mentor = await bookable_mentor(world.client, world.container)
    ref = await world.onboard(mentor, ready=False)
    [slot, other, *_] = await free_slots(world.client, mentor)
    lost, fine = [await world.completed_past_window(mentor, s) for s in (slot, other)]
    lost_intent = next(i for i, p in world.fake.payment_intents.items()
                       if p["metadata"] == {"session_id": lost})
    vanished = world.fake.payment_intents.pop(lost_intent)  # Stripe no longer knows it
    try:
        await world.deliver(world.fake.complete_onboarding(ref))
        runner = CliRunner()
        ran = await asyncio.to_thread(runner.invoke, cli, ["payouts", "run", "--mentor",
                                                           str(mentor.id)], env=world.env)
    finally:
        world.fake.payment_intents[lost_intent] = vanished
    assert ran.exit_code == 1, ran.output
    assert f"{lost}  not sent: " in ran.output and "1 session(s) not sent" in ran.output
    sent = world.fake.transfers_to(ref)
    assert [t["transfer_group"] for t in sent] == [f"booking:{fine}"]

    again = await asyncio.to_thread(runner.invoke, cli, ["payouts", "run", "--mentor",
                                                         str(mentor.id)], env=world.env)
    assert again.exit_code == 0, again.output
    assert sorted(t["transfer_group"] for t in world.fake.transfers_to(ref)) == sorted(
        [f"booking:{fine}", f"booking:{lost}"])


async def test_a_refund_after_the_transfer_reverses_the_mentor_s_part_once(
        world: World) -> None:
    mentor = await bookable_mentor(world.client, world.container)
    ref = await world.onboard(mentor, ready=True)
    [slot, *_] = await free_slots(world.client, mentor)
    session_id = await world.completed_past_window(mentor, slot)
    await world.container.payouts().transfer_session(uuid.UUID(session_id))
    [transfer] = world.fake.transfers_to(ref)

    admin = await bearer(world.client, (await make_user(world.container, Role.ADMIN)).email)
    refund = {"amount": 3000, "reason": "The recording was missing."}
    mentor_auth = await bearer(world.client, mentor.email)
    assert (await world.client.post(f"/api/v1/admin/bookings/{session_id}/refund",
                                    headers=mentor_auth, json=refund)).status_code == 403
    done = await world.client.post(f"/api/v1/admin/bookings/{session_id}/refund",
                                   headers=admin, json=refund)
    assert done.status_code == 200, done.text
    assert (done.json()["status"], done.json()["refunded"]) == ("completed", 3000)
    await world.container.payouts().transfer_available(mentor.id)  # the job again: nothing

    [reversal] = world.fake.transfers[transfer["id"]]["reversals"]["data"]
    assert reversal["amount"] == SHARE_OF_3000
    [(_, _, headers, _)] = [r for r in world.fake.requests
                            if r[1] == f"/v1/transfers/{transfer['id']}/reversals"]
    assert headers["idempotency-key"] == f"booking:{session_id}:reversal:1"
    [stripe_refund] = [r for r in world.fake.refunds.values()
                       if r["payment_intent"] == next(
                           p["id"] for p in world.fake.payment_intents.values()
                           if p["metadata"] == {"session_id": session_id})]
    assert stripe_refund["amount"] == 3000
    assert await world.postings(session_id, "transfer_reversal") == 1
    assert await world.mentor_owed(session_id, mentor) == 0  # the books keep balanced
    too_much = await world.client.post(f"/api/v1/admin/bookings/{session_id}/refund",
                                       headers=admin, json={"amount": 3001, "reason": "x"})
    assert too_much.status_code == 422 and too_much.json()["code"] == "invalid_session_details"
    earned = (await world.client.get("/api/v1/mentor/earnings", headers=mentor_auth)).json()
    assert [(b["available"], b["paid"]) for b in earned["balances"]] == [
        (0, NET - SHARE_OF_3000)]


async def test_a_share_waits_for_a_ready_account_and_then_goes_by_itself(
        world: World) -> None:
    mentor = await bookable_mentor(world.client, world.container)
    [slot, *_] = await free_slots(world.client, mentor)
    session_id = await world.completed_past_window(mentor, slot)
    ref = await world.onboard(mentor, ready=False)

    async def transfer_job_ran() -> bool:
        # The release's transfer schedule fired and its handler is done (no ready account).
        d, k = event_deliveries.c, scheduled_events.c
        async with world.container.session_factory()() as session:
            status = (await session.execute(select(d.status).join(
                scheduled_events, k.event_id == d.event_id).where(
                k.key == f"booking:{session_id}:transfer",
                d.handler == "PayoutTimers.transfer_due"))).scalar_one_or_none()
        return status == "done"

    await eventually(transfer_job_ran)
    await world.container.payouts().transfer_available(mentor.id)
    assert world.fake.transfers_to(ref) == []
    assert await world.postings(session_id, "payout") == 0
    assert await world.mentor_owed(session_id, mentor) == NET  # available, waiting

    await world.deliver(world.fake.complete_onboarding(ref))  # ready: the handler sends it

    async def transferred() -> bool:
        return len(world.fake.transfers_to(ref)) == 1

    await eventually(transferred)
    await eventually(lambda: _owed_nothing(world, session_id, mentor))
    assert [t["amount"] for t in world.fake.transfers_to(ref)] == [NET]


async def _owed_nothing(world: World, session_id: str, mentor: User) -> bool:
    return await world.mentor_owed(session_id, mentor) == 0
