"""ONE behaviour suite for the UnitOfWork port, run against the in-memory fake and Postgres."""

import asyncio
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from edu_core.domain.audit import AuditEntry
from edu_core.domain.errors import ConcurrentModification
from edu_core.domain.identity import (
    AuthSession,
    EmailTaken,
    OneTimePurpose,
    OneTimeToken,
    Role,
    SessionToken,
    TokenKind,
    Transport,
    User,
    UserStatus,
)
from edu_core.domain.notifications import Notification, NotificationCreated
from edu_core.domain.pagination import PageRequest
from edu_core.ports.identity import UserQuery

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def new_user(email: str | None = None, **kw: object) -> User:
    return User.register(email=email or f"u{uuid4().hex[:10]}@example.org", display_name="Ann",
                         role=kw.pop("role", Role.STUDENT),  # type: ignore[arg-type]
                         password_hash="h", timezone="UTC", now=NOW)


async def test_committed_changes_are_visible_to_the_next_unit_of_work(uow_factory) -> None:
    user = new_user()
    async with uow_factory() as uow:
        uow.users.add(user)
        await uow.commit()
    async with uow_factory() as uow:
        loaded = await uow.users.get(user.id)
        by_email = await uow.users.get_by_email(user.email)
    assert loaded is not None and by_email is not None
    assert (loaded.id, loaded.email, loaded.role, loaded.timezone) == (
        user.id, user.email, Role.STUDENT, "UTC")
    assert loaded.created_at == NOW


async def test_uncommitted_changes_are_rolled_back(uow_factory) -> None:
    user = new_user()
    async with uow_factory() as uow:
        uow.users.add(user)
    async with uow_factory() as uow:
        assert await uow.users.get(user.id) is None


async def test_an_error_inside_the_block_discards_the_work(uow_factory) -> None:
    user = new_user()
    with pytest.raises(RuntimeError):
        async with uow_factory() as uow:
            uow.users.add(user)
            raise RuntimeError("boom")
    async with uow_factory() as uow:
        assert await uow.users.get(user.id) is None


async def test_changes_to_loaded_aggregates_are_saved_at_commit(uow_factory) -> None:
    user = new_user()
    async with uow_factory() as uow:
        uow.users.add(user)
        await uow.commit()
    async with uow_factory() as uow:
        loaded = await uow.users.get(user.id, for_update=True)
        assert loaded is not None
        loaded.suspend("spam", NOW)
        await uow.commit()
    async with uow_factory() as uow:
        again = await uow.users.get(user.id)
    assert again is not None and again.status is UserStatus.SUSPENDED
    assert again.suspended_reason == "spam"


async def test_emails_are_unique(uow_factory) -> None:
    email = f"dup{uuid4().hex[:8]}@example.org"
    async with uow_factory() as uow:
        uow.users.add(new_user(email))
        await uow.commit()
    with pytest.raises(EmailTaken):
        async with uow_factory() as uow:
            uow.users.add(new_user(email))
            await uow.commit()


async def test_a_stale_write_is_refused(uow_factory) -> None:
    user = new_user()
    async with uow_factory() as uow:
        uow.users.add(user)
        await uow.commit()
    first, second = uow_factory(), uow_factory()
    async with first as a:
        ua = await a.users.get(user.id)
        async with second as b:
            ub = await b.users.get(user.id)
            assert ua is not None and ub is not None
            ub.update_profile(now=NOW, display_name="Bea")
            await b.commit()
        ua.update_profile(now=NOW, display_name="Cid")
        with pytest.raises(ConcurrentModification):
            await a.commit()
    async with uow_factory() as uow:
        final = await uow.users.get(user.id)
    assert final is not None and final.display_name == "Bea"


async def test_events_are_stored_with_the_change_and_cleared(uow_factory) -> None:
    user = new_user()
    assert user.events
    async with uow_factory() as uow:
        uow.users.add(user)
        await uow.commit()
    assert user.events == []


async def test_sessions_tokens_and_revocation(uow_factory) -> None:
    user = new_user()
    session = AuthSession(id=uuid4(), user_id=user.id, transport=Transport.BEARER,
                          created_at=NOW, expires_at=NOW + timedelta(days=1))
    other = AuthSession(id=uuid4(), user_id=user.id, transport=Transport.COOKIE,
                        created_at=NOW, expires_at=NOW + timedelta(days=1),
                        csrf_token_hash="c" * 64)
    token_hash = uuid4().hex * 2
    async with uow_factory() as uow:
        uow.users.add(user)
        uow.sessions.add(session)
        uow.sessions.add(other)
        uow.sessions.add_token(SessionToken(token_hash=token_hash, session_id=session.id,
                                            kind=TokenKind.REFRESH, created_at=NOW,
                                            expires_at=NOW + timedelta(days=1)))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.sessions.lookup(token_hash, "access") is None
        found = await uow.sessions.lookup(token_hash, "refresh", for_update=True)
        assert found is not None
        assert (found.user.id, found.session.id, found.token.kind) == (
            user.id, session.id, TokenKind.REFRESH)
        found.token.rotated_at = NOW
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.sessions.lookup(token_hash, "refresh")
        assert found is not None and found.token.rotated_at == NOW
        assert await uow.sessions.revoke_all_for_user(user.id, "test", NOW, keep=other.id) == 1
        await uow.commit()
    async with uow_factory() as uow:
        revoked, kept = await uow.sessions.get(session.id), await uow.sessions.get(other.id)
    assert revoked is not None and revoked.revoked_at == NOW and revoked.revoked_reason == "test"
    assert kept is not None and kept.revoked_at is None and kept.csrf_token_hash == "c" * 64


async def test_one_time_tokens_are_invalidated_by_purpose(uow_factory) -> None:
    user = new_user()
    a, b = uuid4().hex * 2, uuid4().hex * 2
    async with uow_factory() as uow:
        uow.users.add(user)
        for h, purpose in ((a, OneTimePurpose.VERIFY_EMAIL), (b, OneTimePurpose.RESET_PASSWORD)):
            uow.one_time_tokens.add(OneTimeToken(token_hash=h, user_id=user.id, purpose=purpose,
                                                 created_at=NOW,
                                                 expires_at=NOW + timedelta(hours=1)))
        await uow.commit()
    async with uow_factory() as uow:
        await uow.one_time_tokens.invalidate(user.id, OneTimePurpose.VERIFY_EMAIL, NOW)
        await uow.commit()
    async with uow_factory() as uow:
        ta, tb = await uow.one_time_tokens.get(a), await uow.one_time_tokens.get(b)
    assert ta is not None and ta.used_at == NOW
    assert tb is not None and tb.used_at is None and tb.purpose is OneTimePurpose.RESET_PASSWORD


async def test_an_email_change_token_keeps_its_new_address(uow_factory) -> None:
    user = new_user()
    h = uuid4().hex * 2
    async with uow_factory() as uow:
        uow.users.add(user)
        uow.one_time_tokens.add(OneTimeToken(token_hash=h, user_id=user.id,
                                             purpose=OneTimePurpose.CHANGE_EMAIL, created_at=NOW,
                                             expires_at=NOW + timedelta(hours=1),
                                             new_email="moved@example.org"))
        await uow.commit()
    async with uow_factory() as uow:
        token = await uow.one_time_tokens.get(h, for_update=True)
        assert token is not None and token.new_email == "moved@example.org"
        assert token.purpose is OneTimePurpose.CHANGE_EMAIL
        token.used_at = NOW
        await uow.commit()
    async with uow_factory() as uow:
        used = await uow.one_time_tokens.get(h)
    assert used is not None and used.used_at == NOW and used.new_email == "moved@example.org"


async def test_user_search_filters_and_pages(uow_factory) -> None:
    tag = uuid4().hex[:8]
    async with uow_factory() as uow:
        for i in range(3):
            u = new_user(f"{tag}-s{i}@example.org")
            u.created_at = NOW + timedelta(seconds=i)
            uow.users.add(u)
        uow.users.add(new_user(f"{tag}-m@example.org", role=Role.MENTOR))
        await uow.commit()
    async with uow_factory() as uow:
        page = await uow.users.list(UserQuery(text=tag.upper(), role=Role.STUDENT),
                                    PageRequest(page=1, page_size=2))
        second = await uow.users.list(UserQuery(text=tag, role=Role.STUDENT),
                                      PageRequest(page=2, page_size=2))
        none = await uow.users.list(UserQuery(text=f"{tag}%_"), PageRequest())
    assert page.total == 3 and [u.email for u in page.items] == [
        f"{tag}-s2@example.org", f"{tag}-s1@example.org"]
    assert [u.email for u in second.items] == [f"{tag}-s0@example.org"]
    assert none.total == 0  # LIKE wildcards in the query are literal


async def test_audit_entries_are_written_with_the_transaction(uow_factory) -> None:
    user = new_user()
    async with uow_factory() as uow:
        uow.users.add(user)
        uow.audit.record(AuditEntry(actor_id=None, action="user.create", target_type="user",
                                    target_id=str(user.id), occurred_at=NOW,
                                    details={"role": "student"}))
        await uow.commit()
    async with uow_factory() as uow:
        uow.audit.record(AuditEntry(actor_id=None, action="lost", target_type="user",
                                    target_id=str(user.id), occurred_at=NOW))
    async with uow_factory() as uow:
        page = await uow.audit.list(PageRequest(), target_id=str(user.id))
    assert [(e.action, e.details) for e in page.items] == [("user.create", {"role": "student"})]


async def test_concurrent_units_of_work_do_not_interfere(uow_factory) -> None:
    users = [new_user() for _ in range(10)]

    async def save(u: User) -> None:
        async with uow_factory() as uow:
            uow.users.add(u)
            await uow.commit()

    await asyncio.gather(*(save(u) for u in users))
    async with uow_factory() as uow:
        loaded = [await uow.users.get(u.id) for u in users]
    assert all(x is not None for x in loaded)


async def test_many_users_load_in_one_call(uow_factory) -> None:
    ann, bob = new_user(), new_user()
    async with uow_factory() as uow:
        uow.users.add(ann)
        uow.users.add(bob)
        await uow.commit()
    missing = uuid4()
    async with uow_factory() as uow:
        found = await uow.users.get_many([ann.id, bob.id, missing, ann.id])
        assert await uow.users.get_many([]) == {}
        # Loaded users are tracked like any other: a change is saved at commit.
        found[bob.id].display_name = "Bob"
        await uow.commit()
    assert set(found) == {ann.id, bob.id}
    assert found[ann.id].email == ann.email
    async with uow_factory() as uow:
        again = await uow.users.get(bob.id)
    assert again is not None and again.display_name == "Bob"


async def created_notifications(uow_factory, notification_id) -> int:
    """How many ``notification.created`` events the outbox holds for the notification."""
    from adapters.memory.unit_of_work import MemoryUnitOfWorkFactory

    if isinstance(uow_factory, MemoryUnitOfWorkFactory):
        return sum(1 for e in uow_factory.store.outbox
                   if e.name == NotificationCreated.name
                   and getattr(e, "notification_id", None) == notification_id)
    from sqlalchemy import func, select

    from adapters.db.tables import outbox

    async with uow_factory() as uow:
        count: int = (await uow.scope.session.execute(
            select(func.count()).select_from(outbox).where(
                outbox.c.name == NotificationCreated.name,
                outbox.c.payload["notification_id"].astext == str(notification_id)))
        ).scalar_one()
    return count


async def test_a_newly_stored_notification_raises_its_fact_once(uow_factory) -> None:
    user = new_user()
    async with uow_factory() as uow:
        uow.users.add(user)
        await uow.commit()
    note = Notification(user_id=user.id, kind="mentor.verified", title="t", body="b",
                        link=None, created_at=NOW)
    for _ in range(2):  # the second time, as a redelivered event would: stored already
        async with uow_factory() as uow:
            uow.notifications.add(note)
            await uow.commit()
    assert await created_notifications(uow_factory, note.id) == 1
