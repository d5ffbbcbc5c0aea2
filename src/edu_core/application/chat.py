"""Session chat (S32): history, sending, attachments, typing, read receipts, transcripts, and
who may listen on a room's live channel.

Messages are sent over HTTP and stored before the answer (durable before acknowledged); then
the room's channel ``session:<id>`` hears ``{"type": "chat.message", "seq": ...}`` through the
live gateway. Like every live message it carries ids and numbers, never content: a client that
hears of ``seq`` n fetches what follows the last one it holds, so a message missed live (a
reconnect, a dropped socket, a process that died after its commit) is fetched with the next
one or at the next subscribe. Typing signals are live only and never stored.

An attachment is stored with a durable schedule that removes it (row and file) a day later
unless a message named it by then (``ChatTimers``).

A session the caller has no part in answers like a missing one, so session ids cannot be probed;
administrators read every room (disputes) but write in none.
"""

from collections.abc import AsyncIterable, Collection
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from edu_core.application.actors import Principal
from edu_core.application.annotation_shares import AnnotationSharing, SharedAnnotationView
from edu_core.application.content_images import in_pieces, read_all
from edu_core.application.messagebus import Subscription, on
from edu_core.domain.bookings import SessionNotFound
from edu_core.domain.chat import (
    MAX_ATTACHMENTS,
    MAX_HISTORY_PAGE,
    UNSENT_KEPT_FOR,
    ChatAttachment,
    ChatAttachmentNotFound,
    ChatMessage,
    ChatReadOnly,
    ChatRoom,
    ChatRoomNotFound,
    InvalidChatMessage,
    ReadReceipt,
    UnsentAttachmentExpired,
    attachment_expiry_key,
    clean_client_id,
)
from edu_core.domain.errors import RateLimited
from edu_core.domain.files import (
    SNIFF_BYTES,
    FileKind,
    UnsupportedFileType,
    check_animation,
    check_image_dimensions,
    check_upload,
    new_blob_key,
    safe_filename,
)
from edu_core.domain.schedules import Schedule
from edu_core.ports.clock import Clock
from edu_core.ports.content import MarkdownRenderer
from edu_core.ports.live import LivePublisher
from edu_core.ports.rate_limit import RateLimiter, RateRule
from edu_core.ports.storage import BlobStorage, ImageEncoder, ImageInspector
from edu_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

KIND = FileKind.CHAT_ATTACHMENT
# A flood guard far above anyone typing (ten messages a second for a minute).
SENDS_PER_MINUTE = RateRule(600, 60)
# A client signals typing every few seconds while keys are pressed.
TYPING_PER_MINUTE = RateRule(30, 60)
UPLOADS_PER_HOUR = RateRule(60, 3600)
# Attachment links are made for each answer and expire: long enough to read a page.
LINK_LIFETIME = timedelta(hours=2)
TRANSCRIPT_BATCH = 500
STORED_MAX_BYTES = 2 * KIND.policy.max_bytes  # a re-encoded image may grow a little
# A clean-up found late (everything was down) is still worth doing.
EXPIRY_GRACE = timedelta(days=3650)


def room_channel(session_id: UUID) -> str:
    return f"session:{session_id}"


@dataclass(frozen=True)
class AttachmentView:
    attachment: ChatAttachment
    url: str


@dataclass(frozen=True)
class MessageView:
    message: ChatMessage
    sender_role: str
    attachments: list[AttachmentView]
    annotation: SharedAnnotationView | None = None


@dataclass(frozen=True)
class Participant:
    user_id: UUID
    name: str
    role: str  # student | mentor
    last_read_seq: int


@dataclass(frozen=True)
class RoomView:
    room: ChatRoom
    last_seq: int
    open: bool
    can_send: bool
    participants: list[Participant]


@dataclass(frozen=True)
class HistoryView:
    messages: list[MessageView]
    last_seq: int  # the room's latest, whatever page this is
    has_more: bool  # more messages in the direction paged (before: older; else: newer)


@dataclass(frozen=True)
class Sent:
    message: MessageView
    created: bool  # False: a retry, answered with the message stored the first time


@dataclass(frozen=True)
class Transcript:
    room: ChatRoom
    names: dict[UUID, str]
    messages: list[ChatMessage]


class ChatService:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock, renderer: MarkdownRenderer,
                 storage: BlobStorage, images: ImageInspector, encoder: ImageEncoder,
                 live: LivePublisher, limiter: RateLimiter,
                 sharing: AnnotationSharing) -> None:
        self._uow = uow
        self._sharing = sharing
        self._clock = clock
        self._renderer = renderer
        self._storage = storage
        self._images = images
        self._encoder = encoder
        self._live = live
        self._limiter = limiter

    # -- helpers -----------------------------------------------------------------------------

    async def _room(self, uow: UnitOfWork, principal: Principal, session_id: UUID) -> ChatRoom:
        room = await uow.chat.room(session_id)
        if room is None or not (principal.is_admin or room.is_party(principal.user_id)):
            raise SessionNotFound()
        if not room.exists:
            raise ChatRoomNotFound()
        return room

    async def _limit(self, key: str, rule: RateRule) -> None:
        decision = await self._limiter.hit(key, rule)
        if not decision.allowed:
            raise RateLimited(retry_after_seconds=decision.retry_after_seconds)

    async def _attachment_view(self, attachment: ChatAttachment) -> AttachmentView:
        # Images are shown in the conversation; other files are offered as downloads.
        name = None if attachment.is_image else attachment.filename
        return AttachmentView(attachment, await self._storage.signed_url(
            attachment.key, expires_in=LINK_LIFETIME, filename=name))

    async def _views(self, uow: UnitOfWork, room: ChatRoom,
                     messages: list[ChatMessage]) -> list[MessageView]:
        shares = await uow.handwritten.shares_in_messages([m.id for m in messages])
        cards = await self._sharing.views(shares.values())
        return [MessageView(m, room.role_of(m.sender_id),
                            [await self._attachment_view(a) for a in m.attachments],
                            cards[shares[m.id].id] if m.id in shares else None)
                for m in messages]

    # -- reading -----------------------------------------------------------------------------

    async def room(self, principal: Principal, session_id: UUID) -> RoomView:
        async with self._uow() as uow:
            room = await self._room(uow, principal, session_id)
            last = await uow.chat.last_seq(session_id)
            receipts = {r.user_id: r.last_read_seq for r in await uow.chat.receipts(session_id)}
            users = await uow.users.get_many(room.parties)
        now = self._clock.now()
        return RoomView(
            room=room, last_seq=last, open=room.is_open(now),
            can_send=room.may_send(principal.user_id, now),
            participants=[Participant(
                user_id=user_id, name=users[user_id].display_name if user_id in users
                else "Former member", role=room.role_of(user_id),
                last_read_seq=receipts.get(user_id, 0)) for user_id in room.parties])

    async def history(self, principal: Principal, session_id: UUID, *,
                      after: int | None = None, before: int | None = None,
                      limit: int = 50) -> HistoryView:
        """One page of messages in order: the first ``limit`` after ``after`` (catching up
        after a reconnect), the last ``limit`` before ``before`` (scrolling back), or the
        latest ``limit``."""
        if not 1 <= limit <= MAX_HISTORY_PAGE:
            raise InvalidChatMessage(details={"fields": {
                "limit": f"Ask for 1 to {MAX_HISTORY_PAGE} messages."}})
        if after is not None and before is not None:
            raise InvalidChatMessage("Page either after or before a message, not both.",
                                     details={"fields": {"before": "Give after or before."}})
        async with self._uow() as uow:
            room = await self._room(uow, principal, session_id)
            # One more than asked tells whether the page is the last in its direction.
            found = await uow.chat.messages(session_id, after=after, before=before,
                                            limit=limit + 1)
            last = await uow.chat.last_seq(session_id)
            has_more = len(found) > limit
            if has_more:
                found = found[:limit] if after is not None else found[1:]
            shown = await self._views(uow, room, found)
        return HistoryView(messages=shown, last_seq=last, has_more=has_more)

    async def transcript(self, principal: Principal, session_id: UUID) -> Transcript:
        async with self._uow() as uow:
            room = await self._room(uow, principal, session_id)
            room.check_transcript(self._clock.now())
            messages: list[ChatMessage] = []
            while batch := await uow.chat.messages(
                    session_id, after=messages[-1].seq if messages else 0,
                    limit=TRANSCRIPT_BATCH):
                messages += batch
            users = await uow.users.get_many(room.parties)
        names = {user_id: users[user_id].display_name if user_id in users else "Former member"
                 for user_id in room.parties}
        return Transcript(room=room, names=names, messages=messages)

    async def may_listen(self, principal: Principal, key: str) -> bool:
        """The read policy of ``session:<id>`` channels: the parties and administrators, for
        a session that has a chat."""
        try:
            session_id = UUID(key)
        except ValueError:
            return False
        async with self._uow() as uow:
            room = await uow.chat.room(session_id)
        return room is not None and room.may_read(principal.user_id,
                                                  is_admin=principal.is_admin)

    # -- writing -----------------------------------------------------------------------------

    async def send(self, principal: Principal, session_id: UUID, *, client_id: str, body: str,
                   attachment_ids: Collection[UUID] = (),
                   annotation_id: UUID | None = None) -> Sent:
        """A message, with files the sender uploaded to the room and an annotation they may
        share ("look at this")."""
        client_id = clean_client_id(client_id)
        wanted = set(attachment_ids)
        if len(wanted) > MAX_ATTACHMENTS:
            raise InvalidChatMessage(details={"fields": {
                "attachment_ids": f"Attach at most {MAX_ATTACHMENTS} files."}})
        await self._limit(f"chat-send:{principal.user_id}", SENDS_PER_MINUTE)
        async with self._uow() as uow:
            room = await self._room(uow, principal, session_id)
            # A retry is answered with what was stored, even once the chat has closed.
            earlier = await uow.chat.by_client_id(session_id, principal.user_id, client_id)
            if earlier is not None:
                [shown] = await self._views(uow, room, [earlier])
                return Sent(shown, created=False)
            now = self._clock.now()
            room.check_send(principal.user_id, now)
            attachments = await uow.chat.attachments(session_id, wanted) if wanted else []
            if len(attachments) != len(wanted):
                raise ChatAttachmentNotFound()
            share = (await self._sharing.snapshot(uow, principal, annotation_id)
                     if annotation_id is not None else None)
            message = ChatMessage.compose(
                room, sender_id=principal.user_id, client_id=client_id, body=body,
                html=self._renderer.render(body), attachments=attachments, now=now,
                with_annotation=share is not None)
            stored, created = await uow.chat.append(message)
            if created and share is not None:
                share.chat_message_id = stored.id
                uow.handwritten.add_share(share)
            await uow.commit()
            [shown] = await self._views(uow, room, [stored])
        if created:
            await self._live.publish(room_channel(session_id), {
                "type": "chat.message", "session_id": str(session_id), "seq": stored.seq,
                "id": str(stored.id), "sender_id": str(stored.sender_id)})
        return Sent(shown, created=created)

    async def upload(self, principal: Principal, session_id: UUID,
                     chunks: AsyncIterable[bytes], *, filename: str | None,
                     content_type: str | None) -> AttachmentView:
        """A file for a message the uploader is about to send: PDF or an image. Images are
        re-encoded without their metadata (a phone photo's position, its camera), as avatars
        and lesson images are."""
        async with self._uow() as uow:
            room = await self._room(uow, principal, session_id)
        room.check_send(principal.user_id, self._clock.now())
        await self._limit(f"chat-upload:{principal.user_id}", UPLOADS_PER_HOUR)
        data = await read_all(chunks, KIND.policy.max_bytes)
        found = check_upload(KIND, data[:SNIFF_BYTES], content_type=content_type,
                             filename=filename)
        if found.is_image:
            check_image_dimensions(KIND, self._images.dimensions(data))
            image = await self._encoder.reencode(data, found, KIND)
            if image.file_type is not found:
                raise UnsupportedFileType("The image could not be read.")
            check_animation(KIND, image.frames, (image.width, image.height))
            data = image.data
        blob = await self._storage.put(new_blob_key(KIND), in_pieces(data),
                                       content_type=found.value, max_bytes=STORED_MAX_BYTES)
        now = self._clock.now()
        attachment = ChatAttachment(
            session_id=session_id, uploader_id=principal.user_id, key=blob.key,
            filename=safe_filename(filename, default=f"attachment.{min(found.extensions)}"),
            content_type=blob.content_type, size=blob.size, created_at=now)
        try:
            async with self._uow() as uow:
                uow.chat.add_attachment(attachment)
                await uow.schedules.put(Schedule(
                    key=attachment_expiry_key(attachment.id), due_at=now + UNSENT_KEPT_FOR,
                    grace=EXPIRY_GRACE,
                    event=UnsentAttachmentExpired(occurred_at=now,
                                                  attachment_id=attachment.id)))
                await uow.commit()
        except BaseException:
            await self._storage.delete(blob.key)
            raise
        return await self._attachment_view(attachment)

    async def expire_attachment(self, attachment_id: UUID) -> bool:
        """Remove the attachment, row and file, unless a message names it; whether it went."""
        async with self._uow() as uow:
            key = await uow.chat.discard_unsent(attachment_id)
            if key is None:
                return False
            # The file goes before the row's removal commits: should either fail, the next
            # delivery finds the row again, so no file is left without a record. A message
            # naming it meanwhile waits for the row and then fails as for a missing file.
            await self._storage.delete(key)
            await uow.commit()
        return True

    async def typing(self, principal: Principal, session_id: UUID) -> None:
        """Tell the other party the caller is typing: live only, never stored."""
        async with self._uow() as uow:
            room = await self._room(uow, principal, session_id)
        room.check_send(principal.user_id, self._clock.now())
        await self._limit(f"chat-typing:{principal.user_id}:{session_id}", TYPING_PER_MINUTE)
        await self._live.publish(room_channel(session_id), {
            "type": "chat.typing", "session_id": str(session_id),
            "user_id": str(principal.user_id)})

    async def mark_read(self, principal: Principal, session_id: UUID,
                        seq: int) -> ReadReceipt:
        """The caller has read the room up to ``seq`` (capped at its latest message)."""
        async with self._uow() as uow:
            room = await self._room(uow, principal, session_id)
            if not room.is_party(principal.user_id):
                raise ChatReadOnly("Administrators read chats without marking them read.")
            last = await uow.chat.last_seq(session_id)
            wanted = ReadReceipt(session_id=session_id, user_id=principal.user_id,
                                 last_read_seq=max(0, min(seq, last)),
                                 read_at=self._clock.now())
            stored, moved = await uow.chat.mark_read(wanted)
            await uow.commit()
        if moved:
            await self._live.publish(room_channel(session_id), {
                "type": "chat.read", "session_id": str(session_id),
                "user_id": str(principal.user_id), "seq": stored.last_read_seq})
        return stored


class ChatTimers:
    """The handler of the chat's durable schedules."""

    def __init__(self, chat: ChatService) -> None:
        self._chat = chat

    def subscriptions(self) -> list[Subscription]:
        return [on(UnsentAttachmentExpired, self.attachment_expired)]

    async def attachment_expired(self, event: UnsentAttachmentExpired) -> None:
        await self._chat.expire_attachment(event.attachment_id)
