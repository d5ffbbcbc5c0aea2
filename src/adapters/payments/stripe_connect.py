"""Mentors' payout accounts on Stripe Connect: Express connected accounts, onboarded on
Stripe's hosted pages.

The account is opened with the mentor's country and e-mail under an idempotency key of the
mentor (``mentor:<id>:payout-account``), so a retried request opens one account. Onboarding
links carry no key on purpose: a link works once and expires within minutes, so each visit
asks for a fresh one (a key would replay a used link for a day). The API version is pinned
like the payment gateway's.
"""

from typing import Any

from adapters.payments.stripe_events import account_status
from adapters.payments.stripe_gateway import stripe_client
from edu_core.domain.bookings.payouts import AccountStatus
from edu_core.ports.payout_accounts import AccountRequest


class StripePayoutAccounts:
    name = "stripe"

    def __init__(self, *, secret_key: str, api_version: str, api_base: str | None = None,
                 max_network_retries: int = 2) -> None:
        self._client = stripe_client(secret_key=secret_key, api_version=api_version,
                                     api_base=api_base, max_network_retries=max_network_retries)

    async def open_account(self, request: AccountRequest, *, idempotency_key: str) -> str:
        account = await self._client.v1.accounts.create_async({
            "type": "express", "country": request.country, "email": request.email,
            # Separate charges and transfers: the account only ever receives transfers.
            "capabilities": {"transfers": {"requested": True}},
            "metadata": {"mentor_id": str(request.mentor_id)},
        }, {"idempotency_key": idempotency_key})
        return account.id

    async def onboarding_url(self, account_ref: str, *, return_url: str,
                             refresh_url: str) -> str:
        link = await self._client.v1.account_links.create_async({
            "account": account_ref, "type": "account_onboarding",
            "return_url": return_url, "refresh_url": refresh_url})
        return link.url

    async def account_status(self, account_ref: str) -> AccountStatus:
        account = await self._client.v1.accounts.retrieve_async(account_ref)
        data: dict[str, Any] = account.to_dict()
        return account_status(data)
