"""ONE behaviour suite for the data export's reader, run against the in-memory fake and
Postgres: each section lists the person's own forum threads, posts, votes, flags and watches,
the chat messages they sent, their sessions and the reviews and replies they wrote, oldest
first and a page at a time, and nothing of anyone else."""

from datetime import timedelta

from edu_core.domain.bookings import SessionStatus
from edu_core.domain.content import ContentItem
from edu_core.domain.forum import ModerationAction, Post, PostStatus
from edu_core.domain.identity import Role, User
from edu_core.domain.pagination import PageRequest
from edu_core.domain.reviews import ReviewStatus
from edu_core.domain.video import Caption, Cue
from edu_core.ports import personal_data as records
from edu_core.ports.personal_data import PersonalDataReader
from tests.contract.test_booking_repository_contract import (
    NOW,
    START,
    Factory,
    hold,
    person,
    store,
)
from tests.contract.test_chat_repository_contract import booked, draft, send, uploaded
from tests.contract.test_content_repository_contract import a_topic, stored
from tests.contract.test_forum_repository_contract import (
    category,
    replied,
    started,
    text,
)
from tests.contract.test_review_repository_contract import reviewed
from tests.contract.test_video_repository_contract import a_video, an_upload

EVERYTHING = PageRequest(1, 100)


def minutes(n: int) -> timedelta:
    return timedelta(minutes=n)


async def changed(uow_factory: Factory, post: Post, *, flagger: User | None = None,
                  at: int = 0, action: ModerationAction | None = None) -> Post:
    """The post flagged by ``flagger`` or decided on by an administrator, stored."""
    async with uow_factory() as uow:
        loaded = await uow.forum.post(post.id)
        assert loaded is not None
        if flagger is not None:
            loaded.flag(flagger.id, f"Flagged by {flagger.display_name}", NOW + minutes(at))
        if action is not None:
            loaded.moderate(action, "Keep it civil", NOW + minutes(at))
        await uow.commit()
    return loaded


async def test_forum_records_are_mine_oldest_first(
        uow_factory: Factory, personal_data: PersonalDataReader) -> None:
    me, other, third = (await person(uow_factory, name="Me"), await person(uow_factory),
                        await person(uow_factory, name="Third"))
    where = await category(uow_factory)
    mine, my_opening = await started(uow_factory, me, title="My thread", words="My question",
                                     in_category=where)
    theirs, their_opening = await started(uow_factory, other, title="Their thread")
    their_reply = await replied(uow_factory, mine, other, minutes=1)
    my_reply = await replied(uow_factory, theirs, me, parent=their_opening, words="Mine too",
                             minutes=2)
    third_reply = await replied(uow_factory, theirs, third, minutes=3)
    async with uow_factory() as uow:
        post = await uow.forum.post(my_reply.id)
        assert post is not None
        post.edit(me.id, text("Mine, edited"), NOW + minutes(4))
        await uow.commit()
    await changed(uow_factory, my_reply, action=ModerationAction.HIDE, at=5)
    async with uow_factory() as uow:
        await uow.forum.vote(their_reply.id, me.id, 1, NOW + minutes(6))
        await uow.forum.vote(their_opening.id, me.id, -1, NOW + minutes(7))
        await uow.forum.vote(third_reply.id, me.id, 1, NOW + minutes(7))
        await uow.forum.vote(my_opening.id, other.id, 1, NOW + minutes(7))
        await uow.commit()
    async with uow_factory() as uow:
        await uow.forum.vote(their_opening.id, me.id, 1, NOW + minutes(8))  # changed
        await uow.forum.vote(third_reply.id, me.id, 0, NOW + minutes(8))  # taken back
        await uow.commit()
    resolved = await changed(uow_factory, third_reply, flagger=me, at=9)
    await changed(uow_factory, third_reply, flagger=other, at=9)
    await changed(uow_factory, third_reply, action=ModerationAction.RESTORE, at=10)
    still_open = await changed(uow_factory, their_reply, flagger=me, at=11)
    async with uow_factory() as uow:
        await uow.forum.set_watching(theirs.id, me.id, True, NOW + minutes(12))
        await uow.forum.set_watching(mine.id, me.id, False, NOW + minutes(13))
        await uow.forum.set_watching(mine.id, other.id, True, NOW + minutes(13))
        await uow.commit()

    read = personal_data
    assert (await read.forum_threads(me.id, EVERYTHING)).items == [records.ThreadRecord(
        id=mine.id, title="My thread", category_id=where.id, category=where.name, topic_id=None,
        item_id=None, status=PostStatus.VISIBLE, created_at=NOW)]
    opening = records.PostRecord(
        id=my_opening.id, thread_id=mine.id, thread_title="My thread", number=1,
        reply_to_post_id=None, reply_to_number=None, markdown="My question",
        status=PostStatus.VISIBLE, moderation_reason=None, created_at=NOW, edited_at=None,
        deleted_at=None)
    answer = records.PostRecord(
        id=my_reply.id, thread_id=theirs.id, thread_title="Their thread", number=2,
        reply_to_post_id=their_opening.id, reply_to_number=None, markdown="Mine, edited",
        status=PostStatus.HIDDEN, moderation_reason="Keep it civil",
        created_at=NOW + minutes(2), edited_at=NOW + minutes(4), deleted_at=None)
    assert (await read.forum_posts(me.id, EVERYTHING)).items == [opening, answer]
    second = await read.forum_posts(me.id, PageRequest(2, 1))
    assert (second.total, second.items) == (2, [answer])
    assert (await read.forum_votes(me.id, EVERYTHING)).items == [
        records.VoteRecord(post_id=their_reply.id, value=1, at=NOW + minutes(6)),
        records.VoteRecord(post_id=their_opening.id, value=1, at=NOW + minutes(8))]
    flagged = "Flagged by Me"
    assert (await read.forum_flags(me.id, EVERYTHING)).items == [
        records.FlagRecord(id=resolved.flags[0].id, post_id=third_reply.id, reason=flagged,
                           at=NOW + minutes(9), state="resolved",
                           resolved_at=NOW + minutes(10)),
        records.FlagRecord(id=still_open.flags[0].id, post_id=their_reply.id, reason=flagged,
                           at=NOW + minutes(11), state="open", resolved_at=None)]
    assert (await read.forum_watches(me.id, EVERYTHING)).items == [
        records.WatchRecord(thread_id=theirs.id, watching=True, at=NOW + minutes(12)),
        records.WatchRecord(thread_id=mine.id, watching=False, at=NOW + minutes(13))]
    # Another person's sections hold theirs only.
    assert [v.post_id for v in (await read.forum_votes(other.id, EVERYTHING)).items] == [
        my_opening.id]
    assert [f.reason for f in (await read.forum_flags(other.id, EVERYTHING)).items] == [
        f"Flagged by {other.display_name}"]
    nobody = await person(uow_factory)
    for section in (read.forum_threads, read.forum_posts, read.forum_votes, read.forum_flags,
                    read.forum_watches):
        empty = await section(nobody.id, EVERYTHING)
        assert (empty.total, empty.items) == (0, [])


async def test_chat_messages_i_sent_with_their_file_names(
        uow_factory: Factory, personal_data: PersonalDataReader) -> None:
    session, student, mentor = await booked(uow_factory)
    files = await uploaded(uow_factory, session, student, 2)
    [theirs] = await uploaded(uow_factory, session, mentor, 1)
    async with uow_factory() as uow:
        mine = await uow.chat.attachments(session.id, [f.id for f in files])
        their_file = await uow.chat.attachments(session.id, [theirs.id])
    first, _ = await send(uow_factory, draft(session, student, "c-mine-001", "$x^2$", mine))
    await send(uow_factory, draft(session, mentor, "c-them-001", "Theirs", their_file))
    last, _ = await send(uow_factory, draft(session, student, "c-mine-002", "Plain"))

    found = await personal_data.chat_messages(student.id, EVERYTHING)
    expected = sorted([
        records.ChatMessageRecord(id=first.id, session_id=session.id, seq=1, body="$x^2$",
                                  created_at=session.starts_at,
                                  attachments=["sheet0.pdf", "sheet1.pdf"]),
        records.ChatMessageRecord(id=last.id, session_id=session.id, seq=3, body="Plain",
                                  created_at=session.starts_at)], key=lambda x: str(x.id))
    assert (found.total, found.items) == (2, expected)
    assert [m.body for m in (await personal_data.chat_messages(mentor.id, EVERYTHING)).items
            ] == ["Theirs"]


async def test_sessions_as_student_and_as_mentor_and_the_reviews_and_replies_i_wrote(
        uow_factory: Factory, personal_data: PersonalDataReader) -> None:
    me = await person(uow_factory, Role.MENTOR)
    student, mentor = await person(uow_factory), await person(uow_factory, Role.MENTOR)
    given = hold(student, me, start=START + timedelta(days=1))
    given.confirm(4000, NOW, payment_ref="pi_given")
    booked_by_me = hold(me, mentor, trial=True)
    await store(uow_factory, given)
    await store(uow_factory, booked_by_me)
    mine = await reviewed(uow_factory, me, mentor, 4, days_ago=4, text="Patient")
    theirs = await reviewed(uow_factory, student, me, 5, days_ago=3, text="Student's words")
    unanswered = await reviewed(uow_factory, student, me, 3, days_ago=5, text="No reply yet")
    async with uow_factory() as uow:
        loaded = await uow.reviews.get(theirs.id)
        assert loaded is not None
        loaded.answer("My reply", NOW - timedelta(hours=2))
        await uow.commit()

    sessions = await personal_data.sessions(me.id, EVERYTHING)
    assert [(s.id, s.role, s.other_party_id) for s in sessions.items] == [
        (unanswered.session_id, "mentor", student.id), (mine.session_id, "student", mentor.id),
        (theirs.session_id, "mentor", student.id), (booked_by_me.id, "student", mentor.id),
        (given.id, "mentor", student.id)]
    assert sessions.items[4] == records.SessionRecord(
        id=given.id, role="mentor", other_party_id=student.id, starts_at=given.starts_at,
        ends_at=given.ends_at, status=given.status, price=4000, currency="EUR", paid=4000,
        refunded=0, trial=False, created_at=NOW)
    assert sessions.items[3].trial and sessions.items[1].status is SessionStatus.COMPLETED
    page = await personal_data.sessions(me.id, PageRequest(3, 2))
    assert (page.total, [s.id for s in page.items]) == (5, [given.id])
    assert [s.role for s in (await personal_data.sessions(student.id, EVERYTHING)).items
            ] == ["student", "student", "student"]

    visible = ReviewStatus.VISIBLE
    assert (await personal_data.reviews(me.id, EVERYTHING)).items == [
        records.ReviewRecord(review_id=mine.id, session_id=mine.session_id,
                             written_as="student", rating=4, text="Patient",
                             at=mine.created_at, status=visible),
        records.ReviewRecord(review_id=theirs.id, session_id=theirs.session_id,
                             written_as="mentor", rating=None, text="My reply",
                             at=NOW - timedelta(hours=2), status=visible)]
    second = await personal_data.reviews(me.id, PageRequest(2, 1))
    assert (second.total, [r.written_as for r in second.items]) == (2, ["mentor"])
    assert [(r.text, r.written_as) for r in
            (await personal_data.reviews(student.id, EVERYTHING)).items] == [
        ("No reply yet", "student"), ("Student's words", "student")]


async def test_my_video_uploads_positions_and_the_captions_of_my_videos(
        uow_factory: Factory, personal_data: PersonalDataReader) -> None:
    me, other = await person(uow_factory, Role.MENTOR), await person(uow_factory)
    upload, theirs = an_upload(me), an_upload(other)
    mine = await a_video(uow_factory, me)
    their_video = await a_video(uow_factory, other)
    topic = await a_topic(uow_factory)
    item = await stored(uow_factory, ContentItem.create(
        topic_id=topic.id, mentor_id=me.id, kind="video", title="Leaves",
        body={"video_id": str(mine.id), "chapters": []}, author_id=me.id, now=NOW))
    track = Caption(video_id=mine.id, language="en", label="English", key="videos/a/b/c",
                    cues=[Cue(0.5, 2.0, "Energy is conserved")], created_at=NOW)
    async with uow_factory() as uow:
        await uow.videos.add_upload(upload)
        await uow.videos.add_upload(theirs)
        await uow.videos.add_caption(track)
        await uow.videos.add_caption(Caption(video_id=their_video.id, language="fr",
                                             label="Français", key="videos/x/y/z", cues=[],
                                             created_at=NOW))
        await uow.videos.set_position(item.id, me.id, 12.5, NOW + minutes(3))
        await uow.videos.set_position(item.id, other.id, 40.0, NOW)
        await uow.commit()

    uploads = await personal_data.video_uploads(me.id, EVERYTHING)
    assert uploads.items == [records.VideoUploadRecord(
        id=upload.id, filename="lesson.mp4", size=upload.size, content_type="video/mp4",
        status="uploading", video_id=None, created_at=NOW, expires_at=upload.expires_at)]
    assert (await personal_data.video_positions(me.id, EVERYTHING)).items == [
        records.VideoPositionRecord(item_id=item.id, seconds=12.5,
                                    updated_at=NOW + minutes(3))]
    assert (await personal_data.video_captions(me.id, EVERYTHING)).items == [
        records.CaptionRecord(id=track.id, video_id=mine.id, language="en", label="English",
                              cues=[{"start": 0.5, "end": 2.0, "text": "Energy is conserved"}],
                              created_at=NOW)]
    assert [c.language for c in (await personal_data.video_captions(other.id, EVERYTHING)
                                 ).items] == ["fr"]
    nobody = await person(uow_factory)
    for section in (personal_data.video_uploads, personal_data.video_positions,
                    personal_data.video_captions):
        empty = await section(nobody.id, EVERYTHING)
        assert (empty.total, empty.items) == (0, [])
