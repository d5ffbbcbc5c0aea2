"""``GET /metrics``: Prometheus metrics, for the scraper only.

Route names, error rates and latencies describe the system to an attacker, so the endpoint is
not public. With ``EDU_METRICS_TOKEN`` set, the scraper sends it as a bearer token. Without
one, production refuses every request, and development and test answer only clients on this
machine (loopback), which is where a developer's browser or local Prometheus runs.
"""

import hmac
import ipaddress
from collections.abc import Sequence
from typing import Any

from litestar import Request, Response, get

from adapters.http.access import PUBLIC, policy
from adapters.http.errors import ErrorBody
from adapters.http.security.client_ip import client_ip
from adapters.observability.metrics import Metrics


def _loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def _refusal(request: Request[Any, Any, Any], status: int, code: str,
             message: str) -> Response[ErrorBody]:
    headers = {"WWW-Authenticate": 'Bearer realm="metrics"'} if status == 401 else None
    return Response(ErrorBody(code=code, message=message,
                              request_id=request.scope.get("state", {}).get("request_id")),
                    status_code=status, headers=headers)


def metrics_endpoint(metrics: Metrics, *, token: str | None, production: bool,
                     trusted_proxies: Sequence[str]) -> Any:
    expected = f"Bearer {token}".encode() if token else None

    # Declared public: the bearer token here is the scraper's, not a user's session.
    @get("/metrics", operation_id="metrics", summary="Prometheus metrics",
         include_in_schema=False, sync_to_thread=False, **policy(PUBLIC))
    def handler(request: Request[Any, Any, Any]) -> Response[Any]:
        if expected is not None:
            given = request.headers.get("authorization", "").encode("latin-1", "replace")
            if not hmac.compare_digest(given, expected):
                return _refusal(request, 401, "not_authenticated",
                                "Send the metrics token as a bearer token.")
        elif production:
            return _refusal(request, 403, "forbidden",
                            "Metrics are disabled: set EDU_METRICS_TOKEN to enable them.")
        elif not _loopback(client_ip(request.scope, trusted_proxies)):
            return _refusal(request, 403, "forbidden",
                            "Without EDU_METRICS_TOKEN, metrics answer only this machine.")
        payload, content_type = metrics.render()
        return Response(payload, media_type=content_type)

    return handler
