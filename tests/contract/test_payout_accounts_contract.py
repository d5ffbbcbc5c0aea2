"""Mentors' payout accounts at the gateway under one suite: the in-memory fake, the built-in
test gateway (PostgreSQL) and Stripe Connect against the project's fake Stripe server. What
the payouts rely on: one account per idempotency key, a link to hosted onboarding that brings
the mentor back, and the account's state as its holder leaves it, reported by a signed
``account.updated`` webhook where the gateway sends one."""

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass

import pytest

from adapters.db.connections import Database
from adapters.db.engine import build_engine
from adapters.memory.payouts import FakePayoutAccounts
from adapters.payments.stripe_connect import StripePayoutAccounts
from adapters.payments.stripe_gateway import StripeGateway
from adapters.payments.test_gateway import TestPaymentGateway
from adapters.payments.test_payout_accounts import (
    MISSING_DOCUMENTS,
    TestAccountOutcome,
    TestPayoutAccounts,
)
from adapters.settings import Settings
from edu_core.domain.bookings.payouts import AccountStatus, PayoutAccountState
from edu_core.ports.payments import GatewayEventKind, PaymentGateway
from edu_core.ports.payout_accounts import AccountRequest, PayoutAccounts
from tests.support.fake_stripe import FakeStripe, fake_stripe

SECRET = "whsec_payout_accounts"
Webhook = tuple[bytes, str] | None


@dataclass(frozen=True)
class Harness:
    accounts: PayoutAccounts
    # The holder finishes onboarding / submits without what is asked: the webhook it causes.
    complete: Callable[[str], Awaitable[Webhook]]
    restrict: Callable[[str], Awaitable[Webhook]]
    # The gateway whose webhook endpoint receives the events (None: it sends none).
    gateway: PaymentGateway | None


@pytest.fixture(scope="module")
def stripe_server() -> Iterator[FakeStripe]:
    with fake_stripe() as fake:
        yield fake


@pytest.fixture(params=["memory", "test", "stripe"])
async def harness(request: pytest.FixtureRequest) -> AsyncIterator[Harness]:
    if request.param == "memory":
        fake = FakePayoutAccounts()

        async def set_ready(ref: str) -> Webhook:
            fake.set_status(ref, PayoutAccountState.READY)
            return None

        async def set_restricted(ref: str) -> Webhook:
            fake.set_status(ref, PayoutAccountState.RESTRICTED, MISSING_DOCUMENTS)
            return None

        yield Harness(fake, set_ready, set_restricted, None)
        return
    if request.param == "test":
        engine = build_engine(request.getfixturevalue("database_url"), pool_size=2)
        database = Database(engine)
        accounts = TestPayoutAccounts(database, secret=SECRET, public_url="https://app.example")

        async def settle(outcome: TestAccountOutcome, ref: str) -> Webhook:
            return (await accounts.settle(ref, outcome)).webhook

        yield Harness(accounts, lambda ref: settle(TestAccountOutcome.COMPLETE, ref),
                      lambda ref: settle(TestAccountOutcome.RESTRICT, ref),
                      TestPaymentGateway(database, secret=SECRET,
                                         public_url="https://app.example"))
        await engine.dispose()
        return
    server: FakeStripe = request.getfixturevalue("stripe_server")
    version = Settings(_env_file=None).stripe_api_version  # type: ignore[call-arg]

    async def completed(ref: str) -> Webhook:
        return server.sign(server.complete_onboarding(ref), SECRET)

    async def restricted(ref: str) -> Webhook:
        return server.sign(server.restrict(ref), SECRET)

    yield Harness(StripePayoutAccounts(secret_key="sk_test_accounts", api_version=version,
                                       api_base=server.url, max_network_retries=0),
                  completed, restricted,
                  StripeGateway(secret_key="sk_test_accounts", webhook_secret=SECRET,
                                api_version=version, api_base=server.url,
                                max_network_retries=0))


def wanted(country: str = "DE") -> AccountRequest:
    return AccountRequest(mentor_id=uuid.uuid4(), email="mentor@example.org", country=country)


async def test_one_idempotency_key_opens_one_account_waiting_for_its_holder(
        harness: Harness) -> None:
    request, key = wanted(), f"mentor:{uuid.uuid4()}:payout-account"
    first = await harness.accounts.open_account(request, idempotency_key=key)
    assert await harness.accounts.open_account(request, idempotency_key=key) == first
    other = await harness.accounts.open_account(
        wanted(), idempotency_key=f"mentor:{uuid.uuid4()}:payout-account")
    assert other != first
    assert await harness.accounts.account_status(first) == AccountStatus(
        state=PayoutAccountState.ONBOARDING)


async def test_onboarding_links_lead_to_the_gateway_and_back(harness: Harness) -> None:
    ref = await harness.accounts.open_account(
        wanted(), idempotency_key=f"mentor:{uuid.uuid4()}:payout-account")
    url = await harness.accounts.onboarding_url(
        ref, return_url="https://app.example/mentor/earnings?payouts=returned",
        refresh_url="https://app.example/mentor/earnings?payouts=expired")
    assert url.startswith(("https://", "http://127.0.0.1"))
    again = await harness.accounts.onboarding_url(
        ref, return_url="https://app.example/back", refresh_url="https://app.example/again")
    assert again.startswith(url.rsplit("/", 1)[0])


async def test_the_account_s_state_follows_its_holder_and_is_reported_signed(
        harness: Harness) -> None:
    ref = await harness.accounts.open_account(
        wanted("FR"), idempotency_key=f"mentor:{uuid.uuid4()}:payout-account")
    for act, status in [
            (harness.restrict, AccountStatus(state=PayoutAccountState.RESTRICTED,
                                             reason=MISSING_DOCUMENTS)),
            (harness.complete, AccountStatus(state=PayoutAccountState.READY))]:
        webhook = await act(ref)
        assert await harness.accounts.account_status(ref) == status
        if harness.gateway is None:
            assert webhook is None
            continue
        assert webhook is not None
        event = harness.gateway.verify_webhook(*webhook)
        assert (event.kind, event.type, event.account_ref) == (
            GatewayEventKind.ACCOUNT_UPDATED, "account.updated", ref)
