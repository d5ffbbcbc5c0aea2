"""The forum, chat, sessions and reviews in the data export and in erasure, and the clean-up of
chat attachments never sent, on the in-memory fakes."""

import json
from datetime import timedelta
from typing import Any

import pytest

from adapters.cli.demo_reviews import past_session
from adapters.content.html_sanitizer import Nh3HtmlSanitizer
from adapters.content.markdown import MarkdownItRenderer
from adapters.memory.fakes import FakePasswordHasher
from adapters.memory.personal_data import MemoryPersonalDataReader
from adapters.messaging.live import MemoryLiveBroker
from adapters.storage.pillow_images import PillowImageEncoder, PillowImageInspector
from edu_core.application.account import AccountErasureHandlers
from edu_core.application.actors import Actor, Principal
from edu_core.application.annotation_shares import AnnotationSharing
from edu_core.application.chat import ChatService, ChatTimers
from edu_core.application.data_export import DataExport
from edu_core.application.identity import AuthConfig, IdentityService
from edu_core.application.user_admin import UserAdminService
from edu_core.domain.bookings import CancellationPolicy, MentoringSession
from edu_core.domain.chat import ChatAttachmentNotFound, attachment_expiry_key
from edu_core.domain.identity import PasswordPolicy
from edu_core.domain.reviews import Review
from edu_core.domain.schedules import ScheduleStatus
from tests.unit.conftest import FakeRateLimiter
from tests.unit.test_content_images import MemoryBlobs, chunks
from tests.unit.test_forum_service import NOW
from tests.unit.test_forum_service import World as ForumWorld

PDF = b"%PDF-1.4\n%...\n"


class World(ForumWorld):
    """The forum's world with a chat, its clean-up, the erasure handlers and the export."""

    def __init__(self) -> None:
        super().__init__()
        self.blobs = MemoryBlobs()
        self.chat = ChatService(
            uow=self.uow, clock=self.clock, renderer=MarkdownItRenderer(Nh3HtmlSanitizer()),
            storage=self.blobs, images=PillowImageInspector(), encoder=PillowImageEncoder(),
            live=MemoryLiveBroker(), limiter=FakeRateLimiter(self.clock),
            sharing=AnnotationSharing(storage=self.blobs, clock=self.clock))
        self.dispatcher.registry.add(ChatTimers(self.chat))
        self.dispatcher.registry.add(AccountErasureHandlers(uow=self.uow, storage=self.blobs))
        self.export = DataExport(uow=self.uow, clock=self.clock,
                                 reader=MemoryPersonalDataReader(self.uow.store))

    def session(self, student: Principal, mentor: Principal) -> MentoringSession:
        """A paid session starting in ten minutes: its chat is open."""
        session = MentoringSession.hold(
            student_id=student.user_id, mentor_id=mentor.user_id,
            starts_at=NOW + timedelta(minutes=10), minutes=60, price=5000, currency="EUR",
            cancellation=CancellationPolicy(), hold_for=timedelta(minutes=10),
            now=NOW - timedelta(days=1))
        session.confirm(5000, NOW - timedelta(days=1))
        self.uow.store.bookings.sessions[session.id] = session
        return session

    async def upload(self, who: Principal, session: MentoringSession, name: str) -> Any:
        view = await self.chat.upload(who, session.id, chunks(PDF), filename=name,
                                      content_type="application/pdf")
        return view.attachment

    async def delete_account(self, who: Principal) -> None:
        identity = IdentityService(uow=self.uow, hasher=FakePasswordHasher(),
                                   clock=self.clock, policy=PasswordPolicy(),
                                   limiter=FakeRateLimiter(self.clock), config=AuthConfig())
        admin = UserAdminService(uow=self.uow, clock=self.clock, identity=identity)
        await admin.delete(Actor(None), who.user_id)
        await self.deliver()

    async def exported(self, who: Principal) -> dict[str, Any]:
        document: dict[str, Any] = {}
        async for part in self.export.parts(who):
            if part.many:
                document.setdefault(part.section, []).extend(part.value)
            else:
                document[part.section] = part.value
        return document


async def test_the_export_lists_my_forum_chat_sessions_and_reviews_and_nothing_of_others(
        ) -> None:
    world = World()
    me = world.user(name="Sam Taylor")
    mentor, stranger = world.mentor, world.user(name="Noor Haddad")
    started = (await world.forum.start_thread(me, title="Units of energy", body="Joules?",
                                              topic="energy")).thread.thread
    answer = await world.forum.reply(mentor, started.id, "Mentor words: joules.")
    mine = await world.forum.reply(me, started.id, "Thanks $E=mc^2$", parent_id=answer.post.id)
    theirs = (await world.forum.start_thread(stranger, title="Momentum", body="p = mv",
                                             topic="energy")).thread.thread
    stranger_post = await world.forum.reply(stranger, theirs.id, "Stranger words")
    await world.forum.vote(me, answer.post.id, 1)
    await world.forum.vote(mentor, mine.post.id, -1)  # a vote on my post is the mentor's
    await world.forum.flag(me, stranger_post.post.id, "Off topic")
    await world.forum.flag(mentor, stranger_post.post.id, "Spam")
    await world.forum.watch(me, theirs.id, False)
    await world.forum.delete(me, mine.post.id)

    session = world.session(me, mentor)
    sheet = await world.upload(me, session, "sheet.pdf")
    await world.upload(me, session, "never-sent.pdf")
    world.clock.advance(minutes=5)
    await world.chat.send(me, session.id, client_id="mine-0001", body="Hello $x$",
                          attachment_ids=[sheet.id])
    await world.chat.send(mentor, session.id, client_id="them-0001", body="Mentor reply")
    held = past_session(student_id=me.user_id, mentor_id=mentor.user_id,
                        starts_at=NOW - timedelta(days=3), minutes=60, price=4000,
                        currency="EUR")
    world.uow.store.bookings.sessions[held.id] = held
    review = Review.post(held, rating=5, text="Clear and kind", now=NOW - timedelta(days=2))
    review.answer("Mentor says thank you", NOW - timedelta(days=1))
    world.uow.store.reviews.reviews[review.id] = review

    document = await world.exported(me)

    assert [(t["id"], t["title"], t["category"], t["topic_id"], t["status"])
            for t in document["forum_threads"]] == [
        (str(started.id), "Units of energy", "Physics", str(world.topic.id), "visible")]
    opening = next(p for p in document["forum_posts"] if p["number"] == 1)
    assert (opening["thread_title"], opening["markdown"]) == ("Units of energy", "Joules?")
    reply = next(p for p in document["forum_posts"] if p["id"] == str(mine.post.id))
    assert (reply["reply_to_post_id"], reply["reply_to_number"], reply["markdown"],
            reply["status"]) == (str(answer.post.id), 2, "Thanks $E=mc^2$", "deleted")
    assert reply["deleted_at"] is not None and len(document["forum_posts"]) == 2
    assert [(v["post_id"], v["value"]) for v in document["forum_votes"]] == [
        (str(answer.post.id), 1)]
    assert [(f["post_id"], f["reason"], f["state"]) for f in document["forum_flags"]] == [
        (str(stranger_post.post.id), "Off topic", "open")]
    assert {(x["thread_id"], x["watching"]) for x in document["forum_watches"]} == {
        (str(theirs.id), False)}

    [message] = document["chat_messages"]
    assert (message["session_id"], message["seq"], message["body"],
            message["attachments"]) == (str(session.id), 1, "Hello $x$", ["sheet.pdf"])
    assert [(s["id"], s["role"], s["other_party_id"], s["status"]) for s in
            document["sessions"]] == [
        (str(held.id), "student", str(mentor.user_id), "completed"),
        (str(session.id), "student", str(mentor.user_id), "confirmed")]
    assert [(r["written_as"], r["rating"], r["text"]) for r in document["reviews"]] == [
        ("student", 5, "Clear and kind")]

    text = json.dumps(document)
    for others in ("Mentor words", "Mentor reply", "Mentor says", "Stranger words", "Spam",
                   "Amara Okafor", "Noor Haddad", "never-sent.pdf"):
        assert others not in text, others

    theirs_exported = await world.exported(mentor)
    assert [(r["written_as"], r["rating"], r["text"]) for r in theirs_exported["reviews"]] == [
        ("mentor", None, "Mentor says thank you")]
    assert [s["role"] for s in theirs_exported["sessions"]] == ["mentor", "mentor"]
    assert [m["body"] for m in theirs_exported["chat_messages"]] == ["Mentor reply"]
    assert "Hello $x$" not in json.dumps(theirs_exported)


async def test_an_attachment_never_sent_is_removed_a_day_after_its_upload() -> None:
    world = World()
    student, mentor = world.user(), world.mentor
    session = world.session(student, mentor)
    sent = await world.upload(student, session, "sent.pdf")
    unsent = await world.upload(student, session, "unsent.pdf")
    await world.chat.send(student, session.id, client_id="send-0001", body="",
                          attachment_ids=[sent.id])
    schedule = world.uow.store.schedules[attachment_expiry_key(unsent.id)]
    assert schedule.due_at == NOW + timedelta(hours=24)

    world.clock.advance(hours=23, minutes=59)
    await world.deliver()
    assert set(world.uow.store.chat.attachments) == {sent.id, unsent.id}

    world.clock.advance(minutes=2)
    await world.deliver()
    assert set(world.uow.store.chat.attachments) == {sent.id}
    assert list(world.blobs.blobs) == [sent.key]
    assert world.uow.store.schedules[attachment_expiry_key(sent.id)].status is \
        ScheduleStatus.FIRED  # and found the file sent: nothing to do
    assert world.dispatcher.failed == []
    # Naming it now fails like any file that is not there; a second delivery does nothing.
    with pytest.raises(ChatAttachmentNotFound):
        await world.chat.send(student, session.id, client_id="send-0002", body="late",
                              attachment_ids=[unsent.id])
    assert await world.chat.expire_attachment(unsent.id) is False
    [message] = (await world.chat.history(mentor, session.id)).messages
    assert [a.attachment.filename for a in message.attachments] == ["sent.pdf"]


async def test_erasing_an_account_removes_its_watches_and_unsent_files_but_keeps_its_words(
        ) -> None:
    world = World()
    me, other = world.user(), world.user()
    mentor = world.mentor
    first = (await world.forum.start_thread(other, title="Vectors", body="Why arrows?",
                                            topic="energy")).thread.thread
    second = (await world.forum.start_thread(other, title="Scalars", body="And these?",
                                             topic="energy")).thread.thread
    post = await world.forum.reply(me, first.id, "Arrows have a direction.")
    await world.forum.watch(me, second.id, True)
    await world.forum.watch(me, first.id, False)
    await world.forum.watch(mentor, second.id, True)
    session = world.session(me, mentor)
    sent = await world.upload(me, session, "sent.pdf")
    unsent = [await world.upload(me, session, f"draft{n}.pdf") for n in range(2)]
    theirs = await world.upload(mentor, session, "mentor.pdf")
    await world.chat.send(me, session.id, client_id="bye-00001", body="Bye",
                          attachment_ids=[sent.id])

    await world.delete_account(me)

    forum = world.uow.store.forum
    assert [k for k in forum.watches if k[1] == me.user_id] == []
    assert forum.watches[(second.id, mentor.user_id)] is True
    assert forum.posts[post.post.id].body.markdown == "Arrows have a direction."
    assert set(world.uow.store.chat.attachments) == {sent.id, theirs.id}
    assert set(world.blobs.blobs) == {sent.key, theirs.key}
    assert all(u.key not in world.blobs.blobs for u in unsent)
    [message] = world.uow.store.chat.messages[session.id]
    assert (message.sender_id, message.body) == (me.user_id, "Bye")
    assert world.dispatcher.failed == []
