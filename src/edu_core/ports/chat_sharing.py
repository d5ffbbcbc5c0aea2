"""Persistence of the students' choices about a shared chat, and of the shares made."""

from typing import Protocol
from uuid import UUID

from edu_core.domain.chat_sharing import ChatSharing


class ChatSharingRepository(Protocol):
    async def get(self, session_id: UUID) -> ChatSharing | None: ...

    async def save(self, sharing: ChatSharing) -> None:
        """Insert or replace the session's record (the caller holds the session's row)."""
        ...
