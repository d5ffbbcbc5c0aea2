"""Changing the e-mail address over HTTP on real PostgreSQL: step-up, the link, the notices."""

import asyncio

import pyotp
from httpx import AsyncClient

from adapters.container import Container
from adapters.mail.file_outbox import read_outbox
from adapters.settings import Settings
from tests.integration.helpers import PASSWORD, bearer, make_user, unique_email
from tests.integration.test_auth_http import token_of, wait_for_links


async def mails_to(settings: Settings, to: str, subject_has: str) -> list[str]:
    """Plain-text bodies of the mails to ``to`` whose subject mentions ``subject_has``."""
    for _ in range(100):
        found = [m.text for m in read_outbox(settings.outbox_dir)
                 if m.to == to and subject_has in m.subject]
        if found:
            return found
        await asyncio.sleep(0.05)
    raise AssertionError(f"no mail about {subject_has!r} for {to}")


async def test_the_address_changes_once_the_new_mailbox_confirms(
        client: AsyncClient, settings: Settings, container: Container) -> None:
    user = await make_user(container)
    other_device = await bearer(client, user.email)
    login = await client.post("/api/v1/auth/login", json={
        "email": user.email, "password": PASSWORD, "mode": "cookie"})
    csrf = {"X-CSRF-Token": login.json()["csrf_token"]}
    new_email = unique_email("moved")

    wrong = await client.post("/api/v1/auth/email/change", headers=csrf, json={
        "current_password": "not the password", "new_email": new_email})
    assert wrong.status_code == 401 and wrong.json()["code"] == "invalid_credentials"
    same = await client.post("/api/v1/auth/email/change", headers=csrf, json={
        "current_password": PASSWORD, "new_email": user.email.upper()})
    assert same.status_code == 422 and same.json()["code"] == "email_unchanged"
    malformed = await client.post("/api/v1/auth/email/change", headers=csrf, json={
        "current_password": PASSWORD, "new_email": "no address"})
    assert malformed.status_code == 422 and malformed.json()["code"] == "invalid_email"

    asked = await client.post("/api/v1/auth/email/change", headers=csrf, json={
        "current_password": PASSWORD, "new_email": f"  {new_email.upper()} "})
    assert asked.status_code == 202, asked.text
    [link] = await wait_for_links(settings, container, new_email, "confirm-email")
    assert link.startswith("https://mentora.test/confirm-email?token=")
    [notice] = await mails_to(settings, user.email, "is being changed")
    assert new_email in notice
    # Nothing changed yet.
    assert (await client.get("/api/v1/me")).json()["email"] == user.email

    confirmed = await client.post("/api/v1/auth/email/confirm", headers=csrf,
                                  json={"token": token_of(link)})
    assert confirmed.status_code == 204, confirmed.text
    me = await client.get("/api/v1/me")
    assert me.status_code == 200, "the browser that followed the link stays signed in"
    assert me.json()["email"] == new_email and me.json()["email_verified"] is True
    ended = await client.get("/api/v1/me", headers=other_device)
    assert ended.status_code == 401 and ended.json()["code"] == "session_expired"
    await mails_to(settings, user.email, "was changed")

    reused = await client.post("/api/v1/auth/email/confirm", json={"token": token_of(link)})
    assert reused.status_code == 400 and reused.json()["code"] == "invalid_token"
    old = await client.post("/api/v1/auth/login", json={
        "email": user.email, "password": PASSWORD, "mode": "token"})
    assert old.status_code == 401
    await bearer(client, new_email)

    async with container.uow()() as uow:
        from edu_core.domain.pagination import PageRequest

        entries = await uow.audit.list(PageRequest(page_size=100), target_id=str(user.id))
    actions = {e.action: e.details for e in entries.items}
    assert actions["auth.email_changed"]["previous_email"] == user.email
    assert actions["auth.email_change_requested"]["new_email"] == new_email


async def test_a_taken_address_gets_the_same_answer_and_no_link(
        client: AsyncClient, settings: Settings, container: Container) -> None:
    user = await make_user(container)
    owner = await make_user(container)
    headers = await bearer(client, user.email)
    free = await client.post("/api/v1/auth/email/change", headers=headers, json={
        "current_password": PASSWORD, "new_email": unique_email("free")})
    taken = await client.post("/api/v1/auth/email/change", headers=headers, json={
        "current_password": PASSWORD, "new_email": owner.email})
    assert taken.status_code == free.status_code == 202
    assert taken.json() == free.json()
    await mails_to(settings, owner.email, "already has")
    assert not [m for m in read_outbox(settings.outbox_dir)
                if m.to == owner.email and "confirm-email" in m.text]


async def test_an_address_taken_meanwhile_is_a_conflict(
        client: AsyncClient, settings: Settings, container: Container) -> None:
    user = await make_user(container)
    headers = await bearer(client, user.email)
    new_email = unique_email("contested")
    asked = await client.post("/api/v1/auth/email/change", headers=headers, json={
        "current_password": PASSWORD, "new_email": new_email})
    assert asked.status_code == 202
    [link] = await wait_for_links(settings, container, new_email, "confirm-email")
    await make_user(container, email=new_email)
    conflict = await client.post("/api/v1/auth/email/confirm", json={"token": token_of(link)})
    assert conflict.status_code == 409 and conflict.json()["code"] == "email_taken"
    assert (await client.get("/api/v1/me", headers=headers)).json()["email"] == user.email


async def test_with_two_step_verification_on_a_code_is_needed_too(
        client: AsyncClient, settings: Settings, container: Container) -> None:
    user = await make_user(container)
    headers = await bearer(client, user.email)
    setup = await client.post("/api/v1/auth/second-factor/setup", headers=headers)
    confirmed = await client.post("/api/v1/auth/second-factor/confirm", headers=headers,
                                  json={"code": pyotp.TOTP(setup.json()["secret"]).now()})
    recovery = confirmed.json()["recovery_codes"]
    new_email = unique_email("stepped")

    missing = await client.post("/api/v1/auth/email/change", headers=headers, json={
        "current_password": PASSWORD, "new_email": new_email})
    assert missing.status_code == 403
    assert missing.json()["code"] == "second_factor_code_required"
    wrong = await client.post("/api/v1/auth/email/change", headers=headers, json={
        "current_password": PASSWORD, "new_email": new_email, "second_factor_code": "000000"})
    assert wrong.status_code == 401 and wrong.json()["code"] == "invalid_second_factor"
    asked = await client.post("/api/v1/auth/email/change", headers=headers, json={
        "current_password": PASSWORD, "new_email": new_email,
        "second_factor_code": recovery[0]})
    assert asked.status_code == 202, asked.text
    await wait_for_links(settings, container, new_email, "confirm-email")


async def test_the_change_needs_a_signed_in_account(client: AsyncClient) -> None:
    anonymous = await client.post("/api/v1/auth/email/change", json={
        "current_password": PASSWORD, "new_email": unique_email("anon")})
    assert anonymous.status_code == 401
