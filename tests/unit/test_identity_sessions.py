"""Session lifetimes (absolute and idle) and the account's own list of sign-ins."""

import pytest

from edu_core.application.actors import Actor
from edu_core.application.identity import ClientInfo, IssuedSession
from edu_core.application.sessions import AccountSessions, SessionNotFound
from edu_core.domain.identity import AccountSuspended, Role, SessionExpired, TokenKind, Transport
from tests.unit.conftest import Core

PASSWORD = "correct horse battery"


async def signed_up(core: Core, email: str = "ada@example.org") -> None:
    await core.identity.register(email=email, password=PASSWORD, display_name="Ada",
                                 role=Role.STUDENT)


async def sign_in(core: Core, *, remember: bool = False, address: str = "198.51.100.7",
                  agent: str = "Firefox", email: str = "ada@example.org") -> IssuedSession:
    return await core.identity.login(email=email, password=PASSWORD,
                                     transport=Transport.COOKIE, remember=remember,
                                     client=ClientInfo(address=address, user_agent=agent))


async def test_an_unused_session_ends_after_twelve_hours_even_before_its_lifetime(
        core: Core) -> None:
    await signed_up(core)
    issued = await sign_in(core)
    core.clock.advance(hours=11)
    await core.identity.authenticate(issued.session_token or "", TokenKind.SESSION)
    # Use resets the idle clock: 11 more hours are fine, 12 unused are not.
    core.clock.advance(hours=11)
    await core.identity.authenticate(issued.session_token or "", TokenKind.SESSION)
    core.clock.advance(hours=12)
    with pytest.raises(SessionExpired):
        await core.identity.authenticate(issued.session_token or "", TokenKind.SESSION)
    assert not issued.persistent


async def test_remember_me_keeps_an_idle_session_for_seven_days_not_longer(core: Core) -> None:
    await signed_up(core)
    issued = await sign_in(core, remember=True)
    assert issued.persistent
    core.clock.advance(days=6, hours=23)
    await core.identity.authenticate(issued.session_token or "", TokenKind.SESSION)
    core.clock.advance(days=7)
    with pytest.raises(SessionExpired):
        await core.identity.authenticate(issued.session_token or "", TokenKind.SESSION)


async def test_the_absolute_lifetime_still_ends_a_busy_session(core: Core) -> None:
    await signed_up(core)
    issued = await sign_in(core, remember=True)
    for _ in range(14):
        core.clock.advance(days=1)
        try:
            await core.identity.authenticate(issued.session_token or "", TokenKind.SESSION)
        except SessionExpired:
            break
    else:
        pytest.fail("a session used daily outlived its 14-day lifetime")


async def test_an_idle_refresh_token_cannot_be_exchanged(core: Core) -> None:
    await signed_up(core)
    issued = await core.identity.login(email="ada@example.org", password=PASSWORD,
                                       transport=Transport.BEARER)
    core.clock.advance(hours=13)
    with pytest.raises(SessionExpired):
        await core.identity.refresh(issued.refresh_token or "")


async def test_the_owner_lists_their_sessions_and_ends_one_or_all_others(core: Core) -> None:
    await signed_up(core)
    await signed_up(core, "eve@example.org")
    sessions = AccountSessions(uow=core.uow, clock=core.clock)
    phone = await sign_in(core, address="203.0.113.5", agent="Safari on iPhone")
    core.clock.advance(minutes=5)
    laptop = await sign_in(core, address="198.51.100.7", agent="Firefox on Linux")
    core.clock.advance(minutes=5)
    tablet = await sign_in(core, address="192.0.2.44", agent="Chrome on Android")
    eve = await sign_in(core, email="eve@example.org")
    core.clock.advance(minutes=2)
    me = await core.identity.authenticate(laptop.session_token or "", TokenKind.SESSION)

    listed = await sessions.list(me)
    # Most recently used first: this request just used the laptop's session.
    assert [(s.user_agent, s.client_address, s.current) for s in listed] == [
        ("Firefox on Linux", "198.51.100.7", True),
        ("Chrome on Android", "192.0.2.44", False),
        ("Safari on iPhone", "203.0.113.5", False)]
    assert listed[0].last_used_at == core.clock.now()

    await sessions.revoke(me, listed[1].id)
    with pytest.raises(SessionExpired):
        await core.identity.authenticate(tablet.session_token or "", TokenKind.SESSION)
    # Someone else's session (or an ended one) is "not found", never ended.
    eve_principal = await core.identity.authenticate(eve.session_token or "", TokenKind.SESSION)
    with pytest.raises(SessionNotFound):
        await sessions.revoke(me, eve_principal.session_id)
    with pytest.raises(SessionNotFound):
        await sessions.revoke(me, listed[1].id)
    await core.identity.authenticate(eve.session_token or "", TokenKind.SESSION)

    assert await sessions.revoke_others(me) == 1
    with pytest.raises(SessionExpired):
        await core.identity.authenticate(phone.session_token or "", TokenKind.SESSION)
    assert [s.current for s in await sessions.list(me)] == [True]
    actions = [e.action for e in core.uow.store.audit if e.actor_id == me.user_id]
    assert actions.count("auth.session_revoke") == 1
    assert actions.count("auth.session_revoke_others") == 1


async def test_a_suspended_user_signing_in_is_told_the_reason(core: Core) -> None:
    admin = await core.admin.create_user(Actor(None), email="root@example.org",
                                         password=PASSWORD, display_name="Root",
                                         role=Role.ADMIN)
    await signed_up(core)
    user = next(u for u in core.uow.store.users.values() if u.email == "ada@example.org")
    await core.admin.suspend(Actor(admin.id, "user"), user.id, "Repeated spam in the forum")
    with pytest.raises(AccountSuspended) as err:
        await sign_in(core)
    assert "Repeated spam in the forum" in err.value.message
    assert err.value.details == {"reason": "Repeated spam in the forum"}


@pytest.mark.parametrize(("template", "context", "expected"), [
    ("account_exists", {"display_name": "Ada", "login_link": "https://app.test/login",
                        "reset_link": "https://app.test/forgot-password"},
     "https://app.test/login"),
    ("sign_in_locked", {"display_name": "Ada", "retry_minutes": "60",
                        "reset_link": "https://app.test/forgot-password"},
     "https://app.test/forgot-password"),
])
def test_the_security_mails_render_with_their_links(template: str, context: dict[str, str],
                                                    expected: str) -> None:
    from adapters.mail.renderer import MailRenderer
    from edu_core.ports.mail import MailRequest

    rendered = MailRenderer().render(MailRequest(to="ada@example.org", template=template,
                                                 context=context))
    assert expected in rendered.text and f'href="{expected}"' in rendered.html
    assert "Mentora" in rendered.subject
