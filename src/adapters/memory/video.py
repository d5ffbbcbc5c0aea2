"""In-memory video repository: changes are staged in the unit of work and stored at commit;
reads see the unit of work's own changes first, as a transaction does."""

import copy
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from adapters.pending_events import PendingEvents
from edu_core.domain.content import ContentItem
from edu_core.domain.pagination import Page, PageRequest
from edu_core.domain.video import Caption, UploadStatus, Video, VideoUpload


@dataclass
class VideoData:
    uploads: dict[UUID, VideoUpload] = field(default_factory=dict)
    videos: dict[UUID, Video] = field(default_factory=dict)
    captions: dict[UUID, Caption] = field(default_factory=dict)
    positions: dict[tuple[UUID, UUID], float] = field(default_factory=dict)
    moved_at: dict[tuple[UUID, UUID], datetime] = field(default_factory=dict)


class MemoryVideoRepository:
    def __init__(self, data: VideoData, events: PendingEvents,
                 content: Callable[[], Mapping[UUID, ContentItem]]) -> None:
        self._data = data
        self._events = events
        self._content = content
        self._staged = VideoData()
        self._removed_captions: set[UUID] = set()
        self._forgotten: set[tuple[UUID, UUID]] = set()
        self._deleted_videos: set[UUID] = set()

    async def add_upload(self, upload: VideoUpload) -> None:
        self._staged.uploads[upload.id] = copy.deepcopy(upload)

    async def upload(self, upload_id: UUID, *, for_update: bool = False
                     ) -> VideoUpload | None:
        found = self._staged.uploads.get(upload_id) or self._data.uploads.get(upload_id)
        return copy.deepcopy(found)

    async def save_upload(self, upload: VideoUpload) -> None:
        self._staged.uploads[upload.id] = copy.deepcopy(upload)

    async def add_video(self, video: Video) -> None:
        self._events.take_from(video)
        self._staged.videos[video.id] = copy.deepcopy(video)

    async def video(self, video_id: UUID, *, for_update: bool = False) -> Video | None:
        return copy.deepcopy(self._staged.videos.get(video_id)
                             or self._data.videos.get(video_id))

    async def save_video(self, video: Video) -> None:
        self._events.take_from(video)
        self._staged.videos[video.id] = copy.deepcopy(video)

    async def videos_of(self, owner_id: UUID, page: PageRequest) -> Page[Video]:
        every = {**self._data.videos, **self._staged.videos}
        mine = sorted((x for x in every.values() if x.owner_id == owner_id),
                      key=lambda x: (x.created_at, str(x.id)), reverse=True)
        return Page(items=copy.deepcopy(mine[page.offset:page.offset + page.page_size]),
                    total=len(mine), page=page.page, page_size=page.page_size)

    async def add_caption(self, caption: Caption) -> None:
        self._staged.captions[caption.id] = copy.deepcopy(caption)

    async def captions(self, video_id: UUID) -> list[Caption]:
        every = {**self._data.captions, **self._staged.captions}
        found = [x for cid, x in every.items()
                 if x.video_id == video_id and cid not in self._removed_captions]
        return copy.deepcopy(sorted(found, key=lambda x: (x.created_at, str(x.id))))

    async def remove_caption(self, video_id: UUID, caption_id: UUID) -> Caption | None:
        found = [x for x in await self.captions(video_id) if x.id == caption_id]
        if not found:
            return None
        self._removed_captions.add(caption_id)
        self._staged.captions.pop(caption_id, None)
        return found[0]

    async def set_position(self, item_id: UUID, student_id: UUID, seconds: float,
                           at: datetime) -> None:
        self._staged.positions[(item_id, student_id)] = seconds
        self._staged.moved_at[(item_id, student_id)] = at

    async def position(self, item_id: UUID, student_id: UUID) -> float | None:
        key = (item_id, student_id)
        if key in self._forgotten and key not in self._staged.positions:
            return None
        return self._staged.positions.get(key, self._data.positions.get(key))

    async def forget_positions(self, student_id: UUID) -> None:
        for key in [k for k in {**self._data.positions, **self._staged.positions}
                    if k[1] == student_id]:
            self._forgotten.add(key)
            self._staged.positions.pop(key, None)

    async def open_uploads_of(self, owner_id: UUID) -> list[VideoUpload]:
        every = {**self._data.uploads, **self._staged.uploads}
        mine = [x for x in every.values()
                if x.owner_id == owner_id and x.status is UploadStatus.UPLOADING]
        return copy.deepcopy(sorted(mine, key=lambda x: (x.created_at, str(x.id))))

    async def unused_videos_of(self, owner_id: UUID) -> list[Video]:
        named = {str(version.body.get("video_id")) for item in self._content().values()
                 for version in item.versions}
        every = {**self._data.videos, **self._staged.videos}
        return [copy.deepcopy(x) for x in every.values()
                if x.owner_id == owner_id and str(x.id) not in named]

    async def delete_videos(self, video_ids: Collection[UUID]) -> None:
        gone = set(video_ids)
        self._deleted_videos |= gone
        for video_id in gone:
            self._staged.videos.pop(video_id, None)
        for caption in [*self._data.captions.values(), *self._staged.captions.values()]:
            if caption.video_id in gone:
                self._removed_captions.add(caption.id)
                self._staged.captions.pop(caption.id, None)

    async def items_showing(self, video_id: UUID) -> list[UUID]:
        return sorted({item.id for item in self._content().values()
                       for version in item.versions
                       if version.body.get("video_id") == str(video_id)}, key=str)

    async def first_cue(self, video_id: UUID, query: str) -> float | None:
        # A plain stand-in for full-text search: every query word within one cue.
        words = [w for w in re.findall(r"\w+", query.lower()) if w != "or"]
        if not words:
            return None
        starts = [cue.start for caption in await self.captions(video_id)
                  for cue in caption.cues if all(w in cue.text.lower() for w in words)]
        return min(starts, default=None)

    def apply(self) -> None:
        self._data.uploads.update(self._staged.uploads)
        self._data.videos.update(self._staged.videos)
        for video_id in self._deleted_videos:
            self._data.videos.pop(video_id, None)
        self._data.captions.update(self._staged.captions)
        for caption_id in self._removed_captions:
            self._data.captions.pop(caption_id, None)
        for key in self._forgotten:
            self._data.positions.pop(key, None)
            self._data.moved_at.pop(key, None)
        self._data.positions.update(self._staged.positions)
        self._data.moved_at.update(self._staged.moved_at)
        self._staged = VideoData()
        self._removed_captions.clear()
        self._forgotten.clear()
        self._deleted_videos.clear()
