"""ONE behaviour suite for session chats, run against the in-memory fake and Postgres: rooms
read from their session, messages numbered 1, 2, 3 without gaps, one message per sender and
client id, pages by number, attachments that join one message, receipts that never move
back."""

import asyncio
from datetime import timedelta

from edu_core.domain.bookings import MentoringSession, SessionStatus
from edu_core.domain.chat import (
    ChatAttachment,
    ChatAttachmentNotFound,
    ChatMessage,
    ChatRoom,
    ReadReceipt,
)
from edu_core.domain.errors import ConcurrentModification
from edu_core.domain.identity import Role, User
from tests.contract.test_booking_repository_contract import NOW, Factory, hold, person, store


async def booked(uow_factory: Factory) -> tuple[MentoringSession, User, User]:
    student, mentor = await person(uow_factory), await person(uow_factory, Role.MENTOR)
    session = hold(student, mentor)
    session.confirm(4000, NOW)
    await store(uow_factory, session)
    return session, student, mentor


def draft(session: MentoringSession, sender: User, client_id: str, body: str = "hi",
          attachments: list[ChatAttachment] | None = None) -> ChatMessage:
    room = ChatRoom.of(session)
    return ChatMessage.compose(room, sender_id=sender.id, client_id=client_id, body=body,
                               html=f"<p>{body}</p>", attachments=attachments or [],
                               now=session.starts_at)


async def send(uow_factory: Factory, message: ChatMessage) -> tuple[ChatMessage, bool]:
    async with uow_factory() as uow:
        stored, created = await uow.chat.append(message)
        await uow.commit()
    return stored, created


async def test_a_room_is_read_from_its_session(uow_factory: Factory) -> None:
    session, student, mentor = await booked(uow_factory)
    async with uow_factory() as uow:
        room = await uow.chat.room(session.id)
        assert await uow.chat.room(student.id) is None
        assert await uow.chat.last_seq(session.id) == 0
        assert await uow.chat.messages(session.id, limit=10) == []
    assert room == ChatRoom(session_id=session.id, student_id=student.id, mentor_id=mentor.id,
                            starts_at=session.starts_at, ends_at=session.ends_at,
                            status=SessionStatus.CONFIRMED)


async def test_messages_are_numbered_in_order_and_a_client_id_stores_one_message(
        uow_factory: Factory) -> None:
    session, student, mentor = await booked(uow_factory)
    first, created = await send(uow_factory, draft(session, student, "c-000001", "$x^2$"))
    assert (first.seq, created) == (1, True)
    second, _ = await send(uow_factory, draft(session, mentor, "c-000001", "yes"))
    assert second.seq == 2  # the same client id from another sender is another message
    again, created = await send(uow_factory, draft(session, student, "c-000001", "changed"))
    assert (again.id, again.seq, again.body, created) == (first.id, 1, "$x^2$", False)
    async with uow_factory() as uow:
        assert await uow.chat.last_seq(session.id) == 2
        found = await uow.chat.by_client_id(session.id, student.id, "c-000001")
        assert found is not None and (found.id, found.html) == (first.id, "<p>$x^2$</p>")
        assert await uow.chat.by_client_id(session.id, student.id, "c-000002") is None
    third, _ = await send(uow_factory, draft(session, student, "c-000002"))
    assert third.seq == 3  # the retry took no number


async def test_nothing_is_stored_without_a_commit(uow_factory: Factory) -> None:
    session, student, _ = await booked(uow_factory)
    async with uow_factory() as uow:
        await uow.chat.append(draft(session, student, "c-rolled-back"))
    stored, _ = await send(uow_factory, draft(session, student, "c-kept-000"))
    assert stored.seq == 1
    async with uow_factory() as uow:
        assert [m.client_id for m in await uow.chat.messages(session.id, limit=5)] == [
            "c-kept-000"]


async def test_pages_by_number_after_before_and_latest(uow_factory: Factory) -> None:
    session, student, _ = await booked(uow_factory)
    for n in range(1, 8):
        await send(uow_factory, draft(session, student, f"c-{n:06d}", f"m{n}"))
    async with uow_factory() as uow:
        def seqs(found: list[ChatMessage]) -> list[int]:
            return [m.seq for m in found]

        assert seqs(await uow.chat.messages(session.id, limit=3)) == [5, 6, 7]
        assert seqs(await uow.chat.messages(session.id, after=2, limit=3)) == [3, 4, 5]
        assert seqs(await uow.chat.messages(session.id, after=0, limit=100)) == list(
            range(1, 8))
        assert seqs(await uow.chat.messages(session.id, after=7, limit=3)) == []
        assert seqs(await uow.chat.messages(session.id, before=5, limit=3)) == [2, 3, 4]
        assert seqs(await uow.chat.messages(session.id, before=2, limit=3)) == [1]
        latest = (await uow.chat.messages(session.id, limit=1))[0]
        assert (latest.body, latest.sender_id) == ("m7", student.id)


async def test_concurrent_senders_in_one_room_take_every_number_once(
        uow_factory: Factory) -> None:
    session, student, mentor = await booked(uow_factory)

    async def attempt(n: int) -> ChatMessage | None:
        who = student if n % 2 else mentor
        try:
            stored, _ = await send(uow_factory, draft(session, who, f"c-{n:06d}"))
        except ConcurrentModification:  # the fake refuses what the database would queue
            return None
        return stored

    results = await asyncio.gather(*(attempt(n) for n in range(12)))
    stored = [m for m in results if m is not None]
    async with uow_factory() as uow:
        found = await uow.chat.messages(session.id, after=0, limit=50)
    assert [m.seq for m in found] == list(range(1, len(stored) + 1))
    assert sorted(m.id for m in found) == sorted(m.id for m in stored)


async def test_attachments_join_one_message(uow_factory: Factory) -> None:
    session, student, mentor = await booked(uow_factory)
    files = [ChatAttachment(session_id=session.id, uploader_id=student.id,
                            key=f"chat_attachment/ab/{n}", filename=f"sheet{n}.pdf",
                            content_type="application/pdf", size=100 + n,
                            created_at=NOW + timedelta(seconds=n)) for n in range(2)]
    async with uow_factory() as uow:
        for attachment in files:
            uow.chat.add_attachment(attachment)
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.chat.attachments(session.id, [f.id for f in files])
        assert sorted(a.filename for a in found) == ["sheet0.pdf", "sheet1.pdf"]
        assert all(a.message_id is None for a in found)
        assert await uow.chat.attachments(mentor.id, [f.id for f in files]) == []
    message, _ = await send(uow_factory, draft(session, student, "c-files-01", "", found))
    async with uow_factory() as uow:
        [loaded] = await uow.chat.messages(session.id, limit=5)
        assert [(a.filename, a.size, a.message_id) for a in loaded.attachments] == [
            ("sheet0.pdf", 100, message.id), ("sheet1.pdf", 101, message.id)]
        [again] = await uow.chat.attachments(session.id, [files[0].id])
    # Read before the first message took it: a second message cannot take it too.
    stale = draft(session, student, "c-files-02", "again", [])
    stale.attachments = [ChatAttachment(**{**vars(again), "message_id": stale.id})]
    async with uow_factory() as uow:
        try:
            await uow.chat.append(stale)
            await uow.commit()
            raise AssertionError("an attachment joined two messages")
        except ChatAttachmentNotFound:
            pass
    async with uow_factory() as uow:
        assert await uow.chat.last_seq(session.id) == 1


async def test_read_receipts_only_move_forward(uow_factory: Factory) -> None:
    session, student, mentor = await booked(uow_factory)

    async def mark(user: User, seq: int, minutes: int) -> tuple[ReadReceipt, bool]:
        async with uow_factory() as uow:
            result = await uow.chat.mark_read(ReadReceipt(
                session_id=session.id, user_id=user.id, last_read_seq=seq,
                read_at=NOW + timedelta(minutes=minutes)))
            await uow.commit()
        return result

    assert (await mark(student, 3, 1))[1] is True
    receipt, moved = await mark(student, 2, 2)
    assert (receipt.last_read_seq, receipt.read_at, moved) == (3, NOW + timedelta(minutes=1),
                                                               False)
    assert (await mark(student, 3, 3))[1] is False
    assert (await mark(student, 5, 4))[1] is True
    await mark(mentor, 1, 5)
    async with uow_factory() as uow:
        found = {r.user_id: r.last_read_seq for r in await uow.chat.receipts(session.id)}
    assert found == {student.id: 5, mentor.id: 1}
