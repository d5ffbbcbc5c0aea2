"""ONE behaviour suite for notification preferences and the avatar key, run against the
in-memory fake and Postgres."""

from datetime import UTC, datetime
from uuid import uuid4

from edu_core.domain.identity import Role, User
from edu_core.domain.notification_preferences import (
    Channel,
    NotificationPreferences,
    PreferenceChange,
)

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


async def stored_user(uow_factory) -> User:  # type: ignore[no-untyped-def]
    user = User.register(email=f"u{uuid4().hex[:10]}@example.org", display_name="Ann",
                         role=Role.MENTOR, password_hash="h", timezone="UTC", now=NOW)
    async with uow_factory() as uow:
        uow.users.add(user)
        await uow.commit()
    return user


async def test_no_choices_read_as_everything_on(uow_factory) -> None:  # type: ignore[no-untyped-def]
    user = await stored_user(uow_factory)
    async with uow_factory() as uow:
        preferences = await uow.notification_preferences.get(user.id)
    assert preferences == NotificationPreferences(user_id=user.id)
    assert preferences.allows("content.approved", Channel.EMAIL)


async def test_choices_are_stored_at_commit_and_replaced_whole(uow_factory) -> None:  # type: ignore[no-untyped-def]
    user = await stored_user(uow_factory)
    async with uow_factory() as uow:
        preferences = await uow.notification_preferences.get(user.id)
        preferences.apply([PreferenceChange("content.approved", Channel.EMAIL, False),
                           PreferenceChange("mentor.verified", Channel.IN_APP, True)], NOW)
        await uow.notification_preferences.save(preferences)
        # Not committed: the next unit of work still sees the defaults.
    async with uow_factory() as uow:
        assert (await uow.notification_preferences.get(user.id)).choices == {}
        await uow.notification_preferences.save(preferences)
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.notification_preferences.get(user.id)
    assert stored.choices == {("content.approved", Channel.EMAIL): False,
                              ("mentor.verified", Channel.IN_APP): True}
    assert stored.updated_at == NOW
    assert not stored.allows("content.approved", Channel.EMAIL)


async def test_deleting_a_users_choices(uow_factory) -> None:  # type: ignore[no-untyped-def]
    user, other = await stored_user(uow_factory), await stored_user(uow_factory)
    for owner in (user, other):
        async with uow_factory() as uow:
            preferences = NotificationPreferences(user_id=owner.id)
            preferences.apply([PreferenceChange("content.rejected", Channel.EMAIL, False)], NOW)
            await uow.notification_preferences.save(preferences)
            await uow.commit()
    async with uow_factory() as uow:
        await uow.notification_preferences.delete_for_user(user.id)
        await uow.commit()
    async with uow_factory() as uow:
        assert (await uow.notification_preferences.get(user.id)).choices == {}
        assert (await uow.notification_preferences.get(other.id)).choices != {}


async def test_the_avatar_key_is_stored_with_the_user(uow_factory) -> None:  # type: ignore[no-untyped-def]
    user = await stored_user(uow_factory)
    async with uow_factory() as uow:
        loaded = await uow.users.get(user.id, for_update=True)
        assert loaded is not None and loaded.avatar_key is None
        assert loaded.set_avatar("avatar/ab/abcdef", NOW) is None
        await uow.commit()
    async with uow_factory() as uow:
        again = await uow.users.get(user.id)
    assert again is not None and again.avatar_key == "avatar/ab/abcdef"
