"""Video lessons (S17): resumable uploads, processing in the worker, captions, and playback.

Uploads go to storage in parts. On S3 the client PUTs each part to a presigned link, so the
bytes never pass through the API; on the local disk the link is the API's own part route, which
streams the body to a part file. Either way the parts the store holds are the truth a client
resumes from (``upload`` lists them). Completing joins the parts, checks the file by its content
(sniffed, then opened by the probe: a container with a picture, whole), and makes a ``Video``
whose ``VideoUploaded`` event queues the processing job in the same commit; a refused file is
deleted and the upload aborted, so nothing is kept.

Processing (``process``, a background job) downloads the source, transcodes it, stores the
outputs and marks the video ``ready``; a file that cannot be processed, a time limit hit or the
last retry spent marks it ``failed`` with a reason, so no video stays ``processing`` forever.
"""

import asyncio
import contextlib
import logging
import math
import shutil
import tempfile
import time
from collections.abc import AsyncIterable, AsyncIterator, Callable, Collection, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from edu_core.application.actors import Principal
from edu_core.application.content import ContentService
from edu_core.application.content_images import in_pieces
from edu_core.application.messagebus import Subscription, on
from edu_core.domain.content import ContentKindName, ContentNotFound
from edu_core.domain.content.model import InvalidContent, content_error
from edu_core.domain.content.video import chapters_of
from edu_core.domain.errors import InvalidInput, PermissionDenied
from edu_core.domain.files import BlobNotFound
from edu_core.domain.identity import Role, UserDeleted
from edu_core.domain.pagination import Page, PageRequest
from edu_core.domain.schedules import Schedule
from edu_core.domain.video import (
    MAX_CAPTION_BYTES,
    MAX_CAPTIONS,
    UPLOAD_LIFETIME,
    Caption,
    CaptionNotFound,
    InvalidCaptions,
    InvalidChapters,
    ProcessedVideo,
    ThumbnailSprite,
    UploadedPart,
    UploadStatus,
    Video,
    VideoCaptionsChanged,
    VideoNotFound,
    VideoNotReady,
    VideoStatus,
    VideoUnreadable,
    VideoUpload,
    VideoUploadClosed,
    VideoUploaded,
    VideoUploadExpired,
    VideoUploadNotFound,
    check_caption_meta,
    check_chapters,
    check_upload_request,
    new_video_key,
    sniff_video,
    upload_expiry_key,
)
from edu_core.ports.clock import Clock
from edu_core.ports.jobs import Job, JobContext, JobQueue
from edu_core.ports.storage import MultipartStorage, StoredPart
from edu_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from edu_core.ports.video import CaptionParser, VideoMediaError, VideoProbe, VideoTranscoder

log = logging.getLogger(__name__)

PROCESS_JOB = "video.process"
# Links in responses: long enough to watch a long lesson without reloading the page.
LINK_LIFETIME = timedelta(hours=6)
PART_LINK_LIFETIME = timedelta(hours=1)
# A clean-up found late (everything was down) is still worth doing.
EXPIRY_GRACE = timedelta(days=3650)
# Progress is written at most this often, and only when it moved by this much.
PROGRESS_EVERY_SECONDS = 2.0
PROGRESS_STEP = 0.02
_DOWNLOAD_CHUNK = 1024 * 1024


class VideoNotFoundInBody(InvalidContent):
    code = "unknown_video"
    default_message = "The body names no video of the author's."


class InvalidPosition(InvalidInput):
    code = "invalid_position"
    default_message = "A position is a number of seconds from 0."


class NotAMentor(PermissionDenied):
    default_message = "Only mentors upload videos."


@dataclass(frozen=True, slots=True)
class ProcessVideo:
    """The processing job's argument."""

    video_id: UUID


@dataclass(frozen=True)
class UploadView:
    upload: VideoUpload
    parts: list[UploadedPart]


@dataclass(frozen=True)
class PartTargetView:
    url: str
    method: str
    headers: dict[str, str]
    expires_at: datetime


@dataclass(frozen=True)
class CaptionView:
    caption: Caption
    url: str


@dataclass(frozen=True)
class SpriteView:
    sprite: ThumbnailSprite
    url: str


@dataclass(frozen=True)
class VideoView:
    video: Video
    video_url: str | None
    poster_url: str | None
    thumbnails: SpriteView | None
    captions: list[CaptionView]


def _part(part: StoredPart) -> UploadedPart:
    return UploadedPart(number=part.number, size=part.size, etag=part.etag)


class VideoService:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock, storage: MultipartStorage,
                 probe: VideoProbe, captions: CaptionParser,
                 part_route: str = "/api/v1/videos/uploads") -> None:
        self._uow = uow
        self._clock = clock
        self._storage = storage
        self._probe = probe
        self._captions = captions
        self._part_route = part_route.rstrip("/")

    # ---- uploads ----------------------------------------------------------------------------

    async def start_upload(self, principal: Principal, *, filename: str, size: int,
                           content_type: str) -> UploadView:
        if principal.role is not Role.MENTOR:
            raise NotAMentor()
        declared = check_upload_request(filename, size, content_type)
        now = self._clock.now()
        key = new_video_key(principal.user_id, "source")
        storage_upload_id = await self._storage.create_multipart(key, content_type=declared)
        upload = VideoUpload(owner_id=principal.user_id, filename=filename.strip(), size=size,
                             content_type=declared, storage_key=key,
                             storage_upload_id=storage_upload_id, created_at=now,
                             expires_at=now + UPLOAD_LIFETIME)
        try:
            async with self._uow() as uow:
                await uow.videos.add_upload(upload)
                await uow.schedules.put(Schedule(
                    key=upload_expiry_key(upload.id), due_at=upload.expires_at,
                    grace=EXPIRY_GRACE,
                    event=VideoUploadExpired(occurred_at=now, upload_id=upload.id)))
                await uow.commit()
        except BaseException:
            await self._storage.abort_multipart(key, storage_upload_id)
            raise
        return UploadView(upload=upload, parts=[])

    async def _own_upload(self, uow: UnitOfWork, principal: Principal, upload_id: UUID, *,
                          for_update: bool = False) -> VideoUpload:
        upload = await uow.videos.upload(upload_id, for_update=for_update)
        # Another mentor's upload answers like a missing one: ids cannot be probed.
        if upload is None or upload.owner_id != principal.user_id:
            raise VideoUploadNotFound()
        return upload

    async def _stored_parts(self, upload: VideoUpload) -> list[UploadedPart]:
        if upload.status is not UploadStatus.UPLOADING:
            return []
        try:
            parts = await self._storage.list_parts(upload.storage_key, upload.storage_upload_id)
        except BlobNotFound:
            return []
        return [_part(p) for p in parts]

    async def upload(self, principal: Principal, upload_id: UUID) -> UploadView:
        async with self._uow() as uow:
            upload = await self._own_upload(uow, principal, upload_id)
        return UploadView(upload=upload, parts=await self._stored_parts(upload))

    async def part_target(self, principal: Principal, upload_id: UUID,
                          number: int) -> PartTargetView:
        async with self._uow() as uow:
            upload = await self._own_upload(uow, principal, upload_id)
        now = self._clock.now()
        upload.check_open(now)
        upload.check_part_number(number)
        lifetime = min(PART_LINK_LIFETIME, upload.expires_at - now)
        try:
            target = await self._storage.sign_part(
                upload.storage_key, upload.storage_upload_id, number,
                expires_in=max(lifetime, timedelta(seconds=1)))
        except BlobNotFound as error:
            raise VideoUploadClosed() from error
        if target is None:
            # The store takes parts through the API: the same semantics, streamed to disk.
            return PartTargetView(url=f"{self._part_route}/{upload.id}/parts/{number}",
                                  method="PUT", headers={}, expires_at=upload.expires_at)
        return PartTargetView(url=target.url, method=target.method, headers=target.headers,
                              expires_at=now + lifetime)

    async def put_part(self, principal: Principal, upload_id: UUID, number: int,
                       chunks: AsyncIterable[bytes]) -> UploadedPart:
        """Store one part sent through the API (the local-disk store), streamed, at most the
        part's exact length; the ETag answers like S3's."""
        async with self._uow() as uow:
            upload = await self._own_upload(uow, principal, upload_id)
        upload.check_open(self._clock.now())
        length = upload.part_length(number)
        try:
            stored = await self._storage.put_part(upload.storage_key, upload.storage_upload_id,
                                                  number, chunks, max_bytes=length)
        except BlobNotFound as error:
            raise VideoUploadClosed() from error
        return _part(stored)

    async def complete(self, principal: Principal, upload_id: UUID,
                       parts: list[tuple[int, str]]) -> VideoView:
        async with self._uow() as uow:
            upload = await self._own_upload(uow, principal, upload_id)
        now = self._clock.now()
        upload.check_open(now)
        stored = await self._stored_parts(upload)
        joined = upload.check_parts(stored, parts)
        try:
            blob = await self._storage.complete_multipart(
                upload.storage_key, upload.storage_upload_id,
                [StoredPart(number=p.number, size=p.size, etag=p.etag) for p in joined])
        except BlobNotFound as error:
            raise VideoUploadClosed() from error  # completed or aborted meanwhile
        try:
            await self._check_content(upload.storage_key, blob.size)
        except VideoUnreadable:
            await self._storage.delete(upload.storage_key)
            await self._close(upload.id)
            raise
        video = Video.from_upload(upload, now)
        async with self._uow() as uow:
            locked = await self._own_upload(uow, principal, upload_id, for_update=True)
            if locked.status is not UploadStatus.UPLOADING:
                raise VideoUploadClosed()
            locked.complete(video.id)
            await uow.videos.add_video(video)
            await uow.videos.save_upload(locked)
            await uow.schedules.cancel(upload_expiry_key(upload.id))
            await uow.commit()
        return await self._view(video, [])

    async def _check_content(self, key: str, size: int) -> None:
        head = await self._storage.read_range(key, 0, 64)
        if sniff_video(head) is None:
            raise VideoUnreadable("The file is not a video (checked by its content).")
        loop = asyncio.get_running_loop()

        def read(offset: int, length: int) -> bytes:
            future = asyncio.run_coroutine_threadsafe(
                self._storage.read_range(key, offset, length), loop)
            return future.result()

        probed = await asyncio.to_thread(self._probe.probe, read, size)
        log.info("video upload checked", extra={"key": key, "duration": probed.duration_seconds})

    async def _close(self, upload_id: UUID) -> None:
        async with self._uow() as uow:
            upload = await uow.videos.upload(upload_id, for_update=True)
            if upload is None or upload.status is not UploadStatus.UPLOADING:
                return
            upload.abort()
            await uow.videos.save_upload(upload)
            await uow.schedules.cancel(upload_expiry_key(upload_id))
            await uow.commit()

    async def abort(self, principal: Principal, upload_id: UUID) -> None:
        async with self._uow() as uow:
            upload = await self._own_upload(uow, principal, upload_id)
        if upload.status is UploadStatus.COMPLETED:
            raise VideoUploadClosed()
        await self._storage.abort_multipart(upload.storage_key, upload.storage_upload_id)
        await self._close(upload.id)

    async def expire_upload(self, upload_id: UUID) -> bool:
        """Abort the upload unless it was completed; whether it was aborted now."""
        async with self._uow() as uow:
            upload = await uow.videos.upload(upload_id)
        if upload is None or upload.status is not UploadStatus.UPLOADING:
            return False
        # The parts go first: were the row's update to fail, the next delivery finds it again.
        await self._storage.abort_multipart(upload.storage_key, upload.storage_upload_id)
        await self._close(upload.id)
        return True

    # ---- videos -----------------------------------------------------------------------------

    async def _link(self, key: str | None) -> str | None:
        if key is None:
            return None
        return await self._storage.signed_url(key, expires_in=LINK_LIFETIME)

    async def _view(self, video: Video, captions: list[Caption]) -> VideoView:
        ready = video.is_ready
        sprite = None
        if ready and video.sprite is not None:
            url = await self._link(video.sprite.key)
            assert url is not None
            sprite = SpriteView(sprite=video.sprite, url=url)
        caption_views = []
        for caption in captions:
            url = await self._link(caption.key)
            assert url is not None
            caption_views.append(CaptionView(caption=caption, url=url))
        return VideoView(video=video,
                         video_url=await self._link(video.video_key) if ready else None,
                         poster_url=await self._link(video.poster_key) if ready else None,
                         thumbnails=sprite, captions=caption_views)

    async def _readable(self, uow: UnitOfWork, principal: Principal | None,
                        video_id: UUID) -> Video:
        video = await uow.videos.video(video_id)
        if video is None or principal is None or not (
                video.owner_id == principal.user_id or principal.is_admin):
            raise VideoNotFound()
        return video

    async def video(self, principal: Principal, video_id: UUID) -> VideoView:
        """The owner's or, for review, an administrator's."""
        async with self._uow() as uow:
            video = await self._readable(uow, principal, video_id)
            captions = await uow.videos.captions(video_id)
        return await self._view(video, captions)

    async def playables(self, video_ids: Collection[UUID]) -> dict[UUID, VideoView | None]:
        """What playing needs, for content items whose reader was already admitted by the
        content rules (the items name the videos); None for a video that is gone."""
        found: dict[UUID, tuple[Video, list[Caption]] | None] = {}
        async with self._uow() as uow:
            for video_id in video_ids:
                video = await uow.videos.video(video_id)
                found[video_id] = None if video is None else (
                    video, await uow.videos.captions(video_id))
        return {video_id: None if pair is None else await self._view(*pair)
                for video_id, pair in found.items()}

    async def videos(self, principal: Principal, page: PageRequest) -> Page[VideoView]:
        if principal.role is not Role.MENTOR:
            raise NotAMentor()
        async with self._uow() as uow:
            found = await uow.videos.videos_of(principal.user_id, page)
        return Page(items=[await self._view(v, []) for v in found.items], total=found.total,
                    page=found.page, page_size=found.page_size)

    # ---- where learners stopped ----------------------------------------------------------

    async def set_position(self, principal: Principal, item_id: UUID, seconds: float) -> None:
        """Remember where the caller stopped in a published video item (any signed-in
        reader of the item: learners, and its author previewing)."""
        if not math.isfinite(seconds) or seconds < 0:
            raise InvalidPosition()
        async with self._uow() as uow:
            item = await uow.content.get(item_id)
            if item is None or item.live is None or item.kind != ContentKindName.VIDEO:
                raise ContentNotFound()
            video = await uow.videos.video(UUID(str(item.live.body["video_id"])))
            if video is not None and video.duration_seconds is not None:
                seconds = min(seconds, video.duration_seconds)
            await uow.videos.set_position(item_id, principal.user_id, seconds,
                                          self._clock.now())
            await uow.commit()

    async def erase_account(self, user_id: UUID) -> None:
        """What goes with a deleted account: where they stopped in videos, their uploads
        in progress (the parts in storage too), and the videos no lesson ever named (only they
        could see them). Videos a lesson names stay with it, as their content does."""
        async with self._uow() as uow:
            await uow.videos.forget_positions(user_id)
            uploads = await uow.videos.open_uploads_of(user_id)
            unused = await uow.videos.unused_videos_of(user_id)
            # Files before rows: a delivery that fails midway is retried and finds the rows.
            for video in unused:
                keys = [*video.blob_keys(),
                        *(c.key for c in await uow.videos.captions(video.id))]
                for key in keys:
                    await self._storage.delete(key)
            await uow.videos.delete_videos([x.id for x in unused])
            await uow.commit()
        for upload in uploads:
            await self._storage.abort_multipart(upload.storage_key, upload.storage_upload_id)
            await self._close(upload.id)

    async def positions(self, principal: Principal | None, item_ids: Collection[UUID]
                        ) -> dict[UUID, float | None]:
        """Where ``principal`` stopped in each item (nothing for an anonymous reader)."""
        if principal is None or not item_ids:
            return {}
        async with self._uow() as uow:
            return {item_id: await uow.videos.position(item_id, principal.user_id)
                    for item_id in item_ids}

    # ---- captions ---------------------------------------------------------------------------

    async def add_caption(self, principal: Principal, video_id: UUID, data: bytes, *,
                          language: str, label: str) -> CaptionView:
        language, label = check_caption_meta(language, label)
        if len(data) > MAX_CAPTION_BYTES:
            raise InvalidCaptions("A caption file is at most 1 MB.",
                                  details={"max_bytes": MAX_CAPTION_BYTES})
        async with self._uow() as uow:
            video = await self._readable(uow, principal, video_id)
            if video.owner_id != principal.user_id:
                raise VideoNotFound()
            existing = await uow.videos.captions(video_id)
        if len(existing) >= MAX_CAPTIONS:
            raise InvalidCaptions(f"A video has at most {MAX_CAPTIONS} caption tracks.")
        cues = await asyncio.to_thread(self._captions.parse, data)
        now = self._clock.now()
        blob = await self._storage.put(new_video_key(video.owner_id, "captions"),
                                       in_pieces(data), content_type="text/vtt",
                                       max_bytes=MAX_CAPTION_BYTES)
        caption = Caption(video_id=video_id, language=language, label=label, key=blob.key,
                          cues=cues, created_at=now)
        try:
            async with self._uow() as uow:
                await uow.videos.add_caption(caption)
                video.captions_changed(now)
                await uow.videos.save_video(video)
                await uow.commit()
        except BaseException:
            await self._storage.delete(blob.key)
            raise
        url = await self._link(blob.key)
        assert url is not None
        return CaptionView(caption=caption, url=url)

    async def items_showing(self, video_id: UUID) -> list[UUID]:
        async with self._uow() as uow:
            return await uow.videos.items_showing(video_id)

    async def remove_caption(self, principal: Principal, video_id: UUID,
                             caption_id: UUID) -> None:
        async with self._uow() as uow:
            video = await self._readable(uow, principal, video_id)
            if video.owner_id != principal.user_id:
                raise VideoNotFound()
            removed = await uow.videos.remove_caption(video_id, caption_id)
            if removed is None:
                raise CaptionNotFound()
            video.captions_changed(self._clock.now())
            await uow.videos.save_video(video)
            await uow.commit()
        await self._storage.delete(removed.key)


class VideoProcessing:
    """The worker's side: the ``video.process`` job."""

    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock, storage: MultipartStorage,
                 transcoder: VideoTranscoder, time_limit: timedelta, max_attempts: int,
                 jobs: Callable[[], JobQueue] | None = None,
                 workdir: Path | None = None) -> None:
        self._uow = uow
        self._clock = clock
        self._storage = storage
        self._transcoder = transcoder
        # Shorter than the job system's limit for the job, so the video is marked failed
        # before the job is cancelled. It covers the wait for this process's turn, the
        # download, the transcode and storing the outputs.
        self._time_limit = time_limit
        self._max_attempts = max_attempts
        self._jobs = jobs
        self._workdir = workdir
        # One transcode at a time per process: each takes both cores and ~170 MB. A job
        # that waits longer than a third of its time for its turn is queued again instead
        # (its time limit would otherwise run out while it waits).
        self._turn = asyncio.Lock()
        self._longest_wait = time_limit / 3

    def job(self) -> Job[ProcessVideo]:
        return Job(PROCESS_JOB, ProcessVideo, self.run)

    async def run(self, args: ProcessVideo, context: JobContext) -> None:
        try:
            await self.process(args.video_id)
        except Exception as error:
            if context.attempt < self._max_attempts:
                raise  # retried with back-off
            log.exception("video processing gave up", extra={"video_id": str(args.video_id)})
            await self._fail(args.video_id, "video_processing_failed",
                             f"The video could not be processed ({type(error).__name__}).")

    async def _fail(self, video_id: UUID, code: str, message: str) -> None:
        async with self._uow() as uow:
            video = await uow.videos.video(video_id, for_update=True)
            if video is None or video.status is not VideoStatus.PROCESSING:
                return
            video.fail(code, message, self._clock.now())
            await uow.videos.save_video(video)
            await uow.commit()

    async def process(self, video_id: UUID) -> None:
        async with self._uow() as uow:
            video = await uow.videos.video(video_id)
        if video is None or video.status is not VideoStatus.PROCESSING:
            return  # a repeated delivery of a finished job
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._time_limit.total_seconds()
        if self._jobs is not None:
            try:
                async with asyncio.timeout(self._longest_wait.total_seconds()):
                    await self._turn.acquire()
            except TimeoutError:
                await self._jobs().enqueue(PROCESS_JOB, ProcessVideo(video_id=video_id),
                                           key=f"video:{video_id}:process:{uuid4().hex}")
                return
        else:
            await self._turn.acquire()
        try:
            async with asyncio.timeout_at(deadline):
                await self._process(video)
        except TimeoutError:
            await self._fail(video_id, "video_processing_timeout",
                             "Processing took longer than allowed; try a shorter video.")
        finally:
            self._turn.release()

    async def _process(self, video: Video) -> None:
        video_id = video.id
        workdir = Path(tempfile.mkdtemp(prefix="edu-video-", dir=self._workdir))
        try:
            source = workdir / "source"
            await self._download(video.source_key, source)
            written = [0.0, time.monotonic()]

            async def on_progress(fraction: float) -> None:
                if fraction < 1.0 and (fraction - written[0] < PROGRESS_STEP or
                                       time.monotonic() - written[1] < PROGRESS_EVERY_SECONDS):
                    return
                written[:] = [fraction, time.monotonic()]
                await self._write_progress(video_id, fraction * 0.95)

            try:
                output = await self._transcoder.transcode(source, workdir,
                                                          on_progress=on_progress)
            except VideoMediaError as error:
                await self._fail(video_id, error.code, error.message)
                return
            except VideoUnreadable as error:
                await self._fail(video_id, error.code, error.message)
                return
            owner = video.owner_id
            video_key = await self._store(output.video, new_video_key(owner, "video"),
                                          "video/mp4")
            poster_key = await self._store(output.poster, new_video_key(owner, "poster"),
                                           "image/jpeg")
            sprite = None
            if output.sprite is not None and output.sprite_layout is not None:
                sprite_key = await self._store(output.sprite, new_video_key(owner, "sprite"),
                                               "image/jpeg")
                sprite = replace(output.sprite_layout, key=sprite_key)
            async with self._uow() as uow:
                current = await uow.videos.video(video_id, for_update=True)
                if current is None or current.status is not VideoStatus.PROCESSING:
                    return
                current.finish(ProcessedVideo(
                    video_key=video_key, poster_key=poster_key, sprite=sprite,
                    duration_seconds=output.duration_seconds, width=output.width,
                    height=output.height), self._clock.now())
                await uow.videos.save_video(current)
                await uow.commit()
        finally:
            await asyncio.to_thread(shutil.rmtree, workdir, True)

    async def _write_progress(self, video_id: UUID, progress: float) -> None:
        async with self._uow() as uow:
            video = await uow.videos.video(video_id, for_update=True)
            if video is None or video.status is not VideoStatus.PROCESSING:
                return
            video.report_progress(progress, self._clock.now())
            await uow.videos.save_video(video)
            await uow.commit()

    async def _download(self, key: str, target: Path) -> None:
        chunks = await self._storage.open(key)
        try:
            with target.open("wb") as file:
                async for chunk in chunks:
                    await asyncio.to_thread(file.write, chunk)
        finally:
            close = getattr(chunks, "aclose", None)
            if close is not None:
                with contextlib.suppress(Exception):
                    await close()

    async def _store(self, path: Path, key: str, content_type: str) -> str:
        async def read() -> AsyncIterator[bytes]:
            with path.open("rb") as file:
                while chunk := await asyncio.to_thread(file.read, _DOWNLOAD_CHUNK):
                    yield chunk

        size = (await asyncio.to_thread(path.stat)).st_size
        await self._storage.put(key, read(), content_type=content_type, max_bytes=size)
        return key


class VideoEvents:
    """Handlers of the video context's events: the upload clean-up schedule, and queuing the
    processing job once a video was committed."""

    def __init__(self, videos: VideoService, jobs: Callable[[], JobQueue],
                 content: ContentService) -> None:
        self._videos = videos
        self._content = content
        # Resolved when a video needs processing: an API process without a job queue still
        # starts (its handlers fail and are retried until one is reachable).
        self._jobs = jobs

    def subscriptions(self) -> list[Subscription]:
        return [on(VideoUploadExpired, self.upload_expired),
                on(VideoUploaded, self.uploaded),
                on(UserDeleted, self.account_deleted),
                on(VideoCaptionsChanged, self.captions_changed)]

    async def account_deleted(self, event: UserDeleted) -> None:
        await self._videos.erase_account(event.user_id)

    async def captions_changed(self, event: VideoCaptionsChanged) -> None:
        await self._content.reindex_items(await self._videos.items_showing(event.video_id))

    async def upload_expired(self, event: VideoUploadExpired) -> None:
        await self._videos.expire_upload(event.upload_id)

    async def uploaded(self, event: VideoUploaded) -> None:
        await self._jobs().enqueue(PROCESS_JOB, ProcessVideo(video_id=event.video_id),
                                 key=f"video:{event.video_id}:process")


class VideoReferences:
    """``BodyReferences`` of the ``video`` kind: the body names one of the author's videos
    (chapters within its duration once known), which must be ready to be submitted."""

    async def _video(self, uow: UnitOfWork, owner_id: UUID,
                     body: Mapping[str, Any]) -> Video:
        video = await uow.videos.video(UUID(str(body["video_id"])))
        if video is None or video.owner_id != owner_id:
            raise content_error("body.video_id", "Give the id of one of your videos.",
                                VideoNotFoundInBody)
        return video

    async def check_saved(self, uow: UnitOfWork, owner_id: UUID,
                          body: Mapping[str, Any]) -> None:
        video = await self._video(uow, owner_id, body)
        try:
            check_chapters(chapters_of(body), video.duration_seconds)
        except InvalidChapters as error:
            problems = (error.details or {}).get("problems", [])
            raise content_error("body.chapters", "; ".join(problems) or error.message,
                                InvalidContent) from error

    async def check_submitted(self, uow: UnitOfWork, owner_id: UUID,
                              body: Mapping[str, Any]) -> None:
        video = await self._video(uow, owner_id, body)
        if not video.is_ready:
            raise VideoNotReady(details={"status": video.status.value})

    async def search_text(self, uow: UnitOfWork, body: Mapping[str, Any]) -> str:
        """The words said in the video (its caption cues), for the content search."""
        captions = await uow.videos.captions(UUID(str(body["video_id"])))
        return "\n".join(cue.text for caption in captions for cue in caption.cues)

    async def first_moment(self, uow: UnitOfWork, body: Mapping[str, Any],
                           query: str) -> float | None:
        return await uow.videos.first_cue(UUID(str(body["video_id"])), query)
