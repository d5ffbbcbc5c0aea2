"""Password hashing. Slow by design, so the adapters run it off the event loop."""

from typing import Protocol


class PasswordHasher(Protocol):
    async def hash(self, password: str) -> str: ...

    async def verify(self, password: str, password_hash: str) -> bool:
        """False for a wrong password or a hash that is not valid (never raises on those)."""
        ...

    async def dummy_verify(self) -> None:
        """Spend the time of one verification: unknown e-mails must take as long as known ones."""
        ...
