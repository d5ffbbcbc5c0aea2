"""What the video context needs: persistence of uploads, videos, captions and positions (part
of the unit of work: each method acts in its transaction at once, durable at the commit), and
the media tools that read and process video files."""

from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol
from uuid import UUID

from edu_core.domain.pagination import Page, PageRequest
from edu_core.domain.video import (
    Caption,
    Cue,
    ProbedVideo,
    ThumbnailSprite,
    Video,
    VideoUpload,
)


class VideoRepository(Protocol):
    async def add_upload(self, upload: VideoUpload) -> None: ...

    async def upload(self, upload_id: UUID, *, for_update: bool = False
                     ) -> VideoUpload | None:
        """``for_update`` locks the row until the commit (completing and aborting do)."""
        ...

    async def save_upload(self, upload: VideoUpload) -> None: ...

    async def add_video(self, video: Video) -> None: ...

    async def video(self, video_id: UUID, *, for_update: bool = False) -> Video | None: ...

    async def save_video(self, video: Video) -> None: ...

    async def videos_of(self, owner_id: UUID, page: PageRequest) -> Page[Video]:
        """The owner's videos, newest first."""
        ...

    async def add_caption(self, caption: Caption) -> None: ...

    async def captions(self, video_id: UUID) -> list[Caption]:
        """In the order they were added."""
        ...

    async def remove_caption(self, video_id: UUID, caption_id: UUID) -> Caption | None:
        """Delete and return the caption, None when the video has no such caption."""
        ...

    async def set_position(self, item_id: UUID, student_id: UUID, seconds: float,
                           at: datetime) -> None:
        """Store (or move) where the student stopped in the item's video."""
        ...

    async def position(self, item_id: UUID, student_id: UUID) -> float | None: ...

    async def forget_positions(self, student_id: UUID) -> None:
        """Remove every position the person stored (their account is deleted)."""
        ...

    async def open_uploads_of(self, owner_id: UUID) -> list[VideoUpload]:
        """The person's uploads still in progress."""
        ...

    async def unused_videos_of(self, owner_id: UUID) -> list[Video]:
        """The person's videos that no version of any content item names."""
        ...

    async def delete_videos(self, video_ids: Collection[UUID]) -> None:
        """Remove the rows (captions with them)."""
        ...

    async def items_showing(self, video_id: UUID) -> list[UUID]:
        """The content items any version of which names the video."""
        ...

    async def first_cue(self, video_id: UUID, query: str) -> float | None:
        """The start of the earliest caption cue of the video that matches ``query`` (search
        syntax, as the content search reads it); None when none does."""
        ...


@dataclass(frozen=True, slots=True)
class TranscodeOutput:
    video: Path  # 720p (or smaller) H.264/AAC MP4, moov first
    poster: Path  # JPEG
    sprite: Path | None  # JPEG grid of preview tiles; None for a very short video
    sprite_layout: ThumbnailSprite | None  # key left empty: the caller stores the file
    duration_seconds: float
    width: int
    height: int


ProgressCallback = Callable[[float], Awaitable[None]]


class VideoMediaError(Exception):
    """The file cannot be processed (its fault, not the machine's): retrying will not help."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class VideoProbe(Protocol):
    def probe(self, source: Path | Callable[[int, int], bytes], size: int) -> ProbedVideo:
        """Open the container and read its streams (blocking: call it in a thread).
        ``source`` is a local file or a function reading ``length`` bytes at ``offset`` (a
        blob in storage). Raises ``VideoUnreadable`` or ``VideoWithoutPicture``."""
        ...


class VideoTranscoder(Protocol):
    async def transcode(self, source: Path, workdir: Path, *,
                        on_progress: ProgressCallback) -> TranscodeOutput:
        """Make the playable MP4, poster and sprite in ``workdir``. One transcode at a time
        per process (others wait); raises ``VideoMediaError`` for a file that cannot be
        processed."""
        ...


class CaptionParser(Protocol):
    def parse(self, data: bytes) -> list[Cue]:
        """The cues of a WebVTT file (blocking); ``InvalidCaptions`` when it is not one."""
        ...
