"""Identity over HTTP on real PostgreSQL: the flows a user goes through and the abuse they meet."""

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from httpx import AsyncClient

from adapters.container import Container
from adapters.settings import Settings
from edu_core.domain.identity import Role
from edu_core.domain.pagination import PageRequest
from edu_core.ports.identity import UserQuery
from tests.conftest import make_settings, serving
from tests.integration.helpers import PASSWORD, bearer, make_user, outbox_links, unique_email

Client = AsyncClient


async def wait_for_links(settings: Settings, container: Container, to: str, kind: str
                         ) -> list[str]:
    for _ in range(100):
        links = outbox_links(settings.outbox_dir, to, kind)
        if links:
            return links
        await asyncio.sleep(0.05)
    raise AssertionError(f"no {kind} mail for {to}")


def token_of(link: str) -> str:
    from urllib.parse import parse_qs, urlsplit

    return parse_qs(urlsplit(link).query)["token"][0]


async def register(client: Client, email: str, **extra: Any) -> Any:
    body = {"email": email, "password": PASSWORD, "display_name": "Ada Lovelace",
            "role": "student", "timezone": "Europe/Berlin"}
    body.update(extra)
    return await client.post("/api/v1/auth/register", json=body)


async def test_register_verify_login_and_use_the_cookie_session(
        client: Client, settings: Settings, container: Container) -> None:
    email = unique_email("ada")
    created = await register(client, email.upper())
    assert created.status_code == 202, created.text
    assert "Check your mail" in created.json()["message"]
    [link] = await wait_for_links(settings, container, email, "verify-email")
    assert link.startswith("https://mentora.test/verify-email?token=")
    assert (await client.post("/api/v1/auth/verify-email",
                              json={"token": token_of(link)})).status_code == 204
    again = await client.post("/api/v1/auth/verify-email", json={"token": token_of(link)})
    assert again.status_code == 409 and again.json()["code"] == "email_already_verified"
    forged = await client.post("/api/v1/auth/verify-email", json={"token": "forged"})
    assert forged.status_code == 400 and forged.json()["code"] == "invalid_token"

    login = await client.post("/api/v1/auth/login",
                              json={"email": email, "password": PASSWORD, "mode": "cookie"})
    assert login.status_code == 200, login.text
    cookies = login.headers.get_list("set-cookie")
    session_cookie = next(c for c in cookies if c.startswith("__Host-edu_session="))
    assert "HttpOnly" in session_cookie and "Secure" in session_cookie
    assert "SameSite=lax" in session_cookie.replace("Lax", "lax") and "Path=/" in session_cookie
    assert "Domain" not in session_cookie
    csrf = login.json()["csrf_token"]
    assert login.json()["access_token"] is None

    me = await client.get("/api/v1/me")
    assert me.status_code == 200 and me.json()["email_verified"] is True

    no_csrf = await client.patch("/api/v1/me", json={"timezone": "Asia/Kolkata"})
    assert no_csrf.status_code == 403 and no_csrf.json()["code"] == "csrf_failed"
    patched = await client.patch("/api/v1/me", json={"timezone": "Asia/Kolkata"},
                                 headers={"X-CSRF-Token": csrf})
    assert patched.status_code == 200 and patched.json()["timezone"] == "Asia/Kolkata"

    assert (await client.get("/api/v1/admin/users")).status_code == 403

    out = await client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf})
    assert out.status_code == 204
    # Even a client that kept the cookie is refused: the session is revoked on the server.
    client.cookies.set("__Host-edu_session", session_cookie.split(";")[0].split("=", 1)[1],
                       domain="testserver.local")
    after = await client.get("/api/v1/me")
    assert after.status_code == 401 and after.json()["code"] == "session_expired"


async def test_login_issues_a_new_session_each_time(client: Client,
                                                    container: Container) -> None:
    user = await make_user(container)
    first = await bearer(client, user.email)
    second = await bearer(client, user.email)
    assert first != second
    for headers in (first, second):
        assert (await client.get("/api/v1/me", headers=headers)).status_code == 200


async def test_registering_a_taken_address_looks_like_a_new_one_and_mails_the_owner(
        client: Client, settings: Settings, container: Container) -> None:
    from adapters.mail.file_outbox import read_outbox

    owner = await make_user(container)
    new = await register(client, unique_email("new"))
    taken = await register(client, owner.email.upper(), display_name="Someone Else")
    assert new.status_code == taken.status_code == 202
    assert new.json() == taken.json()
    page = await container.identity.admin().list_users(UserQuery(text=owner.email),
                                                       PageRequest())
    assert page.total == 1
    for _ in range(100):
        notes = [m for m in read_outbox(settings.outbox_dir)
                 if m.to == owner.email and "already has an account" in m.text]
        if notes:
            break
        await asyncio.sleep(0.05)
    assert notes and "/login" in notes[0].text


async def test_concurrent_double_click_registration_creates_exactly_one(
        client: Client, container: Container) -> None:
    email = unique_email("race")
    results = await asyncio.gather(*(register(client, email) for _ in range(6)))
    assert {r.status_code for r in results} == {202}
    page = await container.identity.admin().list_users(UserQuery(text=email), PageRequest())
    assert page.total == 1


@pytest.mark.parametrize(("body", "field"), [
    ({"email": 5}, "email"),
    ({"password": ["x"]}, "password"),
    ({"role": "admin"}, "role"),
    ({"unexpected": True}, None),
    ({"display_name": "x" * 1_000_000}, "display_name"),
    ({"display_name": ""}, "display_name"),
])
async def test_wrong_types_unknown_fields_and_huge_strings_are_400(
        client: Client, body: dict[str, Any], field: str | None) -> None:
    base = {"email": unique_email(), "password": PASSWORD, "display_name": "A",
            "role": "student"}
    response = await client.post("/api/v1/auth/register", json={**base, **body})
    assert response.status_code in (400, 413), response.text
    payload = response.json()
    assert payload["code"] in ("validation_error", "payload_too_large")
    if field and response.status_code == 400:
        assert field in payload["details"]["fields"]


async def test_malformed_json_and_oversized_bodies(client: Client) -> None:
    bad = await client.post("/api/v1/auth/register", content=b'{"email": ',
                            headers={"Content-Type": "application/json"})
    assert bad.status_code == 400 and bad.json()["code"] == "validation_error"
    huge = await client.post("/api/v1/auth/login", content=b"{" + b" " * 2_000_000 + b"}",
                             headers={"Content-Type": "application/json"})
    assert huge.status_code == 413 and huge.json()["code"] == "payload_too_large"


@pytest.mark.parametrize(("extra", "code", "field"), [
    ({"email": "not-an-email"}, "invalid_email", "email"),
    ({"timezone": "Mars/Olympus"}, "invalid_timezone", "timezone"),
    ({"password": "password"}, "weak_password", "password"),
    ({"password": "short"}, "weak_password", "password"),
])
async def test_business_rule_violations_are_422_with_the_field(
        client: Client, extra: dict[str, str], code: str, field: str) -> None:
    response = await register(client, extra.pop("email", unique_email()), **extra)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == code
    assert field in response.json()["details"]["fields"]


async def test_unknown_email_and_wrong_password_look_the_same(
        client: Client, container: Container) -> None:
    user = await make_user(container)
    a = await client.post("/api/v1/auth/login", json={"email": unique_email(),
                                                      "password": PASSWORD})
    b = await client.post("/api/v1/auth/login", json={"email": user.email,
                                                      "password": "wrong " + PASSWORD})
    assert a.status_code == b.status_code == 401
    assert (a.json()["code"], a.json()["message"]) == (b.json()["code"], b.json()["message"])


async def test_thirty_fast_failed_logins_reach_429_with_a_clear_message(
        client: Client, container: Container) -> None:
    user = await make_user(container)
    statuses = []
    for _ in range(30):
        r = await client.post("/api/v1/auth/login",
                              json={"email": user.email, "password": "guess guess guess"})
        statuses.append(r.status_code)
    # Per account and address the delays start after five failures.
    assert statuses[:5] == [401] * 5
    assert set(statuses[5:]) == {429}
    assert r.json()["code"] == "rate_limited"
    assert "Try again in" in r.json()["message"]
    assert int(r.headers["Retry-After"]) > 0
    right = await client.post("/api/v1/auth/login", json={"email": user.email,
                                                          "password": PASSWORD})
    assert right.status_code == 429


async def test_passwords_longer_than_72_bytes_keep_every_character(
        client: Client, container: Container) -> None:
    long_password = "é" * 40 + "tail-one"  # 88 bytes in UTF-8
    user = await make_user(container, password=long_password)
    ok = await client.post("/api/v1/auth/login",
                           json={"email": user.email, "password": long_password})
    assert ok.status_code == 200
    same_prefix = await client.post("/api/v1/auth/login", json={
        "email": user.email, "password": "é" * 40 + "tail-two"})
    assert same_prefix.status_code == 401


async def test_refresh_rotates_and_reuse_revokes_the_family(client: Client,
                                                            container: Container) -> None:
    user = await make_user(container)
    login = (await client.post("/api/v1/auth/login", json={
        "email": user.email, "password": PASSWORD, "mode": "token"})).json()
    rotated = await client.post("/api/v1/auth/refresh",
                                json={"refresh_token": login["refresh_token"]})
    assert rotated.status_code == 200
    new = rotated.json()
    assert new["refresh_token"] != login["refresh_token"]
    reuse = await client.post("/api/v1/auth/refresh",
                              json={"refresh_token": login["refresh_token"]})
    assert reuse.status_code == 400 and reuse.json()["code"] == "invalid_token"
    me = await client.get("/api/v1/me",
                          headers={"Authorization": f"Bearer {new['access_token']}"})
    assert me.status_code == 401
    forged = await client.get("/api/v1/me", headers={"Authorization": "Bearer forged"})
    assert forged.status_code == 401 and forged.json()["code"] == "session_expired"
    garbage = await client.get("/api/v1/me", headers={"Authorization": "Basic abc"})
    assert garbage.status_code == 401


async def test_a_suspended_user_is_refused_on_the_very_next_request(
        client: Client, container: Container) -> None:
    admin = await make_user(container, Role.ADMIN)
    student = await make_user(container)
    student_headers = await bearer(client, student.email)
    admin_headers = await bearer(client, admin.email)
    suspended = await client.post(f"/api/v1/admin/users/{student.id}/suspend",
                                  json={"reason": "Spamming the forum"}, headers=admin_headers)
    assert suspended.status_code == 200 and suspended.json()["status"] == "suspended"
    refused = await client.get("/api/v1/me", headers=student_headers)
    assert refused.status_code == 401
    relogin = await client.post("/api/v1/auth/login",
                                json={"email": student.email, "password": PASSWORD})
    assert relogin.status_code == 401 and relogin.json()["code"] == "account_suspended"
    # The reason the administrator gave is shown to the owner (after the right password).
    assert "Spamming the forum" in relogin.json()["message"]
    assert relogin.json()["details"] == {"reason": "Spamming the forum"}


async def test_password_reset_by_mail(client: Client, settings: Settings,
                                      container: Container) -> None:
    user = await make_user(container)
    for email in (user.email, unique_email("ghost")):
        r = await client.post("/api/v1/auth/password/forgot", json={"email": email})
        assert r.status_code == 202
    [link] = await wait_for_links(settings, container, user.email, "reset-password")
    reset = await client.post("/api/v1/auth/password/reset",
                              json={"token": token_of(link), "new_password": "brand new phrase"})
    assert reset.status_code == 204
    assert (await client.post("/api/v1/auth/login", json={
        "email": user.email, "password": "brand new phrase"})).status_code == 200


async def test_admin_console_api(client: Client, container: Container) -> None:
    admin = await make_user(container, Role.ADMIN)
    headers = await bearer(client, admin.email)
    mentor = await make_user(container, Role.MENTOR)
    listed = await client.get("/api/v1/admin/users",
                              params={"q": mentor.email[:12], "role": "mentor"}, headers=headers)
    assert listed.status_code == 200
    assert [u["id"] for u in listed.json()["items"]] == [str(mentor.id)]
    bad_filter = await client.get("/api/v1/admin/users", params={"role": "wizard"},
                                  headers=headers)
    assert bad_filter.status_code == 400
    bad_page = await client.get("/api/v1/admin/users", params={"page_size": 10_000},
                                headers=headers)
    assert bad_page.status_code == 400
    missing = await client.get("/api/v1/admin/users/00000000-0000-0000-0000-000000000000",
                               headers=headers)
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    edited = await client.patch(f"/api/v1/admin/users/{mentor.id}",
                                json={"display_name": "Dr. Mentor", "role": "student"},
                                headers=headers)
    assert edited.status_code == 200 and edited.json()["role"] == "student"
    self_delete = await client.delete(f"/api/v1/admin/users/{admin.id}", headers=headers)
    assert self_delete.status_code == 409 and self_delete.json()["code"] == "cannot_modify_self"
    deleted = await client.delete(f"/api/v1/admin/users/{mentor.id}", headers=headers)
    assert deleted.status_code == 204
    shown = (await client.get(f"/api/v1/admin/users/{mentor.id}", headers=headers)).json()
    assert shown["status"] == "deleted" and shown["display_name"] == "Deleted user"
    async with container.uow()() as uow:
        entries = await uow.audit.list(PageRequest(), target_id=str(mentor.id))
    assert [e.action for e in entries.items] == ["user.delete", "user.update", "user.create"]
    assert entries.items[0].actor_id == admin.id


@pytest.mark.parametrize("email", ["nul\x00@example.org", "no-at-sign", "x" * 300])
async def test_a_malformed_email_at_login_is_a_plain_401(client: Client, email: str) -> None:
    # PostgreSQL cannot store NUL: such a value must never reach a query.
    response = await client.post("/api/v1/auth/login",
                                 json={"email": email, "password": PASSWORD, "mode": "token"})
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"


async def test_an_admin_search_with_nul_is_a_clear_400(client: Client,
                                                      container: Container) -> None:
    admin = await make_user(container, Role.ADMIN)
    auth = await bearer(client, admin.email)
    response = await client.get("/api/v1/admin/users", params={"q": "ad\x00min"}, headers=auth)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_characters"


async def test_the_per_client_budget_answers_in_the_common_error_shape(
        tmp_path: Path, database_url: str) -> None:
    from adapters.container import build_container
    from adapters.http.app import create_app

    settings = make_settings(tmp_path / "var", rate_limit_auth="3/60")
    app = create_app(settings, container=build_container(settings, database_url))
    transport = httpx.ASGITransport(app=app)
    async with serving(app), httpx.AsyncClient(transport=transport,
                                               base_url="https://testserver.local") as c:
        answers = [await c.post("/api/v1/auth/password/forgot", json={"email": "x@example.org"})
                   for _ in range(4)]
    assert [a.status_code for a in answers] == [202, 202, 202, 429]
    refused = answers[-1]
    assert refused.json()["code"] == "rate_limited"
    assert refused.json()["request_id"] == refused.headers["x-request-id"]
    assert int(refused.headers["retry-after"]) > 0


async def test_a_password_reset_lifts_the_sign_in_pause(
        client: Client, settings: Settings, container: Container) -> None:
    user = await make_user(container)
    for _ in range(6):
        last = await client.post("/api/v1/auth/login",
                                 json={"email": user.email, "password": "guess guess guess"})
    assert last.status_code == 429
    await client.post("/api/v1/auth/password/forgot", json={"email": user.email})
    [link] = await wait_for_links(settings, container, user.email, "reset-password")
    reset = await client.post("/api/v1/auth/password/reset",
                              json={"token": token_of(link), "new_password": "brand new phrase"})
    assert reset.status_code == 204
    again = await client.post("/api/v1/auth/login",
                              json={"email": user.email, "password": "brand new phrase"})
    assert again.status_code == 200, again.text
    async with container.uow()() as uow:
        entries = await uow.audit.list(PageRequest(), target_id=str(user.id))
    actions = [e.action for e in entries.items]
    assert actions.count("auth.login_failed") == 5 and actions[0] == "auth.login"
    assert {e.actor_id for e in entries.items if e.action.startswith("auth.")} == {user.id}


async def test_devices_page_lists_devices_and_signs_out_other_devices(
        client: Client, container: Container) -> None:
    user = await make_user(container)
    other = await make_user(container)
    phone = await client.post("/api/v1/auth/login", json={
        "email": user.email, "password": PASSWORD, "mode": "token",
        "device_name": "  Priya's   iPhone "},
        headers={"User-Agent": "Mentora/1.0 (iOS 17.2; iPhone15,2)"})
    phone_headers = {"Authorization": f"Bearer {phone.json()['access_token']}"}
    login = await client.post("/api/v1/auth/login", json={
        "email": user.email, "password": PASSWORD, "mode": "cookie", "remember": True},
        headers={"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 "
                               "Firefox/133.0"})
    assert login.status_code == 200
    cookie = next(c for c in login.headers.get_list("set-cookie")
                  if c.startswith("__Host-edu_session="))
    assert "Max-Age=" in cookie  # remembered: the cookie outlives the browser session
    csrf = {"X-CSRF-Token": login.json()["csrf_token"]}

    listed = await client.get("/api/v1/me/devices")
    assert listed.status_code == 200, listed.text
    rows = listed.json()
    assert [(r["kind"], r["name"], r["device_name"], r["current"]) for r in rows] == [
        ("browser", "Firefox on Linux", None, True),
        ("app", "Priya's iPhone", "Priya's iPhone", False)]
    # The network, not the address: the test client comes from 203.0.113.10.
    assert {r["network"] for r in rows} == {"203.0.113.0/24"}
    assert "address" not in rows[0] and not any(r["push_enabled"] for r in rows)

    foreign = await bearer(client, other.email)
    foreign_id = (await client.get("/api/v1/me/devices", headers=foreign)).json()[0]["id"]
    assert (await client.delete(f"/api/v1/me/devices/{foreign_id}",
                                headers=csrf)).status_code == 404
    assert (await client.get("/api/v1/me", headers=foreign)).status_code == 200

    ended = await client.post("/api/v1/me/devices/sign-out-others", headers=csrf)
    assert ended.status_code == 200 and ended.json() == {"ended": 1}
    assert (await client.get("/api/v1/me", headers=phone_headers)).status_code == 401
    [current] = (await client.get("/api/v1/me/devices")).json()
    gone = await client.delete(f"/api/v1/me/devices/{current['id']}", headers=csrf)
    assert gone.status_code == 204
    assert (await client.get("/api/v1/me")).status_code == 401


async def test_signing_out_a_device_stops_its_tokens_at_once(
        client: Client, container: Container) -> None:
    user = await make_user(container)
    phone = (await client.post("/api/v1/auth/login", json={
        "email": user.email, "password": PASSWORD, "mode": "token",
        "device_name": "Tablet"})).json()
    laptop = await bearer(client, user.email)
    phone_headers = {"Authorization": f"Bearer {phone['access_token']}"}
    assert (await client.get("/api/v1/me", headers=phone_headers)).status_code == 200
    devices = (await client.get("/api/v1/me/devices", headers=laptop)).json()
    tablet = next(d for d in devices if d["name"] == "Tablet")

    assert (await client.delete(f"/api/v1/me/devices/{tablet['id']}",
                                headers=laptop)).status_code == 204
    # The access token is still within its lifetime; the revoked session ends it anyway,
    # and the refresh token cannot bring it back.
    refused = await client.get("/api/v1/me", headers=phone_headers)
    assert refused.status_code == 401 and refused.json()["code"] == "session_expired"
    again = await client.post("/api/v1/auth/refresh",
                              json={"refresh_token": phone["refresh_token"]})
    assert again.status_code == 401
    assert tablet["id"] not in {d["id"] for d in (await client.get(
        "/api/v1/me/devices", headers=laptop)).json()}


async def test_a_device_name_with_control_characters_is_refused_before_signing_in(
        client: Client, container: Container) -> None:
    user = await make_user(container)
    refused = await client.post("/api/v1/auth/login", json={
        "email": user.email, "password": PASSWORD, "mode": "token",
        "device_name": "phone\u0007"})
    assert refused.status_code == 422 and refused.json()["code"] == "invalid_device_name"
    async with container.uow()() as uow:
        assert await uow.sessions.list_live_for_user(user.id, datetime.now(UTC)) == []


async def test_without_remember_me_the_cookie_ends_with_the_browser(
        client: Client, container: Container) -> None:
    user = await make_user(container)
    login = await client.post("/api/v1/auth/login", json={
        "email": user.email, "password": PASSWORD, "mode": "cookie"})
    cookie = next(c for c in login.headers.get_list("set-cookie")
                  if c.startswith("__Host-edu_session="))
    assert "Max-Age" not in cookie and "expires" not in cookie.lower()
