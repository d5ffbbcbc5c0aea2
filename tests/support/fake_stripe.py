"""A small Stripe of the project's own: the API endpoints the Stripe adapter calls, served over
HTTP so that the real SDK talks to it (``base_addresses={"api": fake.url}``).

It speaks Stripe's wire format: form-encoded requests with ``a[b][0][c]=v`` nesting, JSON
objects shaped like Stripe's, errors as ``{"error": {"type", "code", "message", "param"}}``
with Stripe's status codes, and ``Idempotency-Key`` honoured as Stripe does (the same key with
the same parameters replays the first answer; with other parameters it is a 400
``idempotency_error``). State lives in memory. Tests play the customer and the webhook sender:
``pay``/``expire`` change a checkout and return the event Stripe would send, and ``sign``
signs it with the SDK's own helper.

Connect: connected accounts (``/v1/accounts``) and their onboarding links, whose holder the
tests play too (``complete_onboarding``/``restrict`` return the ``account.updated`` event);
transfers funded by a payment's charge (``source_transaction`` must be a succeeded charge, in
its currency, and the transfers from it cannot exceed it) to an account whose transfers are
active; reversals of a transfer, never beyond what is left of it.
"""

import json
import secrets
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from adapters.payments.stripe_events import signed_webhook
from tests.support.live_server import live_server

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

MIN_CHECKOUT_SECONDS = 30 * 60
MAX_CHECKOUT_SECONDS = 24 * 3600


class StripeError(Exception):
    def __init__(self, status: int, message: str, *, type: str = "invalid_request_error",
                 code: str | None = None, param: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.body = {"error": {k: v for k, v in {
            "type": type, "code": code, "message": message, "param": param}.items()
            if v is not None}}


def decode_form(body: bytes) -> dict[str, Any]:
    """``line_items[0][price_data][currency]=eur`` -> nested dicts and lists."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(body.decode(), keep_blank_values=True):
        head, _, rest = key.partition("[")
        parts = [head, *(p.rstrip("]") for p in rest.split("[") if rest)]
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    decoded: dict[str, Any] = _lists(root)
    return decoded


def _lists(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    if node and all(k.isdigit() for k in node):
        return [_lists(node[k]) for k in sorted(node, key=int)]
    return {k: _lists(v) for k, v in node.items()}


def _integer(params: dict[str, Any], name: str) -> int:
    try:
        return int(params[name])
    except KeyError:
        raise StripeError(400, f"Missing required param: {name}.", code="parameter_missing",
                          param=name) from None
    except (TypeError, ValueError):
        raise StripeError(400, "Invalid integer: " + str(params[name]),
                          code="parameter_invalid_integer", param=name) from None


@dataclass
class _Replay:
    request: tuple[str, str, dict[str, Any]]
    status: int
    body: dict[str, Any]


@dataclass
class FakeStripe:
    """The server's state; the object itself is the ASGI application."""

    url: str = ""
    checkouts: dict[str, dict[str, Any]] = field(default_factory=dict)
    payment_intents: dict[str, dict[str, Any]] = field(default_factory=dict)
    refunds: dict[str, dict[str, Any]] = field(default_factory=dict)
    charges: dict[str, dict[str, Any]] = field(default_factory=dict)
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)
    account_links: list[dict[str, Any]] = field(default_factory=list)
    transfers: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Every API request as (method, path, headers it carried that matter here, params).
    requests: list[tuple[str, str, dict[str, str], dict[str, Any]]] = field(
        default_factory=list)
    # API paths answered as Stripe answers when it is in trouble (503), until removed.
    outage: set[str] = field(default_factory=set)
    _replays: dict[str, _Replay] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # -- the customer and Stripe's side, for tests ----------------------------------------

    def pay(self, checkout_ref: str) -> dict[str, Any]:
        """The customer pays: the checkout completes, its payment succeeds, and the
        ``checkout.session.completed`` event is returned (not yet delivered)."""
        with self._lock:
            checkout = self._open(checkout_ref)
            intent_id = f"pi_{secrets.token_hex(12)}"
            charge_id = f"ch_{secrets.token_hex(12)}"
            self.charges[charge_id] = {
                "id": charge_id, "object": "charge", "amount": checkout["amount_total"],
                "currency": checkout["currency"], "status": "succeeded", "paid": True,
                "payment_intent": intent_id,
                "transfer_group": checkout["_intent"].get("transfer_group")}
            self.payment_intents[intent_id] = {
                "id": intent_id, "object": "payment_intent", "amount": checkout["amount_total"],
                "amount_received": checkout["amount_total"], "currency": checkout["currency"],
                "status": "succeeded", "metadata": checkout["_intent"].get("metadata", {}),
                "transfer_group": checkout["_intent"].get("transfer_group"),
                "latest_charge": charge_id}
            checkout.update(status="complete", payment_status="paid", payment_intent=intent_id)
            return self._event("checkout.session.completed", checkout)

    def expire(self, checkout_ref: str) -> dict[str, Any]:
        """The checkout runs out of time: the ``checkout.session.expired`` event."""
        with self._lock:
            checkout = self._open(checkout_ref)
            checkout["status"] = "expired"
            return self._event("checkout.session.expired", checkout)

    def complete_onboarding(self, account_ref: str) -> dict[str, Any]:
        """The account's holder finishes onboarding and Stripe enables payouts: the
        ``account.updated`` event (not yet delivered)."""
        with self._lock:
            account = self.accounts[account_ref]
            account.update(details_submitted=True, charges_enabled=True, payouts_enabled=True,
                           capabilities={"transfers": "active"},
                           requirements={"currently_due": [], "disabled_reason": None})
            return self._account_event(account)

    def restrict(self, account_ref: str,
                 reason: str = "requirements.past_due") -> dict[str, Any]:
        """Stripe wants more from the holder (or refused them): payouts stop."""
        with self._lock:
            account = self.accounts[account_ref]
            account.update(details_submitted=True, payouts_enabled=False,
                           capabilities={"transfers": "inactive"},
                           requirements={"currently_due": ["individual.verification.document"],
                                         "disabled_reason": reason})
            return self._account_event(account)

    def transfers_to(self, account_ref: str) -> list[dict[str, Any]]:
        return [t for t in self.transfers.values() if t["destination"] == account_ref]

    def _account_event(self, account: dict[str, Any]) -> dict[str, Any]:
        return {"id": f"evt_{secrets.token_hex(12)}", "object": "event",
                "api_version": account["_api_version"], "created": int(time.time()),
                "livemode": False, "pending_webhooks": 1, "type": "account.updated",
                "account": account["id"], "request": {"id": None, "idempotency_key": None},
                "data": {"object": _public(account)}}

    @staticmethod
    def sign(event: dict[str, Any], secret: str,
             timestamp: int | None = None) -> tuple[bytes, str]:
        """The webhook request body and its ``Stripe-Signature``, signed by the SDK."""
        return signed_webhook(event, secret, timestamp)

    def _open(self, checkout_ref: str) -> dict[str, Any]:
        checkout = self.checkouts[checkout_ref]
        self._lapse(checkout)
        if checkout["status"] != "open":
            raise ValueError(f"checkout {checkout_ref} is {checkout['status']}")
        return checkout

    def _event(self, event_type: str, checkout: dict[str, Any]) -> dict[str, Any]:
        return {"id": f"evt_{secrets.token_hex(12)}", "object": "event",
                "api_version": checkout["_api_version"], "created": int(time.time()),
                "livemode": False, "pending_webhooks": 1, "type": event_type,
                "request": {"id": None, "idempotency_key": None},
                "data": {"object": _public(checkout)}}

    # -- the API ----------------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        status, answer, extra = self.handle(scope["method"], scope["path"], headers,
                                            decode_form(body))
        payload = json.dumps(answer).encode()
        await send({"type": "http.response.start", "status": status, "headers": [
            (b"content-type", b"application/json"), (b"request-id", b"req_fake"),
            *((k.encode(), v.encode()) for k, v in extra.items())]})
        await send({"type": "http.response.body", "body": payload})

    def handle(self, method: str, path: str, headers: dict[str, str],
               params: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
        if path == "/health/live":  # for the test server's start-up probe
            return 200, {"status": "ok"}, {}
        with self._lock:
            self.requests.append((method, path, {k: headers[k] for k in (
                "idempotency-key", "stripe-version") if k in headers}, params))
            if not headers.get("authorization", "").startswith("Bearer sk_"):
                return 401, StripeError(401, "Invalid API Key provided.",
                                        type="invalid_request_error").body, {}
            if path in self.outage:
                return 503, StripeError(503, "Stripe is temporarily unavailable.",
                                        type="api_error").body, {}
            key = headers.get("idempotency-key") if method == "POST" else None
            request = (method, path, params)
            if key is not None and key in self._replays:
                first = self._replays[key]
                if first.request != request:
                    return 400, StripeError(
                        400, "Keys for idempotent requests can only be used with the same "
                        "parameters they were first used with. Try using a key other than "
                        f"'{key}' if you meant to execute a different request.",
                        type="idempotency_error").body, {}
                return first.status, first.body, {"idempotent-replayed": "true"}
            try:
                status, answer = 200, self._route(method, path, headers, params)
            except StripeError as error:
                status, answer = error.status, error.body
            if key is not None:
                self._replays[key] = _Replay(request, status, answer)
            return status, answer, {}

    def _route(self, method: str, path: str, headers: dict[str, str],
               params: dict[str, Any]) -> dict[str, Any]:
        parts = path.strip("/").split("/")
        match method, parts:
            case "POST", ["v1", "checkout", "sessions"]:
                return self._create_checkout(params, headers.get("stripe-version", ""))
            case "GET", ["v1", "checkout", "sessions", ref]:
                return _public(self._checkout(ref))
            case "POST", ["v1", "checkout", "sessions", ref, "expire"]:
                checkout = self._checkout(ref)
                if checkout["status"] != "open":
                    raise StripeError(
                        400, 'Only Checkout Sessions with a status in ["open"] can be '
                        f"expired. This Checkout Session has a status of "
                        f"`{checkout['status']}`.")
                checkout["status"] = "expired"
                return _public(checkout)
            case "POST", ["v1", "refunds"]:
                return self._refund(params)
            case "GET", ["v1", "payment_intents", ref]:
                if ref not in self.payment_intents:
                    raise StripeError(404, f"No such payment_intent: '{ref}'",
                                      code="resource_missing", param="intent")
                return self.payment_intents[ref]
            case "POST", ["v1", "accounts"]:
                return self._create_account(params, headers.get("stripe-version", ""))
            case "GET", ["v1", "accounts", ref]:
                return _public(self._account(ref))
            case "POST", ["v1", "account_links"]:
                return self._account_link(params)
            case "POST", ["v1", "transfers"]:
                return self._transfer(params)
            case "GET", ["v1", "transfers", ref]:
                return self._transfer_of(ref)
            case "POST", ["v1", "transfers", ref, "reversals"]:
                return self._reverse(self._transfer_of(ref), params)
        raise StripeError(404, f"Unrecognized request URL ({method}: {path}).")

    def _checkout(self, ref: str) -> dict[str, Any]:
        if ref not in self.checkouts:
            raise StripeError(404, f"No such checkout.session: '{ref}'",
                              code="resource_missing", param="session")
        checkout = self.checkouts[ref]
        self._lapse(checkout)
        return checkout

    @staticmethod
    def _lapse(checkout: dict[str, Any]) -> None:
        if checkout["status"] == "open" and checkout["expires_at"] <= time.time():
            checkout["status"] = "expired"

    def _create_checkout(self, params: dict[str, Any], api_version: str) -> dict[str, Any]:
        if params.get("mode") != "payment":
            raise StripeError(400, "This fake only knows mode=payment.", param="mode")
        items = params.get("line_items")
        if not isinstance(items, list) or len(items) != 1:
            raise StripeError(400, "Missing required param: line_items.",
                              code="parameter_missing", param="line_items")
        price = items[0].get("price_data", {})
        amount = _integer(price, "unit_amount") * int(items[0].get("quantity", 1))
        now = int(time.time())
        expires_at = _integer(params, "expires_at") if "expires_at" in params \
            else now + MAX_CHECKOUT_SECONDS
        if not now + MIN_CHECKOUT_SECONDS <= expires_at <= now + MAX_CHECKOUT_SECONDS:
            raise StripeError(400, "The `expires_at` timestamp must be between 30 minutes and "
                              "24 hours from Checkout Session creation.",
                              code="parameter_invalid_integer", param="expires_at")
        for url in ("success_url", "cancel_url"):
            if not params.get(url):
                raise StripeError(400, f"Missing required param: {url}.",
                                  code="parameter_missing", param=url)
        ref = f"cs_test_{secrets.token_hex(16)}"
        checkout = self.checkouts[ref] = {
            "id": ref, "object": "checkout.session", "mode": "payment", "livemode": False,
            "created": now, "expires_at": expires_at, "status": "open",
            "payment_status": "unpaid", "payment_intent": None, "amount_total": amount,
            "amount_subtotal": amount, "currency": str(price.get("currency", "")).lower(),
            "customer_email": params.get("customer_email"),
            "metadata": params.get("metadata", {}), "success_url": params["success_url"],
            "cancel_url": params["cancel_url"], "url": f"{self.url}/c/pay/{ref}",
            "_intent": params.get("payment_intent_data", {}), "_line_items": items,
            "_api_version": api_version}
        return _public(checkout)

    def _refund(self, params: dict[str, Any]) -> dict[str, Any]:
        intent_id = params.get("payment_intent")
        intent = self.payment_intents.get(str(intent_id))
        if intent is None:
            raise StripeError(400, f"No such payment_intent: '{intent_id}'",
                              code="resource_missing", param="payment_intent")
        refunded = sum(r["amount"] for r in self.refunds.values()
                       if r["payment_intent"] == intent_id)
        left = intent["amount_received"] - refunded
        amount = _integer(params, "amount") if "amount" in params else left
        if amount < 1:
            raise StripeError(400, "This value must be greater than or equal to 1.",
                              param="amount")
        if left <= 0:
            raise StripeError(400, f"Charge for {intent_id} has already been refunded.",
                              code="charge_already_refunded")
        if amount > left:
            raise StripeError(400, f"Refund amount ({amount}) is greater than unrefunded "
                              f"amount on charge ({left})", param="amount")
        ref = f"re_{secrets.token_hex(12)}"
        self.refunds[ref] = refund = {
            "id": ref, "object": "refund", "amount": amount, "currency": intent["currency"],
            "payment_intent": intent_id, "status": "succeeded", "created": int(time.time()),
            "metadata": params.get("metadata", {})}
        return refund

    def _account(self, ref: str) -> dict[str, Any]:
        if ref not in self.accounts:
            raise StripeError(404, f"No such account: '{ref}'", code="resource_missing",
                              param="account")
        return self.accounts[ref]

    def _create_account(self, params: dict[str, Any], api_version: str) -> dict[str, Any]:
        if params.get("type") not in ("express", "standard"):
            raise StripeError(400, "This fake only knows type=express or type=standard.",
                              param="type")
        country = str(params.get("country", ""))
        if len(country) != 2 or not country.isalpha() or not country.isupper():
            raise StripeError(400, f"Country '{country}' is unknown.", param="country")
        ref = f"acct_{secrets.token_hex(8)}"
        self.accounts[ref] = account = {
            "id": ref, "object": "account", "type": params["type"], "country": country,
            "email": params.get("email"), "details_submitted": False,
            "charges_enabled": False, "payouts_enabled": False,
            "capabilities": {"transfers": "inactive"},
            "requirements": {"currently_due": ["external_account", "tos_acceptance.date"],
                             "disabled_reason": "requirements.past_due"},
            "metadata": params.get("metadata", {}), "created": int(time.time()),
            "_requested": params.get("capabilities", {}), "_api_version": api_version}
        return _public(account)

    def _account_link(self, params: dict[str, Any]) -> dict[str, Any]:
        account = self._account(str(params.get("account")))
        if params.get("type") not in ("account_onboarding", "account_update"):
            raise StripeError(400, "Invalid type: must be account_onboarding or "
                              "account_update.", param="type")
        for url in ("return_url", "refresh_url"):
            if not params.get(url):
                raise StripeError(400, f"Missing required param: {url}.",
                                  code="parameter_missing", param=url)
        now = int(time.time())
        link = {"object": "account_link", "created": now, "expires_at": now + 300,
                "url": f"{self.url}/connect/setup/{account['id']}/{secrets.token_hex(8)}",
                "_params": params}
        self.account_links.append(link)
        return _public(link)

    def _transfer(self, params: dict[str, Any]) -> dict[str, Any]:
        amount = _integer(params, "amount")
        if amount < 1:
            raise StripeError(400, "This value must be greater than or equal to 1.",
                              param="amount")
        account = self._account(str(params.get("destination")))
        if account["capabilities"].get("transfers") != "active":
            raise StripeError(400, "Your destination account needs to have at least one of "
                              "the following capabilities enabled: transfers, "
                              "crypto_transfers, legacy_payments",
                              code="insufficient_capabilities_for_transfer",
                              param="destination")
        source = params.get("source_transaction")
        charge = self.charges.get(str(source))
        if charge is None or charge["status"] != "succeeded":
            raise StripeError(400, f"No such charge: '{source}'", code="resource_missing",
                              param="source_transaction")
        currency = str(params.get("currency", "")).lower()
        if currency != charge["currency"]:
            raise StripeError(400, "The currency of source_transaction's balance transaction "
                              f"({charge['currency']}) must be the same as the transfer "
                              f"currency ({currency})", param="currency")
        sent = sum(t["amount"] for t in self.transfers.values()
                   if t["source_transaction"] == charge["id"])
        if sent + amount > charge["amount"]:
            raise StripeError(400, f"Insufficient funds in source transaction {charge['id']}: "
                              f"{charge['amount'] - sent} left, {amount} asked.",
                              code="balance_insufficient", param="amount")
        ref = f"tr_{secrets.token_hex(12)}"
        self.transfers[ref] = transfer = {
            "id": ref, "object": "transfer", "amount": amount, "amount_reversed": 0,
            "currency": currency, "destination": account["id"], "source_transaction":
            charge["id"], "transfer_group": params.get("transfer_group"),
            "metadata": params.get("metadata", {}), "reversed": False,
            "reversals": {"object": "list", "data": []}, "created": int(time.time())}
        return transfer

    def _transfer_of(self, ref: str) -> dict[str, Any]:
        if ref not in self.transfers:
            raise StripeError(404, f"No such transfer: '{ref}'", code="resource_missing",
                              param="id")
        return self.transfers[ref]

    @staticmethod
    def _reverse(transfer: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
        left = transfer["amount"] - transfer["amount_reversed"]
        amount = _integer(params, "amount") if "amount" in params else left
        if left <= 0:
            raise StripeError(400, f"Transfer {transfer['id']} is already fully reversed.")
        if amount < 1 or amount > left:
            raise StripeError(400, f"You have attempted to reverse more than the amount "
                              f"({left}) remaining on the transfer.", param="amount")
        reversal = {"id": f"trr_{secrets.token_hex(12)}", "object": "transfer_reversal",
                    "amount": amount, "currency": transfer["currency"],
                    "transfer": transfer["id"], "created": int(time.time())}
        transfer["reversals"]["data"].append(reversal)
        transfer["amount_reversed"] += amount
        transfer["reversed"] = transfer["amount_reversed"] == transfer["amount"]
        return reversal


def _public(checkout: dict[str, Any]) -> dict[str, Any]:
    """The object as the API shows it (without what the fake keeps for itself)."""
    return {k: v for k, v in checkout.items() if not k.startswith("_")}


@contextmanager
def fake_stripe() -> Iterator[FakeStripe]:
    """A fake Stripe served by uvicorn on a free port in a thread of its own."""
    fake = FakeStripe()
    with live_server(fake) as url:
        fake.url = url
        yield fake
