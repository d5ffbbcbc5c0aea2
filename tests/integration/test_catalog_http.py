"""The catalog over HTTP: anyone reads the tree, admins shape it, every change is audited."""

import uuid
from typing import Any

from httpx import AsyncClient

from adapters.container import Container
from edu_core.domain.identity import Role
from edu_core.domain.pagination import PageRequest
from tests.integration.helpers import bearer, make_user


def slug(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


async def admin_headers(client: AsyncClient, container: Container) -> dict[str, str]:
    admin = await make_user(container, Role.ADMIN)
    return await bearer(client, admin.email)


async def test_admin_builds_a_subject_and_the_public_tree_shows_it(
        client: AsyncClient, container: Container) -> None:
    auth = await admin_headers(client, container)
    subject = await client.post("/api/v1/admin/catalog/subjects", headers=auth, json={
        "name": "Astronomy", "slug": slug("astronomy"), "description": "Stars and planets"})
    assert subject.status_code == 201, subject.text
    sid = subject.json()["id"]
    chapter = await client.post(f"/api/v1/admin/catalog/subjects/{sid}/chapters", headers=auth,
                                json={"name": "The Solar System"})
    assert chapter.status_code == 201
    assert chapter.json()["slug"] == "the-solar-system"  # derived from the name
    cid = chapter.json()["id"]
    topic_slug = slug("planets")
    topic = await client.post(f"/api/v1/admin/catalog/chapters/{cid}/topics", headers=auth,
                              json={"name": "Planets", "slug": topic_slug})
    assert topic.status_code == 201

    tree = await client.get("/api/v1/catalog")  # anonymous
    assert tree.status_code == 200
    mine = next(s for s in tree.json()["subjects"] if s["id"] == sid)
    assert mine["chapters"][0]["topics"][0]["slug"] == topic_slug

    renamed = await client.patch(f"/api/v1/admin/catalog/subjects/{sid}", headers=auth,
                                 json={"name": "Astronomy & Space", "position": 7})
    assert renamed.status_code == 200
    assert (renamed.json()["name"], renamed.json()["position"]) == ("Astronomy & Space", 7)
    async with container.uow()() as uow:
        entries = await uow.audit.list(PageRequest(1, 10), target_id=sid)
    assert [e.action for e in entries.items] == ["catalog.subject.update",
                                                 "catalog.subject.create"]


async def test_conflicts_and_refusals(client: AsyncClient, container: Container) -> None:
    auth = await admin_headers(client, container)
    taken = slug("taken")
    first = await client.post("/api/v1/admin/catalog/subjects", headers=auth,
                              json={"name": "One", "slug": taken})
    assert first.status_code == 201
    sid = first.json()["id"]
    dup = await client.post("/api/v1/admin/catalog/subjects", headers=auth,
                            json={"name": "Two", "slug": taken})
    assert dup.status_code == 409
    assert dup.json()["code"] == "slug_taken"

    chapter = await client.post(f"/api/v1/admin/catalog/subjects/{sid}/chapters", headers=auth,
                                json={"name": "Chapter"})
    in_use = await client.delete(f"/api/v1/admin/catalog/subjects/{sid}", headers=auth)
    assert in_use.status_code == 409
    assert in_use.json()["code"] == "catalog_node_in_use"

    orphan = await client.post(f"/api/v1/admin/catalog/subjects/{uuid.uuid4()}/chapters",
                               headers=auth, json={"name": "Orphan"})
    assert orphan.status_code == 404
    for body in ({"name": "x", "slug": "Not A Slug"}, {"name": ""}, {"name": "x" * 121},
                 {"name": "ok", "position": -1}, {"name": "ok", "extra": 1}):
        bad = await client.post("/api/v1/admin/catalog/subjects", headers=auth, json=body)
        assert bad.status_code == 400, body
        assert bad.json()["code"] == "validation_error"
    control = await client.post("/api/v1/admin/catalog/subjects", headers=auth,
                                json={"name": "\x07bell"})
    assert control.status_code == 422
    assert control.json()["code"] == "invalid_name"

    cid = chapter.json()["id"]
    assert (await client.delete(f"/api/v1/admin/catalog/chapters/{cid}",
                                headers=auth)).status_code == 204
    assert (await client.delete(f"/api/v1/admin/catalog/subjects/{sid}",
                                headers=auth)).status_code == 204
    gone = await client.patch(f"/api/v1/admin/catalog/subjects/{sid}", headers=auth,
                              json={"name": "Back"})
    assert gone.status_code == 404


async def test_only_admins_shape_the_catalog(client: AsyncClient, container: Container) -> None:
    for role in (Role.STUDENT, Role.MENTOR):
        user = await make_user(container, role)
        refused = await client.post("/api/v1/admin/catalog/subjects",
                                    headers=await bearer(client, user.email),
                                    json={"name": "Sneaky"})
        assert refused.status_code == 403
    anonymous = await client.post("/api/v1/admin/catalog/subjects", json={"name": "Sneaky"})
    assert anonymous.status_code == 401


async def build_subject(client: AsyncClient, auth: dict[str, str], chapters: int,
                        topics: int) -> tuple[str, list[str], list[str]]:
    """A subject with `chapters` chapters; the first chapter has `topics` topics."""
    subject = await client.post("/api/v1/admin/catalog/subjects", headers=auth,
                                json={"name": "Reorder", "slug": slug("reorder")})
    assert subject.status_code == 201, subject.text
    sid = subject.json()["id"]
    cids = []
    for n in range(chapters):
        created = await client.post(f"/api/v1/admin/catalog/subjects/{sid}/chapters",
                                    headers=auth, json={"name": f"Chapter {n}", "position": n})
        assert created.status_code == 201, created.text
        cids.append(created.json()["id"])
    tids = []
    for n in range(topics):
        created = await client.post(f"/api/v1/admin/catalog/chapters/{cids[0]}/topics",
                                    headers=auth, json={"name": f"Topic {n}",
                                                        "slug": slug("topic"), "position": n})
        assert created.status_code == 201, created.text
        tids.append(created.json()["id"])
    return sid, cids, tids


async def public_tree(client: AsyncClient) -> list[dict[str, Any]]:
    tree = await client.get("/api/v1/catalog")
    assert tree.status_code == 200
    subjects: list[dict[str, Any]] = tree.json()["subjects"]
    return subjects


def subject_in(subjects: list[dict[str, Any]], sid: str) -> dict[str, Any]:
    return next(s for s in subjects if s["id"] == sid)


async def test_admin_reorders_each_level_in_one_request(
        client: AsyncClient, container: Container) -> None:
    auth = await admin_headers(client, container)
    sid, cids, tids = await build_subject(client, auth, chapters=3, topics=3)

    chapters_order = [cids[2], cids[0], cids[1]]
    moved = await client.put(f"/api/v1/admin/catalog/subjects/{sid}/chapters/order",
                             headers=auth, json={"ids": chapters_order})
    assert moved.status_code == 200, moved.text
    returned = subject_in(moved.json()["subjects"], sid)
    assert [c["id"] for c in returned["chapters"]] == chapters_order
    shown = subject_in(await public_tree(client), sid)
    assert [c["id"] for c in shown["chapters"]] == chapters_order
    assert [c["position"] for c in shown["chapters"]] == [0, 1, 2]

    topics_order = [tids[1], tids[2], tids[0]]
    moved = await client.put(f"/api/v1/admin/catalog/chapters/{cids[0]}/topics/order",
                             headers=auth, json={"ids": topics_order})
    assert moved.status_code == 200, moved.text
    shown = subject_in(await public_tree(client), sid)
    first = next(c for c in shown["chapters"] if c["id"] == cids[0])
    assert [t["id"] for t in first["topics"]] == topics_order
    assert [t["position"] for t in first["topics"]] == [0, 1, 2]

    subjects_order = [s["id"] for s in await public_tree(client)]
    subjects_order.remove(sid)
    subjects_order.insert(0, sid)
    moved = await client.put("/api/v1/admin/catalog/subjects/order", headers=auth,
                             json={"ids": subjects_order})
    assert moved.status_code == 200, moved.text
    shown_subjects = await public_tree(client)
    assert [s["id"] for s in shown_subjects] == subjects_order
    assert [s["position"] for s in shown_subjects] == list(range(len(subjects_order)))

    async with container.uow()() as uow:
        by_subject = await uow.audit.list(PageRequest(1, 10), target_id=sid)
        by_chapter = await uow.audit.list(PageRequest(1, 10), target_id=cids[0])
        whole = await uow.audit.list(PageRequest(1, 10), target_id="catalog")
    reorder = by_subject.items[0]
    assert reorder.action == "catalog.chapter.reorder"
    assert reorder.details["after"] == chapters_order
    assert reorder.details["before"] == cids
    assert by_chapter.items[0].action == "catalog.topic.reorder"
    assert by_chapter.items[0].details["after"] == topics_order
    assert whole.items[0].action == "catalog.subject.reorder"
    assert whole.items[0].details["after"] == subjects_order


async def test_a_reorder_must_name_every_sibling_exactly_once(
        client: AsyncClient, container: Container) -> None:
    auth = await admin_headers(client, container)
    sid, cids, tids = await build_subject(client, auth, chapters=3, topics=2)
    other_sid, other_cids, _ = await build_subject(client, auth, chapters=1, topics=0)
    before = subject_in(await public_tree(client), sid)
    url = f"/api/v1/admin/catalog/subjects/{sid}/chapters/order"
    for ids in ([cids[1], cids[0]],                               # one missing
                [cids[2], cids[1], cids[0], other_cids[0]],       # a foreign chapter
                [cids[2], cids[1], other_cids[0]],                # swapped for a foreign one
                [cids[2], cids[1], cids[0], cids[0]],             # repeated
                [cids[2], cids[1], cids[1]],                      # repeated, one missing
                [tids[0], cids[1], cids[2]],                      # an id of another level
                []):
        refused = await client.put(url, headers=auth, json={"ids": ids})
        assert refused.status_code == 422, ids
        assert refused.json()["code"] == "invalid_sibling_order", ids
    refused = await client.put("/api/v1/admin/catalog/subjects/order", headers=auth,
                               json={"ids": [sid, other_sid]})
    assert refused.status_code == 422
    assert refused.json()["code"] == "invalid_sibling_order"
    refused = await client.put(f"/api/v1/admin/catalog/chapters/{cids[0]}/topics/order",
                               headers=auth, json={"ids": [tids[0]]})
    assert refused.status_code == 422
    for body in ({"ids": ["not-a-uuid"]}, {"ids": cids, "extra": 1}, {},
                 {"ids": [str(uuid.uuid4()) for _ in range(1001)]}):
        bad = await client.put(url, headers=auth, json=body)
        assert bad.status_code == 400, body
        assert bad.json()["code"] == "validation_error"

    assert subject_in(await public_tree(client), sid) == before  # nothing changed
    async with container.uow()() as uow:
        entries = await uow.audit.list(PageRequest(1, 10), target_id=sid)
    assert "catalog.chapter.reorder" not in [e.action for e in entries.items]


async def test_reordering_needs_an_admin_and_a_known_parent(
        client: AsyncClient, container: Container) -> None:
    auth = await admin_headers(client, container)
    sid, cids, tids = await build_subject(client, auth, chapters=2, topics=2)
    for role in (Role.STUDENT, Role.MENTOR):
        user = await make_user(container, role)
        refused = await client.put(f"/api/v1/admin/catalog/subjects/{sid}/chapters/order",
                                   headers=await bearer(client, user.email),
                                   json={"ids": cids[::-1]})
        assert refused.status_code == 403
    student = await make_user(container, Role.STUDENT)
    refused = await client.put("/api/v1/admin/catalog/subjects/order",
                               headers=await bearer(client, student.email), json={"ids": []})
    assert refused.status_code == 403
    anonymous = await client.put(f"/api/v1/admin/catalog/chapters/{cids[0]}/topics/order",
                                 json={"ids": tids[::-1]})
    assert anonymous.status_code == 401
    shown = subject_in(await public_tree(client), sid)
    assert [c["id"] for c in shown["chapters"]] == cids

    unknown = await client.put(f"/api/v1/admin/catalog/subjects/{uuid.uuid4()}/chapters/order",
                               headers=auth, json={"ids": []})
    assert unknown.status_code == 404
    unknown = await client.put(f"/api/v1/admin/catalog/chapters/{uuid.uuid4()}/topics/order",
                               headers=auth, json={"ids": []})
    assert unknown.status_code == 404
    # A subject id is not a chapter: the topics of a subject do not exist.
    wrong_level = await client.put(f"/api/v1/admin/catalog/chapters/{sid}/topics/order",
                                   headers=auth, json={"ids": tids})
    assert wrong_level.status_code == 404


async def test_deleting_a_topic_in_use_says_what_still_uses_it(
        client: AsyncClient, container: Container) -> None:
    from adapters.cli.demo import DEMO
    from edu_core.application.actors import Principal
    from edu_core.domain.identity import Transport
    from tests.integration.helpers import make_mentor

    auth = await admin_headers(client, container)
    suffix = uuid.uuid4().hex[:6]
    await container.catalog().import_document(DEMO, {"subjects": [{
        "name": "Chemistry", "slug": f"chemistry-{suffix}", "chapters": [{
            "name": "Bonds", "slug": "bonds", "topics": [
                {"name": "Ionic", "slug": f"ionic-{suffix}"},
                {"name": "Unused", "slug": f"unused-{suffix}"}]}]}]})
    tree = await container.catalog().tree()
    subject = next(s for s in tree if s.subject.slug == f"chemistry-{suffix}")
    chapter = subject.chapters[0]
    ionic, unused = chapter.topics
    mentor = await make_mentor(container, "Carla Chemist", headline="Chemistry",
                               bio="Bonds of all kinds.", topics=[str(ionic.id)],
                               languages=["en"], rate=3000)
    author = Principal(user_id=mentor.id, role=Role.MENTOR, session_id=uuid.uuid4(),
                       transport=Transport.BEARER)
    for title in ("Lattices", "Salts"):
        await container.content().create(author, topic_id=ionic.id, kind="note", title=title,
                                         body={"html": "<p>Ions.</p>"})

    topic = await client.delete(f"/api/v1/admin/catalog/topics/{ionic.id}", headers=auth)
    assert topic.status_code == 409, topic.text
    body = topic.json()
    assert body["code"] == "catalog_node_in_use"
    assert body["details"]["usage"] == {"chapters": 0, "topics": 0, "mentors": 1,
                                        "content_items": 2, "courses": 0}
    assert "1 mentor" in body["message"] and "2 content items" in body["message"]

    for path, topics in ((f"chapters/{chapter.chapter.id}", 2),
                         (f"subjects/{subject.subject.id}", 2)):
        refused = await client.delete(f"/api/v1/admin/catalog/{path}", headers=auth)
        assert refused.status_code == 409, refused.text
        usage = refused.json()["details"]["usage"]
        assert (usage["topics"], usage["mentors"], usage["content_items"]) == (topics, 1, 2)

    # Nothing was deleted; an unused topic still goes.
    assert await container.catalog().tree() == tree
    gone = await client.delete(f"/api/v1/admin/catalog/topics/{unused.id}", headers=auth)
    assert gone.status_code == 204, gone.text
