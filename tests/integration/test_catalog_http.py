"""The catalog over HTTP: anyone reads the tree, admins shape it, every change is audited."""

import uuid

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
