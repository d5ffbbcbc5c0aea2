"""In-memory session chats. Messages take their number when appended, as in the database;
``check_commit`` refuses a commit whose numbers another unit of work took first (the database
would have made this one wait for the room's lock instead), and ``apply`` stores the rest.
An attachment discarded by one unit of work and linked by another is refused at the second
commit, as the row lock and the conditional delete or update settle it in the database."""

import copy
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from uuid import UUID

from edu_core.domain.bookings import MentoringSession
from edu_core.domain.chat import (
    ChatAttachment,
    ChatAttachmentNotFound,
    ChatMessage,
    ChatRoom,
    ReadReceipt,
)
from edu_core.domain.errors import ConcurrentModification


@dataclass
class ChatData:
    messages: dict[UUID, list[ChatMessage]] = field(default_factory=dict)  # by session, in seq
    attachments: dict[UUID, ChatAttachment] = field(default_factory=dict)
    receipts: dict[tuple[UUID, UUID], ReadReceipt] = field(default_factory=dict)


class MemoryChatRepository:
    def __init__(self, data: ChatData,
                 sessions: Callable[[], Mapping[UUID, MentoringSession]]) -> None:
        self._data = data
        self._sessions = sessions
        self._appended: list[ChatMessage] = []
        self._linked: dict[UUID, ChatAttachment] = {}
        self._new_attachments: dict[UUID, ChatAttachment] = {}
        self._receipts: dict[tuple[UUID, UUID], ReadReceipt] = {}
        self._discarded: set[UUID] = set()

    async def room(self, session_id: UUID) -> ChatRoom | None:
        session = self._sessions().get(session_id)
        return ChatRoom.of(session) if session is not None else None

    def _room_messages(self, session_id: UUID) -> list[ChatMessage]:
        return [*self._data.messages.get(session_id, []),
                *(x for x in self._appended if x.session_id == session_id)]

    async def by_client_id(self, session_id: UUID, sender_id: UUID,
                           client_id: str) -> ChatMessage | None:
        for message in self._room_messages(session_id):
            if message.sender_id == sender_id and message.client_id == client_id:
                return copy.deepcopy(message)
        return None

    async def messages(self, session_id: UUID, *, after: int | None = None,
                       before: int | None = None, limit: int) -> list[ChatMessage]:
        found = self._room_messages(session_id)
        if after is not None:
            return copy.deepcopy([x for x in found if x.seq > after][:limit])
        if before is not None:
            found = [x for x in found if x.seq < before]
        return copy.deepcopy(found[-limit:])

    async def last_seq(self, session_id: UUID) -> int:
        found = self._room_messages(session_id)
        return found[-1].seq if found else 0

    def add_attachment(self, attachment: ChatAttachment) -> None:
        self._new_attachments[attachment.id] = attachment

    async def attachments(self, session_id: UUID,
                          ids: Collection[UUID]) -> list[ChatAttachment]:
        known = {**self._data.attachments, **self._new_attachments, **self._linked}
        return [copy.deepcopy(known[i]) for i in ids if i in known
                and known[i].session_id == session_id and i not in self._discarded]

    async def append(self, message: ChatMessage) -> tuple[ChatMessage, bool]:
        earlier = await self.by_client_id(message.session_id, message.sender_id,
                                          message.client_id)
        if earlier is not None:
            return earlier, False
        stored = {**self._data.attachments, **self._linked}
        for attachment in message.attachments:
            known = stored.get(attachment.id)
            if known is None or known.message_id is not None or \
                    attachment.id in self._discarded or \
                    known.uploader_id != message.sender_id:
                raise ChatAttachmentNotFound()
            self._linked[attachment.id] = copy.deepcopy(attachment)
        message.seq = await self.last_seq(message.session_id) + 1
        self._appended.append(copy.deepcopy(message))
        return message, True

    async def discard_unsent(self, attachment_id: UUID) -> str | None:
        found = await self._discard([attachment_id])
        return found[0] if found else None

    async def discard_unsent_of(self, uploader_id: UUID) -> list[str]:
        return await self._discard([x.id for x in self._data.attachments.values()
                                    if x.uploader_id == uploader_id])

    async def _discard(self, ids: list[UUID]) -> list[str]:
        keys = []
        for attachment_id in ids:
            known = self._data.attachments.get(attachment_id)
            if known is None or known.message_id is not None or attachment_id in \
                    self._linked or attachment_id in self._discarded:
                continue
            self._discarded.add(attachment_id)
            keys.append(known.key)
        return keys

    async def mark_read(self, receipt: ReadReceipt) -> tuple[ReadReceipt, bool]:
        key = (receipt.session_id, receipt.user_id)
        current = self._receipts.get(key) or self._data.receipts.get(key)
        if current is not None and current.last_read_seq >= receipt.last_read_seq:
            return current, False
        self._receipts[key] = receipt
        return receipt, True

    async def receipts(self, session_id: UUID) -> list[ReadReceipt]:
        found = {**self._data.receipts, **self._receipts}
        return sorted((x for (sid, _), x in found.items() if sid == session_id),
                      key=lambda x: str(x.user_id))

    def check_commit(self) -> None:
        """What the room's lock and unique indexes refuse, refused here."""
        for message in self._appended:
            stored = self._data.messages.get(message.session_id, [])
            if any(x.seq == message.seq or (x.sender_id, x.client_id) == (
                    message.sender_id, message.client_id) for x in stored):
                raise ConcurrentModification()
        for attachment_id in self._linked:
            known = self._data.attachments.get(attachment_id)
            # Taken by another message, or discarded, since this unit of work read it.
            if known is None or known.message_id is not None:
                raise ChatAttachmentNotFound()
        for attachment_id in self._discarded:
            known = self._data.attachments.get(attachment_id)
            if known is not None and known.message_id is not None:
                raise ConcurrentModification()

    def apply(self) -> None:
        for message in self._appended:
            self._data.messages.setdefault(message.session_id, []).append(message)
        self._data.attachments.update(self._new_attachments)
        self._data.attachments.update(self._linked)
        for attachment_id in self._discarded:
            self._data.attachments.pop(attachment_id, None)
        for key, receipt in self._receipts.items():
            current = self._data.receipts.get(key)
            if current is None or current.last_read_seq < receipt.last_read_seq:
                self._data.receipts[key] = receipt
