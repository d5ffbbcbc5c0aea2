"""Session chat over HTTP and the live socket, on PostgreSQL: outsiders are refused everywhere,
a retried message is stored once, paging after a reconnect misses nothing, the window and the
read-only history, attachments checked like other uploads, typing and read receipts live, and
transcripts that keep their formulas."""

import asyncio
import io
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
from litestar import Litestar
from PIL import Image

from adapters.cli.demo_reviews import past_session
from adapters.container import Container, build_container
from adapters.http.app import create_app
from adapters.settings import Settings
from edu_core.domain.bookings import CancellationPolicy, MentoringSession
from edu_core.domain.chat import ChatMessage, ChatRoom
from edu_core.domain.identity import Role, User
from tests.conftest import serving
from tests.integration.helpers import bearer, make_user
from tests.integration.test_live_across_processes import client_of
from tests.support.asgi_websocket import WebSocketSession
from tests.support.nats import nats_server_url

ORIGIN = ("origin", "https://mentora.test")


async def booked(container: Container, *, starts_in: timedelta = timedelta(minutes=5),
                 confirm: bool = True) -> tuple[MentoringSession, User, User]:
    """A paid session starting ``starts_in`` from now, with a new student and mentor."""
    student, mentor = await make_user(container), await make_user(container, Role.MENTOR)
    now = datetime.now(UTC)
    session = MentoringSession.hold(
        student_id=student.id, mentor_id=mentor.id, starts_at=now + starts_in, minutes=60,
        price=5000, currency="EUR", cancellation=CancellationPolicy(),
        hold_for=timedelta(minutes=10), now=now)
    if confirm:
        session.confirm(5000, now)
    async with container.uow()() as uow:
        uow.bookings.add(session)
        await uow.commit()
    return session, student, mentor


async def finished(container: Container, *, ended_ago: timedelta) -> tuple[
        MentoringSession, User, User]:
    student, mentor = await make_user(container), await make_user(container, Role.MENTOR)
    session = past_session(student_id=student.id, mentor_id=mentor.id,
                           starts_at=datetime.now(UTC) - ended_ago - timedelta(hours=1),
                           minutes=60, price=5000, currency="EUR")
    async with container.uow()() as uow:
        uow.bookings.add(session)
        await uow.commit()
    return session, student, mentor


def chat(session_id: UUID, rest: str = "") -> str:
    return f"/api/v1/bookings/{session_id}/chat{rest}"


async def say(client: httpx.AsyncClient, auth: dict[str, str], session_id: UUID, body: str,
              client_id: str | None = None, **extra: Any) -> httpx.Response:
    return await client.post(chat(session_id, "/messages"), headers=auth, json={
        "client_id": client_id or f"web-{uuid4()}", "body": body, **extra})


async def subscribed(app: Litestar, client: httpx.AsyncClient, user: User,
                     channel: str) -> WebSocketSession:
    ws = WebSocketSession(app, headers=[ORIGIN, *(await bearer(client, user.email)).items()])
    await ws.accepted()
    assert (await ws.receive_json())["type"] == "ready"
    ws.send_json({"type": "subscribe", "channel": channel})
    assert await ws.receive_json() == {"type": "subscribed", "channel": channel}
    return ws


async def test_outsiders_are_refused_at_history_send_transcript_and_subscribe(
        app: Litestar, client: httpx.AsyncClient, container: Container) -> None:
    session, student, mentor = await booked(container)
    outsider, other_mentor = await make_user(container), await make_user(container, Role.MENTOR)
    admin = await make_user(container, Role.ADMIN)
    auth = await bearer(client, student.email)
    assert (await say(client, auth, session.id, "Hello $x$")).status_code == 201

    for stranger in (outsider, other_mentor):
        them = await bearer(client, stranger.email)
        for method, path, body in [
                ("GET", "", None), ("GET", "/messages", None),
                ("GET", "/messages?after=0", None), ("GET", "/transcript.md", None),
                ("POST", "/messages", {"client_id": "stranger-01", "body": "hi"}),
                ("POST", "/typing", None), ("POST", "/read", {"seq": 1})]:
            answer = await client.request(method, chat(session.id, path), headers=them,
                                          json=body)
            assert (answer.status_code, answer.json()["code"]) == (404, "session_not_found"), (
                stranger.role, method, path)
        ws = WebSocketSession(app, headers=[ORIGIN, *them.items()])
        await ws.accepted()
        await ws.receive_json()
        ws.send_json({"type": "subscribe", "channel": f"session:{session.id}"})
        assert await ws.receive_json() == {"type": "error", "code": "forbidden",
                                           "channel": f"session:{session.id}"}
        await ws.disconnect()
    # An unknown session looks the same as someone else's.
    missing = await client.get(chat(uuid4(), "/messages"), headers=auth)
    assert (missing.status_code, missing.json()["code"]) == (404, "session_not_found")
    assert (await client.get(chat(session.id, "/messages"))).status_code == 401

    # Admins read (disputes) but never write.
    boss = await bearer(client, admin.email)
    history = await client.get(chat(session.id, "/messages"), headers=boss)
    assert history.status_code == 200 and [m["body"] for m in history.json()["items"]] == [
        "Hello $x$"]
    refused = await say(client, boss, session.id, "I am the admin")
    assert (refused.status_code, refused.json()["code"]) == (403, "chat_read_only")
    ws = await subscribed(app, client, admin, f"session:{session.id}")
    await ws.disconnect()
    mentor_room = (await client.get(chat(session.id), headers=await bearer(
        client, mentor.email))).json()
    assert (mentor_room["can_send"], mentor_room["open"], mentor_room["last_seq"]) == (
        True, True, 1)
    assert {p["role"] for p in mentor_room["participants"]} == {"student", "mentor"}


async def test_a_retry_with_the_same_client_id_returns_the_one_stored_message(
        client: httpx.AsyncClient, container: Container) -> None:
    session, student, mentor = await booked(container)
    auth = await bearer(client, student.email)
    first = await say(client, auth, session.id, "What is $\\frac{1}{2}$ of 8?", "retry-0001")
    assert first.status_code == 201, first.text
    body = first.json()
    assert (body["seq"], body["sender_role"], body["body"]) == (
        1, "student", "What is $\\frac{1}{2}$ of 8?")
    assert 'data-latex="\\frac{1}{2}"' in body["html"]
    retries = await asyncio.gather(*(say(client, auth, session.id, "What is ½ of 8?",
                                         "retry-0001") for _ in range(5)))
    assert {r.status_code for r in retries} == {200}
    assert {r.json()["id"] for r in retries} == {body["id"]}
    history = (await client.get(chat(session.id, "/messages"), headers=auth)).json()
    assert [(m["seq"], m["id"]) for m in history["items"]] == [(1, body["id"])]
    assert history["last_seq"] == 1
    # The same client id from the other party is their own message.
    theirs = await say(client, await bearer(client, mentor.email), session.id, "Four.",
                       "retry-0001")
    assert (theirs.status_code, theirs.json()["seq"]) == (201, 2)
    bad = await say(client, auth, session.id, "x", "no")
    assert bad.status_code == 400
    empty = await say(client, auth, session.id, "   ")
    assert (empty.status_code, empty.json()["code"]) == (422, "invalid_chat_message")


async def test_paging_after_a_reconnect_fetches_exactly_what_was_missed(
        client: httpx.AsyncClient, container: Container) -> None:
    session, student, mentor = await booked(container)
    parties = [await bearer(client, student.email), await bearer(client, mentor.email)]
    sent = await asyncio.gather(*(say(client, parties[n % 2], session.id, f"message {n}")
                                  for n in range(25)))
    assert all(r.status_code == 201 for r in sent)
    assert sorted(r.json()["seq"] for r in sent) == list(range(1, 26))

    # A client that held messages up to 7 when its socket dropped catches up page by page.
    held, cursor = list(range(1, 8)), 7
    while True:
        page = (await client.get(chat(session.id, "/messages"), headers=parties[0],
                                 params={"after": cursor, "limit": 5})).json()
        held += [m["seq"] for m in page["items"]]
        if not page["has_more"]:
            break
        cursor = page["items"][-1]["seq"]
    assert held == list(range(1, 26)) and page["last_seq"] == 25

    # Scrolling back from the latest page reaches the first message, each once.
    latest = (await client.get(chat(session.id, "/messages"), headers=parties[1],
                               params={"limit": 10})).json()
    seen = [m["seq"] for m in latest["items"]]
    assert seen == list(range(16, 26)) and latest["has_more"]
    while latest["has_more"]:
        latest = (await client.get(chat(session.id, "/messages"), headers=parties[1],
                                   params={"before": seen[0], "limit": 10})).json()
        seen = [m["seq"] for m in latest["items"]] + seen
    assert seen == list(range(1, 26))
    both = await client.get(chat(session.id, "/messages"), headers=parties[1],
                            params={"before": 3, "after": 1})
    assert (both.status_code, both.json()["code"]) == (422, "invalid_chat_message")


async def test_the_window_opens_before_the_start_and_history_stays_readable_after(
        client: httpx.AsyncClient, container: Container) -> None:
    later, student, _ = await booked(container, starts_in=timedelta(days=2))
    auth = await bearer(client, student.email)
    early = await say(client, auth, later.id, "Anyone here?")
    assert (early.status_code, early.json()["code"]) == (409, "chat_closed")
    assert "opens_at" in early.json()["details"]
    room = (await client.get(chat(later.id), headers=auth)).json()
    assert (room["open"], room["can_send"], room["channel"]) == (
        False, False, f"session:{later.id}")

    unpaid, payer, _ = await booked(container, starts_in=timedelta(days=4), confirm=False)
    none = await client.get(chat(unpaid.id, "/messages"), headers=await bearer(
        client, payer.email))
    assert (none.status_code, none.json()["code"]) == (404, "chat_room_not_found")

    recent, student, mentor = await finished(container, ended_ago=timedelta(hours=2))
    auth = await bearer(client, student.email)
    assert (await say(client, auth, recent.id, "Thanks for today!")).status_code == 201
    past, student, mentor = await finished(container, ended_ago=timedelta(days=2))
    async with container.uow()() as uow:  # said while the window was open
        await uow.chat.append(ChatMessage.compose(
            ChatRoom.of(past), sender_id=mentor.id, client_id="seeded-0001",
            body="See you next week", html="<p>See you next week</p>", attachments=[],
            now=past.starts_at))
        await uow.commit()
    auth = await bearer(client, student.email)
    closed = await say(client, auth, past.id, "One more question")
    assert (closed.status_code, closed.json()["code"]) == (409, "chat_closed")
    history = (await client.get(chat(past.id, "/messages"), headers=auth)).json()
    assert [m["body"] for m in history["items"]] == ["See you next week"]


def png_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SECRETCAMERA"
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 10, 10)).save(out, "PNG", exif=exif.tobytes())
    return out.getvalue()


async def test_attachments_are_checked_like_other_uploads_and_join_one_message(
        client: httpx.AsyncClient, container: Container) -> None:
    session, student, mentor = await booked(container)
    auth, mentor_auth = await bearer(client, student.email), await bearer(client, mentor.email)
    upload = chat(session.id, "/attachments")
    image = await client.post(upload, params={"filename": "work.png"}, content=png_with_gps(),
                              headers={**auth, "content-type": "image/png"})
    assert image.status_code == 201, image.text
    picture = image.json()
    assert (picture["filename"], picture["content_type"], picture["is_image"]) == (
        "work.png", "image/png", True)
    stored = await client.get(picture["url"])
    assert stored.status_code == 200 and b"SECRETCAMERA" not in stored.content
    pdf = await client.post(upload, params={"filename": "sheet.pdf"},
                            content=b"%PDF-1.4\n%...\n", headers=auth)
    assert pdf.status_code == 201 and pdf.json()["is_image"] is False
    for name, data, kind in [("run.pdf", b"MZ\x90\x00" + b"\x00" * 60, "application/pdf"),
                             ("photo.pdf", png_with_gps(), "application/pdf"),
                             ("empty.pdf", b"", "application/pdf")]:
        refused = await client.post(upload, params={"filename": name}, content=data,
                                    headers={**auth, "content-type": kind})
        assert refused.status_code == 422, name
        assert refused.json()["code"] in {"unsupported_file_type", "empty_file"}

    ids = [picture["id"], pdf.json()["id"]]
    stolen = await say(client, mentor_auth, session.id, "mine now", attachment_ids=ids[:1])
    assert (stolen.status_code, stolen.json()["code"]) == (404, "chat_attachment_not_found")
    sent = await say(client, auth, session.id, "", attachment_ids=ids)
    assert sent.status_code == 201, sent.text
    assert [a["id"] for a in sent.json()["attachments"]] == ids
    again = await say(client, auth, session.id, "twice", attachment_ids=ids[1:])
    assert (again.status_code, again.json()["code"]) == (404, "chat_attachment_not_found")
    [shown] = (await client.get(chat(session.id, "/messages"), headers=mentor_auth)
               ).json()["items"]
    assert [a["filename"] for a in shown["attachments"]] == ["work.png", "sheet.pdf"]


async def test_a_message_typing_and_read_receipts_reach_the_other_party_s_socket(
        app: Litestar, client: httpx.AsyncClient, container: Container) -> None:
    session, student, mentor = await booked(container)
    channel = f"session:{session.id}"
    ws = await subscribed(app, client, mentor, channel)
    auth = await bearer(client, student.email)

    typing = await client.post(chat(session.id, "/typing"), headers=auth)
    assert typing.status_code == 204
    frame = await ws.receive_until("message")
    assert (frame["channel"], frame["data"]) == (channel, {
        "type": "chat.typing", "session_id": str(session.id), "user_id": str(student.id)})

    sent = (await say(client, auth, session.id, "Is $a^2+b^2=c^2$ right?")).json()
    frame = await ws.receive_until("message")
    assert frame["data"] == {"type": "chat.message", "session_id": str(session.id),
                             "seq": sent["seq"], "id": sent["id"],
                             "sender_id": str(student.id)}
    # What the socket announced, the history has (live frames carry no content).
    page = (await client.get(chat(session.id, "/messages"), params={"after": 0},
                             headers=await bearer(client, mentor.email))).json()
    assert [m["id"] for m in page["items"]] == [sent["id"]]

    read = await client.post(chat(session.id, "/read"), headers=auth, json={"seq": 99})
    assert read.status_code == 200 and read.json()["last_read_seq"] == 1  # capped
    frame = await ws.receive_until("message")
    assert frame["data"] == {"type": "chat.read", "session_id": str(session.id),
                             "user_id": str(student.id), "seq": 1}
    assert (await client.post(chat(session.id, "/read"), headers=auth,
                              json={"seq": 0})).json()["last_read_seq"] == 1
    room = (await client.get(chat(session.id), headers=auth)).json()
    assert {p["role"]: p["last_read_seq"] for p in room["participants"]} == {
        "student": 1, "mentor": 0}
    await ws.disconnect()


async def test_the_transcript_keeps_formulas_in_markdown_and_html(
        client: httpx.AsyncClient, container: Container) -> None:
    session, student, mentor = await finished(container, ended_ago=timedelta(hours=1))
    auth, mentor_auth = await bearer(client, student.email), await bearer(client, mentor.email)
    await say(client, auth, session.id, "Why is $\\int_0^1 x\\,dx = \\frac{1}{2}$?")
    await say(client, mentor_auth, session.id, "Area of a triangle:\n\n$$A = \\frac{bh}{2}$$")
    markdown = await client.get(chat(session.id, "/transcript.md"), headers=auth)
    assert markdown.status_code == 200
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert "attachment" in markdown.headers["content-disposition"]
    text = markdown.text
    assert "Why is $\\int_0^1 x\\,dx = \\frac{1}{2}$?" in text
    assert "$$A = \\frac{bh}{2}$$" in text
    assert text.index("Why is") < text.index("Area of a triangle")
    html = await client.get(chat(session.id, "/transcript.html"), headers=mentor_auth)
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert ('data-latex="\\int_0^1 x\\,dx = \\frac{1}{2}">\\(\\int_0^1 x\\,dx = '
            "\\frac{1}{2}\\)</span>") in html.text
    assert 'data-latex="A = \\frac{bh}{2}">\\[A = \\frac{bh}{2}\\]</div>' in html.text

    upcoming, student, _ = await booked(container)
    early = await client.get(chat(upcoming.id, "/transcript.md"),
                             headers=await bearer(client, student.email))
    assert (early.status_code, early.json()["code"]) == (409, "chat_transcript_not_ready")


async def test_a_message_sent_through_one_process_reaches_a_socket_on_the_other(
        settings: Settings, database_url: str) -> None:
    nats_url = nats_server_url()
    one, other = (build_container(settings, database_url, nats_url),
                  build_container(settings, database_url, nats_url))
    app_one, app_other = create_app(settings, container=one), create_app(settings,
                                                                         container=other)
    session, student, mentor = await booked(one)
    async with serving(app_one), serving(app_other), client_of(app_one) as c_one, \
            client_of(app_other) as c_other:
        ws = await subscribed(app_other, c_other, mentor, f"session:{session.id}")
        sent = await say(c_one, await bearer(c_one, student.email), session.id, "Ready?")
        assert sent.status_code == 201, sent.text
        frame = await ws.receive_until("message")
        assert (frame["data"]["type"], frame["data"]["seq"]) == ("chat.message", 1)
        page = (await c_other.get(chat(session.id, "/messages"), params={"after": 0},
                                  headers=await bearer(c_other, mentor.email))).json()
        assert [m["body"] for m in page["items"]] == ["Ready?"]
        await ws.disconnect()
