"""Rate-limiter adapters."""

from adapters.ratelimit.limiter import LimitsRateLimiter

__all__ = ["LimitsRateLimiter"]
