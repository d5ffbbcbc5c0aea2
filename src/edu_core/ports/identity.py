"""Persistence of users, sign-in sessions, one-time tokens."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from edu_core.domain.identity import (
    AuthSession,
    OneTimePurpose,
    OneTimeToken,
    Role,
    SessionToken,
    User,
    UserStatus,
)
from edu_core.domain.pagination import Page, PageRequest

# Sign-ins listed on the account's security page; older live ones still work and are ended
# by "sign out everywhere else".
LIVE_SESSIONS_SHOWN = 50


@dataclass(frozen=True, slots=True)
class UserQuery:
    text: str | None = None  # matches e-mail or display name, case-insensitive substring
    role: Role | None = None
    status: UserStatus | None = None


@dataclass(frozen=True, slots=True)
class TokenLookup:
    """What authenticating one presented token needs, read in one round trip."""

    token: SessionToken
    session: AuthSession
    user: User


class UserRepository(Protocol):
    def add(self, user: User) -> None:
        """Stage a new user; ``EmailTaken`` surfaces at commit if the address is in use."""
        ...

    async def get(self, user_id: UUID, *, for_update: bool = False) -> User | None: ...

    async def get_by_email(self, email: str) -> User | None: ...

    async def get_many(self, user_ids: Collection[UUID]) -> dict[UUID, User]:
        """The users among ``user_ids`` that exist, in one round trip (lists of items that
        show their authors)."""
        ...

    async def list(self, query: UserQuery, page: PageRequest) -> Page[User]: ...

    async def count(self) -> int: ...


class SessionRepository(Protocol):
    def add(self, session: AuthSession) -> None: ...

    def add_token(self, token: SessionToken) -> None: ...

    async def get(self, session_id: UUID) -> AuthSession | None: ...

    async def lookup(self, token_hash: str, kind: str, *, for_update: bool = False
                     ) -> TokenLookup | None: ...

    async def revoke_all_for_user(self, user_id: UUID, reason: str, now: datetime,
                                  *, keep: UUID | None = None) -> int:
        """Revoke every live session of the user except ``keep``; returns how many."""
        ...

    async def list_live_for_user(self, user_id: UUID, now: datetime) -> list[AuthSession]:
        """The user's sessions that are neither revoked, expired nor idle for too long, most
        recently used first, at most ``LIVE_SESSIONS_SHOWN``."""
        ...

    async def push_targets(self, user_id: UUID, now: datetime) -> list[AuthSession]:
        """The user's live sessions that registered a push token."""
        ...

    async def release_push_token(self, token: str, *, keep: UUID) -> None:
        """Forget ``token`` on every session but ``keep`` (the device signed in anew)."""
        ...


class OneTimeTokenRepository(Protocol):
    def add(self, token: OneTimeToken) -> None: ...

    async def get(self, token_hash: str, *, for_update: bool = False) -> OneTimeToken | None: ...

    async def invalidate(self, user_id: UUID, purpose: OneTimePurpose, now: datetime) -> None:
        """Mark every unused token of that purpose as used (a new link replaces old ones)."""
        ...
