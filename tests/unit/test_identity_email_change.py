"""Changing the account's e-mail address: password, a link to the new address, notices."""

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from edu_core.application.actors import Principal
from edu_core.application.identity import ClientInfo, IssuedSession
from edu_core.domain.errors import Conflict
from edu_core.domain.identity import (
    EmailChanged,
    EmailChangeRequested,
    EmailTaken,
    EmailUnchanged,
    InvalidCredentials,
    InvalidEmail,
    InvalidToken,
    Role,
    SessionExpired,
    TokenKind,
    Transport,
    User,
)
from edu_core.ports.mail import MailRequest
from tests.unit.conftest import Core

PASSWORD = "correct horse battery"
CLIENT = ClientInfo(address="198.51.100.7", user_agent="Firefox")


async def account(core: Core, email: str = "ada@example.org") -> User:
    await core.identity.register(email=email, password=PASSWORD, display_name="Ada",
                                 role=Role.STUDENT)
    return next(u for u in core.uow.store.users.values() if u.email == email)


async def sign_in(core: Core, email: str = "ada@example.org") -> tuple[IssuedSession, Principal]:
    issued = await core.identity.login(email=email, password=PASSWORD,
                                       transport=Transport.BEARER)
    return issued, await core.identity.authenticate(issued.access_token or "", TokenKind.ACCESS)


async def mails(core: Core) -> list[MailRequest]:
    """The mails sent since the last call."""
    await core.deliver()
    sent = list(core.mailer.sent)
    core.mailer.sent.clear()
    return sent


def link_token(mail: MailRequest) -> str:
    link = str(mail.context["link"])
    assert link.startswith("https://app.test/confirm-email?token=")
    return parse_qs(urlsplit(link).query)["token"][0]


async def test_the_address_moves_only_once_the_new_mailbox_confirms(core: Core) -> None:
    user = await account(core)
    await mails(core)
    here, me = await sign_in(core)
    there, _ = await sign_in(core)

    await core.identity.request_email_change(me, PASSWORD, "  Ada.New@Example.ORG ",
                                             client=CLIENT)
    confirm, notice = await mails(core)
    # Normalised as at sign-up; the link goes to the new address, the notice to the old one.
    assert (confirm.to, confirm.template) == ("ada.new@example.org", "email_change_confirm")
    assert confirm.context["expires_hours"] == 24
    assert (notice.to, notice.template) == ("ada@example.org", "email_change_requested")
    assert notice.context["new_email"] == "ada.new@example.org"
    assert core.uow.store.users[user.id].email == "ada@example.org"
    # Only the digest of the link's secret is stored.
    token = link_token(confirm)
    assert token not in core.uow.store.one_time_tokens

    changed = await core.identity.confirm_email_change(token, keep_session=me.session_id)
    assert changed.email == "ada.new@example.org" and changed.email_verified
    stored = core.uow.store.users[user.id]
    assert stored.email == "ada.new@example.org"
    # The session that followed the link stays; every other one ends.
    await core.identity.authenticate(here.access_token or "", TokenKind.ACCESS)
    with pytest.raises(SessionExpired):
        await core.identity.authenticate(there.access_token or "", TokenKind.ACCESS)
    [changed_mail] = await mails(core)
    assert (changed_mail.to, changed_mail.template) == ("ada@example.org", "email_changed")
    assert changed_mail.context["new_email"] == "ada.new@example.org"
    # Single use.
    with pytest.raises(InvalidToken):
        await core.identity.confirm_email_change(token)
    # Sign-in follows the address.
    with pytest.raises(InvalidCredentials):
        await core.identity.login(email="ada@example.org", password=PASSWORD,
                                  transport=Transport.BEARER)
    await core.identity.login(email="ada.new@example.org", password=PASSWORD,
                              transport=Transport.BEARER)
    actions = [(e.action, e.details.get("new_email")) for e in core.uow.store.audit
               if e.target_id == str(user.id) and e.action.startswith("auth.email")]
    assert actions == [("auth.email_change_requested", "ada.new@example.org"),
                       ("auth.email_changed", "ada.new@example.org")]
    requested = next(e for e in core.uow.store.audit
                     if e.action == "auth.email_change_requested")
    assert requested.details["address"] == CLIENT.address


async def test_without_a_kept_session_every_session_ends(core: Core) -> None:
    await account(core)
    here, me = await sign_in(core)
    await mails(core)
    await core.identity.request_email_change(me, PASSWORD, "ada.new@example.org")
    confirm, _ = await mails(core)
    await core.identity.confirm_email_change(link_token(confirm))
    with pytest.raises(SessionExpired):
        await core.identity.authenticate(here.access_token or "", TokenKind.ACCESS)


async def test_the_current_password_is_required(core: Core) -> None:
    await account(core)
    _, me = await sign_in(core)
    await mails(core)
    with pytest.raises(InvalidCredentials) as caught:
        await core.identity.request_email_change(me, "not the password", "ada.new@example.org")
    assert caught.value.details == {"fields": {"current_password":
                                               "The current password is incorrect."}}
    assert await mails(core) == []


@pytest.mark.parametrize("address", ["ada@example.org", " ADA@Example.org "])
async def test_the_current_address_is_refused(core: Core, address: str) -> None:
    await account(core)
    _, me = await sign_in(core)
    with pytest.raises(EmailUnchanged) as caught:
        await core.identity.request_email_change(me, PASSWORD, address)
    assert caught.value.code == "email_unchanged"


async def test_a_malformed_address_names_the_field(core: Core) -> None:
    await account(core)
    _, me = await sign_in(core)
    with pytest.raises(InvalidEmail) as caught:
        await core.identity.request_email_change(me, PASSWORD, "not an address")
    assert caught.value.details == {"fields": {"new_email": InvalidEmail.default_message}}


async def test_a_taken_address_answers_alike_and_gets_no_link(core: Core) -> None:
    await account(core, "bob@example.org")
    await account(core)
    _, me = await sign_in(core)
    await mails(core)
    # No error: the caller must not learn that the address has an account.
    await core.identity.request_email_change(me, PASSWORD, "BOB@example.org")
    note, notice = await mails(core)
    assert (note.to, note.template) == ("bob@example.org", "email_change_taken")
    assert "link" not in note.context
    assert (notice.to, notice.template) == ("ada@example.org", "email_change_requested")
    assert not any(t.purpose.value == "change_email"
                   for t in core.uow.store.one_time_tokens.values())


async def test_an_address_taken_before_the_link_is_followed_is_a_conflict(core: Core) -> None:
    user = await account(core)
    _, me = await sign_in(core)
    await mails(core)
    await core.identity.request_email_change(me, PASSWORD, "ada.new@example.org")
    confirm, _ = await mails(core)
    await account(core, "ada.new@example.org")
    with pytest.raises(EmailTaken) as caught:
        await core.identity.confirm_email_change(link_token(confirm))
    assert caught.value.code == "email_taken"
    assert core.uow.store.users[user.id].email == "ada@example.org"


async def test_links_expire_and_a_new_request_replaces_the_old_link(core: Core) -> None:
    user = await account(core)
    _, me = await sign_in(core)
    await mails(core)
    await core.identity.request_email_change(me, PASSWORD, "first@example.org")
    first, _ = await mails(core)
    await core.identity.request_email_change(me, PASSWORD, "second@example.org")
    second, _ = await mails(core)
    with pytest.raises(InvalidToken):
        await core.identity.confirm_email_change(link_token(first))
    core.clock.advance(seconds=int(timedelta(hours=24).total_seconds()))
    with pytest.raises(InvalidToken):
        await core.identity.confirm_email_change(link_token(second))
    assert core.uow.store.users[user.id].email == "ada@example.org"


async def test_links_mailed_to_the_previous_address_stop_working(core: Core) -> None:
    await account(core)
    _, me = await sign_in(core)
    await mails(core)
    await core.identity.forgot_password("ada@example.org")
    [reset] = await mails(core)
    await core.identity.request_email_change(me, PASSWORD, "ada.new@example.org")
    confirm, _ = await mails(core)
    await core.identity.confirm_email_change(link_token(confirm))
    reset_token = parse_qs(urlsplit(str(reset.context["link"])).query)["token"][0]
    with pytest.raises(InvalidToken):
        await core.identity.reset_password(reset_token, "a brand new passphrase")


async def test_other_link_kinds_do_not_change_the_address(core: Core) -> None:
    await account(core)
    [verification] = await mails(core)
    verify_token = parse_qs(urlsplit(str(verification.context["link"])).query)["token"][0]
    with pytest.raises(InvalidToken):
        await core.identity.confirm_email_change(verify_token)


# ---- the aggregate's rules ----------------------------------------------------------------------

def registered(now: datetime) -> User:
    user = User.register(email="ada@example.org", display_name="Ada", role=Role.STUDENT,
                         password_hash="h", timezone="UTC", now=now)
    user.events.clear()
    return user


def test_asking_records_the_normalised_address_and_changes_nothing_yet() -> None:
    now = datetime(2026, 3, 1, tzinfo=UTC)
    user = registered(now)
    assert user.request_email_change(" New@Example.ORG", now) == "new@example.org"
    assert user.email == "ada@example.org"
    [event] = user.events
    assert isinstance(event, EmailChangeRequested) and event.new_email == "new@example.org"


def test_only_an_active_account_moves() -> None:
    now = datetime(2026, 3, 1, tzinfo=UTC)
    user = registered(now)
    user.suspend("spam", now)
    user.events.clear()
    with pytest.raises(Conflict):
        user.request_email_change("new@example.org", now)
    with pytest.raises(Conflict):
        user.change_email("new@example.org", now)
    assert user.email == "ada@example.org" and user.events == []


def test_the_switch_verifies_the_new_address_and_tells_the_old_one() -> None:
    now = datetime(2026, 3, 1, tzinfo=UTC)
    user = registered(now)
    assert not user.email_verified
    later = now + timedelta(hours=1)
    user.change_email("New@example.org", later)
    assert user.email == "new@example.org"
    assert user.email_verified_at == later and user.updated_at == later
    [event] = user.events
    assert isinstance(event, EmailChanged) and event.previous_email == "ada@example.org"
    # Confirming the address it already has is a no-op, not a second notice.
    user.events.clear()
    user.change_email("new@example.org", later + timedelta(minutes=1))
    assert user.events == [] and user.updated_at == later
