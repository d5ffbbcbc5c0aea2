"""Postgres repository of session chats.

``append`` numbers a message with one upsert of the room row (``INSERT ... ON CONFLICT DO
UPDATE SET last_seq = last_seq + 1 RETURNING``), which also locks that row until the commit:
concurrent senders in one room take their numbers one after the other, in commit order, and
senders in different rooms never wait for each other. The message insert ignores a duplicate
client id; a retry that raced the first attempt (and waited for its lock) finds it stored, hands
its number back under the same lock, and returns the stored message.

An unsent attachment is discarded with ``DELETE ... WHERE message_id IS NULL RETURNING``: the
delete and a message's link update lock the same row, so whichever comes second sees the
other's outcome (nothing to delete, or nothing to link).
"""

from collections.abc import Collection
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, RowMapping, Select, delete, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from adapters.db.connections import Session, among
from adapters.db.results import rowcount
from adapters.db.tables import (
    chat_attachments,
    chat_messages,
    chat_reads,
    chat_rooms,
    mentoring_sessions,
)
from edu_core.domain.bookings import SessionStatus
from edu_core.domain.chat import (
    ChatAttachment,
    ChatAttachmentNotFound,
    ChatMessage,
    ChatRoom,
    ReadReceipt,
)

m, a, r = chat_messages.c, chat_attachments.c, chat_reads.c
s = mentoring_sessions.c

_NEXT_SEQ = (pg_insert(chat_rooms).values(last_seq=1)
             .on_conflict_do_update(index_elements=[chat_rooms.c.session_id],
                                    set_={"last_seq": chat_rooms.c.last_seq + 1})
             .returning(chat_rooms.c.last_seq))


def _attachment(row: RowMapping) -> ChatAttachment:
    return ChatAttachment(id=row["id"], session_id=row["session_id"],
                          uploader_id=row["uploader_id"], key=row["blob_key"],
                          filename=row["filename"], content_type=row["content_type"],
                          size=row["size"], created_at=row["created_at"],
                          message_id=row["message_id"])


class PostgresChatRepository:
    def __init__(self, session: Session) -> None:
        self._s = session
        self._new_attachments: list[ChatAttachment] = []

    async def room(self, session_id: UUID) -> ChatRoom | None:
        row = (await self._s.execute(
            select(s.id, s.student_id, s.mentor_id, s.starts_at, s.ends_at, s.status)
            .where(s.id == session_id))).mappings().first()
        if row is None:
            return None
        return ChatRoom(session_id=row["id"], student_id=row["student_id"],
                        mentor_id=row["mentor_id"], starts_at=row["starts_at"],
                        ends_at=row["ends_at"], status=SessionStatus(row["status"]))

    async def _load(self, statement: Select[Any]) -> list[ChatMessage]:
        rows = list((await self._s.execute(statement)).mappings())
        if not rows:
            return []
        files: dict[UUID, list[ChatAttachment]] = {row["id"]: [] for row in rows}
        if len(rows) == 1:
            found = await self._s.execute(select(chat_attachments)
                                          .where(a.message_id == rows[0]["id"]))
        else:
            found = await self._s.execute(select(chat_attachments)
                                          .where(among(a.message_id)),
                                          {"ids": list(files)})
        for row in found.mappings():
            files[row["message_id"]].append(_attachment(row))
        return [ChatMessage(id=row["id"], session_id=row["session_id"], seq=row["seq"],
                            sender_id=row["sender_id"], client_id=row["client_id"],
                            body=row["body"], html=row["html"], created_at=row["created_at"],
                            attachments=sorted(files[row["id"]],
                                               key=lambda x: (x.created_at, str(x.id))))
                for row in rows]

    async def by_client_id(self, session_id: UUID, sender_id: UUID,
                           client_id: str) -> ChatMessage | None:
        found = await self._load(select(chat_messages).where(
            m.session_id == session_id, m.sender_id == sender_id, m.client_id == client_id))
        return found[0] if found else None

    async def messages(self, session_id: UUID, *, after: int | None = None,
                       before: int | None = None, limit: int) -> list[ChatMessage]:
        statement = select(chat_messages).where(m.session_id == session_id)
        if after is not None:
            return await self._load(statement.where(m.seq > after).order_by(m.seq)
                                    .limit(limit))
        if before is not None:
            statement = statement.where(m.seq < before)
        newest = await self._load(statement.order_by(m.seq.desc()).limit(limit))
        return newest[::-1]

    async def last_seq(self, session_id: UUID) -> int:
        found = (await self._s.execute(select(chat_rooms.c.last_seq).where(
            chat_rooms.c.session_id == session_id))).scalar_one_or_none()
        return int(found or 0)

    def add_attachment(self, attachment: ChatAttachment) -> None:
        self._new_attachments.append(attachment)

    async def flush(self) -> None:
        """Write the staged attachments: called at commit."""
        if not self._new_attachments:
            return
        await self._s.execute(insert(chat_attachments), [
            {"id": x.id, "session_id": x.session_id, "uploader_id": x.uploader_id,
             "message_id": x.message_id, "blob_key": x.key, "filename": x.filename,
             "content_type": x.content_type, "size": x.size, "created_at": x.created_at}
            for x in self._new_attachments])
        self._new_attachments.clear()

    async def attachments(self, session_id: UUID,
                          ids: Collection[UUID]) -> list[ChatAttachment]:
        rows = await self._s.execute(
            select(chat_attachments).where(a.session_id == session_id, among(a.id)),
            {"ids": list(ids)})
        return [_attachment(row) for row in rows.mappings()]

    async def _discard(self, which: ColumnElement[bool]) -> list[str]:
        rows = await self._s.execute(delete(chat_attachments)
                                     .where(which, a.message_id.is_(None))
                                     .returning(a.blob_key))
        return list(rows.scalars())

    async def discard_unsent(self, attachment_id: UUID) -> str | None:
        found = await self._discard(a.id == attachment_id)
        return found[0] if found else None

    async def discard_unsent_of(self, uploader_id: UUID) -> list[str]:
        return await self._discard(a.uploader_id == uploader_id)

    async def append(self, message: ChatMessage) -> tuple[ChatMessage, bool]:
        seq = (await self._s.execute(_NEXT_SEQ.values(session_id=message.session_id))
               ).scalar_one()
        stored = (await self._s.execute(
            pg_insert(chat_messages).values(
                id=message.id, session_id=message.session_id, seq=seq,
                sender_id=message.sender_id, client_id=message.client_id, body=message.body,
                html=message.html, created_at=message.created_at)
            .on_conflict_do_nothing(index_elements=[m.session_id, m.sender_id, m.client_id])
            .returning(m.id))).first()
        if stored is None:
            # The row lock is still ours: nobody took a number since ours.
            await self._s.execute(update(chat_rooms)
                                  .where(chat_rooms.c.session_id == message.session_id)
                                  .values(last_seq=chat_rooms.c.last_seq - 1))
            earlier = await self.by_client_id(message.session_id, message.sender_id,
                                              message.client_id)
            if earlier is None:  # pragma: no cover - the conflict proves it exists
                raise RuntimeError("a duplicate chat message vanished")
            return earlier, False
        if message.attachments:
            linked = await self._s.execute(
                update(chat_attachments)
                .where(among(a.id), a.session_id == message.session_id,
                       a.uploader_id == message.sender_id, a.message_id.is_(None))
                .values(message_id=message.id),
                {"ids": [x.id for x in message.attachments]})
            if rowcount(linked) != len(message.attachments):
                # Another message took one of them meanwhile; the transaction is dropped.
                raise ChatAttachmentNotFound()
        message.seq = seq
        return message, True

    async def mark_read(self, receipt: ReadReceipt) -> tuple[ReadReceipt, bool]:
        moved = (await self._s.execute(
            pg_insert(chat_reads).values(
                session_id=receipt.session_id, user_id=receipt.user_id,
                last_read_seq=receipt.last_read_seq, read_at=receipt.read_at)
            .on_conflict_do_update(
                index_elements=[r.session_id, r.user_id],
                set_={"last_read_seq": receipt.last_read_seq, "read_at": receipt.read_at},
                where=r.last_read_seq < receipt.last_read_seq)
            .returning(r.last_read_seq))).first()
        if moved is not None:
            return receipt, True
        row = (await self._s.execute(select(chat_reads).where(
            r.session_id == receipt.session_id, r.user_id == receipt.user_id))).mappings().one()
        return ReadReceipt(session_id=row["session_id"], user_id=row["user_id"],
                           last_read_seq=row["last_read_seq"], read_at=row["read_at"]), False

    async def receipts(self, session_id: UUID) -> list[ReadReceipt]:
        rows = await self._s.execute(select(chat_reads).where(r.session_id == session_id)
                                     .order_by(r.user_id))
        return [ReadReceipt(session_id=row["session_id"], user_id=row["user_id"],
                            last_read_seq=row["last_read_seq"], read_at=row["read_at"])
                for row in rows.mappings()]
