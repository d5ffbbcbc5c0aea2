"""Account self-service against in-memory fakes: profile picture, deleting one's account,
notification preferences respected by the handlers, and the data export."""

import io
from uuid import uuid4

import pytest
from PIL import Image

from adapters.memory.personal_data import MemoryPersonalDataReader
from adapters.storage.pillow_images import PillowImageEncoder, PillowImageInspector
from edu_core.application.account import (
    AccountErasureHandlers,
    AccountService,
    AdminCannotDeleteSelf,
)
from edu_core.application.actors import Actor, Principal
from edu_core.application.content_notifications import ContentInAppHandlers, ContentMailHandlers
from edu_core.application.data_export import EXPORT_FORMAT, DataExport, ExportPart
from edu_core.application.mentor_notifications import MentorInAppHandlers, MentorMailHandlers
from edu_core.application.notification_preferences import NotificationPreferenceService
from edu_core.domain.audit import AuditEntry
from edu_core.domain.content import Attempt, ContentApproved, ContentRejected
from edu_core.domain.errors import Conflict
from edu_core.domain.files import ImageTooLarge, UnsupportedFileType
from edu_core.domain.identity import InvalidCredentials, Role, Transport, User, UserStatus
from edu_core.domain.mentors import MentorVerified
from edu_core.domain.notification_preferences import (
    Channel,
    PreferenceChange,
    UnknownNotificationPreference,
)
from tests.unit.conftest import Core
from tests.unit.test_content_images import MemoryBlobs, animation, chunks, photo

PASSWORD = "correct horse battery"


async def make_user(core: Core, role: Role = Role.STUDENT) -> User:
    # Numbered by the accounts already stored, not random: every run uses the same addresses.
    number = len(core.uow.store.users) + 1
    return await core.admin.create_user(Actor(None), email=f"user-{number}@example.org",
                                        password=PASSWORD, display_name="Grace", role=role)


def principal(user: User) -> Principal:
    return Principal(user_id=user.id, role=user.role, session_id=uuid4(),
                     transport=Transport.BEARER)


@pytest.fixture
def blobs() -> MemoryBlobs:
    return MemoryBlobs()


@pytest.fixture
def account(core: Core, blobs: MemoryBlobs) -> AccountService:
    from adapters.memory.fakes import FakePasswordHasher

    core.dispatcher.registry.add(AccountErasureHandlers(uow=core.uow, storage=blobs))
    return AccountService(uow=core.uow, clock=core.clock, hasher=FakePasswordHasher(),
                          storage=blobs,
                          images=PillowImageInspector(), encoder=PillowImageEncoder())


@pytest.fixture
def preferences(core: Core) -> NotificationPreferenceService:
    return NotificationPreferenceService(uow=core.uow, clock=core.clock)


# ---- profile picture --------------------------------------------------------------------------


async def test_an_avatar_is_reencoded_without_metadata_and_replaces_the_previous_one(
        core: Core, account: AccountService, blobs: MemoryBlobs) -> None:
    user = await make_user(core)
    first = await account.upload_avatar(principal(user), chunks(photo()), filename="me.jpg",
                                        content_type="image/jpeg")
    assert first.avatar_key is not None and first.avatar_key.startswith("avatar/")
    stored, content_type = blobs.blobs[first.avatar_key]
    assert content_type == "image/jpeg" and b"SECRETCAMERA" not in stored
    assert b"SECRETCOMMENT" not in stored
    assert core.uow.store.users[user.id].avatar_key == first.avatar_key
    assert await account.avatar_url(first) == f"/files/{first.avatar_key}?sig=x"

    second = await account.upload_avatar(principal(user), chunks(photo()), filename=None,
                                         content_type="image/jpeg")
    assert list(blobs.blobs) == [second.avatar_key]  # the first picture is gone

    removed = await account.remove_avatar(principal(user))
    assert removed.avatar_key is None and blobs.blobs == {}
    assert await account.avatar_url(removed) is None


async def test_an_avatar_must_be_a_still_image_whose_bytes_match(
        core: Core, account: AccountService, blobs: MemoryBlobs) -> None:
    user = await make_user(core)
    with pytest.raises(UnsupportedFileType):
        await account.upload_avatar(principal(user), chunks(b"<svg onload=alert(1)>"),
                                    filename="me.png", content_type="image/png")
    with pytest.raises(ImageTooLarge):
        await account.upload_avatar(principal(user), chunks(animation("WEBP")),
                                    filename="me.webp", content_type="image/webp")
    gif = io.BytesIO()
    Image.new("RGB", (4, 4)).save(gif, "GIF")
    with pytest.raises(UnsupportedFileType):  # GIF is no avatar type
        await account.upload_avatar(principal(user), chunks(gif.getvalue()),
                                    filename="me.gif", content_type="image/gif")
    assert blobs.blobs == {} and core.uow.store.users[user.id].avatar_key is None


# ---- deleting one's account -------------------------------------------------------------------


async def test_deleting_my_account_needs_my_password_and_applies_adr_5(
        core: Core, account: AccountService, blobs: MemoryBlobs,
        preferences: NotificationPreferenceService) -> None:
    user = await make_user(core, Role.MENTOR)
    await account.upload_avatar(principal(user), chunks(photo()), filename=None,
                                content_type="image/jpeg")
    await preferences.update(principal(user), [
        PreferenceChange("content.approved", Channel.EMAIL, False)])
    session = await core.identity.login(email=user.email, password=PASSWORD,
                                        transport=Transport.BEARER)
    me = Principal(user_id=user.id, role=user.role, session_id=uuid4(),
                   transport=Transport.BEARER)

    with pytest.raises(InvalidCredentials):
        await account.delete_account(me, "not my password")
    assert core.uow.store.users[user.id].status is UserStatus.ACTIVE

    await account.delete_account(me, PASSWORD)
    gone = core.uow.store.users[user.id]
    assert gone.status is UserStatus.DELETED
    assert gone.email == f"deleted-{user.id.hex}@deleted.invalid"
    assert gone.display_name == "Deleted user" and gone.avatar_key is None
    stored_session = next(s for s in core.uow.store.sessions.values()
                          if s.user_id == user.id)
    assert stored_session.revoked_at is not None and session.user.id == user.id
    assert [(e.action, e.actor_id) for e in core.uow.store.audit
            if e.target_id == str(user.id)][-1] == ("user.delete", user.id)
    with pytest.raises(InvalidCredentials):
        await core.identity.login(email=user.email, password=PASSWORD,
                                  transport=Transport.BEARER)

    await core.deliver()  # the erasure handler runs after the commit
    assert blobs.blobs == {}
    assert user.id not in core.uow.store.notification_preferences


async def test_admins_cannot_delete_their_own_account(core: Core,
                                                      account: AccountService) -> None:
    admin = await make_user(core, Role.ADMIN)
    with pytest.raises(AdminCannotDeleteSelf):
        await account.delete_account(principal(admin), PASSWORD)
    assert core.uow.store.users[admin.id].status is UserStatus.ACTIVE


async def test_a_deleted_account_cannot_take_a_new_avatar(core: Core,
                                                          account: AccountService) -> None:
    user = await make_user(core)
    await account.delete_account(principal(user), PASSWORD)
    with pytest.raises(Conflict):
        await account.remove_avatar(principal(user))


async def test_an_admin_deletion_erases_the_picture_too(core: Core, account: AccountService,
                                                        blobs: MemoryBlobs) -> None:
    admin = await make_user(core, Role.ADMIN)
    user = await make_user(core)
    await account.upload_avatar(principal(user), chunks(photo()), filename=None,
                                content_type="image/jpeg")
    await core.admin.delete(Actor(admin.id, "user"), user.id)
    await core.deliver()
    assert blobs.blobs == {} and core.uow.store.users[user.id].avatar_key is None


# ---- notification preferences -----------------------------------------------------------------


async def test_preferences_list_the_types_of_my_role_all_on_by_default(
        core: Core, preferences: NotificationPreferenceService) -> None:
    mentor = await make_user(core, Role.MENTOR)
    student = await make_user(core, Role.STUDENT)
    views = await preferences.mine(principal(mentor))
    bookings = ["booking.confirmed", "booking.rescheduled", "booking.cancelled",
                "booking.reminder", "group_session.seat_taken",
                "group_session.seat_cancelled", "group_session.cancelled",
                "group_session.reminder"]
    forum = ["forum.post_created", "forum.thread_started", "forum.answer_accepted"]
    assert [v.type.kind for v in views] == ["mentor.verified", "mentor.rejected",
                                            "content.approved", "content.rejected", *bookings,
                                            *forum, "gamification.achievement_unlocked",
                                            "analytics.student_at_risk"]
    assert all(on for v in views for on in v.channels.values())
    # Students hear of their sessions (choosing only about the e-mails and pushes) and of
    # the forum; whatever is stored in the app can also be pushed to their phone.
    assert [(v.type.kind, v.channels) for v in await preferences.mine(principal(student))] == [
        *((kind, {Channel.EMAIL: True, Channel.PUSH: True}) for kind in bookings),
        ("forum.post_created", {Channel.EMAIL: True, Channel.IN_APP: True, Channel.PUSH: True}),
        ("forum.answer_accepted", {Channel.IN_APP: True, Channel.PUSH: True}),
        ("gamification.achievement_unlocked", {Channel.IN_APP: True, Channel.PUSH: True})]


async def test_preferences_change_all_or_nothing(
        core: Core, preferences: NotificationPreferenceService) -> None:
    mentor = await make_user(core, Role.MENTOR)
    views = await preferences.update(principal(mentor), [
        PreferenceChange("mentor.verified", Channel.EMAIL, False)])
    verified = next(v for v in views if v.type.kind == "mentor.verified")
    assert verified.channels == {Channel.EMAIL: False, Channel.IN_APP: True,
                                 Channel.PUSH: True}
    for bad in (PreferenceChange("identity.password_reset_requested", Channel.EMAIL, False),
                PreferenceChange("content.submitted", Channel.EMAIL, False)):
        with pytest.raises(UnknownNotificationPreference):
            await preferences.update(principal(mentor), [
                PreferenceChange("mentor.verified", Channel.EMAIL, True), bad])
    stored = core.uow.store.notification_preferences[mentor.id]
    assert stored.choices == {("mentor.verified", Channel.EMAIL): False}
    assert stored.allows("identity.password_reset_requested", Channel.EMAIL)


async def test_mentor_handlers_respect_each_channel(
        core: Core, preferences: NotificationPreferenceService) -> None:
    mentor = await make_user(core, Role.MENTOR)
    mail = MentorMailHandlers(mailer=core.mailer, uow=core.uow, web_base_url="https://app.test")
    in_app = MentorInAppHandlers(uow=core.uow, clock=core.clock)
    event = MentorVerified(occurred_at=core.clock.now(), mentor_id=mentor.id)
    await preferences.update(principal(mentor), [
        PreferenceChange("mentor.verified", Channel.EMAIL, False)])
    await mail.send_verified(event)
    await in_app.verified(event)
    assert [m.template for m in core.mailer.sent if m.to == mentor.email] == []
    assert [n.kind for n in core.uow.store.notifications.values()] == ["mentor.verified"]

    await preferences.update(principal(mentor), [
        PreferenceChange("mentor.verified", Channel.EMAIL, True),
        PreferenceChange("mentor.verified", Channel.IN_APP, False)])
    again = MentorVerified(occurred_at=core.clock.now(), mentor_id=mentor.id)
    await mail.send_verified(again)
    await in_app.verified(again)
    assert [m.template for m in core.mailer.sent if m.to == mentor.email] == [
        "mentor_verified"]
    assert len(core.uow.store.notifications) == 1


async def test_content_handlers_respect_preferences(
        core: Core, preferences: NotificationPreferenceService) -> None:
    mentor = await make_user(core, Role.MENTOR)
    mail = ContentMailHandlers(mailer=core.mailer, uow=core.uow, web_base_url="https://app.test")
    in_app = ContentInAppHandlers(uow=core.uow, clock=core.clock)
    facts = {"occurred_at": core.clock.now(), "mentor_id": mentor.id, "item_id": uuid4(),
             "title": "Ohm's law", "version": 1}
    rejected = ContentRejected(**facts, feedback="Cite the source.")
    approved = ContentApproved(**facts)
    await preferences.update(principal(mentor), [
        PreferenceChange("content.rejected", Channel.EMAIL, False),
        PreferenceChange("content.approved", Channel.IN_APP, False)])
    await mail.send_rejected(rejected)
    await mail.send_approved(approved)
    await in_app.rejected(rejected)
    await in_app.approved(approved)
    assert [m.template for m in core.mailer.sent] == ["content_approved"]
    assert [n.kind for n in core.uow.store.notifications.values()] == ["content.rejected"]


async def test_security_mail_is_sent_whatever_the_preferences(
        core: Core, preferences: NotificationPreferenceService) -> None:
    mentor = await make_user(core, Role.MENTOR)
    await preferences.update(principal(mentor), [
        PreferenceChange(kind, channel, False)
        for kind in ("mentor.verified", "mentor.rejected", "content.approved",
                     "content.rejected") for channel in Channel])
    await core.identity.forgot_password(mentor.email)
    await core.deliver()
    assert "reset_password" in [m.template for m in core.mailer.sent if m.to == mentor.email]


# ---- export -------------------------------------------------------------------------------------


async def test_the_export_holds_my_records_and_no_secrets(
        core: Core, preferences: NotificationPreferenceService) -> None:
    user = await make_user(core)
    other = await make_user(core)
    await preferences.update(principal(user), [
        PreferenceChange("content.approved", Channel.EMAIL, False)])
    item_id = uuid4()
    for n in range(3):
        core.uow.store.attempts[uuid4()] = Attempt(
            item_id=item_id, version=1, user_id=user.id, answer={"choice": f"c{n}"},
            correct=n == 2, time_taken_ms=1000 * n, created_at=core.clock.now())
    core.uow.store.attempts[uuid4()] = Attempt(
        item_id=item_id, version=1, user_id=other.id, answer={"choice": "theirs"},
        correct=False, time_taken_ms=5, created_at=core.clock.now())
    core.uow.store.audit.append(AuditEntry(
        actor_id=None, action="user.suspend", target_type="user", target_id=str(user.id),
        occurred_at=core.clock.now(), details={"reason": "spam"}))
    export = DataExport(uow=core.uow, clock=core.clock,
                        reader=MemoryPersonalDataReader(core.uow.store))

    parts: list[ExportPart] = [p async for p in export.parts(principal(user))]

    sections: dict[str, object] = {}
    for part in parts:
        if part.many:
            existing = sections.setdefault(part.section, [])
            assert isinstance(existing, list)
            existing.extend(part.value)
        else:
            sections[part.section] = part.value
    assert sections["format"] == EXPORT_FORMAT
    account = sections["account"]
    assert isinstance(account, dict)
    assert account["id"] == str(user.id) and account["email"] == user.email
    assert "password_hash" not in account and "totp_secret" not in account
    attempts = sections["attempts"]
    assert isinstance(attempts, list)
    assert sorted(a["answer"]["choice"] for a in attempts) == ["c0", "c1", "c2"]
    audit = sections["audit_entries_about_me"]
    assert isinstance(audit, list) and "user.suspend" in [e["action"] for e in audit]
    assert sections["notification_preferences"] == [
        {"kind": "content.approved", "channel": "email", "enabled": False}]
    assert PASSWORD not in repr(parts) and user.password_hash not in repr(parts)


async def test_the_export_pages_through_long_sections(core: Core) -> None:
    user = await make_user(core)
    for n in range(250):
        core.uow.store.attempts[uuid4()] = Attempt(
            item_id=uuid4(), version=1, user_id=user.id, answer={"n": n}, correct=True,
            time_taken_ms=n, created_at=core.clock.now())
    export = DataExport(uow=core.uow, clock=core.clock,
                        reader=MemoryPersonalDataReader(core.uow.store))
    pages = [p for p in [p async for p in export.parts(principal(user))]
             if p.section == "attempts"]
    assert [len(p.value) for p in pages] == [100, 100, 50]
    assert sorted(a["answer"]["n"] for p in pages for a in p.value) == list(range(250))
