"""Media bodies in content responses, filled on their way out.

A stored body of a media kind names only what it shows (``video_id``, ``document_id``): links are
signed and expire, and ``resume_at`` is the reader's own. Every response that carries such a
body (the author's workspace, the review queue, the learner's page, a course) goes through
``after_request``, which finds them all in one walk and fills each by its kind, asking each
service once for all the bodies of its kind. ``before_request`` notes who is reading: the hooks
run in the request's own task, so a context variable carries it across.
"""

from contextvars import ContextVar
from typing import Any
from uuid import UUID

import msgspec
from litestar import Request, Response

from adapters.http.access import resolve_principal
from adapters.http.content.bodies import HandwrittenBody, VideoBody
from adapters.http.handwritten.views import fill_document
from adapters.http.video.playback import fill_video
from edu_core.application.actors import Principal
from edu_core.application.handwritten import HandwrittenService
from edu_core.application.video import VideoService

_reader: ContextVar[Principal | None] = ContextVar("media_reader", default=None)

MediaBody = VideoBody | HandwrittenBody


def media_bodies(value: Any, item_id: UUID | None = None,
                 found: list[tuple[MediaBody, UUID | None]] | None = None
                 ) -> list[tuple[MediaBody, UUID | None]]:
    """Every media body in ``value``, at any depth, with the id of the nearest struct around it
    that has one (the item, for a learner's page)."""
    found = [] if found is None else found
    if isinstance(value, VideoBody | HandwrittenBody):
        found.append((value, item_id))
    elif isinstance(value, msgspec.Struct):
        own = getattr(value, "id", None)
        inner = own if isinstance(own, UUID) else item_id
        for name in value.__struct_fields__:
            media_bodies(getattr(value, name), inner, found)
    elif isinstance(value, list | tuple):
        for entry in value:
            media_bodies(entry, item_id, found)
    elif isinstance(value, dict):
        for entry in value.values():
            media_bodies(entry, item_id, found)
    return found


class MediaBodies:
    def __init__(self, videos: VideoService, handwritten: HandwrittenService) -> None:
        self._videos = videos
        self._handwritten = handwritten

    def __deepcopy__(self, memo: dict[int, Any]) -> "MediaBodies":
        return self  # Litestar copies hooks; this holds only shared services (see ImageLinks)

    async def before_request(self, request: Request[Any, Any, Any]) -> None:
        try:
            _reader.set(await resolve_principal(request))
        except Exception:  # the route's own guard answers bad credentials
            _reader.set(None)

    async def after_request(self, response: Response[Any]) -> Response[Any]:
        found = media_bodies(response.content)
        videos = [(body, item) for body, item in found if isinstance(body, VideoBody)]
        documents = [body for body, _ in found if isinstance(body, HandwrittenBody)]
        if videos:
            views = await self._videos.playables({body.video_id for body, _ in videos})
            positions = await self._videos.positions(
                _reader.get(), {item for _, item in videos if item is not None})
            for body, item in videos:
                fill_video(body, views[body.video_id],
                           None if item is None else positions.get(item))
        if documents:
            pages = await self._handwritten.views([body.document_id for body in documents])
            for document in documents:
                fill_document(document, pages.get(document.document_id))
        return response
