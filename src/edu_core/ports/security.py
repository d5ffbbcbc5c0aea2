"""Password hashing (slow by design, so the adapters run it off the event loop) and one-time
passwords of the second factor."""

from datetime import datetime
from typing import Protocol


class PasswordHasher(Protocol):
    async def hash(self, password: str) -> str: ...

    async def verify(self, password: str, password_hash: str) -> bool:
        """False for a wrong password or a hash that is not valid (never raises on those)."""
        ...

    async def dummy_verify(self) -> None:
        """Spend the time of one verification: unknown e-mails must take as long as known ones."""
        ...


class TotpAlgorithm(Protocol):
    """Time-based one-time passwords (RFC 6238) as authenticator apps compute them."""

    def new_secret(self) -> str:
        """A fresh random shared secret, base32 as the apps expect."""
        ...

    def provisioning_uri(self, secret: str, *, account: str, issuer: str) -> str:
        """The ``otpauth://`` URI an app scans (as a QR code) to add the account."""
        ...

    def matching_step(self, secret: str, code: str, at: datetime) -> int | None:
        """The time step whose code ``code`` is (the current one or a neighbour, for clock
        drift), or None when it matches none."""
        ...
