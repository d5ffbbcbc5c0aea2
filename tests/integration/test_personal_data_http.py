"""The forum and the chat in the personal-data export and in erasure, over HTTP on PostgreSQL,
and the clean-up of chat attachments never sent, fired by the real dispatcher."""

import json
import uuid
from datetime import timedelta
from typing import Any
from uuid import UUID

import httpx
from sqlalchemy import func, select, update

from adapters.container import Container
from adapters.db.tables import chat_attachments, forum_watches, scheduled_events
from edu_core.domain.chat import attachment_expiry_key
from edu_core.domain.identity import Role
from tests.integration.helpers import PASSWORD, bearer, make_user
from tests.integration.test_chat_http import booked, chat, say

Headers = dict[str, str]
PDF = b"%PDF-1.4\n%...\n"


async def upload(client: httpx.AsyncClient, auth: Headers, session_id: UUID,
                 name: str) -> str:
    answer = await client.post(chat(session_id, "/attachments"), params={"filename": name},
                               content=PDF, headers={**auth, "content-type": "application/pdf"})
    assert answer.status_code == 201, answer.text
    attachment_id: str = answer.json()["id"]
    return attachment_id


async def blob_key(container: Container, attachment_id: str) -> str | None:
    async with container.session_factory()() as session:
        found: str | None = (await session.execute(
            select(chat_attachments.c.blob_key).where(
                chat_attachments.c.id == UUID(attachment_id)))).scalar_one_or_none()
    return found


async def stored(container: Container, key: str) -> bool:
    return await container.storage().stat(key) is not None


async def settled(container: Container) -> None:
    await container.dispatcher().drain()
    await container.dispatcher().wait_idle()


async def category(client: httpx.AsyncClient, container: Container) -> str:
    admin = await bearer(client, (await make_user(container, Role.ADMIN)).email)
    created = await client.post("/api/v1/admin/forum/categories", headers=admin,
                                json={"name": f"Talk {uuid.uuid4().hex[:6]}"})
    assert created.status_code == 201, created.text
    category_id: str = created.json()["id"]
    return category_id


async def posted(client: httpx.AsyncClient, auth: Headers, path: str,
                 **fields: Any) -> dict[str, Any]:
    answer = await client.post(f"/api/v1/forum{path}", headers=auth, json=fields)
    assert answer.status_code in (200, 201), answer.text
    found: dict[str, Any] = answer.json()
    return found


async def test_the_export_shows_what_i_wrote_voted_flagged_and_said_in_chats(
        client: httpx.AsyncClient, container: Container) -> None:
    session, student, mentor = await booked(container)
    me, them = await bearer(client, student.email), await bearer(client, mentor.email)
    where = await category(client, container)
    thread = (await posted(client, me, "/threads", title="Energy in springs",
                           body="Where does it *go*?", category=where))["thread"]
    answer = await posted(client, them, f"/threads/{thread['id']}/posts",
                          body="Mentor words: into the spring.")
    reply = await posted(client, me, f"/threads/{thread['id']}/posts",
                         body="Thanks $k x^2$", parent_id=answer["id"])
    voted = await client.put(f"/api/v1/forum/posts/{answer['id']}/vote", headers=me,
                             json={"value": 1})
    assert voted.status_code == 200, voted.text
    await posted(client, me, f"/posts/{answer['id']}/flags", reason="Too short")
    muted = await client.put(f"/api/v1/forum/threads/{thread['id']}/watch", headers=me,
                             json={"watching": False})
    assert muted.status_code == 200, muted.text
    sheet = await upload(client, me, session.id, "sheet.pdf")
    await upload(client, me, session.id, "draft.pdf")
    assert (await say(client, me, session.id, "Hello $x$",
                      attachment_ids=[sheet])).status_code == 201
    assert (await say(client, them, session.id, "Mentor chat words")).status_code == 201

    response = await client.get("/api/v1/me/export", headers=me)

    assert response.status_code == 200
    document = json.loads(response.content)
    assert [(t["id"], t["title"], t["category_id"], t["status"])
            for t in document["forum_threads"]] == [
        (thread["id"], "Energy in springs", where, "visible")]
    assert [(p["number"], p["thread_title"], p["markdown"], p["reply_to_post_id"])
            for p in document["forum_posts"]] == [
        (1, "Energy in springs", "Where does it *go*?", None),
        (reply["number"], "Energy in springs", "Thanks $k x^2$",
         answer["id"])]
    assert [(v["post_id"], v["value"]) for v in document["forum_votes"]] == [
        (answer["id"], 1)]
    assert [(f["post_id"], f["reason"], f["state"]) for f in document["forum_flags"]] == [
        (answer["id"], "Too short", "open")]
    assert [(w["thread_id"], w["watching"]) for w in document["forum_watches"]] == [
        (thread["id"], False)]
    assert [(m["session_id"], m["seq"], m["body"], m["attachments"])
            for m in document["chat_messages"]] == [
        (str(session.id), 1, "Hello $x$", ["sheet.pdf"])]
    assert [(s["id"], s["role"], s["other_party_id"], s["status"], s["price"], s["paid"])
            for s in document["sessions"]] == [
        (str(session.id), "student", str(mentor.id), "confirmed", 5000, 5000)]
    assert document["reviews"] == []
    new_sections = json.dumps({k: document[k] for k in (
        "forum_threads", "forum_posts", "forum_votes", "forum_flags", "forum_watches",
        "chat_messages", "sessions", "reviews")})
    for theirs in ("Mentor words", "Mentor chat words", mentor.display_name, "draft.pdf"):
        assert theirs not in new_sections, theirs

    mentor_document = json.loads((await client.get("/api/v1/me/export", headers=them)).content)
    assert [m["body"] for m in mentor_document["chat_messages"]] == ["Mentor chat words"]
    assert [p["markdown"] for p in mentor_document["forum_posts"]] == [
        "Mentor words: into the spring."]
    assert mentor_document["forum_votes"] == [] and mentor_document["forum_flags"] == []


async def test_an_attachment_never_sent_is_removed_by_its_schedule(
        client: httpx.AsyncClient, container: Container) -> None:
    session, student, _ = await booked(container)
    auth = await bearer(client, student.email)
    sent, unsent = (await upload(client, auth, session.id, "sent.pdf"),
                    await upload(client, auth, session.id, "unsent.pdf"))
    assert (await say(client, auth, session.id, "", attachment_ids=[sent])).status_code == 201
    sent_key, unsent_key = await blob_key(container, sent), await blob_key(container, unsent)
    assert sent_key and unsent_key and await stored(container, unsent_key)
    keys = [attachment_expiry_key(UUID(x)) for x in (sent, unsent)]
    k = scheduled_events.c
    async with container.session_factory()() as db:
        due = (await db.execute(select(k.key, k.due_at - func.now(), k.status)
                                .where(k.key.in_(keys)))).all()
        assert {row[0] for row in due} == set(keys)
        assert all(row[1].total_seconds() > 23 * 3600 and row[2] == "pending" for row in due)
        # As if the day had passed.
        await db.execute(update(scheduled_events).where(k.key.in_(keys)).values(
            due_at=func.now() - timedelta(seconds=1)))
        await db.commit()

    await settled(container)

    assert await blob_key(container, unsent) is None
    assert not await stored(container, unsent_key)
    assert await blob_key(container, sent) == sent_key and await stored(container, sent_key)
    async with container.session_factory()() as db:
        assert set((await db.execute(select(k.status).where(k.key.in_(keys)))).scalars()) == {
            "fired"}
    late = await say(client, auth, session.id, "now?", attachment_ids=[unsent])
    assert (late.status_code, late.json()["code"]) == (404, "chat_attachment_not_found")
    [message] = (await client.get(chat(session.id, "/messages"), headers=auth)).json()["items"]
    assert [a["filename"] for a in message["attachments"]] == ["sent.pdf"]


async def test_deleting_my_account_removes_my_watches_and_unsent_files(
        client: httpx.AsyncClient, container: Container) -> None:
    session, student, mentor = await booked(container)
    me, them = await bearer(client, student.email), await bearer(client, mentor.email)
    where = await category(client, container)
    thread = (await posted(client, them, "/threads", title="Office hours", body="Ask away",
                           category=where))["thread"]
    for auth in (me, them):
        assert (await client.put(f"/api/v1/forum/threads/{thread['id']}/watch", headers=auth,
                                 json={"watching": True})).status_code == 200
    sent, unsent = (await upload(client, me, session.id, "sent.pdf"),
                    await upload(client, me, session.id, "unsent.pdf"))
    assert (await say(client, me, session.id, "Bye", attachment_ids=[sent])).status_code == 201
    unsent_key = await blob_key(container, unsent)
    assert unsent_key is not None

    deleted = await client.post("/api/v1/me/deletion", headers=me,
                                json={"current_password": PASSWORD})
    assert deleted.status_code == 204
    await settled(container)

    assert await blob_key(container, unsent) is None
    assert not await stored(container, unsent_key)
    assert await blob_key(container, sent) is not None
    w = forum_watches.c
    async with container.session_factory()() as db:
        watchers = set((await db.execute(select(w.user_id).where(
            w.thread_id == UUID(thread["id"])))).scalars())
    assert watchers == {mentor.id}
    history = (await client.get(chat(session.id, "/messages"), headers=them)).json()
    assert [m["body"] for m in history["items"]] == ["Bye"]
