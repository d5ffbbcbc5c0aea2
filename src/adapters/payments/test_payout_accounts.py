"""The built-in test gateway's payout accounts: the embedded default, so that a mentor can
walk through payout setup without a payment provider account.

It behaves like Stripe Connect's hosted onboarding where the platform can tell: an account is
opened once per idempotency key, the mentor is sent to a page of its own
(``/payouts/test/<ref>``, clearly marked "test payout account") where they confirm their
details (the account becomes ready), submit without the documents asked for (restricted), or
leave; what happened reaches the platform as the same signed ``account.updated`` event Stripe
sends, verified by the same code. No bank details are asked or stored.
"""

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from adapters.db.connections import Database, Session
from adapters.db.tables import test_payout_accounts
from adapters.payments.stripe_events import signed_webhook
from edu_core.domain.bookings.payouts import (
    AccountStatus,
    PayoutAccountReady,
    PayoutAccountState,
)
from edu_core.domain.errors import NotFound
from edu_core.ports.payout_accounts import AccountRequest

c = test_payout_accounts.c
# What the test page's "submit without documents" leaves the account waiting for.
MISSING_DOCUMENTS = "requirements.past_due"


class TestAccountOutcome(Enum):
    __test__ = False  # not a pytest test class
    COMPLETE = "complete"  # details confirmed: payouts enabled
    RESTRICT = "restrict"  # submitted without the documents asked for
    LEAVE = "leave"  # back to the platform, nothing changed


class TestPayoutAccountNotFound(NotFound):
    __test__ = False  # not a pytest test class
    code = "payout_account_not_found"
    default_message = "No such payout account."


@dataclass(frozen=True, kw_only=True)
class TestPayoutAccountView:
    __test__ = False  # not a pytest test class

    ref: str
    email: str
    country: str
    state: PayoutAccountState
    reason: str | None
    return_url: str | None


@dataclass(frozen=True, kw_only=True)
class TestAccountSettlement:
    __test__ = False  # not a pytest test class

    """Where the page sends the mentor, and the webhook for the platform (None: nothing
    changed)."""

    redirect_url: str | None
    webhook: tuple[bytes, str] | None


class TestPayoutAccounts:
    __test__ = False  # not a pytest test class
    name = "test"

    def __init__(self, database: Database, *, secret: str, public_url: str) -> None:
        self._database = database
        self._secret = secret
        self._public_url = public_url.rstrip("/")

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[Session]:
        """The request's connection when it is free, committed at the end."""
        async with self._database.session() as session:
            yield session
            await session.commit()

    # -- the port --------------------------------------------------------------------------

    async def open_account(self, request: AccountRequest, *, idempotency_key: str) -> str:
        now = datetime.now(UTC)
        async with self._transaction() as session:
            await session.execute(pg_insert(test_payout_accounts).values(
                ref=f"acct_test_{secrets.token_hex(12)}", idempotency_key=idempotency_key,
                mentor_id=request.mentor_id, email=request.email, country=request.country,
                state=PayoutAccountState.ONBOARDING.value, created_at=now,
                updated_at=now).on_conflict_do_nothing(index_elements=[c.idempotency_key]))
            ref = (await session.execute(select(c.ref).where(
                c.idempotency_key == idempotency_key))).scalar_one()
        return str(ref)

    async def onboarding_url(self, account_ref: str, *, return_url: str,
                             refresh_url: str) -> str:
        async with self._transaction() as session:
            await session.execute(update(test_payout_accounts).where(
                c.ref == account_ref).values(return_url=return_url, refresh_url=refresh_url,
                                             updated_at=datetime.now(UTC)))
        return f"{self._public_url}/payouts/test/{account_ref}"

    async def account_status(self, account_ref: str) -> AccountStatus:
        async with self._database.session() as session:
            row = (await session.execute(select(c.state, c.reason).where(
                c.ref == account_ref))).first()
        if row is None:
            raise TestPayoutAccountNotFound()
        return AccountStatus(state=PayoutAccountState(row.state), reason=row.reason)

    # -- the test onboarding page ----------------------------------------------------------

    async def view(self, account_ref: str) -> TestPayoutAccountView:
        async with self._database.session() as session:
            row = (await session.execute(select(test_payout_accounts).where(
                c.ref == account_ref))).mappings().first()
        if row is None:
            raise TestPayoutAccountNotFound()
        return TestPayoutAccountView(ref=row["ref"], email=row["email"], country=row["country"],
                                     state=PayoutAccountState(row["state"]),
                                     reason=row["reason"], return_url=row["return_url"])

    async def settle(self, account_ref: str,
                     outcome: TestAccountOutcome) -> TestAccountSettlement:
        """The mentor's choice on the test page; the webhook is for the platform."""
        async with self._transaction() as session:
            row = (await session.execute(select(test_payout_accounts).where(
                c.ref == account_ref).with_for_update())).mappings().first()
            if row is None:
                raise TestPayoutAccountNotFound()
            if row["state"] == PayoutAccountState.READY.value:
                raise PayoutAccountReady()
            if outcome is TestAccountOutcome.LEAVE:
                return TestAccountSettlement(redirect_url=row["return_url"], webhook=None)
            ready = outcome is TestAccountOutcome.COMPLETE
            state = PayoutAccountState.READY if ready else PayoutAccountState.RESTRICTED
            reason = None if ready else MISSING_DOCUMENTS
            await session.execute(update(test_payout_accounts).where(
                c.ref == account_ref).values(state=state.value, reason=reason,
                                             updated_at=datetime.now(UTC)))
        event = self._event({**row, "state": state.value, "reason": reason})
        return TestAccountSettlement(redirect_url=row["return_url"],
                                     webhook=signed_webhook(event, self._secret))

    @staticmethod
    def _event(row: dict[str, Any]) -> dict[str, Any]:
        """A Stripe-shaped ``account.updated`` event of the account."""
        ready = row["state"] == PayoutAccountState.READY.value
        return {
            "id": f"evt_test_{secrets.token_hex(12)}", "object": "event",
            "type": "account.updated", "created": int(datetime.now(UTC).timestamp()),
            "livemode": False, "account": row["ref"],
            "data": {"object": {
                "id": row["ref"], "object": "account", "type": "express",
                "country": row["country"], "email": row["email"],
                "details_submitted": True, "charges_enabled": False,
                "payouts_enabled": ready,
                "capabilities": {"transfers": "active" if ready else "inactive"},
                "requirements": {"disabled_reason": row["reason"]},
                "metadata": {"mentor_id": str(row["mentor_id"])}}}}
