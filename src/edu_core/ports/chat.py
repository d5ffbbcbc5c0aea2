"""Persistence of session chats (part of the unit of work).

Unlike the other repositories, ``append``, ``mark_read`` and the ``discard_unsent`` pair act
in the transaction at once (they must answer with the number the room gave the message, the
receipt as it now stands, or the files they removed); nothing is visible to others, or
durable, before the commit.
"""

from collections.abc import Collection
from typing import Protocol
from uuid import UUID

from edu_core.domain.chat import ChatAttachment, ChatMessage, ChatRoom, ReadReceipt


class ChatRepository(Protocol):
    async def room(self, session_id: UUID) -> ChatRoom | None:
        """What the chat rules need of the session (whatever its status); None when there is
        no such session. One light read: every chat request starts with it."""
        ...

    async def append(self, message: ChatMessage) -> tuple[ChatMessage, bool]:
        """Store ``message`` as the room's next one (setting its ``seq``) and link its
        attachments to it; True. When the sender already stored a message under the same
        ``client_id`` in this room, nothing is stored and that message is returned; False.
        Concurrent appends to one room are numbered one after the other, without gaps."""
        ...

    async def by_client_id(self, session_id: UUID, sender_id: UUID,
                           client_id: str) -> ChatMessage | None:
        """The message the sender stored under ``client_id`` in this room, if any."""
        ...

    async def messages(self, session_id: UUID, *, after: int | None = None,
                       before: int | None = None, limit: int) -> list[ChatMessage]:
        """Up to ``limit`` messages in ``seq`` order: the first ones after ``after``, else the
        last ones before ``before``, else the room's latest."""
        ...

    async def last_seq(self, session_id: UUID) -> int:
        """The ``seq`` of the room's latest message; 0 for a room without messages."""
        ...

    def add_attachment(self, attachment: ChatAttachment) -> None:
        """Stage an uploaded file, not yet part of a message (written at commit)."""
        ...

    async def attachments(self, session_id: UUID,
                          ids: Collection[UUID]) -> list[ChatAttachment]:
        """The room's attachments among ``ids`` (others are left out), in no order."""
        ...

    async def discard_unsent(self, attachment_id: UUID) -> str | None:
        """Remove the attachment if no message names it, in one step (a message linking it at
        the same time either wins, and nothing is removed, or fails with
        ``ChatAttachmentNotFound``); the removed file's blob key, else None."""
        ...

    async def discard_unsent_of(self, uploader_id: UUID) -> list[str]:
        """Remove every attachment of ``uploader_id`` that no message names, as
        ``discard_unsent`` does; their blob keys."""
        ...

    async def mark_read(self, receipt: ReadReceipt) -> tuple[ReadReceipt, bool]:
        """Record that the user has read up to ``receipt.last_read_seq``; a receipt that does
        not move past the one stored changes nothing. Returns the receipt as stored now, and
        whether it moved."""
        ...

    async def receipts(self, session_id: UUID) -> list[ReadReceipt]: ...
