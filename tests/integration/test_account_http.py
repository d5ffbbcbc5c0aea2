"""Account self-service over HTTP on PostgreSQL: profile picture, notification preferences,
export of one's data, deletion of one's account."""

import io
import json

from httpx import AsyncClient
from PIL import Image

from adapters.container import Container
from adapters.settings import Settings
from edu_core.domain.identity import Role
from tests.integration.helpers import PASSWORD, bearer, make_user


def jpeg_with_location() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SECRETCAMERA"
    exif[0x010E] = "48.8584 N, 2.2945 E"
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), (200, 30, 30)).save(buffer, "JPEG", exif=exif.tobytes(),
                                                  comment=b"SECRETCOMMENT")
    return buffer.getvalue()


def stored_avatars(settings: Settings) -> list[bytes]:
    root = settings.blobs_dir
    return [p.read_bytes() for p in root.rglob("avatar+*.blob")] if root.exists() else []


async def test_a_profile_picture_is_cleaned_shown_and_removed(
        client: AsyncClient, container: Container, settings: Settings) -> None:
    user = await make_user(container)
    auth = await bearer(client, user.email)

    response = await client.put("/api/v1/me/avatar?filename=me.jpg", content=jpeg_with_location(),
                                headers={**auth, "Content-Type": "image/jpeg"})
    assert response.status_code == 200, response.text
    link = response.json()["avatar_url"]
    assert link and "sig=" in link
    me = (await client.get("/api/v1/me", headers=auth)).json()
    assert me["avatar_url"] and me["avatar_url"].split("?")[0] == link.split("?")[0]
    picture = await client.get(link)
    assert picture.status_code == 200 and picture.headers["content-type"] == "image/jpeg"
    assert b"SECRETCAMERA" not in picture.content and b"SECRETCOMMENT" not in picture.content
    assert len(stored_avatars(settings)) == 1

    refused = await client.put("/api/v1/me/avatar?filename=me.png", content=b"#!/bin/sh\nrm -rf",
                               headers={**auth, "Content-Type": "image/png"})
    assert refused.status_code == 422 and refused.json()["code"] == "unsupported_file_type"

    removed = await client.delete("/api/v1/me/avatar", headers=auth)
    assert removed.status_code == 200 and removed.json()["avatar_url"] is None
    assert stored_avatars(settings) == []


async def test_notification_preferences_round_trip(client: AsyncClient,
                                                   container: Container) -> None:
    mentor = await make_user(container, Role.MENTOR)
    auth = await bearer(client, mentor.email)
    listed = (await client.get("/api/v1/me/notification-preferences", headers=auth)).json()
    assert [p["kind"] for p in listed] == ["mentor.verified", "mentor.rejected",
                                           "content.approved", "content.rejected",
                                           "booking.confirmed", "booking.rescheduled",
                                           "booking.cancelled", "booking.reminder",
                                           "group_session.seat_taken",
                                           "group_session.seat_cancelled",
                                           "group_session.cancelled",
                                           "group_session.reminder",
                                           "forum.post_created", "forum.thread_started",
                                           "forum.answer_accepted",
                                           "gamification.achievement_unlocked",
                                           "analytics.student_at_risk"]
    assert all(c["enabled"] for p in listed for c in p["channels"])

    changed = await client.put("/api/v1/me/notification-preferences", headers=auth, json={
        "preferences": [{"kind": "content.approved", "channel": "email", "enabled": False}]})
    assert changed.status_code == 200, changed.text
    approved = next(p for p in changed.json() if p["kind"] == "content.approved")
    assert approved["channels"] == [{"channel": "email", "enabled": False},
                                    {"channel": "in_app", "enabled": True},
                                    {"channel": "push", "enabled": True}]
    again = (await client.get("/api/v1/me/notification-preferences", headers=auth)).json()
    assert again == changed.json()

    unknown = await client.put("/api/v1/me/notification-preferences", headers=auth, json={
        "preferences": [{"kind": "content.approved", "channel": "email", "enabled": True},
                        {"kind": "identity.password_reset_requested", "channel": "email",
                         "enabled": False}]})
    assert unknown.status_code == 422
    assert unknown.json()["code"] == "unknown_notification_preference"
    unchanged = (await client.get("/api/v1/me/notification-preferences", headers=auth)).json()
    assert unchanged == changed.json()


async def test_the_export_is_one_json_document_without_secrets(
        client: AsyncClient, container: Container) -> None:
    user = await make_user(container, Role.MENTOR)
    auth = await bearer(client, user.email)
    await client.put("/api/v1/me/notification-preferences", headers=auth, json={
        "preferences": [{"kind": "mentor.rejected", "channel": "in_app", "enabled": False}]})

    response = await client.get("/api/v1/me/export", headers=auth)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert "attachment" in response.headers["content-disposition"]
    document = json.loads(response.content)
    assert document["format"] == "mentora.personal-data/1"
    assert document["account"]["email"] == user.email
    assert document["notification_preferences"] == [
        {"kind": "mentor.rejected", "channel": "in_app", "enabled": False}]
    for section in ("enrolments", "content_authored", "notifications", "attempts",
                    "completions", "audit_entries_by_me", "certificates", "forum_threads",
                    "forum_posts", "forum_votes", "forum_flags", "forum_watches",
                    "chat_messages", "sessions", "reviews"):
        assert isinstance(document[section], list), section
    assert "user.create" in [e["action"] for e in document["audit_entries_about_me"]]
    assert "password_hash" not in response.text and user.password_hash not in response.text


async def test_deleting_my_account(client: AsyncClient, container: Container) -> None:
    user = await make_user(container)
    auth = await bearer(client, user.email)

    wrong = await client.post("/api/v1/me/deletion", headers=auth,
                              json={"current_password": "nope"})
    assert wrong.status_code == 401 and wrong.json()["code"] == "invalid_credentials"
    assert (await client.get("/api/v1/me", headers=auth)).status_code == 200

    deleted = await client.post("/api/v1/me/deletion", headers=auth,
                                json={"current_password": PASSWORD})
    assert deleted.status_code == 204
    assert (await client.get("/api/v1/me", headers=auth)).status_code == 401
    login = await client.post("/api/v1/auth/login", json={
        "email": user.email, "password": PASSWORD, "mode": "token"})
    assert login.status_code == 401


async def test_an_admin_cannot_delete_their_own_account(client: AsyncClient,
                                                        container: Container) -> None:
    admin = await make_user(container, Role.ADMIN)
    auth = await bearer(client, admin.email)
    refused = await client.post("/api/v1/me/deletion", headers=auth,
                                json={"current_password": PASSWORD})
    assert refused.status_code == 403 and refused.json()["code"] == "admin_self_deletion"
