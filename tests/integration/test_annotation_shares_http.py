"""Annotations shared in forum posts and session chat messages ("look at this"), over HTTP on
PostgreSQL: one's own annotation or one the item's author published may be shared, anyone
else's private one is a 404 and nothing is posted; what was shared is a snapshot that outlives
the annotation, shown to every reader of the thread or chat with a link to the page picture."""

import uuid
from typing import Any

import pytest
from httpx import AsyncClient

from adapters.container import Container
from adapters.settings import Settings
from edu_core.domain.identity import Role, User
from edu_core.domain.identity.users import UserDeleted
from tests.integration.helpers import bearer, make_user
from tests.integration.test_chat_http import booked, chat, say
from tests.integration.test_content_http import approve
from tests.integration.test_handwritten_http import (  # noqa: F401 (fixtures)
    catalog,
    fetch,
    handwritten_item,
    ink,
    people,
    stored_files,
    upload,
)
from tests.support.handwritten_files import pdf_pages

THREADS = "/api/v1/forum/threads"


@pytest.fixture
async def lesson(client: AsyncClient, container: Container, auth: dict[str, dict[str, str]],
                 catalog: dict[str, Any]) -> dict[str, Any]:  # noqa: F811
    """An approved handwritten lesson, a forum category for its subject, and annotations on
    its page 2: the student's and another student's private ones, the mentor's published
    one."""
    item_id, document = await handwritten_item(client, auth, catalog)
    await approve(client, auth["admin"], item_id, 1)
    subject = await container.catalog().tree()
    slug = next(s.subject.slug for s in subject
                if s.chapters and s.chapters[0].topics[0].id == catalog["energy"].id)
    category = await client.post("/api/v1/admin/forum/categories", headers=auth["admin"],
                                 json={"name": f"Physics {slug}", "slug": slug, "subject": slug})
    assert category.status_code == 201, category.text
    base = f"/api/v1/content/{item_id}/annotations"
    ids = {}
    for name, body in (("student", ink((100, 200, 0.5), (140, 260, 0.8), page=2)),
                       ("classmate", ink((20, 30, 0.5), page=2)),
                       ("mentor", ink((50, 50, 0.5), (60, 70, 0.5), page=1,
                                      visibility="published", color="#0000ff"))):
        ids[name] = str(uuid.uuid4())
        saved = await client.put(f"{base}/{ids[name]}", headers=auth[name], json=body)
        assert saved.status_code == 201, saved.text
    return {"item_id": item_id, "document": document, "annotations": ids, "base": base}


@pytest.fixture
async def classmate(container: Container) -> User:
    return await make_user(container, Role.STUDENT)


@pytest.fixture
async def auth(client: AsyncClient, people: dict[str, User],  # noqa: F811
               classmate: User) -> dict[str, dict[str, str]]:
    everyone = {**people, "classmate": classmate}
    return {name: await bearer(client, user.email) for name, user in everyone.items()}


def _card_matches(card: dict[str, Any], *, annotation_id: str, page: int,
                  points: list[list[float]]) -> None:
    assert card["annotation_id"] == annotation_id and card["page"] == page
    assert card["selector"]["type"] == "InkSelector"
    assert card["selector"]["strokes"] == [points]
    region = card["region"]
    for x, y, _ in points:  # the region holds every point, inside the page
        assert region["x"] <= x <= region["x"] + region["width"]
        assert region["y"] <= y <= region["y"] + region["height"]
    assert region["x"] >= 0 and region["x"] + region["width"] <= card["page_width"]
    assert region["y"] >= 0 and region["y"] + region["height"] <= card["page_height"]


async def test_my_annotation_shared_in_a_thread_is_a_snapshot_every_reader_sees(
        client: AsyncClient, auth: dict[str, dict[str, str]], lesson: dict[str, Any]) -> None:
    mine = lesson["annotations"]["student"]
    started = await client.post(THREADS, headers=auth["student"], json={
        "title": "Why does the curve bend here?", "body": "Look at my sketch.",
        "item_id": lesson["item_id"], "annotation_id": mine})
    assert started.status_code == 201, started.text
    thread = started.json()["thread"]
    [opening] = started.json()["posts"]["items"]
    points = [[100, 200, 0.5], [140, 260, 0.8]]
    _card_matches(opening["annotation"], annotation_id=mine, page=2, points=points)
    assert opening["annotation"]["document_id"] == lesson["document"]["id"]
    assert (opening["annotation"]["page_width"], opening["annotation"]["page_height"]) == (
        300, 400)

    # The author changes, then deletes, the annotation: the post keeps what was shared.
    changed = await client.put(f"{lesson['base']}/{mine}", headers=auth["student"],
                               json=ink((1, 1, 0.1), page=1))
    assert changed.status_code == 200, changed.text
    deleted = await client.delete(f"{lesson['base']}/{mine}", headers=auth["student"])
    assert deleted.status_code == 204

    # Another learner reads the thread (they could never list that private annotation), and so
    # does someone signed out: the same card, and the page picture through its signed link.
    for reader in (auth["classmate"], {}):
        page = await client.get(f"{THREADS}/{thread['id']}", headers=reader)
        assert page.status_code == 200, page.text
        [shown] = page.json()["posts"]["items"]
        _card_matches(shown["annotation"], annotation_id=mine, page=2, points=points)
        picture = await fetch(client, shown["annotation"]["thumbnail_url"])
        assert picture[:4] == b"RIFF" and picture[8:12] == b"WEBP"
    listed = await client.get(lesson["base"], headers=auth["classmate"])
    assert mine not in {a["id"] for a in listed.json()["items"]}


async def test_another_learners_private_annotation_cannot_be_shared(
        client: AsyncClient, auth: dict[str, dict[str, str]], lesson: dict[str, Any]) -> None:
    started = await client.post(THREADS, headers=auth["student"], json={
        "title": "Energy by hand", "body": "A question.", "item_id": lesson["item_id"]})
    thread_id = started.json()["thread"]["id"]
    posts = f"{THREADS}/{thread_id}/posts"
    for annotation_id in (lesson["annotations"]["classmate"], str(uuid.uuid4())):
        refused = await client.post(posts, headers=auth["student"], json={
            "body": "Look at this", "annotation_id": annotation_id})
        assert refused.status_code == 404, refused.text
        assert refused.json()["code"] == "annotation_not_found"
        refused = await client.post(THREADS, headers=auth["student"], json={
            "title": "Look", "body": "Look at this", "item_id": lesson["item_id"],
            "annotation_id": annotation_id})
        assert refused.status_code == 404, refused.text
    thread = await client.get(f"{THREADS}/{thread_id}")
    assert thread.json()["posts"]["total"] == 1  # nothing was posted

    # The mentor's published annotation is there for every reader of the lesson to share.
    published = lesson["annotations"]["mentor"]
    shared = await client.post(posts, headers=auth["classmate"], json={
        "body": "The teacher's note", "annotation_id": published})
    assert shared.status_code == 201, shared.text
    card = shared.json()["annotation"]
    assert card["annotation_id"] == published and card["color"] == "#0000ff"
    assert card["page"] == 1 and card["page_width"] == 595


async def test_a_chat_message_shows_the_annotation_to_the_other_party(
        client: AsyncClient, container: Container, auth: dict[str, dict[str, str]],
        lesson: dict[str, Any]) -> None:
    session, student, mentor = await booked(container)
    student_auth = await bearer(client, student.email)
    mentor_auth = await bearer(client, mentor.email)
    annotation_id = str(uuid.uuid4())
    saved = await client.put(f"{lesson['base']}/{annotation_id}", headers=student_auth,
                             json=ink((150, 100, 0.5), page=2))
    assert saved.status_code == 201, saved.text

    # A message may be nothing but the annotation; someone else's private one is refused.
    refused = await say(client, mentor_auth, session.id, "",
                        annotation_id=annotation_id)
    assert refused.status_code == 404 and refused.json()["code"] == "annotation_not_found"
    sent = await say(client, student_auth, session.id, "", annotation_id=annotation_id)
    assert sent.status_code == 201, sent.text
    assert sent.json()["annotation"]["annotation_id"] == annotation_id

    history = await client.get(chat(session.id, "/messages"), headers=mentor_auth)
    assert history.status_code == 200, history.text
    [message] = history.json()["items"]
    _card_matches(message["annotation"], annotation_id=annotation_id, page=2,
                  points=[[150, 100, 0.5]])
    assert (await fetch(client, message["annotation"]["thumbnail_url"]))[8:12] == b"WEBP"

    # What the student shared is in their data export, and stays with the chat when their
    # account is erased (their private annotation goes).
    export = (await client.get("/api/v1/me/export", headers=student_auth)).json()
    assert [s["annotation_id"] for s in export["annotation_shares"]] == [annotation_id]
    assert export["annotation_shares"][0]["chat_message_id"] == message["id"]
    await container.account_erasure().erase(UserDeleted(
        occurred_at=container.clock().now(), user_id=student.id, avatar_key=None))
    async with container.uow()() as uow:
        assert await uow.handwritten.annotation(uuid.UUID(annotation_id)) is None
    again = await client.get(chat(session.id, "/messages"), headers=mentor_auth)
    assert again.json()["items"][0]["annotation"]["selector"] == message["annotation"][
        "selector"]


async def test_an_erased_mentor_s_lesson_keeps_its_pages_and_published_annotation(
        client: AsyncClient, container: Container, auth: dict[str, dict[str, str]],
        people: dict[str, User], lesson: dict[str, Any],  # noqa: F811
        settings: Settings) -> None:
    spare = await upload(client, auth["mentor"],
                         ("spare.pdf", pdf_pages((200, 200)), "application/pdf"))
    assert spare.status_code == 201, spare.text
    export = (await client.get("/api/v1/me/export", headers=auth["mentor"])).json()
    assert {d["id"] for d in export["handwritten_documents"]} == {
        lesson["document"]["id"], spare.json()["id"]}
    assert [a["id"] for a in export["annotations"]] == [lesson["annotations"]["mentor"]]
    for section in ("videos", "video_uploads", "video_positions", "video_captions"):
        assert export[section] == []
    spare_files = [k for k in stored_files(settings.blobs_dir)
                   if spare.json()["id"] in str(k)]
    assert len(spare_files) == 2  # the PDF and its page's thumbnail

    await container.account_erasure().erase(UserDeleted(
        occurred_at=container.clock().now(), user_id=people["mentor"].id, avatar_key=None))
    assert not any(p.exists() for p in spare_files)
    async with container.uow()() as uow:
        assert await uow.handwritten.document(uuid.UUID(spare.json()["id"])) is None
    shown = await client.get(f"/api/v1/content/{lesson['item_id']}", headers=auth["student"])
    assert shown.status_code == 200 and shown.json()["body"]["page_count"] == 2
    listed = await client.get(lesson["base"], headers=auth["student"])
    assert lesson["annotations"]["mentor"] in {a["id"] for a in listed.json()["items"]}
