"""A small Stripe of the project's own: the API endpoints the Stripe adapter calls, served over
HTTP so that the real SDK talks to it (``base_addresses={"api": fake.url}``).

It speaks Stripe's wire format: form-encoded requests with ``a[b][0][c]=v`` nesting, JSON
objects shaped like Stripe's, errors as ``{"error": {"type", "code", "message", "param"}}``
with Stripe's status codes, and ``Idempotency-Key`` honoured as Stripe does (the same key with
the same parameters replays the first answer; with other parameters it is a 400
``idempotency_error``). State lives in memory. Tests play the customer and the webhook sender:
``pay``/``expire`` change a checkout and return the event Stripe would send, and ``sign``
signs it with the SDK's own helper.
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
    # Every API request as (method, path, headers it carried that matter here, params).
    requests: list[tuple[str, str, dict[str, str], dict[str, Any]]] = field(
        default_factory=list)
    _replays: dict[str, _Replay] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # -- the customer and Stripe's side, for tests ----------------------------------------

    def pay(self, checkout_ref: str) -> dict[str, Any]:
        """The customer pays: the checkout completes, its payment succeeds, and the
        ``checkout.session.completed`` event is returned (not yet delivered)."""
        with self._lock:
            checkout = self._open(checkout_ref)
            intent_id = f"pi_{secrets.token_hex(12)}"
            self.payment_intents[intent_id] = {
                "id": intent_id, "object": "payment_intent", "amount": checkout["amount_total"],
                "amount_received": checkout["amount_total"], "currency": checkout["currency"],
                "status": "succeeded", "metadata": checkout["_intent"].get("metadata", {}),
                "transfer_group": checkout["_intent"].get("transfer_group")}
            checkout.update(status="complete", payment_status="paid", payment_intent=intent_id)
            return self._event("checkout.session.completed", checkout)

    def expire(self, checkout_ref: str) -> dict[str, Any]:
        """The checkout runs out of time: the ``checkout.session.expired`` event."""
        with self._lock:
            checkout = self._open(checkout_ref)
            checkout["status"] = "expired"
            return self._event("checkout.session.expired", checkout)

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


def _public(checkout: dict[str, Any]) -> dict[str, Any]:
    """The checkout as the API shows it (without what the fake keeps for itself)."""
    return {k: v for k, v in checkout.items() if not k.startswith("_")}


@contextmanager
def fake_stripe() -> Iterator[FakeStripe]:
    """A fake Stripe served by uvicorn on a free port in a thread of its own."""
    fake = FakeStripe()
    with live_server(fake) as url:
        fake.url = url
        yield fake
