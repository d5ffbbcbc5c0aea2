"""Session chat rules: which sessions have a room, who reads and writes it and when, what a
message may hold; Markdown with formulas rendered like lesson text; transcripts that keep
formulas."""

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from adapters.content.html_sanitizer import Nh3HtmlSanitizer
from adapters.content.markdown import MarkdownItRenderer
from edu_core.application.chat import Transcript
from edu_core.application.chat_transcript import as_forum_post, as_html, as_markdown
from edu_core.domain.bookings import SessionStatus
from edu_core.domain.chat import (
    CLOSES_AFTER,
    OPENS_BEFORE,
    ChatAttachment,
    ChatAttachmentNotFound,
    ChatClosed,
    ChatMessage,
    ChatReadOnly,
    ChatRoom,
    ChatRoomNotFound,
    InvalidChatMessage,
    TranscriptNotReady,
)
from edu_core.domain.chat_sharing import ChatAlreadyShared, ChatSharing
from edu_core.domain.forum.text import MAX_BODY as FORUM_MAX_BODY

START = datetime(2026, 5, 4, 15, 0, tzinfo=UTC)
END = START + timedelta(hours=1)
STUDENT, MENTOR, OTHER = uuid4(), uuid4(), uuid4()
render = MarkdownItRenderer(Nh3HtmlSanitizer()).render


def room(status: SessionStatus = SessionStatus.CONFIRMED) -> ChatRoom:
    return ChatRoom(session_id=uuid4(), student_id=STUDENT, mentor_id=MENTOR, starts_at=START,
                    ends_at=END, status=status)


def message(chat: ChatRoom, body: str = "Hello", *, at: datetime = START,
            sender: object = STUDENT, client_id: str = "client-0001",
            attachments: list[ChatAttachment] | None = None) -> ChatMessage:
    return ChatMessage.compose(chat, sender_id=sender, client_id=client_id,  # type: ignore[arg-type]
                               body=body, html=render(body), attachments=attachments or [],
                               now=at)


@pytest.mark.parametrize(("status", "exists"), [
    (SessionStatus.HELD, False), (SessionStatus.AWAITING_PAYMENT, False),
    (SessionStatus.EXPIRED, False), (SessionStatus.CONFIRMED, True),
    (SessionStatus.COMPLETED, True), (SessionStatus.DISPUTED, True),
    (SessionStatus.NO_SHOW_STUDENT, True), (SessionStatus.NO_SHOW_MENTOR, True),
    (SessionStatus.CANCELLED, True)])
def test_only_booked_and_paid_sessions_have_a_room(status: SessionStatus, exists: bool) -> None:
    chat = room(status)
    assert chat.exists is exists
    assert chat.may_read(STUDENT, is_admin=False) is exists
    assert chat.may_read(OTHER, is_admin=True) is exists
    if not exists:
        with pytest.raises(ChatRoomNotFound):
            chat.check_send(STUDENT, START)


def test_the_window_opens_15_minutes_before_the_start_and_closes_24_hours_after_the_end() -> None:
    chat = room()
    opens, closes = START - OPENS_BEFORE, END + CLOSES_AFTER
    assert (chat.opens_at, chat.closes_at) == (opens, closes)
    for at, is_open in [(opens - timedelta(seconds=1), False), (opens, True), (START, True),
                        (END, True), (closes - timedelta(seconds=1), True), (closes, False)]:
        assert chat.is_open(at) is is_open, at
        assert chat.may_send(MENTOR, at) is is_open, at
    with pytest.raises(ChatClosed) as early:
        chat.check_send(STUDENT, opens - timedelta(minutes=1))
    assert early.value.code == "chat_closed" and "opens" in early.value.message
    with pytest.raises(ChatClosed) as late:
        chat.check_send(STUDENT, closes)
    assert "stays readable" in late.value.message


def test_strangers_and_admins_never_write_and_a_cancelled_room_is_read_only() -> None:
    chat = room()
    assert not chat.may_read(OTHER, is_admin=False)
    for outsider in (OTHER,):
        with pytest.raises(ChatReadOnly):
            chat.check_send(outsider, START)
    cancelled = room(SessionStatus.CANCELLED)
    assert cancelled.may_read(STUDENT, is_admin=False)
    assert not cancelled.is_open(START)
    with pytest.raises(ChatClosed, match="cancelled"):
        cancelled.check_send(STUDENT, START)
    # A session decided after a dispute keeps its window: the parties may still talk.
    assert room(SessionStatus.DISPUTED).may_send(STUDENT, END + timedelta(hours=1))


def test_a_message_needs_words_or_files_and_a_well_formed_client_id() -> None:
    chat = room()
    sent = message(chat, "  $x^2$ is *nice*\r\n")
    assert (sent.body, sent.seq, sent.sender_id) == ("$x^2$ is *nice*", 0, STUDENT)
    for body, client_id, field in [("", "client-0001", "body"), ("   ", "client-0001", "body"),
                                   ("x" * 4001, "client-0001", "body"),
                                   ("bell\x07", "client-0001", "body"),
                                   ("ok", "short", "client_id"),
                                   ("ok", "has space 12", "client_id")]:
        with pytest.raises(InvalidChatMessage) as caught:
            message(chat, body, client_id=client_id)
        assert caught.value.details == {"fields": {field: caught.value.message}}, body


def test_attachments_belong_to_the_sender_in_this_room_and_to_one_message() -> None:
    chat = room()

    def upload(uploader: object = STUDENT, session: object = None) -> ChatAttachment:
        return ChatAttachment(session_id=session or chat.session_id,  # type: ignore[arg-type]
                              uploader_id=uploader, key="chat_attachment/ab/x",  # type: ignore[arg-type]
                              filename="a.pdf", content_type="application/pdf", size=3,
                              created_at=START)

    mine = upload()
    sent = message(chat, "", attachments=[mine])
    assert mine.message_id == sent.id and sent.attachments == [mine]
    for foreign in (upload(MENTOR), upload(session=uuid4()), mine):
        with pytest.raises(ChatAttachmentNotFound):
            message(chat, "again", client_id="client-0002", attachments=[foreign])
    with pytest.raises(InvalidChatMessage):
        message(chat, "many", client_id="client-0003", attachments=[upload() for _ in range(6)])


def test_the_transcript_waits_for_the_end_of_a_confirmed_session() -> None:
    with pytest.raises(TranscriptNotReady):
        room().check_transcript(END - timedelta(minutes=1))
    room().check_transcript(END)
    room(SessionStatus.CANCELLED).check_transcript(START - timedelta(days=1))


def test_markdown_and_formulas_render_to_lesson_text_html() -> None:
    assert render("Energy $E = mc^2$ costs $5 or $10, \\$3 too") == (
        '<p>Energy <span data-type="inline-math" data-latex="E = mc^2"></span> costs $5 or '
        "$10, $3 too</p>")
    assert render("\\(a<b\\) and $$\\frac{1}{2}$$") == (
        '<p><span data-type="inline-math" data-latex="a&lt;b"></span> and '
        '<span data-type="inline-math" data-latex="\\frac{1}{2}"></span></p>')
    assert render("$$\n\\int_0^1 x\\,dx\n$$\n\n**bold**") == (
        '<div data-type="block-math" data-latex="\\int_0^1 x\\,dx"></div>\n'
        "<p><strong>bold</strong></p>")
    assert render("`$not math$`") == "<p><code>$not math$</code></p>"


def test_markdown_cannot_smuggle_markup_or_unsafe_links() -> None:
    html = render('<script>alert(1)</script><img src=x onerror=alert(1)> '
                  '[x](javascript:alert(1)) [ok](https://example.org) '
                  '![i](https://evil.test/a.png) '
                  '$\\href{javascript:alert(1)}{x}$')
    assert "<script" not in html and "<img src" not in html and "<img onerror" not in html
    assert 'href="javascript' not in html and "&lt;script&gt;" in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">ok</a>' in html
    assert 'data-latex="\\href' not in html


def test_transcripts_keep_formulas_as_typed_and_as_tex_in_math_elements() -> None:
    chat = room(SessionStatus.COMPLETED)
    first = message(chat, "What is $\\int_0^1 x\\,dx$?")
    first.seq = 1
    reply = message(chat, "It is\n\n$$\\frac{1}{2}$$\n\n<b>not bold</b>", sender=MENTOR,
                    at=START + timedelta(minutes=3))
    reply.seq = 2
    transcript = Transcript(room=chat, names={STUDENT: "Sam <Student>", MENTOR: "Ada"},
                            messages=[first, reply])
    markdown = as_markdown(transcript)
    assert "What is $\\int_0^1 x\\,dx$?" in markdown
    assert "$$\\frac{1}{2}$$" in markdown
    assert "**Ada** (mentor), 2026-05-04 15:03 UTC" in markdown
    assert markdown.index("What is") < markdown.index("It is")
    html = as_html(transcript)
    assert ('<span data-type="inline-math" data-latex="\\int_0^1 x\\,dx">'
            "\\(\\int_0^1 x\\,dx\\)</span>") in html
    assert ('<div data-type="block-math" data-latex="\\frac{1}{2}">\\[\\frac{1}{2}\\]</div>'
            in html)
    assert "Sam &lt;Student&gt;" in html and "<b>" not in html
    assert html.startswith("<!doctype html>")


def test_a_shared_chat_names_the_student_only_if_chosen_and_fits_one_forum_post() -> None:
    chat = room(SessionStatus.COMPLETED)
    long_line = "x" * 3000
    messages = [message(chat, f"Why $a_{n}^2$? {long_line}", client_id=f"client-{n:04d}",
                        sender=STUDENT if n % 2 else MENTOR) for n in range(1, 13)]
    for seq, sent in enumerate(messages, 1):
        sent.seq = seq
    transcript = Transcript(room=chat, names={STUDENT: "Ann Lee", MENTOR: "Dr Okafor"},
                            messages=messages)
    anonymous = as_forum_post(transcript, student_name_shown=False)
    assert "Ann Lee" not in anonymous and "**The student** (student)" in anonymous
    assert "**Dr Okafor** (mentor)" in anonymous and "$a_1^2$" in anonymous
    assert len(anonymous) <= FORUM_MAX_BODY
    shown = anonymous.count("(student)") + anonymous.count("(mentor)")
    assert 0 < shown < 12
    assert anonymous.endswith(f"_... and {12 - shown} more messages, kept with the session._")
    named = as_forum_post(transcript, student_name_shown=True)
    assert "**Ann Lee** (student)" in named

    ChatSharing(session_id=chat.session_id).show_student_name(True, END)
    shared = ChatSharing(session_id=chat.session_id)
    shared.record_share(thread_id=uuid4(), by=MENTOR, now=END)
    with pytest.raises(ChatAlreadyShared):
        shared.record_share(thread_id=uuid4(), by=MENTOR, now=END)
    with pytest.raises(ChatAlreadyShared):
        shared.show_student_name(True, END)
