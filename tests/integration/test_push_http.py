"""Push notifications over HTTP: an app registers its token, a notification stored for its
user is pushed to it (through the log gateway), and signing the device out or turning the
push channel off stops it."""

from typing import Any

import pytest
from httpx import AsyncClient

from adapters.container import Container
from adapters.push.log_gateway import read_push_log
from adapters.settings import Settings
from edu_core.domain.identity import Role, User
from tests.integration.helpers import PASSWORD, bearer, make_mentor, make_topic, make_user

PHONE = "ExponentPushToken[phone-" + "a" * 16 + "]"
TABLET = "ExponentPushToken[tablet-" + "b" * 16 + "]"


@pytest.fixture
async def topic_id(container: Container) -> str:
    return str((await make_topic(container, "Chemistry", "Bonds")).id)


@pytest.fixture
async def mentor(container: Container, topic_id: str) -> User:
    return await make_mentor(container, "Pia Push", headline="Chemistry", bio="Chemist.",
                             topics=[topic_id], languages=["en"], rate=3000)


async def app_sign_in(client: AsyncClient, user: User, name: str) -> dict[str, str]:
    response = await client.post("/api/v1/auth/login", json={
        "email": user.email, "password": PASSWORD, "mode": "token", "device_name": name})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def approved_note(client: AsyncClient, mentor: dict[str, str], admin: dict[str, str],
                        topic_id: str, title: str) -> dict[str, Any]:
    created = await client.post("/api/v1/mentor/content", headers=mentor, json={
        "topic_id": topic_id, "kind": "note", "title": title,
        "body": {"kind": "note", "html": "<p>Covalent bonds share electrons.</p>"}})
    assert created.status_code == 201, created.text
    item = created.json()
    assert (await client.post(f"/api/v1/mentor/content/{item['id']}/submit",
                              headers=mentor)).status_code == 200
    approved = await client.post(f"/api/v1/admin/content/{item['id']}/approve", headers=admin,
                                 json={"version": 1})
    assert approved.status_code == 200, approved.text
    return item


async def test_a_notification_is_pushed_to_each_registered_device_until_it_signs_out(
        client: AsyncClient, container: Container, settings: Settings, mentor: User,
        topic_id: str) -> None:
    admin = await bearer(client, (await make_user(container, Role.ADMIN)).email)
    phone = await app_sign_in(client, mentor, "Phone")
    tablet = await app_sign_in(client, mentor, "Tablet")
    laptop = await bearer(client, mentor.email)
    for headers, token in ((phone, PHONE), (tablet, TABLET)):
        registered = await client.post("/api/v1/me/push-tokens", headers=headers,
                                       json={"platform": "expo", "token": token})
        assert registered.status_code == 204, registered.text
    devices = (await client.get("/api/v1/me/devices", headers=laptop)).json()
    assert {d["name"]: d["push_enabled"] for d in devices} == {
        "Phone": True, "Tablet": True, "python-httpx 0.28.1": False}

    first = await approved_note(client, laptop, admin, topic_id, "Ionic bonds")
    await container.dispatcher().wait_idle()
    pushed = [p for p in read_push_log(settings.push_dir) if p.kind == "content.approved"]
    assert sorted(p.token for p in pushed) == sorted([PHONE, TABLET])
    assert {p.title for p in pushed} == {"\u201cIonic bonds\u201d is live"}
    assert {p.link for p in pushed} == {f"/mentor/content/{first['id']}"}

    tablet_id = next(d["id"] for d in devices if d["name"] == "Tablet")
    assert (await client.delete(f"/api/v1/me/devices/{tablet_id}",
                                headers=laptop)).status_code == 204
    await approved_note(client, laptop, admin, topic_id, "Metallic bonds")
    await container.dispatcher().wait_idle()
    second = [p for p in read_push_log(settings.push_dir)
              if p.title == "\u201cMetallic bonds\u201d is live"]
    assert [p.token for p in second] == [PHONE]


async def test_the_push_channel_follows_preferences_and_the_app_can_unregister(
        client: AsyncClient, container: Container, settings: Settings, mentor: User,
        topic_id: str) -> None:
    admin = await bearer(client, (await make_user(container, Role.ADMIN)).email)
    phone = await app_sign_in(client, mentor, "Phone")
    assert (await client.post("/api/v1/me/push-tokens", headers=phone,
                              json={"platform": "expo", "token": PHONE})).status_code == 204
    off = await client.put("/api/v1/me/notification-preferences", headers=phone, json={
        "preferences": [{"kind": "content.approved", "channel": "push", "enabled": False}]})
    assert off.status_code == 200, off.text
    await approved_note(client, phone, admin, topic_id, "Hydrogen bonds")
    await container.dispatcher().wait_idle()
    inbox = (await client.get("/api/v1/notifications", headers=phone)).json()["items"]
    assert any(n["title"] == "\u201cHydrogen bonds\u201d is live" for n in inbox)
    assert not [p for p in read_push_log(settings.push_dir)
                if p.token == PHONE and p.kind == "content.approved"]

    assert (await client.delete("/api/v1/me/push-tokens", headers=phone)).status_code == 204
    [device] = [d for d in (await client.get("/api/v1/me/devices", headers=phone)).json()
                if d["current"]]
    assert device["push_enabled"] is False


async def test_a_push_token_the_platform_does_not_issue_is_refused(
        client: AsyncClient, container: Container, mentor: User) -> None:
    phone = await app_sign_in(client, mentor, "Phone")
    for body in ({"platform": "ios", "token": "not-hex"},
                 {"platform": "expo", "token": "x" * 100},
                 {"platform": "android", "token": "short"}):
        refused = await client.post("/api/v1/me/push-tokens", headers=phone, json=body)
        assert refused.status_code == 422 and refused.json()["code"] == "invalid_push_token"
    wrong_type = await client.post("/api/v1/me/push-tokens", headers=phone,
                                   json={"platform": "blackberry", "token": PHONE})
    assert wrong_type.status_code == 400
    devices = (await client.get("/api/v1/me/devices", headers=phone)).json()
    assert not any(d["push_enabled"] for d in devices)


async def test_a_token_moves_to_the_newest_sign_in_on_the_same_device(
        client: AsyncClient, container: Container, mentor: User) -> None:
    other = await make_user(container, Role.STUDENT)
    before = await app_sign_in(client, mentor, "Shared phone")
    assert (await client.post("/api/v1/me/push-tokens", headers=before,
                              json={"platform": "expo", "token": PHONE})).status_code == 204
    after = await app_sign_in(client, other, "Shared phone")
    assert (await client.post("/api/v1/me/push-tokens", headers=after,
                              json={"platform": "expo", "token": PHONE})).status_code == 204
    mine = (await client.get("/api/v1/me/devices", headers=before)).json()
    theirs = (await client.get("/api/v1/me/devices", headers=after)).json()
    assert [d["push_enabled"] for d in mine] == [False]
    assert [d["push_enabled"] for d in theirs] == [True]
