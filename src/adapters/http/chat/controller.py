"""Session chat (S32): the room, its history paged by sequence number, sending (idempotent by
client id), attachments, typing, read receipts and transcripts.

Delivery is live: subscribe to the room's ``channel`` on ``GET /ws`` and, on every
``chat.message`` (or after each "subscribed"), fetch ``messages?after=<last seq held>``.
"""

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get, post, put
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, JSONBody, QueryParameter
from msgspec import Meta

from adapters.http.access import policy, provide_principal
from adapters.http.errors import error_responses
from adapters.http.forum.schemas import CategoryRef, Title, TopicRef
from adapters.http.handwritten.schemas import AnnotationRef, SharedAnnotationOut
from adapters.http.mentors.uploads import BinaryUploadOperation
from edu_core.application.actors import Principal
from edu_core.application.chat import (
    KIND,
    AttachmentView,
    ChatService,
    HistoryView,
    MessageView,
    RoomView,
    room_channel,
)
from edu_core.application.chat_sharing import ChatSharingService
from edu_core.application.chat_transcript import as_html, as_markdown
from edu_core.domain.chat import MAX_ATTACHMENTS, MAX_BODY, MAX_HISTORY_PAGE
from edu_core.domain.chat_sharing import ChatSharing
from edu_core.domain.identity import Role

MAX_UPLOAD_BYTES = KIND.policy.max_bytes
PARTIES = policy({Role.STUDENT, Role.MENTOR, Role.ADMIN})
PartyRole = Literal["student", "mentor", "admin"]
Seq = Annotated[int | None, QueryParameter(ge=0, le=2**53, description=(
    "A message's sequence number."))]


def provide_chat(state: State) -> ChatService:
    service: ChatService = state.container.chat()
    return service


def provide_chat_sharing(state: State) -> ChatSharingService:
    service: ChatSharingService = state.container.chat_sharing()
    return service


class SendIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "client_id": "0f5c2a8e-5b7d-4c1e-9a3f-6d2b8e4c1a70",
        "body": "Here is my working for question 4: I get $v = 3.2$ m/s after the collision.",
        "attachment_ids": ["d5ebd868-4750-4e93-a57d-9d58eb62fa07"]}

    client_id: Annotated[str, Meta(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$",
                                   description=(
        "Made by the client for this message (a UUID will do) and sent again with every "
        "retry: the room stores one message per sender and client id."))]
    body: Annotated[str, Meta(max_length=MAX_BODY, description=(
        "Markdown with formulas in `$...$` or `$$...$$`; may be empty with attachments."))] = ""
    attachment_ids: Annotated[list[UUID], Meta(max_length=MAX_ATTACHMENTS, description=(
        "Files uploaded to this chat by the sender and not yet sent."))] = []
    annotation_id: AnnotationRef = None


class ReadIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {"seq": 42}

    seq: Annotated[int, Meta(ge=0, le=2**53, description=(
        "The last message read (numbers past the room's latest count as its latest)."))]


class AttachmentOut(msgspec.Struct):
    id: UUID
    filename: str
    content_type: str
    size: int
    is_image: bool
    url: Annotated[str, Meta(description=(
        "A signed link, valid for two hours: an image to show, or a file to download."))]

    @classmethod
    def of(cls, view: AttachmentView) -> "AttachmentOut":
        x = view.attachment
        return cls(id=x.id, filename=x.filename, content_type=x.content_type, size=x.size,
                   is_image=x.is_image, url=view.url)


class ChatMessageOut(msgspec.Struct):
    id: UUID
    session_id: UUID
    seq: Annotated[int, Meta(description="The room's number for it: 1, 2, 3, ... in order.")]
    client_id: str
    sender_id: UUID
    sender_role: PartyRole
    body: Annotated[str, Meta(description="The Markdown source, formulas as typed.")]
    html: Annotated[str, Meta(description=(
        "The body as sanitised lesson-text HTML (formulas as `data-latex` nodes)."))]
    attachments: list[AttachmentOut]
    created_at: datetime
    annotation: Annotated[SharedAnnotationOut | None, Meta(description=(
        "An annotation shared with the message (\"look at this\")."))] = None

    @classmethod
    def of(cls, view: MessageView) -> "ChatMessageOut":
        x = view.message
        role: PartyRole = "student" if view.sender_role == "student" else "mentor"
        return cls(id=x.id, session_id=x.session_id, seq=x.seq, client_id=x.client_id,
                   sender_id=x.sender_id, sender_role=role, body=x.body, html=x.html,
                   attachments=[AttachmentOut.of(a) for a in view.attachments],
                   created_at=x.created_at, annotation=SharedAnnotationOut.of(view.annotation))


class ChatHistoryOut(msgspec.Struct):
    items: Annotated[list[ChatMessageOut], Meta(description="In `seq` order.")]
    last_seq: Annotated[int, Meta(description="The room's latest message (0: none yet).")]
    has_more: Annotated[bool, Meta(description=(
        "More messages in the direction paged: older ones with `before` or with neither, "
        "newer ones with `after`."))]

    @classmethod
    def of(cls, view: HistoryView) -> "ChatHistoryOut":
        return cls(items=[ChatMessageOut.of(m) for m in view.messages], last_seq=view.last_seq,
                   has_more=view.has_more)


class ParticipantOut(msgspec.Struct):
    user_id: UUID
    name: str
    role: PartyRole
    last_read_seq: int


class ChatRoomOut(msgspec.Struct):
    session_id: UUID
    channel: Annotated[str, Meta(description="Subscribe to it on `GET /ws`.")]
    session_status: str
    opens_at: datetime
    closes_at: datetime
    open: Annotated[bool, Meta(description="Messages can be sent now.")]
    can_send: Annotated[bool, Meta(description="The caller can send now (parties only).")]
    last_seq: int
    participants: list[ParticipantOut]

    @classmethod
    def of(cls, view: RoomView) -> "ChatRoomOut":
        room = view.room
        return cls(session_id=room.session_id, channel=room_channel(room.session_id),
                   session_status=room.status.value, opens_at=room.opens_at,
                   closes_at=room.closes_at, open=view.open, can_send=view.can_send,
                   last_seq=view.last_seq,
                   participants=[ParticipantOut(user_id=p.user_id, name=p.name,
                                                role="student" if p.role == "student"
                                                else "mentor",
                                                last_read_seq=p.last_read_seq)
                                 for p in view.participants])


class SharingChoiceIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {"student_name_shown": False}

    student_name_shown: Annotated[bool, Meta(description=(
        "Whether a forum thread made from this chat names the student (otherwise \"The "
        "student\")."))]


class ShareIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "title": "Momentum in an inelastic collision: a worked example",
        "category": "physics", "topic": "momentum-collisions"}

    title: Title
    category: CategoryRef | None = None
    topic: TopicRef | None = None


class ChatSharingOut(msgspec.Struct):
    session_id: UUID
    student_name_shown: bool
    shared: bool
    thread_id: Annotated[UUID | None, Meta(description="The forum thread it became.")]
    shared_at: datetime | None

    @classmethod
    def of(cls, sharing: ChatSharing) -> "ChatSharingOut":
        return cls(session_id=sharing.session_id, student_name_shown=sharing.student_name_shown,
                   shared=sharing.shared, thread_id=sharing.thread_id,
                   shared_at=sharing.shared_at)


class ReadOut(msgspec.Struct):
    user_id: UUID
    last_read_seq: int
    read_at: datetime


async def _body(request: Request[Any, Any, Any]) -> AsyncIterator[bytes]:
    try:
        async for chunk in request.stream():
            if chunk:
                yield chunk
    except RequestEntityTooLarge as error:
        raise RequestEntityTooLarge(
            f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.") from error


def _download(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"',
            "X-Content-Type-Options": "nosniff"}


class ChatController(Controller):
    path = "/api/v1/bookings/{session_id:uuid}/chat"
    tags = ["Session chat"]
    dependencies = {"chat": Provide(provide_chat, sync_to_thread=False),
                    "sharing": Provide(provide_chat_sharing, sync_to_thread=False),
                    "principal": Provide(provide_principal)}

    @get("/", operation_id="getSessionChat",
         summary="A session's chat room: its window, live channel and read receipts",
         description="For the session's student and mentor, and admins (who read but never "
                     "write). Another person's session is a 404 `session_not_found`; a "
                     "session never paid for has no chat (404 `chat_room_not_found`).",
         responses=error_responses(401, 403, 404), **PARTIES)
    async def room(self, chat: NamedDependency[ChatService],
                   principal: NamedDependency[Principal],
                   session_id: FromPath[UUID]) -> ChatRoomOut:
        return ChatRoomOut.of(await chat.room(principal, session_id))

    @get("/messages", operation_id="listSessionChatMessages",
         summary="Messages of a session's chat, paged by sequence number",
         description="`after`: the first `limit` messages after that number (catching up "
                     "after a reconnect; repeat with the last one received while `has_more`); "
                     "`before`: the last `limit` before it (scrolling back); neither: the "
                     "latest. Readable at any time by the parties and admins.",
         responses=error_responses(401, 403, 404, 422), **PARTIES)
    async def messages(self, chat: NamedDependency[ChatService],
                       principal: NamedDependency[Principal], session_id: FromPath[UUID],
                       after: Seq = None, before: Seq = None,
                       limit: Annotated[int, QueryParameter(
                           ge=1, le=MAX_HISTORY_PAGE,
                           description="Messages per page.")] = 50) -> ChatHistoryOut:
        return ChatHistoryOut.of(await chat.history(principal, session_id, after=after,
                                                    before=before, limit=limit))

    @post("/messages", operation_id="sendSessionChatMessage", status_code=201,
          summary="Send a message (stored before the answer; retries never duplicate)",
          description="From 15 minutes before the start until 24 hours after the end, by the "
                      "student or the mentor (`chat_closed` 409 outside that window or for a "
                      "cancelled session; `chat_read_only` 403 for admins). Sending the same "
                      "`client_id` again answers 200 with the message stored the first time, "
                      "even after the window has closed. The room's channel then hears "
                      "`chat.message` with its `seq`. Codes: `invalid_chat_message` (422), "
                      "`chat_attachment_not_found` (404), `rate_limited` (429).",
          responses={200: ResponseSpec(data_container=ChatMessageOut, generate_examples=False,
                                       description="A retry: the message stored before."),
                     **error_responses(401, 403, 404, 409, 422, 429)}, **PARTIES)
    async def send(self, chat: NamedDependency[ChatService],
                   principal: NamedDependency[Principal], session_id: FromPath[UUID],
                   data: JSONBody[SendIn]) -> Response[ChatMessageOut]:
        sent = await chat.send(principal, session_id, client_id=data.client_id, body=data.body,
                               attachment_ids=data.attachment_ids,
                               annotation_id=data.annotation_id)
        return Response(ChatMessageOut.of(sent.message), status_code=201 if sent.created else 200)

    @post("/attachments", operation_id="uploadSessionChatAttachment", status_code=201,
          summary="Upload a file for a chat message (PDF, PNG, JPEG, WebP or GIF, up to 10 MB)",
          description="The request body is the file; `filename` and `Content-Type` must agree "
                      "with its bytes. Images are re-encoded without their metadata. Then send "
                      "a message naming its `id` in `attachment_ids` within 24 hours: a file "
                      "no message named by then is deleted. Same window and parties as "
                      "sending. Codes: `unsupported_file_type`, `empty_file`, "
                      "`image_dimensions_too_large` (422), `payload_too_large` (413), "
                      "`rate_limited` (429).",
          operation_class=BinaryUploadOperation, request_max_body_size=MAX_UPLOAD_BYTES,
          responses=error_responses(401, 403, 404, 409, 413, 422, 429),
          **policy({Role.STUDENT, Role.MENTOR}, rate_limit="uploads"))
    async def upload(self, request: Request[Any, Any, Any], chat: NamedDependency[ChatService],
                     principal: NamedDependency[Principal], session_id: FromPath[UUID],
                     filename: Annotated[str | None, QueryParameter(
                         max_length=255, description="The file's name; its extension must "
                                                     "match the contents.")] = None
                     ) -> AttachmentOut:
        return AttachmentOut.of(await chat.upload(
            principal, session_id, _body(request), filename=filename,
            content_type=request.headers.get("content-type")))

    @post("/typing", operation_id="signalSessionChatTyping", status_code=204,
          summary="Tell the other party I am typing (live only, never stored)",
          description="The room's channel hears `chat.typing`. Send it every few seconds "
                      "while typing; more than 30 a minute is a 429.",
          responses=error_responses(401, 403, 404, 409, 429), **PARTIES)
    async def typing(self, chat: NamedDependency[ChatService],
                     principal: NamedDependency[Principal], session_id: FromPath[UUID]) -> None:
        await chat.typing(principal, session_id)

    @post("/read", operation_id="markSessionChatRead", status_code=200,
          summary="Mark the chat read up to a message (a read receipt)",
          description="Stored per party and never moving back; when it moves, the room's "
                      "channel hears `chat.read`. Admins' reading is not recorded (403 "
                      "`chat_read_only`).",
          responses=error_responses(401, 403, 404, 422), **PARTIES)
    async def read(self, chat: NamedDependency[ChatService],
                   principal: NamedDependency[Principal], session_id: FromPath[UUID],
                   data: JSONBody[ReadIn]) -> ReadOut:
        receipt = await chat.mark_read(principal, session_id, data.seq)
        return ReadOut(user_id=receipt.user_id, last_read_seq=receipt.last_read_seq,
                       read_at=receipt.read_at)

    @get("/transcript.md", operation_id="downloadSessionChatMarkdown",
         summary="The chat's transcript as Markdown (formulas kept as typed)",
         description="Once the session has ended (409 `chat_transcript_not_ready` before), "
                     "for the parties and admins.",
         media_type="text/markdown", responses=error_responses(401, 403, 404, 409),
         **PARTIES)
    async def transcript_md(self, chat: NamedDependency[ChatService],
                            principal: NamedDependency[Principal],
                            session_id: FromPath[UUID]) -> Response[str]:
        transcript = await chat.transcript(principal, session_id)
        return Response(as_markdown(transcript), media_type="text/markdown; charset=utf-8",
                        headers=_download(f"mentora-chat-{session_id}.md"))

    @get("/transcript.html", operation_id="downloadSessionChatHtml",
         summary="The chat's transcript as a standalone HTML page",
         description="Formulas appear as their TeX inside the math elements lesson text uses "
                     "(`data-latex`). Once the session has ended (409 "
                     "`chat_transcript_not_ready` before), for the parties and admins.",
         media_type="text/html", responses=error_responses(401, 403, 404, 409), **PARTIES)
    async def transcript_html(self, chat: NamedDependency[ChatService],
                              principal: NamedDependency[Principal],
                              session_id: FromPath[UUID]) -> Response[str]:
        transcript = await chat.transcript(principal, session_id)
        return Response(as_html(transcript), media_type="text/html; charset=utf-8",
                        headers=_download(f"mentora-chat-{session_id}.html"))


    @get("/sharing", operation_id="getSessionChatSharing",
         summary="Whether the chat was shared in the forum, and the student's choice of name",
         description="For the parties and admins.", responses=error_responses(401, 403, 404),
         **PARTIES)
    async def sharing_state(self, sharing: NamedDependency[ChatSharingService],
                            principal: NamedDependency[Principal],
                            session_id: FromPath[UUID]) -> ChatSharingOut:
        return ChatSharingOut.of(await sharing.get(principal, session_id))

    @put("/sharing", operation_id="chooseSessionChatSharingName",
         summary="The student chooses whether a forum thread made from the chat names them",
         description="Only the session's student (403 `chat_sharing_denied` for the mentor "
                     "or admins); once the chat is shared the choice is fixed (409 "
                     "`chat_already_shared`).",
         responses=error_responses(401, 403, 404, 409), **policy({Role.STUDENT}))
    async def choose(self, sharing: NamedDependency[ChatSharingService],
                     principal: NamedDependency[Principal], session_id: FromPath[UUID],
                     data: JSONBody[SharingChoiceIn]) -> ChatSharingOut:
        return ChatSharingOut.of(await sharing.show_student_name(
            principal, session_id, data.student_name_shown))

    @post("/forum-thread", operation_id="shareSessionChatInForum", status_code=201,
          summary="The mentor turns the finished chat into a forum thread",
          description="Once the session has ended (409 `chat_transcript_not_ready` before) "
                      "and only once (409 `chat_already_shared`); an empty chat is a 409 "
                      "`chat_empty`. The thread is the mentor's: the conversation as typed "
                      "(formulas intact), the student named only if they chose so, "
                      "attachments by name. Forum rules apply: `invalid_forum_post`, "
                      "`forum_category_required` (422), `forum_category_not_found` (404), "
                      "`rate_limited` (429).",
          responses=error_responses(401, 403, 404, 409, 422, 429), **policy({Role.MENTOR}))
    async def share(self, sharing: NamedDependency[ChatSharingService],
                    principal: NamedDependency[Principal], session_id: FromPath[UUID],
                    data: JSONBody[ShareIn]) -> ChatSharingOut:
        return ChatSharingOut.of(await sharing.share(
            principal, session_id, title=data.title, category=data.category, topic=data.topic))
