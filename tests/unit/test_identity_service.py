"""Identity use cases against in-memory fakes."""

from urllib.parse import parse_qs, urlsplit

import pytest

from edu_core.application.actors import Actor
from edu_core.application.identity import ClientInfo, IdentityService, IssuedSession
from edu_core.application.user_admin import CannotModifySelf
from edu_core.domain.errors import PermissionDenied, RateLimited
from edu_core.domain.identity import (
    AccountSuspended,
    EmailAlreadyVerified,
    EmailTaken,
    InvalidCredentials,
    InvalidToken,
    Role,
    SessionExpired,
    TokenKind,
    Transport,
    UserStatus,
    WeakPassword,
)
from edu_core.domain.pagination import PageRequest
from edu_core.ports.identity import UserQuery
from tests.unit.conftest import Core

PASSWORD = "correct horse battery"


async def register(core: Core, email: str = "ada@example.org", role: Role = Role.STUDENT):
    await core.identity.register(email=email, password=PASSWORD, display_name="Ada",
                                 role=role, timezone="Europe/Berlin")
    return next(u for u in core.uow.store.users.values() if u.email == email.lower())


def link_token(link: str) -> str:
    return parse_qs(urlsplit(link).query)["token"][0]


async def test_registration_mails_a_verification_link_that_works_once(core: Core) -> None:
    user = await register(core)
    assert not user.email_verified
    await core.deliver()
    [mail] = core.mailer.sent
    assert mail.to == "ada@example.org" and mail.template == "verify_email"
    assert str(mail.context["link"]).startswith("https://app.test/verify-email?token=")
    token = link_token(str(mail.context["link"]))
    verified = await core.identity.verify_email(token)
    assert verified.email_verified
    # Reused: not "invalid" but "already verified, sign in".
    with pytest.raises(EmailAlreadyVerified):
        await core.identity.verify_email(token)
    with pytest.raises(InvalidToken):
        await core.identity.verify_email("not-a-token")


async def test_verification_links_expire_and_a_resend_replaces_the_old_link(core: Core) -> None:
    await register(core)
    await core.deliver()
    old = link_token(str(core.mailer.sent[-1].context["link"]))
    session = await core.identity.login(email="ada@example.org", password=PASSWORD,
                                        transport=Transport.BEARER)
    principal = await core.identity.authenticate(session.access_token or "", TokenKind.ACCESS)
    await core.identity.resend_verification(principal)
    await core.deliver()
    new = link_token(str(core.mailer.sent[-1].context["link"]))
    with pytest.raises(InvalidToken):
        await core.identity.verify_email(old)
    core.clock.advance(hours=49)
    with pytest.raises(InvalidToken):
        await core.identity.verify_email(new)


async def test_registering_a_taken_address_answers_alike_and_mails_the_owner(
        core: Core) -> None:
    await register(core)
    await core.deliver()
    hasher = core.identity._hasher  # type: ignore[attr-defined]
    before = hasher._counter
    # Same outcome as a new address (no error), same work (one hash), whatever the case.
    assert await core.identity.register(email="ADA@example.org", password="another phrase 1",
                                        display_name="Eve", role=Role.STUDENT) is None
    assert hasher._counter == before + 1
    assert len(core.uow.store.users) == 1
    await core.deliver()
    mail = core.mailer.sent[-1]
    assert (mail.to, mail.template) == ("ada@example.org", "account_exists")
    assert str(mail.context["login_link"]).endswith("/login")
    # The admin/CLI path still says the address is taken.
    with pytest.raises(EmailTaken):
        await core.admin.create_user(Actor(None), email="ada@example.org", password=PASSWORD,
                                     display_name="Ada", role=Role.STUDENT)


async def test_nobody_registers_as_admin(core: Core) -> None:
    with pytest.raises(PermissionDenied):
        await register(core, role=Role.ADMIN)
    assert core.uow.store.users == {}


async def test_weak_passwords_are_refused_before_anything_is_stored(core: Core) -> None:
    with pytest.raises(WeakPassword):
        await core.identity.register(email="b@example.org", password="password1",
                                     display_name="B", role=Role.STUDENT)
    assert core.uow.store.users == {}


async def test_unknown_email_and_wrong_password_fail_alike(core: Core) -> None:
    await register(core)
    with pytest.raises(InvalidCredentials) as unknown:
        await core.identity.login(email="nobody@example.org", password=PASSWORD,
                                  transport=Transport.BEARER)
    with pytest.raises(InvalidCredentials) as wrong:
        await core.identity.login(email="ada@example.org", password="wrong password!",
                                  transport=Transport.BEARER)
    assert (unknown.value.code, unknown.value.message) == (wrong.value.code, wrong.value.message)


@pytest.mark.parametrize("email", ["not an email", "nul\x00@example.org", "", "a" * 400])
async def test_a_malformed_email_at_login_is_just_a_failed_login(core: Core, email: str) -> None:
    with pytest.raises(InvalidCredentials):
        await core.identity.login(email=email, password=PASSWORD, transport=Transport.BEARER)


async def fail_login(core: Core, address: str, times: int = 1) -> None:
    for _ in range(times):
        with pytest.raises(InvalidCredentials):
            await core.identity.login(email="ada@example.org", password="nope nope",
                                      transport=Transport.BEARER,
                                      client=ClientInfo(address=address))


async def login_from(core: Core, address: str, password: str = PASSWORD) -> IssuedSession:
    return await core.identity.login(email="ada@example.org", password=password,
                                     transport=Transport.BEARER,
                                     client=ClientInfo(address=address))


async def test_failures_from_one_address_slow_only_that_address_with_growing_delays(
        core: Core) -> None:
    await register(core)
    await fail_login(core, "203.0.113.9", 5)
    with pytest.raises(RateLimited) as first:
        # Even the right password is refused from there while throttled.
        await login_from(core, "203.0.113.9")
    assert 0 < first.value.retry_after_seconds <= 61 and "Try again in" in first.value.message
    # The owner, elsewhere, is not locked out by someone else's guesses.
    await login_from(core, "198.51.100.7")
    core.clock.advance(seconds=61)
    await fail_login(core, "203.0.113.9", 5)
    with pytest.raises(RateLimited) as second:
        await login_from(core, "203.0.113.9")
    assert second.value.retry_after_seconds > 61  # the next tier: a longer wait
    core.clock.advance(minutes=16)
    await login_from(core, "203.0.113.9")


async def test_the_account_ceiling_mails_the_owner_and_a_reset_lifts_it(core: Core) -> None:
    user = await register(core)
    for i in range(100):  # a distributed attack: every guess from another address
        await fail_login(core, f"10.0.{i // 250}.{i % 250}")
    with pytest.raises(RateLimited):
        await login_from(core, "198.51.100.7")
    await core.deliver()
    locked = [m for m in core.mailer.sent if m.template == "sign_in_locked"]
    assert [m.to for m in locked] == ["ada@example.org"]
    assert str(locked[0].context["reset_link"]).endswith("/forgot-password")
    actions = [e.action for e in core.uow.store.audit if e.target_id == str(user.id)]
    assert actions.count("auth.login_failed") == 100 and actions.count("auth.lockout") == 1
    await core.identity.forgot_password("ada@example.org")
    await core.deliver()
    token = link_token(str(core.mailer.sent[-1].context["link"]))
    await core.identity.reset_password(token, "a brand new passphrase",
                                       client=ClientInfo(address="198.51.100.7"))
    await login_from(core, "198.51.100.7", "a brand new passphrase")


async def test_sign_in_events_are_audited_with_the_account(core: Core) -> None:
    user = await register(core)
    await fail_login(core, "203.0.113.9")
    await core.identity.login(email="ada@example.org", password=PASSWORD,
                              transport=Transport.COOKIE,
                              client=ClientInfo(address="198.51.100.7", user_agent="Firefox"))
    entries = [e for e in core.uow.store.audit if e.target_id == str(user.id)]
    assert [(e.action, e.actor_id, e.details["address"]) for e in entries] == [
        ("auth.login_failed", user.id, "203.0.113.9"), ("auth.login", user.id, "198.51.100.7")]
    assert entries[1].details["user_agent"] == "Firefox"


async def test_each_login_issues_fresh_tokens_and_logout_revokes_them(core: Core) -> None:
    await register(core)
    first = await core.identity.login(email="ada@example.org", password=PASSWORD,
                                      transport=Transport.COOKIE)
    second = await core.identity.login(email="ada@example.org", password=PASSWORD,
                                       transport=Transport.COOKIE)
    assert first.session_token != second.session_token
    assert first.csrf_token != second.csrf_token
    principal = await core.identity.authenticate(first.session_token or "", TokenKind.SESSION)
    # A session token is not an access token and vice versa.
    with pytest.raises(SessionExpired):
        await core.identity.authenticate(first.session_token or "", TokenKind.ACCESS)
    await core.identity.logout(principal)
    with pytest.raises(SessionExpired):
        await core.identity.authenticate(first.session_token or "", TokenKind.SESSION)
    await core.identity.authenticate(second.session_token or "", TokenKind.SESSION)


async def test_csrf_token_must_match_the_cookie_session(core: Core) -> None:
    await register(core)
    issued = await core.identity.login(email="ada@example.org", password=PASSWORD,
                                       transport=Transport.COOKIE)
    principal = await core.identity.authenticate(issued.session_token or "", TokenKind.SESSION)
    assert IdentityService.csrf_matches(principal, issued.csrf_token)
    assert not IdentityService.csrf_matches(principal, None)
    assert not IdentityService.csrf_matches(principal, "forged")


async def test_access_tokens_expire_and_refresh_rotates(core: Core) -> None:
    await register(core)
    issued = await core.identity.login(email="ada@example.org", password=PASSWORD,
                                       transport=Transport.BEARER)
    core.clock.advance(minutes=16)
    with pytest.raises(SessionExpired):
        await core.identity.authenticate(issued.access_token or "", TokenKind.ACCESS)
    rotated = await core.identity.refresh(issued.refresh_token or "")
    assert rotated.refresh_token != issued.refresh_token
    await core.identity.authenticate(rotated.access_token or "", TokenKind.ACCESS)


async def test_reusing_a_rotated_refresh_token_revokes_the_whole_family(core: Core) -> None:
    await register(core)
    issued = await core.identity.login(email="ada@example.org", password=PASSWORD,
                                       transport=Transport.BEARER)
    rotated = await core.identity.refresh(issued.refresh_token or "")
    with pytest.raises(InvalidToken):
        await core.identity.refresh(issued.refresh_token or "")
    with pytest.raises(SessionExpired):
        await core.identity.authenticate(rotated.access_token or "", TokenKind.ACCESS)
    with pytest.raises(SessionExpired):
        await core.identity.refresh(rotated.refresh_token or "")


async def test_suspension_bites_on_the_next_request_and_at_login(core: Core) -> None:
    admin = await core.admin.create_user(Actor(None), email="root@example.org",
                                         password=PASSWORD, display_name="Root",
                                         role=Role.ADMIN)
    user = await register(core)
    issued = await core.identity.login(email="ada@example.org", password=PASSWORD,
                                       transport=Transport.BEARER)
    await core.admin.suspend(Actor(admin.id, "user"), user.id, "spam")
    with pytest.raises((AccountSuspended, SessionExpired)):
        await core.identity.authenticate(issued.access_token or "", TokenKind.ACCESS)
    with pytest.raises(AccountSuspended):
        await core.identity.login(email="ada@example.org", password=PASSWORD,
                                  transport=Transport.BEARER)
    # A wrong password still gets the generic answer: suspension is not revealed to guessers.
    with pytest.raises(InvalidCredentials):
        await core.identity.login(email="ada@example.org", password="wrong password",
                                  transport=Transport.BEARER)
    await core.admin.unsuspend(Actor(admin.id, "user"), user.id)
    await core.identity.login(email="ada@example.org", password=PASSWORD,
                              transport=Transport.BEARER)
    actions = [e.action for e in core.uow.store.audit if e.action.startswith("user.")]
    assert actions == ["user.create", "user.suspend", "user.unsuspend"]


async def test_suspended_user_with_a_live_token_is_refused_even_without_revocation(
        core: Core) -> None:
    user = await register(core)
    issued = await core.identity.login(email="ada@example.org", password=PASSWORD,
                                       transport=Transport.BEARER)
    stored = core.uow.store.users[user.id]
    stored.status = UserStatus.SUSPENDED  # e.g. changed by another process
    with pytest.raises(AccountSuspended):
        await core.identity.authenticate(issued.access_token or "", TokenKind.ACCESS)


async def test_password_change_keeps_this_session_and_ends_the_others(core: Core) -> None:
    await register(core)
    here = await core.identity.login(email="ada@example.org", password=PASSWORD,
                                     transport=Transport.BEARER)
    there = await core.identity.login(email="ada@example.org", password=PASSWORD,
                                      transport=Transport.BEARER)
    principal = await core.identity.authenticate(here.access_token or "", TokenKind.ACCESS)
    with pytest.raises(InvalidCredentials):
        await core.identity.change_password(principal, "not it at all", "new secret phrase")
    await core.identity.change_password(principal, PASSWORD, "new secret phrase")
    await core.identity.authenticate(here.access_token or "", TokenKind.ACCESS)
    with pytest.raises(SessionExpired):
        await core.identity.authenticate(there.access_token or "", TokenKind.ACCESS)
    await core.deliver()
    assert core.mailer.sent[-1].template == "password_changed"


async def test_password_reset_flow(core: Core) -> None:
    await register(core)
    session = await core.identity.login(email="ada@example.org", password=PASSWORD,
                                        transport=Transport.BEARER)
    await core.identity.forgot_password("nobody@example.org")
    await core.identity.forgot_password("ADA@example.org")
    await core.deliver()
    resets = [m for m in core.mailer.sent if m.template == "reset_password"]
    assert [m.to for m in resets] == ["ada@example.org"]
    token = link_token(str(resets[0].context["link"]))
    with pytest.raises(WeakPassword):
        await core.identity.reset_password(token, "short")
    await core.identity.reset_password(token, "a brand new passphrase")
    with pytest.raises(InvalidToken):
        await core.identity.reset_password(token, "another new passphrase")
    with pytest.raises(SessionExpired):
        await core.identity.authenticate(session.access_token or "", TokenKind.ACCESS)
    with pytest.raises(InvalidCredentials):
        await core.identity.login(email="ada@example.org", password=PASSWORD,
                                  transport=Transport.BEARER)
    await core.identity.login(email="ada@example.org", password="a brand new passphrase",
                              transport=Transport.BEARER)


async def test_admins_cannot_lock_themselves_out(core: Core) -> None:
    admin = await core.admin.create_user(Actor(None), email="root@example.org",
                                         password=PASSWORD, display_name="Root",
                                         role=Role.ADMIN)
    me = Actor(admin.id, "user")
    for action in (core.admin.suspend(me, admin.id, "x"), core.admin.delete(me, admin.id),
                   core.admin.set_role(me, admin.id, Role.STUDENT)):
        with pytest.raises(CannotModifySelf):
            await action


async def test_deleting_anonymises_and_blocks_sign_in(core: Core) -> None:
    admin = await core.admin.create_user(Actor(None), email="root@example.org",
                                         password=PASSWORD, display_name="Root",
                                         role=Role.ADMIN)
    user = await register(core)
    await core.admin.delete(Actor(admin.id, "user"), user.id)
    gone = await core.admin.get_user(user.id)
    assert gone.status is UserStatus.DELETED
    assert gone.email == f"deleted-{user.id.hex}@deleted.invalid"
    with pytest.raises(InvalidCredentials):
        await core.identity.login(email="ada@example.org", password=PASSWORD,
                                  transport=Transport.BEARER)
    # The address is free again for a new account.
    await register(core)


async def test_listing_filters_and_paginates(core: Core) -> None:
    for i in range(5):
        await register(core, email=f"student{i}@example.org")
        core.clock.advance(seconds=1)
    await register(core, email="mentor@example.org", role=Role.MENTOR)
    page = await core.admin.list_users(UserQuery(role=Role.STUDENT), PageRequest(1, 2))
    assert page.total == 5 and len(page.items) == 2
    assert page.items[0].email == "student4@example.org"  # newest first
    found = await core.admin.list_users(UserQuery(text="MENTOR"), PageRequest())
    assert [u.email for u in found.items] == ["mentor@example.org"]
