"""Request and response shapes of the video API (media contract, issue #14)."""

from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal
from uuid import UUID

import msgspec
from msgspec import Meta

from adapters.http.pagination import PageOut
from edu_core.application.video import CaptionView, PartTargetView, UploadView, VideoView
from edu_core.domain.video import MAX_FILENAME, MAX_VIDEO_BYTES, VIDEO_TYPES


class VideoUploadIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "filename": "inclined-plane-demo.mp4", "size": 18874368, "content_type": "video/mp4"}

    filename: Annotated[str, Meta(min_length=1, max_length=MAX_FILENAME, description=(
        "The file's name; its extension must match `content_type`."))]
    size: Annotated[int, Meta(ge=1, le=MAX_VIDEO_BYTES, description="Bytes, at most 2 GiB.")]
    content_type: Annotated[str, Meta(max_length=127, description=(
        "One of " + ", ".join(sorted(VIDEO_TYPES)) + "; the bytes are checked on completion."
    ))]


class PartOut(msgspec.Struct):
    number: int
    size: int
    etag: str


class VideoUploadOut(msgspec.Struct):
    id: UUID
    filename: str
    size: int
    content_type: str
    part_size: Annotated[int, Meta(description=(
        "Every part but the last is exactly this long; part n covers bytes "
        "[(n-1)*part_size, n*part_size)."))]
    part_count: int
    parts: Annotated[list[PartOut], Meta(description=(
        "The parts already stored: send the others to resume (also after a reload)."))]
    status: Literal["uploading", "completed", "aborted"]
    expires_at: datetime
    video_id: UUID | None

    @classmethod
    def of(cls, view: UploadView) -> "VideoUploadOut":
        x = view.upload
        status: Literal["uploading", "completed", "aborted"] = x.status.value
        return cls(id=x.id, filename=x.filename, size=x.size, content_type=x.content_type,
                   part_size=x.part_size, part_count=x.part_count,
                   parts=[PartOut(number=p.number, size=p.size, etag=p.etag)
                          for p in view.parts],
                   status=status, expires_at=x.expires_at, video_id=x.video_id)


class PartTargetOut(msgspec.Struct):
    url: Annotated[str, Meta(description=(
        "Where to send the part's bytes (an absolute presigned link to the object store, or "
        "a same-origin API path); the answer's `ETag` header goes into `complete`."))]
    method: Literal["PUT"]
    headers: dict[str, str]
    expires_at: datetime

    @classmethod
    def of(cls, view: PartTargetView) -> "PartTargetOut":
        return cls(url=view.url, method="PUT", headers=view.headers,
                   expires_at=view.expires_at)


class CompletedPartIn(msgspec.Struct, forbid_unknown_fields=True):
    number: Annotated[int, Meta(ge=1, le=10_000)]
    etag: Annotated[str, Meta(min_length=1, max_length=200)]


class CompleteUploadIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {"parts": [
        {"number": 1, "etag": "\"9b2cf535f27731c974343645a3985328\""},
        {"number": 2, "etag": "\"6f1ed002ab5595859014ebf0951522d9\""},
        {"number": 3, "etag": "\"d41d8a6e2c0b3c1f5e7a9b8c7d6e5f40\""},
    ]}

    parts: Annotated[list[CompletedPartIn], Meta(min_length=1, max_length=10_000, description=(
        "Every part, in order, with the ETag each PUT answered."))]


class FailureOut(msgspec.Struct):
    code: str
    message: str


class CaptionOut(msgspec.Struct):
    id: UUID
    language: str
    label: str
    url: Annotated[str, Meta(description="The WebVTT file (a signed link) for `<track>`.")]

    @classmethod
    def of(cls, view: CaptionView) -> "CaptionOut":
        x = view.caption
        return cls(id=x.id, language=x.language, label=x.label, url=view.url)


class ThumbnailsOut(msgspec.Struct):
    url: Annotated[str, Meta(description="A JPEG grid of preview tiles, row by row.")]
    columns: int
    rows: int
    interval_seconds: Annotated[float, Meta(description=(
        "Tile i shows the video at i * interval_seconds."))]
    tile_width: int
    tile_height: int


class VideoOut(msgspec.Struct):
    id: UUID
    filename: str
    status: Literal["processing", "ready", "failed"]
    progress: Annotated[float, Meta(ge=0, le=1)]
    failure: FailureOut | None
    duration_seconds: float | None
    width: int | None
    height: int | None
    poster_url: str | None
    video_url: Annotated[str | None, Meta(description=(
        "The 720p MP4 (signed link, supports HTTP Range requests); null until ready."))]
    thumbnails: ThumbnailsOut | None
    captions: list[CaptionOut]
    created_at: datetime

    @classmethod
    def of(cls, view: VideoView) -> "VideoOut":
        x = view.video
        status: Literal["processing", "ready", "failed"] = x.status.value
        failure = None if x.failure_code is None else FailureOut(
            code=x.failure_code, message=x.failure_message or "")
        thumbs = None
        if view.thumbnails is not None:
            s = view.thumbnails.sprite
            thumbs = ThumbnailsOut(url=view.thumbnails.url, columns=s.columns, rows=s.rows,
                                   interval_seconds=s.interval_seconds,
                                   tile_width=s.tile_width, tile_height=s.tile_height)
        return cls(id=x.id, filename=x.filename, status=status, progress=x.progress,
                   failure=failure, duration_seconds=x.duration_seconds, width=x.width,
                   height=x.height, poster_url=view.poster_url, video_url=view.video_url,
                   thumbnails=thumbs, captions=[CaptionOut.of(c) for c in view.captions],
                   created_at=x.created_at)


class VideoPageOut(PageOut[VideoOut]):
    items: list[VideoOut]
