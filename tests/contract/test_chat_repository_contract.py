"""ONE behaviour suite for session chats, run against the in-memory fake and Postgres: rooms
read from their session, messages numbered 1, 2, 3 without gaps, one message per sender and
client id, pages by number, attachments that join one message or are discarded unsent (never
both), receipts that never move back."""

import asyncio
from datetime import timedelta
from uuid import uuid4

import pytest

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


async def refused(uow_factory: Factory, message: ChatMessage) -> None:
    """Storing ``message`` fails: one of its files is not there to take."""
    with pytest.raises(ChatAttachmentNotFound):
        async with uow_factory() as uow:
            await uow.chat.append(message)
            await uow.commit()


async def uploaded(uow_factory: Factory, session: MentoringSession, uploader: User,
                   count: int) -> list[ChatAttachment]:
    files = [ChatAttachment(session_id=session.id, uploader_id=uploader.id,
                            key=f"chat_attachment/ab/{uuid4().hex}", filename=f"sheet{n}.pdf",
                            content_type="application/pdf", size=100 + n,
                            created_at=NOW + timedelta(seconds=n)) for n in range(count)]
    async with uow_factory() as uow:
        for attachment in files:
            uow.chat.add_attachment(attachment)
        await uow.commit()
    return files


async def test_attachments_join_one_message(uow_factory: Factory) -> None:
    session, student, mentor = await booked(uow_factory)
    files = await uploaded(uow_factory, session, student, 2)
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
    await refused(uow_factory, stale)
    async with uow_factory() as uow:
        assert await uow.chat.last_seq(session.id) == 1


async def test_only_unsent_attachments_are_discarded(uow_factory: Factory) -> None:
    session, student, mentor = await booked(uow_factory)
    files = await uploaded(uow_factory, session, student, 4)
    [theirs] = await uploaded(uow_factory, session, mentor, 1)
    async with uow_factory() as uow:
        found = await uow.chat.attachments(session.id, [f.id for f in files])
    by_id = {f.id: f for f in found}
    sent, _ = await send(uow_factory, draft(session, student, "c-sent-001", "",
                                            [by_id[files[0].id]]))
    async with uow_factory() as uow:
        assert await uow.chat.discard_unsent(files[0].id) is None  # a message names it
        assert await uow.chat.discard_unsent(uuid4()) is None
        assert await uow.chat.discard_unsent(files[1].id) == files[1].key
    async with uow_factory() as uow:  # rolled back: still there
        assert len(await uow.chat.attachments(session.id, [files[1].id])) == 1
        assert await uow.chat.discard_unsent(files[1].id) == files[1].key
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.chat.discard_unsent(files[1].id) is None
        assert await uow.chat.attachments(session.id, [files[1].id]) == []
    # The file was read before it went: naming it now fails as for any missing file.
    late = draft(session, student, "c-late-001", "late", [by_id[files[1].id]])
    await refused(uow_factory, late)
    async with uow_factory() as uow:
        assert sorted(await uow.chat.discard_unsent_of(student.id)) == sorted(
            f.key for f in files[2:])
        await uow.commit()
    async with uow_factory() as uow:
        left = await uow.chat.attachments(session.id, [*(f.id for f in files), theirs.id])
        assert sorted((a.id, a.message_id) for a in left) == sorted(
            [(files[0].id, sent.id), (theirs.id, None)])
        assert await uow.chat.discard_unsent_of(student.id) == []


async def test_a_discard_and_a_message_racing_for_a_file_never_both_win(
        uow_factory: Factory) -> None:
    session, student, _ = await booked(uow_factory)
    [file] = await uploaded(uow_factory, session, student, 1)
    async with uow_factory() as uow:
        [found] = await uow.chat.attachments(session.id, [file.id])

    async def discard() -> str | None:
        async with uow_factory() as uow:
            key = await uow.chat.discard_unsent(file.id)
            await uow.commit()
        return key

    async with uow_factory() as uow:
        await uow.chat.append(draft(session, student, "c-race-001", "mine", [found]))
        racing = asyncio.create_task(discard())
        await asyncio.sleep(0.2)  # the database makes the discard wait for the row
        try:
            await uow.commit()
            sent = True
        except ChatAttachmentNotFound:
            sent = False
    try:
        removed = await racing
    except ConcurrentModification:  # the fake refuses what the database would queue
        removed = None
    async with uow_factory() as uow:
        left = await uow.chat.attachments(session.id, [file.id])
        messages = await uow.chat.messages(session.id, limit=5)
    if sent:
        assert removed is None and [a.message_id for a in left] == [messages[0].id]
    else:
        assert removed == file.key and left == [] and messages == []


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
