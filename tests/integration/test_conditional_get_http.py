"""Conditional GET on the main read endpoints: a strong ETag per answer, 304 without a body
when it still matches, a new tag once the resource changes."""

import uuid
from typing import Any

import pytest
from httpx import AsyncClient

from adapters.container import Container
from adapters.http.conditional import entity_tag
from edu_core.domain.identity import Role, User
from tests.integration.helpers import bearer, make_mentor, make_topic, make_user


@pytest.fixture
async def topic(container: Container) -> Any:
    return await make_topic(container, "Geology", "Minerals")


@pytest.fixture
async def mentor(container: Container, topic: Any) -> User:
    return await make_mentor(container, "Gerd Geo", headline="Rocks", bio="Geologist.",
                             topics=[str(topic.id)], languages=["en"], rate=2500)


async def revalidated(client: AsyncClient, url: str, headers: dict[str, str] | None = None
                      ) -> str:
    """The answer's tag, after checking that asking again with it answers 304, empty."""
    first = await client.get(url, headers=headers)
    assert first.status_code == 200, first.text
    tag = first.headers["etag"]
    assert tag.startswith('"') and not tag.startswith("W/")
    again = await client.get(url, headers={**(headers or {}), "If-None-Match": tag})
    assert again.status_code == 304, again.text
    assert again.content == b"" and again.headers["etag"] == tag
    assert again.headers.get("cache-control") == first.headers.get("cache-control")
    return tag


async def test_public_reads_answer_304_until_the_resource_changes(
        client: AsyncClient, container: Container, mentor: User, topic: Any) -> None:
    admin = await bearer(client, (await make_user(container, Role.ADMIN)).email)
    profile_url = f"/api/v1/mentors/{mentor.id}"
    profile_tag = await revalidated(client, profile_url)
    catalog_tag = await revalidated(client, "/api/v1/catalog")
    anonymous = await client.get("/api/v1/catalog")
    # Anyone may keep a public answer, provided they check it again first.
    assert anonymous.headers["cache-control"] == "no-cache"
    list_url = f"/api/v1/mentors?topic={topic.slug}"
    list_tag = await revalidated(client, list_url)

    me = await bearer(client, mentor.email)
    changed = await client.patch("/api/v1/mentor/profile", headers=me,
                                 json={"headline": "Rocks and minerals"})
    assert changed.status_code == 200, changed.text
    fresh = await client.get(profile_url, headers={"If-None-Match": profile_tag})
    assert fresh.status_code == 200 and fresh.json()["headline"] == "Rocks and minerals"
    assert fresh.headers["etag"] != profile_tag
    assert (await client.get(list_url, headers={"If-None-Match": list_tag})).status_code == 200

    renamed = await client.patch(f"/api/v1/admin/catalog/topics/{topic.id}", headers=admin,
                                 json={"name": "Minerals and crystals"})
    assert renamed.status_code == 200, renamed.text
    tree = await client.get("/api/v1/catalog", headers={"If-None-Match": catalog_tag})
    assert tree.status_code == 200 and tree.headers["etag"] != catalog_tag


async def test_if_none_match_lists_weak_tags_and_star(client: AsyncClient) -> None:
    tag = await revalidated(client, "/api/v1/catalog")
    for header in (f'"other", W/{tag}', "*", f'"nope",{tag}'):
        again = await client.get("/api/v1/catalog", headers={"If-None-Match": header})
        assert again.status_code == 304, header
    assert (await client.get("/api/v1/catalog",
                             headers={"If-None-Match": '"nope"'})).status_code == 200


async def test_each_content_coding_has_its_own_tag(client: AsyncClient, mentor: User,
                                                   topic: Any) -> None:
    plain = await client.get("/api/v1/catalog", headers={"Accept-Encoding": "identity"})
    packed = await client.get("/api/v1/catalog", headers={"Accept-Encoding": "gzip"})
    # Other tests change the shared catalog meanwhile: each tag is checked against its own
    # answer's bytes (httpx hands them back decoded).
    assert plain.headers["etag"] == entity_tag(plain.content, None)
    coding = packed.headers.get("content-encoding")
    assert packed.headers["etag"] == entity_tag(packed.content, coding)
    if coding == "gzip":
        stale = await client.get("/api/v1/catalog", headers={
            "Accept-Encoding": "gzip", "If-None-Match": entity_tag(packed.content, None)})
        assert stale.status_code == 200


async def test_signed_in_reads_revalidate_and_stay_out_of_shared_caches(
        client: AsyncClient, container: Container, mentor: User, topic: Any) -> None:
    me = await bearer(client, mentor.email)
    admin = await bearer(client, (await make_user(container, Role.ADMIN)).email)
    learner = await bearer(client, (await make_user(container, Role.STUDENT)).email)
    created = (await client.post("/api/v1/mentor/content", headers=me, json={
        "topic_id": str(topic.id), "kind": "note", "title": "Quartz",
        "body": {"kind": "note", "html": "<p>Silicon dioxide.</p>"}})).json()
    await client.post(f"/api/v1/mentor/content/{created['id']}/submit", headers=me)
    approved = await client.post(f"/api/v1/admin/content/{created['id']}/approve",
                                 headers=admin, json={"version": 1})
    assert approved.status_code == 200, approved.text
    url = f"/api/v1/content/{created['id']}"
    tag = await revalidated(client, url, learner)
    assert (await client.get(url, headers=learner)).headers["cache-control"] == "no-store"

    edited = await client.post(f"/api/v1/mentor/content/{created['id']}/versions", headers=me,
                               json={"base_version": 1, "title": "Quartz (SiO2)",
                                     "body": {"kind": "note",
                                              "html": "<p>Silicon dioxide.</p>"}})
    assert edited.status_code == 200, edited.text
    # A draft changes nothing learners see: the tag still matches.
    still = await client.get(url, headers={**learner, "If-None-Match": tag})
    assert still.status_code == 304
    await client.post(f"/api/v1/mentor/content/{created['id']}/submit", headers=me)
    await client.post(f"/api/v1/admin/content/{created['id']}/approve", headers=admin,
                      json={"version": 2})
    live = await client.get(url, headers={**learner, "If-None-Match": tag})
    assert live.status_code == 200 and live.json()["title"] == "Quartz (SiO2)"
    assert live.headers["etag"] != tag


async def test_errors_carry_no_tag(client: AsyncClient) -> None:
    missing = await client.get(f"/api/v1/mentors/{uuid.uuid4()}", headers={"If-None-Match": "*"})
    assert missing.status_code == 404 and "etag" not in missing.headers
