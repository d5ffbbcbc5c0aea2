"""Sign-in sessions and the tokens that prove them.

A session is one sign-in (one "family" of tokens). Browser sessions carry one opaque session
token in a cookie plus a CSRF token; API sessions carry a short-lived access token and a rotating
refresh token. Only SHA-256 digests of tokens are ever stored.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID


class Transport(StrEnum):
    COOKIE = "cookie"
    BEARER = "bearer"


class TokenKind(StrEnum):
    SESSION = "session"  # browser cookie
    ACCESS = "access"  # bearer, short-lived
    REFRESH = "refresh"  # bearer, rotating, single use


class OneTimePurpose(StrEnum):
    VERIFY_EMAIL = "verify_email"
    RESET_PASSWORD = "reset_password"
    # Issued after a correct password when the account has a second factor; exchanged, with a
    # code, for a session.
    SECOND_FACTOR = "second_factor"
    # A TOTP recovery code: single use, replaced as a set when new codes are made.
    RECOVERY_CODE = "recovery_code"
    # Sent to a new address the account asked to move to; carries that address.
    CHANGE_EMAIL = "change_email"


@dataclass(kw_only=True, eq=False)
class AuthSession:
    id: UUID
    user_id: UUID
    transport: Transport
    created_at: datetime
    expires_at: datetime
    csrf_token_hash: str | None = None
    revoked_at: datetime | None = None
    revoked_reason: str | None = None
    # Idle timeout next to the absolute lifetime: a session nobody used for this long ends.
    last_used_at: datetime | None = None
    idle_timeout_seconds: int | None = None
    # Shown on the account's session list so the owner can recognise (and end) each sign-in.
    user_agent: str | None = None
    client_address: str | None = None
    # The name the client gave its device at sign-in ("Priya's iPhone"); apps send one,
    # browsers usually do not.
    device_name: str | None = None
    # Where notifications for this sign-in are pushed (mobile apps); cleared when the app
    # unregisters or the provider reports the token gone. Ends with the session.
    push_platform: str | None = None
    push_token: str | None = None
    push_registered_at: datetime | None = None

    def is_idle(self, now: datetime) -> bool:
        if self.idle_timeout_seconds is None:
            return False
        last = self.last_used_at or self.created_at
        return now - last >= timedelta(seconds=self.idle_timeout_seconds)

    def is_live(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at and not self.is_idle(now)

    def mark_used(self, now: datetime, *, granularity: timedelta,
                  address: str | None = None) -> bool:
        """Record activity (and the address it came from); returns whether it changed.
        Writes are coarsened so a busy client does not update the row on every request; a
        new address is written at once (a device that moved networks)."""
        moved = address is not None and address[:64] != self.client_address
        if not moved and self.last_used_at is not None \
                and now - self.last_used_at < granularity:
            return False
        self.last_used_at = now
        if moved:
            self.client_address = address[:64] if address is not None else None
        return True

    def register_push(self, platform: str, token: str, now: datetime) -> None:
        self.push_platform, self.push_token, self.push_registered_at = platform, token, now

    def forget_push(self) -> None:
        self.push_platform = self.push_token = self.push_registered_at = None

    def revoke(self, reason: str, now: datetime) -> None:
        if self.revoked_at is None:
            self.revoked_at = now
            self.revoked_reason = reason
        # A signed-out device keeps no way to be reached.
        self.forget_push()


@dataclass(kw_only=True, eq=False)
class SessionToken:
    token_hash: str
    session_id: UUID
    kind: TokenKind
    created_at: datetime
    expires_at: datetime
    # Set when a refresh token has been exchanged; presenting it again means it leaked.
    rotated_at: datetime | None = None


@dataclass(kw_only=True, eq=False)
class OneTimeToken:
    token_hash: str
    user_id: UUID
    purpose: OneTimePurpose
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    # CHANGE_EMAIL only: the address the link, once followed, makes the account's.
    new_email: str | None = None

    def is_usable(self, now: datetime) -> bool:
        return self.used_at is None and now < self.expires_at
