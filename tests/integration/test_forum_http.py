"""The forum over HTTP on PostgreSQL: asking about a lesson from a wrong answer, a mentor's
answer with a formula and badges, acceptance seen live by a third reader, what outsiders may
not do, three flags hiding a post until an admin restores it, exact scores under concurrent
voters, search, keyset paging, the link rule for new accounts and category administration."""

import asyncio
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from httpx import AsyncClient
from litestar import Litestar
from sqlalchemy import update

from adapters.cli.demo import DEMO
from adapters.cli.demo_content_seed import author_principal
from adapters.container import Container
from adapters.db.tables import users
from edu_core.application.actors import Actor
from edu_core.domain.identity import Role, User
from edu_core.domain.pagination import PageRequest
from tests.integration.helpers import bearer, make_mentor, make_user
from tests.support.asgi_websocket import WebSocketSession

Headers = dict[str, str]


@dataclass
class Place:
    subject: str
    topic: str
    topic_id: UUID
    category_id: str
    mentor: User
    mentor_auth: Headers
    item_id: UUID
    admin_auth: Headers


async def place(client: AsyncClient, container: Container) -> Place:
    """A subject with its forum category, a verified mentor and one of their published
    notes."""
    slug = f"mech-{uuid.uuid4().hex[:6]}"
    await container.catalog().import_document(DEMO, {"subjects": [{
        "name": "Mechanics", "slug": slug, "chapters": [{"name": "Energy", "topics": [
            {"name": "Kinetic energy", "slug": f"{slug}-kinetic"}]}]}]})
    topic = next(t.chapters[0].topics[0] for t in await container.catalog().tree()
                 if t.subject.slug == slug)
    admin_auth = await bearer(client, (await make_user(container, Role.ADMIN)).email)
    created = await client.post("/api/v1/admin/forum/categories", headers=admin_auth, json={
        "name": f"Mechanics {slug}", "slug": slug, "subject": slug})
    assert created.status_code == 201, created.text
    mentor = await make_mentor(container, "Amara Okafor", headline="Physics", bio="Energy.",
                               topics=[str(topic.id)], languages=["en"], rate=5000)
    content = container.content()
    author = author_principal(mentor.id)
    item = (await content.create(author, topic_id=topic.id, kind="note",
                                 title="Kinetic energy", body={
                                     "kind": "note", "html": "<p>E = ½mv²</p>"})).item
    await content.submit(author, item.id)
    await content.approve(Actor(None), item.id, 1)
    return Place(subject=slug, topic=topic.slug, topic_id=topic.id,
                 category_id=created.json()["id"], mentor=mentor,
                 mentor_auth=await bearer(client, mentor.email), item_id=item.id,
                 admin_auth=admin_auth)


async def person(client: AsyncClient, container: Container, *, days_old: int = 2,
                 role: Role = Role.STUDENT) -> tuple[User, Headers]:
    user = await make_user(container, role)
    if days_old:
        # Older than a day: links are allowed (the rule is tested on its own).
        async with container.database().session() as session:
            await session.execute(update(users).where(users.c.id == user.id).values(
                created_at=users.c.created_at - timedelta(days=days_old)))
            await session.commit()
    return user, await bearer(client, user.email)


async def start(client: AsyncClient, auth: Headers, **fields: Any) -> dict[str, Any]:
    response = await client.post("/api/v1/forum/threads", headers=auth, json=fields)
    assert response.status_code == 201, response.text
    page: dict[str, Any] = response.json()
    return page


async def reply(client: AsyncClient, auth: Headers, thread_id: str, body: str,
                parent_id: str | None = None) -> dict[str, Any]:
    response = await client.post(f"/api/v1/forum/threads/{thread_id}/posts", headers=auth,
                                 json={"body": body, "parent_id": parent_id})
    assert response.status_code == 201, response.text
    post: dict[str, Any] = response.json()
    return post


async def test_asked_from_a_wrong_answer_answered_with_a_formula_accepted_and_seen_live(
        app: Litestar, client: AsyncClient, container: Container) -> None:
    where = await place(client, container)
    student, auth = await person(client, container)
    _, reader_auth = await person(client, container)
    outsider, outsider_auth = await person(client, container)

    page = await start(client, auth, title="Why is there a ½ in kinetic energy?",
                       body="I wrote $mv^2$ and it was marked wrong.", item_id=str(where.item_id),
                       quote="What is the kinetic energy of 2 kg at 3 m/s?\nYour answer: 18 J")
    thread = page["thread"]
    assert (thread["category"]["id"], thread["item_id"], thread["topic_id"]) == (
        where.category_id, str(where.item_id), str(where.topic_id))
    [opening] = page["posts"]["items"]
    assert opening["html"].startswith("<blockquote>") and "Your answer: 18 J" in opening["html"]
    assert '<span data-type="inline-math" data-latex="mv^2"></span>' in opening["html"]
    assert opening["author"]["badges"] == [] and thread["watching"] is True

    ws = WebSocketSession(app, headers=list(reader_auth.items()))
    await ws.accepted()
    assert (await ws.receive_json())["type"] == "ready"
    ws.send_json({"type": "subscribe", "channel": f"thread:{thread['id']}"})
    assert (await ws.receive_json())["type"] == "subscribed"

    answer = await reply(client, where.mentor_auth, thread["id"],
                         "Work builds it up:\n\n$$E_k = \\int_0^v m u \\, du = \\tfrac12 mv^2$$")
    assert '<div data-type="block-math" data-latex="E_k = \\int_0^v m u \\, du = ' \
           '\\tfrac12 mv^2"></div>' in answer["html"]
    assert (answer["author"]["badges"], answer["author"]["is_content_author"]) == (
        ["verified_mentor"], True)
    # The opening post's own announcement may still be on its way: skip past it.
    frame = await ws.receive_until("message", within=15)
    if frame["data"].get("number") == 1:
        frame = await ws.receive_until("message", within=15)
    assert frame["data"] == {"type": "forum.post_created", "thread_id": thread["id"],
                             "post_id": answer["id"], "number": 2}

    # Nobody but the asker, a verified mentor or an admin marks the answer.
    refused = await client.put(f"/api/v1/forum/threads/{thread['id']}/accepted",
                               headers=outsider_auth, json={"post_id": answer["id"]})
    assert (refused.status_code, refused.json()["code"]) == (403, "forum_accept_not_allowed")
    for verb, url, body in [
            ("PATCH", f"/api/v1/forum/posts/{answer['id']}", {"body": "Mine now"}),
            ("DELETE", f"/api/v1/forum/posts/{answer['id']}", None)]:
        denied = await client.request(verb, url, headers=outsider_auth, json=body)
        assert (denied.status_code, denied.json()["code"]) == (403, "forum_not_your_post")
    accepted = await client.put(f"/api/v1/forum/threads/{thread['id']}/accepted",
                                headers=auth, json={"post_id": answer["id"]})
    assert accepted.status_code == 200 and accepted.json()["solved"] is True
    frame = await ws.receive_until("message", within=15)
    assert (frame["data"]["type"], frame["data"]["post_id"]) == (
        "forum.answer_accepted", answer["id"])
    await ws.disconnect()

    shown = (await client.get(f"/api/v1/forum/threads/{thread['id']}")).json()
    assert shown["accepted"]["id"] == answer["id"] and shown["thread"]["solved"]
    assert [p["accepted"] for p in shown["posts"]["items"]] == [False, True]
    assert shown["thread"]["watching"] is None  # anonymous
    listed = (await client.get("/api/v1/forum/threads", params={"topic": where.topic})).json()
    assert [t["id"] for t in listed["items"]] == [thread["id"]]
    counts = (await client.get("/api/v1/forum/counts", params={"topic": where.topic})).json()
    assert counts == {"topic_threads": 1, "items": [{"item_id": str(where.item_id),
                                                     "threads": 1}]}
    solved = (await client.get("/api/v1/forum/threads", params={
        "category": where.subject, "solved": "false"})).json()
    assert solved["total"] == 0

    await container.dispatcher().wait_idle()
    inbox = (await client.get("/api/v1/notifications", headers=where.mentor_auth)).json()
    kinds = {n["kind"] for n in inbox["items"]}
    assert {"forum.thread_started", "forum.answer_accepted"} <= kinds
    asker_inbox = (await client.get("/api/v1/notifications", headers=auth)).json()
    assert [n["link"] for n in asker_inbox["items"] if n["kind"] == "forum.post_created"] == [
        f"/forum/threads/{thread['id']}#post-2"]
    assert outsider.id != student.id


async def test_three_flags_hide_a_post_until_an_admin_restores_it(
        client: AsyncClient, container: Container) -> None:
    where = await place(client, container)
    asker, auth = await person(client, container)
    author, author_auth = await person(client, container)
    flaggers = [await person(client, container) for _ in range(3)]
    thread = (await start(client, auth, title="Is energy conserved?", body="Always?",
                          category=where.subject))["thread"]
    post = await reply(client, author_auth, thread["id"], "Only in closed systems.")

    own = await client.post(f"/api/v1/forum/posts/{post['id']}/flags", headers=author_auth,
                            json={"reason": "Mine"})
    assert (own.status_code, own.json()["code"]) == (409, "forum_cannot_flag_own_post")
    results = []
    for _, flagger_auth in flaggers:
        flagged = await client.post(f"/api/v1/forum/posts/{post['id']}/flags",
                                    headers=flagger_auth, json={"reason": "Misleading"})
        assert flagged.status_code == 200, flagged.text
        results.append(flagged.json()["hidden"])
    assert results == [False, False, True]

    async def numbers(headers: Headers | None) -> list[int]:
        body = (await client.get(f"/api/v1/forum/threads/{thread['id']}",
                                 headers=headers)).json()
        return [p["number"] for p in body["posts"]["items"]]

    assert await numbers(None) == [1] and await numbers(auth) == [1]
    assert await numbers(author_auth) == [1, 2] and await numbers(where.admin_auth) == [1, 2]
    mine = (await client.get(f"/api/v1/forum/threads/{thread['id']}",
                             headers=author_auth)).json()["posts"]["items"][1]
    assert (mine["status"], mine["in_review"]) == ("hidden", True)
    hidden = await client.get(f"/api/v1/forum/posts/{post['id']}/revisions", headers=auth)
    assert (hidden.status_code, hidden.json()["code"]) == (404, "forum_post_not_found")
    vote = await client.put(f"/api/v1/forum/posts/{post['id']}/vote", headers=auth,
                            json={"value": 1})
    assert vote.status_code == 404

    assert (await client.get("/api/v1/admin/forum/flags", headers=auth)).status_code == 403
    queue = (await client.get("/api/v1/admin/forum/flags", headers=where.admin_auth,
                              params={"page_size": 100})).json()
    [waiting] = [x for x in queue["items"] if x["post"]["id"] == post["id"]]
    assert [f["reason"] for f in waiting["flags"]] == ["Misleading"] * 3
    assert waiting["thread_title"] == "Is energy conserved?"
    assert queue["items"][0]["post"]["status"] == "hidden"  # hidden ones first

    restored = await client.post(f"/api/v1/admin/forum/posts/{post['id']}/decision",
                                 headers=where.admin_auth, json={"action": "restore"})
    assert restored.status_code == 200, restored.text
    assert restored.json()["post"]["status"] == "visible"
    assert await numbers(None) == [1, 2]
    again = await client.post(f"/api/v1/admin/forum/posts/{post['id']}/decision",
                              headers=where.admin_auth, json={"action": "restore"})
    assert (again.status_code, again.json()["code"]) == (409, "forum_nothing_to_moderate")
    no_reason = await client.post(f"/api/v1/admin/forum/posts/{post['id']}/decision",
                                  headers=where.admin_auth, json={"action": "hide"})
    assert (no_reason.status_code, no_reason.json()["code"]) == (422, "invalid_forum_post")
    warned = await client.post(f"/api/v1/admin/forum/posts/{post['id']}/decision",
                               headers=where.admin_auth,
                               json={"action": "warn", "reason": "Cite your sources."})
    assert warned.json()["post"]["status"] == "hidden"
    assert await numbers(None) == [1]

    await container.dispatcher().wait_idle()
    inbox = (await client.get("/api/v1/notifications", headers=author_auth)).json()
    assert [(n["title"], n["body"]) for n in inbox["items"]
            if n["kind"].startswith("forum.post_")] == [
        ("A warning from the moderators", "Cite your sources."),
        ("Your post is visible again", "A moderator reviewed it and restored it."),
        ("Your post is hidden for review",
         "Several people flagged it. A moderator will look at it soon.")]
    async with container.uow()() as uow:
        trail = await uow.audit.list(PageRequest(1, 20), target_id=post["id"])
    assert sorted(e.action for e in trail.items) == sorted(
        ["forum.post_flagged"] * 3 + ["forum.post_restore", "forum.post_warn"])
    assert asker.id != author.id


async def test_concurrent_votes_keep_the_score_exact(client: AsyncClient,
                                                     container: Container) -> None:
    where = await place(client, container)
    _, auth = await person(client, container)
    thread = (await start(client, auth, title="Vote on this one", body="Please",
                          category=where.category_id))["thread"]
    opening = (await client.get(f"/api/v1/forum/threads/{thread['id']}")).json()
    post_id = opening["posts"]["items"][0]["id"]
    voters = [(await person(client, container, days_old=0))[1] for _ in range(16)]
    values = [1 if n % 4 else -1 for n in range(16)]
    answers = await asyncio.gather(*[
        client.put(f"/api/v1/forum/posts/{post_id}/vote", headers=voter, json={"value": value})
        for voter, value in zip(voters, values, strict=True)])
    assert all(a.status_code == 200 for a in answers), [a.text for a in answers]
    # Half change their minds, concurrently again.
    changed = await asyncio.gather(*[
        client.put(f"/api/v1/forum/posts/{post_id}/vote", headers=voter,
                   json={"value": -value}) for voter, value in zip(voters[:8], values[:8],
                                                                   strict=True)])
    assert all(a.status_code == 200 for a in changed)
    final = [-v for v in values[:8]] + values[8:]
    shown = (await client.get(f"/api/v1/forum/threads/{thread['id']}",
                              headers=voters[0])).json()
    opening_post = shown["posts"]["items"][0]
    assert (opening_post["score"], opening_post["upvotes"], opening_post["downvotes"]) == (
        sum(final), final.count(1), final.count(-1))
    assert (opening_post["my_vote"], shown["thread"]["score"]) == (-values[0], sum(final))
    own = await client.put(f"/api/v1/forum/posts/{post_id}/vote", headers=auth,
                           json={"value": 1})
    assert (own.status_code, own.json()["code"]) == (409, "forum_cannot_vote_own_post")
    bad = await client.put(f"/api/v1/forum/posts/{post_id}/vote", headers=auth,
                           json={"value": 2})
    assert bad.status_code == 400


async def test_site_search_finds_a_reply_and_the_forum_alone(client: AsyncClient,
                                                             container: Container) -> None:
    where = await place(client, container)
    _, auth = await person(client, container)
    _, helper = await person(client, container)
    word = f"xq{uuid.uuid4().hex[:8]}"
    thread = (await start(client, auth, title="Springs and oscillation", body="Why?",
                          category=where.subject))["thread"]
    post = await reply(client, helper, thread["id"], f"Think of {word} as tiny springs.")
    found = (await client.get("/api/v1/search", params={"q": word})).json()
    assert found["items"] == []
    [hit] = found["discussions"]["items"]
    assert (hit["thread_id"], hit["kind"], hit["post_id"], hit["post_number"]) == (
        thread["id"], "post", post["id"], 2)
    assert any(s["highlight"] for s in hit["snippet"])
    only = (await client.get("/api/v1/search", params={"kind": "discussion",
                                                       "subject": where.subject})).json()
    assert [h["thread_id"] for h in only["discussions"]["items"]] == [thread["id"]]
    content_only = (await client.get("/api/v1/search", params={"q": word,
                                                               "kind": "note"})).json()
    assert "discussions" not in content_only or content_only["discussions"] is None


async def test_posts_page_by_cursor_and_new_accounts_post_no_links(
        client: AsyncClient, container: Container) -> None:
    where = await place(client, container)
    _, auth = await person(client, container)
    _, newcomer = await person(client, container, days_old=0)
    thread = (await start(client, auth, title="A long discussion", body="Go",
                          category=where.subject))["thread"]
    first = await reply(client, auth, thread["id"], "One")
    for n in range(6):
        await reply(client, auth, thread["id"], f"Nested {n}",
                    parent_id=first["id"] if n % 2 else None)
    seen: list[int] = []
    page = (await client.get(f"/api/v1/forum/threads/{thread['id']}",
                             params={"limit": 3})).json()["posts"]
    seen += [p["number"] for p in page["items"]]
    while page["next_cursor"]:
        page = (await client.get(f"/api/v1/forum/threads/{thread['id']}/posts", params={
            "limit": 3, "cursor": page["next_cursor"]})).json()
        seen += [p["number"] for p in page["items"]]
    assert sorted(seen) == list(range(1, 9)) and page["total"] == 8
    wrong = await client.get(f"/api/v1/forum/threads/{thread['id']}/posts",
                             params={"order": "oldest", "cursor": "00000001.00000002"})
    assert (wrong.status_code, wrong.json()["code"]) == (422, "invalid_forum_cursor")

    spam = await client.post(f"/api/v1/forum/threads/{thread['id']}/posts", headers=newcomer,
                             json={"body": "Cheap [pills](https://spam.example)"})
    assert (spam.status_code, spam.json()["code"]) == (422, "forum_links_not_allowed_yet")
    fine = await reply(client, newcomer, thread["id"], "See [the lesson](/topics/x).")
    assert 'href="/topics/x"' in fine["html"]
    linked = await reply(client, auth, thread["id"], "See <https://example.org> too.")
    assert 'href="https://example.org"' in linked["html"] and "nofollow" in linked["html"]
    edited = await client.patch(f"/api/v1/forum/posts/{linked['id']}", headers=auth,
                                json={"body": "No link after all."})
    assert edited.status_code == 200 and edited.json()["revision_count"] == 2
    history = (await client.get(f"/api/v1/forum/posts/{linked['id']}/revisions")).json()
    assert [r["markdown"] for r in history["items"]] == ["See <https://example.org> too.",
                                                "No link after all."]


async def test_categories_are_administered_and_guarded(client: AsyncClient,
                                                        container: Container) -> None:
    where = await place(client, container)
    _, auth = await person(client, container)
    denied = await client.post("/api/v1/admin/forum/categories", headers=auth,
                               json={"name": "Mine"})
    assert denied.status_code == 403
    clash = await client.post("/api/v1/admin/forum/categories", headers=where.admin_auth,
                              json={"name": "Again", "slug": where.subject})
    assert (clash.status_code, clash.json()["code"]) == (409, "forum_category_slug_taken")
    unknown = await client.post("/api/v1/admin/forum/categories", headers=where.admin_auth,
                                json={"name": "Nowhere", "subject": "no-such-subject"})
    assert (unknown.status_code, unknown.json()["code"]) == (422, "unknown_catalog_filter")
    await start(client, auth, title="Keeps the category", body="Hi", category=where.subject)
    busy = await client.delete(f"/api/v1/admin/forum/categories/{where.category_id}",
                               headers=where.admin_auth)
    assert (busy.status_code, busy.json()["code"]) == (409, "forum_category_not_empty")
    spare = (await client.post("/api/v1/admin/forum/categories", headers=where.admin_auth,
                               json={"name": f"Spare {uuid.uuid4().hex[:6]}",
                                     "position": 9})).json()
    renamed = await client.patch(f"/api/v1/admin/forum/categories/{spare['id']}",
                                 headers=where.admin_auth,
                                 json={"name": "Spare room", "subject": where.subject})
    assert renamed.status_code == 200
    assert (renamed.json()["name"], renamed.json()["position"]) == ("Spare room", 9)
    unlinked = await client.patch(f"/api/v1/admin/forum/categories/{spare['id']}",
                                  headers=where.admin_auth, json={"subject": None})
    assert unlinked.json()["subject_id"] is None
    listed = (await client.get("/api/v1/forum/categories")).json()
    counts = {c["id"]: c["thread_count"] for c in listed}
    assert counts[where.category_id] == 1 and counts[spare["id"]] == 0
    gone = await client.delete(f"/api/v1/admin/forum/categories/{spare['id']}",
                               headers=where.admin_auth)
    assert gone.status_code == 204
    missing = await client.get("/api/v1/forum/threads", params={"category": "no-such"})
    assert (missing.status_code, missing.json()["code"]) == (404, "forum_category_not_found")


async def test_a_student_posts_an_image_that_every_response_signs_afresh(
        client: AsyncClient, container: Container) -> None:
    from tests.integration.test_content_images import assert_signed, image_srcs, png

    where = await place(client, container)
    _, auth = await person(client, container)
    uploaded = await client.post("/api/v1/forum/images", params={"filename": "graph.png"},
                                 headers={**auth, "Content-Type": "image/png"}, content=png())
    assert uploaded.status_code == 201, uploaded.text
    image = uploaded.json()
    assert image["key"].startswith("content/") and (image["width"], image["height"]) == (48, 24)
    anonymous = await client.post("/api/v1/forum/images", params={"filename": "graph.png"},
                                  headers={"Content-Type": "image/png"}, content=png())
    assert anonymous.status_code == 401
    page = await start(client, auth, title="My velocity graph", category=where.subject,
                       body=f"Is this right?\n\n![velocity against time]({image['url']})\n\n"
                            "![elsewhere](https://example.org/x.png)")
    [opening] = page["posts"]["items"]
    # Only the platform's own upload survives, stored by reference and signed when shown.
    [src] = image_srcs(opening["html"])
    assert_signed(src, image["key"])
    assert image["key"] in opening["markdown"]
    async with container.uow()() as uow:
        stored = await uow.forum.post(UUID(opening["id"]))
    assert stored is not None
    assert image_srcs(stored.body.html) == [f"/files/{image['key']}"]
    shown = (await client.get(f"/api/v1/forum/threads/{page['thread']['id']}")).json()
    assert_signed(image_srcs(shown["posts"]["items"][0]["html"])[0], image["key"])
    preview = await client.post("/api/v1/forum/preview", headers=auth,
                                json={"body": "$$a^2 + b^2 = c^2$$"})
    assert preview.json()["html"] == ('<div data-type="block-math" '
                                      'data-latex="a^2 + b^2 = c^2"></div>')
