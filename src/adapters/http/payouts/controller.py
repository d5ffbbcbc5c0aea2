"""A mentor's payout account (S12): its state and the way into the gateway's hosted onboarding,
/api/v1/mentor/payout-account; and the built-in test gateway's "test payout account" page,
/api/v1/payments/test-payout-accounts."""

from typing import Annotated, Any, ClassVar

import msgspec
from litestar import Controller, get, post
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, JSONBody
from msgspec import Meta

from adapters.http.access import PUBLIC, policy, provide_principal
from adapters.http.dependencies import provide_payment_webhooks
from adapters.http.errors import error_responses
from adapters.payments.test_payout_accounts import TestAccountOutcome, TestPayoutAccounts
from edu_core.application.actors import Principal
from edu_core.application.payment_webhooks import PaymentWebhooks
from edu_core.application.payouts import PayoutAccountView, PayoutService
from edu_core.domain.bookings.payouts import PayoutAccountState
from edu_core.domain.identity import Role
from edu_core.ports.payments import PayoutMethod


def provide_payouts(state: State) -> PayoutService:
    service: PayoutService = state.container.payouts()
    return service


def provide_test_payout_accounts(state: State) -> TestPayoutAccounts:
    """The built-in test gateway's accounts; their page does not exist with a real gateway."""
    accounts = state.container.payout_accounts()
    if not isinstance(accounts, TestPayoutAccounts):
        raise NotFoundException()
    return accounts


class PayoutAccountOut(msgspec.Struct):
    state: Annotated[PayoutAccountState, Meta(description=(
        "`not_started`: no account yet; `onboarding`: details still to fill in at the "
        "gateway; `ready`: payouts enabled; `restricted`: the gateway needs more (or refused), "
        "see `reason`."))]
    reason: Annotated[str | None, Meta(description=(
        "The gateway's code for a restriction, e.g. `requirements.past_due`, "
        "`requirements.pending_verification`, `rejected.other`."))]
    gateway: Annotated[str, Meta(description="`stripe`, or `test` for the built-in test "
                                             "gateway (no real money).")]
    payouts: Annotated[PayoutMethod, Meta(description=(
        "`transfers`: each session's share goes to the account once available; `batches`: "
        "available balances are paid in an administrator's payout run."))]
    countries: Annotated[list[str], Meta(description=(
        "Countries (ISO 3166-1 alpha-2) where an account can be opened."))]

    @classmethod
    def of(cls, view: PayoutAccountView) -> "PayoutAccountOut":
        return cls(state=view.state, reason=view.reason, gateway=view.gateway,
                   payouts=view.method, countries=view.countries)


class OnboardingIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {"country": "DE"}

    country: Annotated[str, Meta(min_length=2, max_length=2, description=(
        "Where the mentor lives (ISO 3166-1 alpha-2): needed to open the account, ignored "
        "once it exists."), examples=["DE"])] | None = None


class OnboardingOut(msgspec.Struct):
    url: Annotated[str, Meta(description="The gateway's onboarding page: valid once, for a "
                                         "few minutes.")]


class MentorPayoutAccountController(Controller):
    path = "/api/v1/mentor/payout-account"
    tags = ["Earnings"]
    dependencies = {"payouts": Provide(provide_payouts, sync_to_thread=False),
                    "principal": Provide(provide_principal)}

    @get("/", operation_id="getMyPayoutAccount", summary="My payout account's state",
         responses=error_responses(401, 403), **policy(Role.MENTOR))
    async def account(self, payouts: NamedDependency[PayoutService],
                      principal: NamedDependency[Principal]) -> PayoutAccountOut:
        return PayoutAccountOut.of(await payouts.account(principal))

    @post("/onboarding", operation_id="startPayoutOnboarding", status_code=200,
          summary="Set up or continue my payout account at the payment gateway",
          description="Opens the account on the first call (in `country`) and returns a fresh "
                      "link to the gateway's hosted onboarding; the gateway sends the mentor "
                      "back to the earnings page. An account with payouts enabled answers 409 "
                      "`payout_account_ready`.",
          responses=error_responses(401, 403, 409, 422, 503), **policy(Role.MENTOR))
    async def onboarding(self, payouts: NamedDependency[PayoutService],
                         principal: NamedDependency[Principal],
                         data: JSONBody[OnboardingIn]) -> OnboardingOut:
        return OnboardingOut(url=await payouts.start_onboarding(principal,
                                                                country=data.country))


class TestPayoutAccountOut(msgspec.Struct):
    ref: str
    email: str
    country: str
    state: PayoutAccountState
    reason: str | None
    return_url: str | None


class TestAccountOutcomeIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {"outcome": "complete"}

    outcome: TestAccountOutcome


class TestAccountOutcomeOut(msgspec.Struct):
    redirect_url: str | None


class TestPayoutAccountsController(Controller):
    path = "/api/v1/payments/test-payout-accounts"
    tags = ["Payments"]
    dependencies = {"accounts": Provide(provide_test_payout_accounts, sync_to_thread=False)}

    @get("/{ref:str}", operation_id="getTestPayoutAccount",
         summary="A payout account of the built-in test gateway (its onboarding page)",
         description="Like a gateway's onboarding link, the account's reference is the key.",
         responses=error_responses(404, 429), **policy(PUBLIC, rate_limit="public"))
    async def account(self, accounts: NamedDependency[TestPayoutAccounts],
                      ref: FromPath[str]) -> TestPayoutAccountOut:
        view = await accounts.view(ref)
        return TestPayoutAccountOut(ref=view.ref, email=view.email, country=view.country,
                                    state=view.state, reason=view.reason,
                                    return_url=view.return_url)

    @post("/{ref:str}/outcome", operation_id="settleTestPayoutAccount", status_code=200,
          summary="Choose what happens to a test payout account",
          description="`complete` (payouts enabled), `restrict` (submitted without the "
                      "documents asked for) or `leave` (nothing changes). The gateway's "
                      "`account.updated` webhook reaches the platform before this answers.",
          responses=error_responses(404, 409, 422, 429),
          dependencies={"webhooks": Provide(provide_payment_webhooks, sync_to_thread=False)},
          **policy(PUBLIC, rate_limit="public"))
    async def settle(self, accounts: NamedDependency[TestPayoutAccounts],
                     webhooks: NamedDependency[PaymentWebhooks], ref: FromPath[str],
                     data: JSONBody[TestAccountOutcomeIn]) -> TestAccountOutcomeOut:
        settled = await accounts.settle(ref, data.outcome)
        if settled.webhook is not None:
            await webhooks.receive(*settled.webhook)
        return TestAccountOutcomeOut(redirect_url=settled.redirect_url)
