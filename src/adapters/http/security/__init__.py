"""HTTP edge security: client address, security headers, HTTPS enforcement, rate limits."""

from adapters.http.security.client_ip import client_ip, forwarded_proto, parse_trusted_proxies
from adapters.http.security.headers import (
    CONTENT_SECURITY_POLICY,
    DOCS_CONTENT_SECURITY_POLICY,
    SECURITY_HEADERS,
    SecurityHeadersMiddleware,
    content_security_policy,
)
from adapters.http.security.https import HEALTH_PATHS, HTTPSRedirectMiddleware
from adapters.http.security.rate_limit import RATE_LIMIT_OPT, RateLimitMiddleware

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "DOCS_CONTENT_SECURITY_POLICY",
    "HEALTH_PATHS",
    "RATE_LIMIT_OPT",
    "SECURITY_HEADERS",
    "HTTPSRedirectMiddleware",
    "RateLimitMiddleware",
    "SecurityHeadersMiddleware",
    "client_ip",
    "content_security_policy",
    "forwarded_proto",
    "parse_trusted_proxies",
]
