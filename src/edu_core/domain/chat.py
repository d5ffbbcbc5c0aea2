"""Session chat (S32): one room per booked session, for its student and mentor.

A room exists for a session that was booked and paid (confirmed, and whatever a confirmed
session becomes), never for a hold, a checkout in progress or an expired hold. Its parties read
it at any time; administrators read it too (disputes are decided on what was said), but never
write. Messages are sent from ``OPENS_BEFORE`` the start until ``CLOSES_AFTER`` the end of the
session as it is now scheduled; a cancelled session's room is read-only.

Each message carries the sender's own ``client_id`` (unique per room and sender): sending it
again returns the stored message instead of a second one, so a client may retry until it hears
back. The room numbers its messages 1, 2, 3, ... in the order they were stored (``seq``), which
is the order everyone sees and the cursor a reconnecting client pages from.

An attachment is uploaded before the message that names it; one never named is removed
``UNSENT_KEPT_FOR`` after its upload (a durable schedule stored with it).
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID, uuid4

from edu_core.domain.bookings import MentoringSession, SessionStatus
from edu_core.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from edu_core.domain.events import DomainEvent

OPENS_BEFORE = timedelta(minutes=15)
CLOSES_AFTER = timedelta(hours=24)
MAX_BODY = 4000
MAX_ATTACHMENTS = 5
MAX_HISTORY_PAGE = 200
# How long an uploaded file waits for the message that names it.
UNSENT_KEPT_FOR = timedelta(hours=24)
# Client ids are made by clients (a UUID, a ULID, a counter with a device prefix): kept short
# and plain so they can be compared, indexed and logged safely.
CLIENT_ID = re.compile(r"^[A-Za-z0-9_.:-]{8,64}$")

S = SessionStatus
ROOM_STATUSES = frozenset({S.CONFIRMED, S.COMPLETED, S.DISPUTED, S.NO_SHOW_STUDENT,
                           S.NO_SHOW_MENTOR, S.CANCELLED})
WRITABLE_STATUSES = ROOM_STATUSES - {S.CANCELLED}


class ChatRoomNotFound(NotFound):
    code = "chat_room_not_found"
    default_message = "This session has no chat: it has not been booked and paid."


class ChatClosed(Conflict):
    code = "chat_closed"
    default_message = "The chat of this session is closed."


class ChatReadOnly(PermissionDenied):
    code = "chat_read_only"
    default_message = "Only the session's student and mentor write in its chat."


class InvalidChatMessage(InvalidInput):
    code = "invalid_chat_message"
    default_message = "The message cannot be sent as it is."


class ChatAttachmentNotFound(NotFound):
    code = "chat_attachment_not_found"
    default_message = "No such attachment in this chat (it may belong to another message)."


class TranscriptNotReady(Conflict):
    code = "chat_transcript_not_ready"
    default_message = "The transcript is available once the session has ended."


def _field_error(name: str, message: str) -> InvalidChatMessage:
    return InvalidChatMessage(message, details={"fields": {name: message}})


def clean_client_id(raw: str) -> str:
    if not CLIENT_ID.match(raw):
        raise _field_error("client_id", "Use 8 to 64 letters, digits or '_.:-'.")
    return raw


def clean_body(raw: str) -> str:
    """Markdown as typed: line breaks normalised and trailing space trimmed; control characters
    other than line breaks and tabs refused (they have no business in a message)."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(text) > MAX_BODY:
        raise _field_error("body", f"Use at most {MAX_BODY} characters.")
    if any((ord(c) < 32 and c not in "\n\t") or ord(c) == 0x7F or 0xD800 <= ord(c) <= 0xDFFF
           for c in text):
        raise _field_error("body", "Control characters are not allowed.")
    return text


@dataclass(frozen=True, kw_only=True)
class ChatRoom:
    """What the chat rules need of a session; made from the session each time, so a
    reschedule moves the window and a cancellation closes it at once."""

    session_id: UUID
    student_id: UUID
    mentor_id: UUID
    starts_at: datetime
    ends_at: datetime
    status: SessionStatus

    @classmethod
    def of(cls, session: MentoringSession) -> "ChatRoom":
        return cls(session_id=session.id, student_id=session.student_id,
                   mentor_id=session.mentor_id, starts_at=session.starts_at,
                   ends_at=session.ends_at, status=session.status)

    @property
    def exists(self) -> bool:
        """Whether the session has a chat at all (it was booked and paid)."""
        return self.status in ROOM_STATUSES

    @property
    def opens_at(self) -> datetime:
        return self.starts_at - OPENS_BEFORE

    @property
    def closes_at(self) -> datetime:
        return self.ends_at + CLOSES_AFTER

    @property
    def parties(self) -> tuple[UUID, UUID]:
        return self.student_id, self.mentor_id

    def is_party(self, user_id: UUID) -> bool:
        return user_id in self.parties

    def may_read(self, user_id: UUID, *, is_admin: bool) -> bool:
        return self.exists and (is_admin or self.is_party(user_id))

    def is_open(self, now: datetime) -> bool:
        return self.status in WRITABLE_STATUSES and self.opens_at <= now < self.closes_at

    def may_send(self, user_id: UUID, now: datetime) -> bool:
        return self.is_party(user_id) and self.is_open(now)

    def check_send(self, user_id: UUID, now: datetime) -> None:
        if not self.exists:
            raise ChatRoomNotFound()
        if not self.is_party(user_id):
            raise ChatReadOnly()
        if self.status not in WRITABLE_STATUSES:
            raise ChatClosed("The session was cancelled: its chat is read-only.")
        if now < self.opens_at:
            raise ChatClosed("The chat opens 15 minutes before the session starts.",
                             details={"opens_at": self.opens_at.isoformat()})
        if now >= self.closes_at:
            raise ChatClosed("The chat closed 24 hours after the session ended; its history "
                             "stays readable.", details={"closed_at": self.closes_at.isoformat()})

    def check_transcript(self, now: datetime) -> None:
        if now < self.ends_at and self.status is S.CONFIRMED:
            raise TranscriptNotReady(details={"available_from": self.ends_at.isoformat()})

    def role_of(self, user_id: UUID) -> str:
        """``student``, ``mentor`` or ``admin`` (someone who is neither party)."""
        if user_id == self.student_id:
            return "student"
        if user_id == self.mentor_id:
            return "mentor"
        return "admin"


@dataclass(kw_only=True)
class ChatAttachment:
    """A file a party uploaded to the room; it belongs to the first message that names it."""

    id: UUID = field(default_factory=uuid4)
    session_id: UUID
    uploader_id: UUID
    key: str
    filename: str
    content_type: str
    size: int
    created_at: datetime
    message_id: UUID | None = None

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


@dataclass(frozen=True, kw_only=True)
class UnsentAttachmentExpired(DomainEvent):
    """Raised by a durable schedule ``UNSENT_KEPT_FOR`` after an upload: the file goes unless
    a message named it meanwhile."""

    name = "chat.unsent_attachment_expired"
    attachment_id: UUID


def attachment_expiry_key(attachment_id: UUID) -> str:
    return f"chat:attachment:{attachment_id}:expire"


@dataclass(kw_only=True)
class ChatMessage:
    id: UUID = field(default_factory=uuid4)
    session_id: UUID
    sender_id: UUID
    client_id: str
    body: str  # the Markdown source, formulas as typed ($...$)
    html: str  # the body rendered and sanitised (lesson-text HTML)
    created_at: datetime
    seq: int = 0  # given when stored: the room's next number
    attachments: list[ChatAttachment] = field(default_factory=list)

    @classmethod
    def compose(cls, room: ChatRoom, *, sender_id: UUID, client_id: str, body: str, html: str,
                attachments: Sequence[ChatAttachment], now: datetime,
                with_annotation: bool = False) -> "ChatMessage":
        """A message the sender may send now (the caller rendered ``body`` to ``html`` and
        looked the attachments up by id; a shared annotation is stored beside it)."""
        room.check_send(sender_id, now)
        if len(attachments) > MAX_ATTACHMENTS:
            raise _field_error("attachment_ids", f"Attach at most {MAX_ATTACHMENTS} files.")
        if not body.strip() and not attachments and not with_annotation:
            raise _field_error("body", "Write something, attach a file or share an annotation.")
        for attachment in attachments:
            if attachment.session_id != room.session_id or attachment.uploader_id != sender_id:
                raise ChatAttachmentNotFound()
            if attachment.message_id is not None:
                raise ChatAttachmentNotFound()
        message = cls(session_id=room.session_id, sender_id=sender_id,
                      client_id=clean_client_id(client_id), body=clean_body(body), html=html,
                      created_at=now, attachments=list(attachments))
        for attachment in message.attachments:
            attachment.message_id = message.id
        return message


@dataclass(frozen=True, kw_only=True)
class ReadReceipt:
    """How far a participant has read: every message up to ``last_read_seq``. Never moves
    back (a late receipt from another tab changes nothing)."""

    session_id: UUID
    user_id: UUID
    last_read_seq: int
    read_at: datetime

