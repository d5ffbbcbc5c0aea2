"""Domain errors: each carries a stable machine-readable ``code`` and a human message.

The HTTP adapter maps the error *category* (the base class) to a status code; the core never
mentions HTTP.
"""

from collections.abc import Mapping
from typing import Any, ClassVar


class DomainError(Exception):
    code: ClassVar[str] = "domain_error"
    default_message: ClassVar[str] = "The request could not be completed."

    def __init__(self, message: str | None = None, *, details: Mapping[str, Any] | None = None):
        self.message = message or self.default_message
        self.details: Mapping[str, Any] | None = details
        super().__init__(self.message)


class InvalidInput(DomainError):
    """A value breaks a business rule (weak password, unknown time zone, ...)."""

    code = "invalid_input"
    default_message = "Some of the values are not acceptable."


class NotFound(DomainError):
    code = "not_found"
    default_message = "The requested resource does not exist."


class Conflict(DomainError):
    code = "conflict"
    default_message = "The request conflicts with the current state."


class NotAuthenticated(DomainError):
    code = "not_authenticated"
    default_message = "Sign in to continue."


class PermissionDenied(DomainError):
    code = "forbidden"
    default_message = "You are not allowed to do this."


class RateLimited(DomainError):
    code = "rate_limited"
    default_message = "Too many requests. Try again later."

    def __init__(self, message: str | None = None, *, retry_after_seconds: int):
        self.retry_after_seconds = retry_after_seconds
        super().__init__(message, details={"retry_after_seconds": retry_after_seconds})


class DependencyError(DomainError):
    """A failure of something the platform depends on. ``message`` is shown to whoever made
    the request; ``internal`` (where the dependency lives, what it answered) is for
    operators: it appears in logs, never in responses."""

    def __init__(self, message: str | None = None, *, details: Mapping[str, Any] | None = None,
                 internal: str | None = None):
        super().__init__(message, details=details)
        self.internal = internal

    def __str__(self) -> str:
        return f"{self.message} ({self.internal})" if self.internal else self.message


class ServiceUnavailable(DependencyError):
    code = "service_unavailable"
    default_message = "A service the platform depends on is unavailable. Try again shortly."


class MailDeliveryError(ServiceUnavailable):
    code = "mail_delivery_failed"
    default_message = "The e-mail could not be delivered."


class PushDeliveryError(ServiceUnavailable):
    code = "push_delivery_failed"
    default_message = "The push notification could not be handed to the provider."


class UpstreamFailed(DependencyError):
    """A service the platform called answered, but not usefully (an error status, a
    malformed reply): answered as 502, unlike an unreachable one (503)."""

    code = "upstream_failed"
    default_message = "A service the platform relies on gave an unusable answer."


class ConcurrentModification(Conflict):
    code = "concurrent_modification"
    default_message = "Someone else changed this record meanwhile. Reload and try again."
