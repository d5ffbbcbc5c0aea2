"""What playing a video item needs, added to content responses on their way out.

A stored video body holds only ``video_id`` and ``chapters``; every response that carries one
(the author's workspace, the review queue, the learner's page) goes through ``after_request``,
which fills in the video's status, freshly signed links, captions and the reader's own
``resume_at`` for the item. ``before_request`` notes who is reading (for ``resume_at``): the
hooks run in the request's own task, so a context variable carries it across.
"""

from contextvars import ContextVar
from typing import Any
from uuid import UUID

import msgspec
from litestar import Request, Response

from adapters.http.access import resolve_principal
from adapters.http.content.bodies import VideoBody
from adapters.http.video.schemas import CaptionOut, ThumbnailsOut
from edu_core.application.actors import Principal
from edu_core.application.video import VideoService, VideoView

_reader: ContextVar[Principal | None] = ContextVar("video_reader", default=None)


def _bodies(value: Any, item_id: UUID | None, found: list[tuple[VideoBody, UUID | None]]
            ) -> None:
    """Every ``VideoBody`` in a response, with the id of the nearest struct around it that
    has one (the item, for a learner's page)."""
    if isinstance(value, VideoBody):
        found.append((value, item_id))
    elif isinstance(value, msgspec.Struct):
        own = getattr(value, "id", None)
        inner = own if isinstance(own, UUID) else item_id
        for name in value.__struct_fields__:
            _bodies(getattr(value, name), inner, found)
    elif isinstance(value, (list, tuple)):
        for entry in value:
            _bodies(entry, item_id, found)


def _fill(body: VideoBody, view: VideoView | None, resume_at: float | None) -> None:
    body.resume_at = resume_at
    if view is None:
        body.status = "failed"  # the video is gone (its account was erased)
        return
    video = view.video
    body.status = video.status.value
    body.duration_seconds, body.width, body.height = (video.duration_seconds, video.width,
                                                      video.height)
    body.video_url, body.poster_url = view.video_url, view.poster_url
    if view.thumbnails is not None:
        s = view.thumbnails.sprite
        body.thumbnails = ThumbnailsOut(url=view.thumbnails.url, columns=s.columns,
                                        rows=s.rows, interval_seconds=s.interval_seconds,
                                        tile_width=s.tile_width, tile_height=s.tile_height)
    body.captions = [CaptionOut.of(c) for c in view.captions]


class VideoPlayback:
    def __init__(self, videos: VideoService) -> None:
        self._videos = videos

    def __deepcopy__(self, memo: dict[int, Any]) -> "VideoPlayback":
        return self  # holds shared services only (see ImageLinks)

    async def before_request(self, request: Request[Any, Any, Any]) -> None:
        try:
            _reader.set(await resolve_principal(request))
        except Exception:  # the route's own guard answers bad credentials
            _reader.set(None)

    async def after_request(self, response: Response[Any]) -> Response[Any]:
        found: list[tuple[VideoBody, UUID | None]] = []
        _bodies(response.content, None, found)
        views: dict[UUID, VideoView | None] = {}
        for body, item_id in found:
            if body.video_id not in views:
                views[body.video_id] = await self._videos.playable(body.video_id)
            resume_at = None if item_id is None else await self._videos.position(
                _reader.get(), item_id)
            _fill(body, views[body.video_id], resume_at)
        return response
