"""ONE behaviour suite for the video repository, run against the in-memory fake and Postgres:
uploads and videos round-trip with every field, changes are visible only once committed, a
mentor's list pages newest first, captions keep their cues, positions are per item and reader,
and the transcript lookups (items showing a video, the first cue matching words) agree."""

import uuid
from datetime import timedelta

from edu_core.domain.content import ContentItem
from edu_core.domain.identity import Role, User
from edu_core.domain.pagination import PageRequest
from edu_core.domain.video import (
    Caption,
    Cue,
    ProcessedVideo,
    ThumbnailSprite,
    UploadStatus,
    Video,
    VideoCaptionsChanged,
    VideoStatus,
    VideoUpload,
    VideoUploaded,
)
from tests.contract.test_booking_repository_contract import NOW, Factory, person
from tests.contract.test_content_repository_contract import a_topic, stored


def an_upload(owner: User) -> VideoUpload:
    return VideoUpload(owner_id=owner.id, filename="lesson.mp4", size=20 * 1024 * 1024 + 7,
                       content_type="video/mp4", storage_key=f"videos/{owner.id}/x/source",
                       storage_upload_id="upload-1", created_at=NOW,
                       expires_at=NOW + timedelta(days=1))


async def a_video(uow_factory: Factory, owner: User, at: timedelta = timedelta()) -> Video:
    video = Video(owner_id=owner.id, filename="lesson.mp4", source_key="videos/a/b/source",
                  created_at=NOW + at, updated_at=NOW + at)
    async with uow_factory() as uow:
        await uow.videos.add_video(video)
        await uow.commit()
    return video


async def test_uploads_round_trip_and_change_only_when_committed(uow_factory: Factory) -> None:
    owner = await person(uow_factory, Role.MENTOR)
    upload = an_upload(owner)
    async with uow_factory() as uow:
        await uow.videos.add_upload(upload)
        # Not committed: gone with the unit of work.
    async with uow_factory() as uow:
        assert await uow.videos.upload(upload.id) is None
        await uow.videos.add_upload(upload)
        await uow.commit()
    video = await a_video(uow_factory, owner)
    async with uow_factory() as uow:
        loaded = await uow.videos.upload(upload.id, for_update=True)
        assert loaded == upload
        assert loaded is not None and loaded.part_count == 3
        loaded.complete(video.id)
        await uow.videos.save_upload(loaded)
        await uow.commit()
    async with uow_factory() as uow:
        again = await uow.videos.upload(upload.id)
    assert again is not None
    assert (again.status, again.video_id) == (UploadStatus.COMPLETED, video.id)


async def test_videos_round_trip_page_newest_first_and_raise_their_events(
        uow_factory: Factory) -> None:
    owner, other = await person(uow_factory, Role.MENTOR), await person(uow_factory, Role.MENTOR)
    first = await a_video(uow_factory, owner)
    second = await a_video(uow_factory, owner, timedelta(minutes=1))
    await a_video(uow_factory, other)
    sprite = ThumbnailSprite(key="videos/a/b/sprite", columns=10, rows=2, interval_seconds=2.0,
                             tile_width=160, tile_height=90, count=15)
    async with uow_factory() as uow:
        loaded = await uow.videos.video(first.id, for_update=True)
        assert loaded is not None
        loaded.report_progress(0.5, NOW)
        loaded.finish(ProcessedVideo(video_key="videos/a/b/video", poster_key="videos/a/b/p",
                                     sprite=sprite, duration_seconds=29.5, width=1280,
                                     height=720), NOW)
        await uow.videos.save_video(loaded)
        await uow.commit()
    async with uow_factory() as uow:
        ready = await uow.videos.video(first.id)
        page = await uow.videos.videos_of(owner.id, PageRequest(1, 1))
    assert ready is not None
    assert (ready.status, ready.progress, ready.sprite, ready.duration_seconds) == (
        VideoStatus.READY, 1.0, sprite, 29.5)
    assert ([v.id for v in page.items], page.total) == ([second.id], 2)

    broken = await a_video(uow_factory, owner)
    async with uow_factory() as uow:
        found = await uow.videos.video(broken.id)
        assert found is not None
        found.fail("video_unreadable", "Cut off.", NOW)
        await uow.videos.save_video(found)
        await uow.commit()
    async with uow_factory() as uow:
        failed = await uow.videos.video(broken.id)
    assert failed is not None
    assert (failed.status, failed.failure_code, failed.failure_message) == (
        VideoStatus.FAILED, "video_unreadable", "Cut off.")
    assert [type(e) for e in Video.from_upload(an_upload(owner), NOW).events] == [VideoUploaded]


async def test_captions_positions_and_transcript_lookups(uow_factory: Factory) -> None:
    owner, reader = await person(uow_factory, Role.MENTOR), await person(uow_factory)
    video = await a_video(uow_factory, owner)
    caption = Caption(video_id=video.id, language="en", label="English", key="videos/a/b/c",
                      cues=[Cue(0.5, 2.0, "Energy is conserved"),
                            Cue(61.25, 63.0, "Photosynthesis makes sugar")],
                      created_at=NOW)
    topic = await a_topic(uow_factory)
    item = await stored(uow_factory, ContentItem.create(
        topic_id=topic.id, mentor_id=owner.id, kind="video", title="Leaves",
        body={"video_id": str(video.id), "chapters": []}, author_id=owner.id, now=NOW))
    async with uow_factory() as uow:
        await uow.videos.add_caption(caption)
        video.captions_changed(NOW)
        assert [type(e) for e in video.events] == [VideoCaptionsChanged]
        await uow.videos.set_position(item.id, reader.id, 12.5, NOW)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.videos.captions(video.id) == [caption]
        assert await uow.videos.items_showing(video.id) == [item.id]
        assert await uow.videos.items_showing(uuid.uuid4()) == []
        assert await uow.videos.first_cue(video.id, "photosynthesis") == 61.25
        assert await uow.videos.first_cue(video.id, "energy conserved") == 0.5
        assert await uow.videos.first_cue(video.id, "gravity") is None
        assert await uow.videos.position(item.id, reader.id) == 12.5
        assert await uow.videos.position(item.id, owner.id) is None
        await uow.videos.set_position(item.id, reader.id, 20.0, NOW)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.videos.position(item.id, reader.id) == 20.0
        assert await uow.videos.remove_caption(video.id, uuid.uuid4()) is None
        assert await uow.videos.remove_caption(video.id, caption.id) == caption
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.videos.captions(video.id) == []
        await uow.videos.set_position(item.id, owner.id, 3.0, NOW)
        await uow.videos.forget_positions(reader.id)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.videos.position(item.id, reader.id) is None
        assert await uow.videos.position(item.id, owner.id) == 3.0


async def test_a_persons_open_uploads(uow_factory: Factory) -> None:
    owner, other = await person(uow_factory, Role.MENTOR), await person(uow_factory, Role.MENTOR)
    open_one, done, others = an_upload(owner), an_upload(owner), an_upload(other)
    done.abort()
    async with uow_factory() as uow:
        for upload in (open_one, done, others):
            await uow.videos.add_upload(upload)
        await uow.commit()
    async with uow_factory() as uow:
        assert [u.id for u in await uow.videos.open_uploads_of(owner.id)] == [open_one.id]


async def test_videos_no_lesson_names_are_found_and_deleted_with_their_captions(
        uow_factory: Factory) -> None:
    owner, other = await person(uow_factory, Role.MENTOR), await person(uow_factory, Role.MENTOR)
    shown, unused = await a_video(uow_factory, owner), await a_video(uow_factory, owner)
    theirs = await a_video(uow_factory, other)
    topic = await a_topic(uow_factory)
    await stored(uow_factory, ContentItem.create(
        topic_id=topic.id, mentor_id=owner.id, kind="video", title="Shown",
        body={"video_id": str(shown.id), "chapters": []}, author_id=owner.id, now=NOW))
    track = Caption(video_id=unused.id, language="en", label="English", key="videos/a/b/u",
                    cues=[Cue(0.0, 1.0, "Hello")], created_at=NOW)
    async with uow_factory() as uow:
        await uow.videos.add_caption(track)
        await uow.commit()
    async with uow_factory() as uow:
        assert [x.id for x in await uow.videos.unused_videos_of(owner.id)] == [unused.id]
        await uow.videos.delete_videos([unused.id])
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.videos.video(unused.id) is None
        assert await uow.videos.captions(unused.id) == []
        assert await uow.videos.video(shown.id) is not None
        assert await uow.videos.video(theirs.id) is not None
        assert await uow.videos.unused_videos_of(owner.id) == []
