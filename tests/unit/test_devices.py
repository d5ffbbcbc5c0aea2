"""Devices: how a sign-in is named and placed, push registration, and the push handler."""

from uuid import uuid4

import pytest

from adapters.memory.push import MemoryPushGateway
from edu_core.application.actors import Principal
from edu_core.application.identity import ClientInfo
from edu_core.application.push_notifications import MAX_PUSH_BODY, PushNotifications
from edu_core.application.sessions import AccountSessions, SessionNotFound
from edu_core.domain.identity import Role, TokenKind, Transport
from edu_core.domain.identity.devices import (
    InvalidDeviceName,
    InvalidPushToken,
    PushPlatform,
    clean_device_name,
    coarse_address,
    describe_user_agent,
)
from edu_core.domain.notification_preferences import Channel, PreferenceChange
from edu_core.domain.notifications import Notification
from tests.unit.conftest import Core

PASSWORD = "correct horse battery"
TOKEN = "ab" * 32
OTHER_TOKEN = "cd" * 32


@pytest.mark.parametrize(("agent", "label"), [
    ("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
     "Firefox on Linux"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge on Windows"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 "
     "(KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1", "Safari on iPhone"),
    ("Mentora/1.4 (iOS 17.2)", "Mentora 1.4 on iOS"),
    ("okhttp/4.12.0", "okhttp 4.12.0"),
    ("", "Unknown device"),
    (None, "Unknown device"),
])
def test_a_user_agent_becomes_a_short_label(agent: str | None, label: str) -> None:
    assert describe_user_agent(agent) == label


@pytest.mark.parametrize(("address", "network"), [
    ("198.51.100.7", "198.51.100.0/24"), ("2001:db8:1234:5678::1", "2001:db8:1234::/48"),
    ("unknown", None), (None, None)])
def test_an_address_is_shown_as_its_network(address: str | None, network: str | None) -> None:
    assert coarse_address(address) == network


def test_device_names_are_tidied_and_control_characters_refused() -> None:
    assert clean_device_name("  Priya's \t iPhone ") == "Priya's iPhone"
    assert clean_device_name("   ") is None and clean_device_name(None) is None
    for bad in ("bell\a", "x" * 81):
        with pytest.raises(InvalidDeviceName):
            clean_device_name(bad)


async def signed_in(core: Core, email: str, *, name: str | None = "Phone",
                    address: str = "198.51.100.7") -> Principal:
    issued = await core.identity.login(
        email=email, password=PASSWORD, transport=Transport.BEARER,
        client=ClientInfo(address=address, user_agent="Mentora/1.0", device_name=name))
    return await core.identity.authenticate(issued.access_token or "", TokenKind.ACCESS)


async def account(core: Core, email: str) -> None:
    await core.identity.register(email=email, password=PASSWORD, display_name="Ada",
                                 role=Role.STUDENT)


@pytest.fixture
def push() -> MemoryPushGateway:
    return MemoryPushGateway()


@pytest.fixture
def devices(core: Core, push: MemoryPushGateway) -> AccountSessions:
    return AccountSessions(uow=core.uow, clock=core.clock, push=push)


async def test_the_last_address_a_device_was_used_from_is_shown(
        core: Core, devices: AccountSessions) -> None:
    await account(core, "ada@example.org")
    issued = await core.identity.login(
        email="ada@example.org", password=PASSWORD, transport=Transport.BEARER,
        client=ClientInfo(address="198.51.100.7", device_name="Phone"))
    me = await core.identity.authenticate(issued.access_token or "", TokenKind.ACCESS,
                                          address="203.0.113.99")
    [device] = await devices.list(me)
    assert (device.name, device.network, device.current) == ("Phone", "203.0.113.0/24", True)


async def test_a_push_token_is_checked_moved_and_forgotten(
        core: Core, devices: AccountSessions) -> None:
    await account(core, "ada@example.org")
    await account(core, "bo@example.org")
    ada = await signed_in(core, "ada@example.org")
    with pytest.raises(InvalidPushToken):
        await devices.register_push(ada, PushPlatform.IOS, "not a token")
    await devices.register_push(ada, PushPlatform.IOS, TOKEN)
    assert [d.push_enabled for d in await devices.list(ada)] == [True]

    # The phone changes hands: the token follows the newest sign-in.
    bo = await signed_in(core, "bo@example.org")
    await devices.register_push(bo, PushPlatform.IOS, TOKEN)
    assert [d.push_enabled for d in await devices.list(ada)] == [False]
    assert [d.push_enabled for d in await devices.list(bo)] == [True]
    await devices.unregister_push(bo)
    assert [d.push_enabled for d in await devices.list(bo)] == [False]


async def test_a_revoked_sign_in_cannot_register_a_token(
        core: Core, devices: AccountSessions) -> None:
    await account(core, "ada@example.org")
    ada = await signed_in(core, "ada@example.org")
    await devices.revoke(ada, ada.session_id)
    with pytest.raises(SessionNotFound):
        await devices.register_push(ada, PushPlatform.IOS, TOKEN)


async def stored_notification(core: Core, user_id: object, body: str = "Hello") -> Notification:
    notification = Notification(user_id=user_id, kind="content.approved",  # type: ignore[arg-type]
                                title="\u201cOptics\u201d is live", body=body,
                                link="/mentor/content/1", created_at=core.clock.now())
    async with core.uow() as uow:
        uow.notifications.add(notification)
        await uow.commit()
    return notification


async def test_a_notification_is_pushed_to_live_devices_and_gone_tokens_are_forgotten(
        core: Core, devices: AccountSessions, push: MemoryPushGateway) -> None:
    await account(core, "ada@example.org")
    phone = await signed_in(core, "ada@example.org", name="Phone")
    tablet = await signed_in(core, "ada@example.org", name="Tablet")
    laptop = await signed_in(core, "ada@example.org", name="Laptop")
    await devices.register_push(phone, PushPlatform.IOS, TOKEN)
    await devices.register_push(tablet, PushPlatform.IOS, OTHER_TOKEN)
    await devices.register_push(laptop, PushPlatform.EXPO, "ExpoPushToken[laptop-token-1]")
    await devices.revoke(phone, laptop.session_id)
    push.gone.add(OTHER_TOKEN)
    handler = PushNotifications(uow=core.uow, clock=core.clock, push=push)

    long_body = "word " * 100
    notification = await stored_notification(core, phone.user_id, long_body)
    await handler.push(notification.event())

    assert [d.token for d, _ in push.sent] == [TOKEN]
    message = push.sent[0][1]
    assert len(message.body) == MAX_PUSH_BODY and message.body.endswith("\u2026")
    assert (message.kind, message.link) == ("content.approved", "/mentor/content/1")
    listed = {d.name: d.push_enabled for d in await devices.list(phone)}
    assert listed == {"Phone": True, "Tablet": False}


async def test_no_push_when_the_channel_is_off_or_the_notification_was_read(
        core: Core, devices: AccountSessions, push: MemoryPushGateway) -> None:
    await account(core, "ada@example.org")
    phone = await signed_in(core, "ada@example.org")
    await devices.register_push(phone, PushPlatform.IOS, TOKEN)
    handler = PushNotifications(uow=core.uow, clock=core.clock, push=push)

    read = await stored_notification(core, phone.user_id)
    async with core.uow() as uow:
        await uow.notifications.mark_read(phone.user_id, read.id, core.clock.now())
        await uow.commit()
    await handler.push(read.event())
    async with core.uow() as uow:
        preferences = await uow.notification_preferences.get(phone.user_id)
        preferences.apply([PreferenceChange("content.approved", Channel.PUSH, False)],
                          core.clock.now())
        await uow.notification_preferences.save(preferences)
        await uow.commit()
    await handler.push((await stored_notification(core, phone.user_id)).event())
    assert push.sent == []
    # Someone else's notification never reaches this device.
    await handler.push((await stored_notification(core, uuid4())).event())
    assert push.sent == []
