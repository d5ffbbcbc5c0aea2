"""Video lessons (S17): resumable uploads, the processed video, and its captions.

Uploading: ``POST /uploads`` opens a session (the server fixes ``part_size``); for each part not
yet listed in ``parts``, ``POST .../parts/{n}/target`` says where to PUT its bytes (the object
store's presigned link, or this API's ``PUT .../parts/{n}`` on the local-disk store), then
``POST .../complete`` with every part's ETag. The mentor then polls ``GET /videos/{id}`` until
``status`` is ``ready`` (or ``failed``, with the reason).
"""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, delete, get, post, put
from litestar.datastructures import State, UploadFile
from litestar.di import NamedDependency, Provide
from litestar.enums import RequestEncodingType
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.params import Body, FromPath, JSONBody
from msgspec import Meta

from adapters.http.access import AUTHENTICATED, policy, provide_principal
from adapters.http.errors import error_responses
from adapters.http.mentors.uploads import BinaryUploadOperation
from adapters.http.video.schemas import (
    CaptionOut,
    CompleteUploadIn,
    PartOut,
    PartTargetOut,
    VideoOut,
    VideoPageOut,
    VideoUploadIn,
    VideoUploadOut,
)
from edu_core.application.actors import Principal
from edu_core.application.video import VideoService
from edu_core.domain.identity import Role
from edu_core.domain.pagination import PageRequest
from edu_core.domain.video import MAX_CAPTION_BYTES, PART_SIZE, InvalidCaptions

MENTOR = policy(Role.MENTOR)
# A caption file plus the form's other fields and boundaries.
CAPTION_FORM_BYTES = MAX_CAPTION_BYTES + 64 * 1024


def provide_videos(state: State) -> VideoService:
    service: VideoService = state.container.videos()
    return service


@dataclass
class CaptionForm:
    file: UploadFile
    language: str
    label: str


async def _part_body(request: Request[Any, Any, Any]) -> AsyncIterator[bytes]:
    try:
        async for chunk in request.stream():
            if chunk:
                yield chunk
    except RequestEntityTooLarge as error:
        raise RequestEntityTooLarge(
            f"A part is at most {PART_SIZE // (1024 * 1024)} MiB.") from error


class VideoUploadsController(Controller):
    path = "/api/v1/videos/uploads"
    tags = ["Videos"]
    dependencies = {"videos": Provide(provide_videos, sync_to_thread=False),
                    "principal": Provide(provide_principal)}

    @post("/", operation_id="createVideoUpload", status_code=201,
          summary="Start a resumable video upload (MP4, MOV, WebM or MKV, up to 2 GiB)",
          description="The answer fixes `part_size` (every part but the last is exactly that "
                      "long) and `expires_at` (24 hours; unfinished uploads are then aborted). "
                      "Codes: `file_too_large`, `unsupported_file_type`, "
                      "`invalid_video_upload` (422), `rate_limited` (429).",
          responses=error_responses(401, 403, 422, 429),
          **policy(Role.MENTOR, rate_limit="uploads"))
    async def create(self, videos: NamedDependency[VideoService],
                     principal: NamedDependency[Principal],
                     data: JSONBody[VideoUploadIn]) -> VideoUploadOut:
        return VideoUploadOut.of(await videos.start_upload(
            principal, filename=data.filename, size=data.size, content_type=data.content_type))

    @get("/{upload_id:uuid}", operation_id="getVideoUpload",
         summary="An upload and the parts already stored (how a client resumes)",
         description="Another mentor's upload is a 404 `video_upload_not_found`.",
         responses=error_responses(401, 403, 404), **MENTOR)
    async def get_upload(self, videos: NamedDependency[VideoService],
                         principal: NamedDependency[Principal],
                         upload_id: FromPath[UUID]) -> VideoUploadOut:
        return VideoUploadOut.of(await videos.upload(principal, upload_id))

    @post("/{upload_id:uuid}/parts/{number:int}/target", operation_id="getVideoPartTarget",
          status_code=200, summary="Where to PUT one part's bytes",
          description="An object-store presigned link (CORS must expose `ETag`), or on the "
                      "local-disk store this API's `PUT .../parts/{number}` (send the CSRF "
                      "header with cookie auth). Codes: `invalid_part_number` (422), "
                      "`video_upload_closed` (409), `video_upload_not_found` (404).",
          responses=error_responses(401, 403, 404, 409, 422), **MENTOR)
    async def target(self, videos: NamedDependency[VideoService],
                     principal: NamedDependency[Principal], upload_id: FromPath[UUID],
                     number: FromPath[int]) -> PartTargetOut:
        return PartTargetOut.of(await videos.part_target(principal, upload_id, number))

    @put("/{upload_id:uuid}/parts/{number:int}", operation_id="putVideoPart",
         status_code=200, media_type="application/json",
         summary="Send one part's bytes (local-disk store)",
         description="The body is the part, streamed to disk (never held in memory): exactly "
                     "`part_size` bytes, the remainder for the last part. Sending a part again "
                     "replaces it. Answers with the part and its `ETag` header. Codes: "
                     "`payload_too_large` (413), `invalid_part_number` (422), "
                     "`video_upload_closed` (409).",
         operation_class=BinaryUploadOperation, request_max_body_size=PART_SIZE,
         responses=error_responses(401, 403, 404, 409, 413, 422), **MENTOR)
    async def put_part(self, request: Request[Any, Any, Any],
                       videos: NamedDependency[VideoService],
                       principal: NamedDependency[Principal], upload_id: FromPath[UUID],
                       number: FromPath[int]) -> Response[PartOut]:
        part = await videos.put_part(principal, upload_id, number, _part_body(request))
        return Response(PartOut(number=part.number, size=part.size, etag=part.etag),
                        headers={"ETag": f'"{part.etag}"'})

    @post("/{upload_id:uuid}/complete", operation_id="completeVideoUpload", status_code=200,
          summary="Join the parts and start processing",
          description="Lists every part with its ETag. The file is then checked by its "
                      "content (a real container with a video stream, whole); refused, it is "
                      "deleted and the upload aborted. Codes: `video_upload_incomplete`, "
                      "`video_unreadable`, `video_truncated`, `video_without_picture` (422), "
                      "`video_upload_closed` (409).",
          responses=error_responses(401, 403, 404, 409, 422), **MENTOR)
    async def complete(self, videos: NamedDependency[VideoService],
                       principal: NamedDependency[Principal], upload_id: FromPath[UUID],
                       data: JSONBody[CompleteUploadIn]) -> VideoOut:
        return VideoOut.of(await videos.complete(
            principal, upload_id, [(p.number, p.etag) for p in data.parts]))

    @delete("/{upload_id:uuid}", operation_id="abortVideoUpload", status_code=204,
            summary="Abort an upload (its parts are deleted)",
            description="A completed upload cannot be aborted (409 `video_upload_closed`); "
                        "aborting twice is fine.",
            responses=error_responses(401, 403, 404, 409), **MENTOR)
    async def abort(self, videos: NamedDependency[VideoService],
                    principal: NamedDependency[Principal], upload_id: FromPath[UUID]) -> None:
        await videos.abort(principal, upload_id)


class VideosController(Controller):
    path = "/api/v1/videos"
    tags = ["Videos"]
    dependencies = {"videos": Provide(provide_videos, sync_to_thread=False),
                    "principal": Provide(provide_principal)}

    @get("/", operation_id="listMyVideos", summary="My videos, newest first",
         responses=error_responses(401, 403, 422), **MENTOR)
    async def list_videos(self, videos: NamedDependency[VideoService],
                          principal: NamedDependency[Principal],
                          paging: NamedDependency[PageRequest]) -> VideoPageOut:
        return VideoPageOut.of(await videos.videos(principal, paging), VideoOut.of)

    @get("/{video_id:uuid}", operation_id="getVideo",
         summary="A video: processing progress, or what playing it needs",
         description="For its mentor, and administrators reviewing content. `progress` moves "
                     "from 0 to 1 while processing; `failure` says why it could not be. Links "
                     "are signed and expire (six hours).",
         responses=error_responses(401, 403, 404), **policy({Role.MENTOR, Role.ADMIN}))
    async def get_video(self, videos: NamedDependency[VideoService],
                        principal: NamedDependency[Principal],
                        video_id: FromPath[UUID]) -> VideoOut:
        return VideoOut.of(await videos.video(principal, video_id))

    @post("/{video_id:uuid}/captions", operation_id="addVideoCaptions", status_code=201,
          summary="Add a caption track (WebVTT, up to 1 MB)",
          description="A multipart form: `file` (WebVTT), `language` (BCP-47, e.g. `en`) and "
                      "`label` (shown in the player). Its cues are indexed for search. Codes: "
                      "`invalid_captions` (422), `payload_too_large` (413).",
          request_max_body_size=CAPTION_FORM_BYTES,
          responses=error_responses(401, 403, 404, 413, 422), **MENTOR)
    async def add_caption(self, videos: NamedDependency[VideoService],
                          principal: NamedDependency[Principal], video_id: FromPath[UUID],
                          data: Annotated[CaptionForm, Body(
                              media_type=RequestEncodingType.MULTI_PART)]) -> CaptionOut:
        content = await data.file.read(MAX_CAPTION_BYTES + 1)
        if len(content) > MAX_CAPTION_BYTES:
            raise InvalidCaptions("A caption file is at most 1 MB.")
        return CaptionOut.of(await videos.add_caption(
            principal, video_id, content, language=data.language, label=data.label))

    @delete("/{video_id:uuid}/captions/{caption_id:uuid}", operation_id="deleteVideoCaptions",
            status_code=204, summary="Remove a caption track",
            responses=error_responses(401, 403, 404), **MENTOR)
    async def delete_caption(self, videos: NamedDependency[VideoService],
                             principal: NamedDependency[Principal], video_id: FromPath[UUID],
                             caption_id: FromPath[UUID]) -> None:
        await videos.remove_caption(principal, video_id, caption_id)


class PositionIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {"seconds": 312.5}

    seconds: Annotated[float, Meta(ge=0, le=10 * 24 * 3600, description=(
        "Where playback stopped, in seconds (capped at the video's duration)."))]


class VideoPositionsController(Controller):
    path = "/api/v1/content"
    tags = ["Learning"]
    dependencies = {"videos": Provide(provide_videos, sync_to_thread=False),
                    "principal": Provide(provide_principal)}

    @put("/{item_id:uuid}/position", operation_id="putVideoPosition", status_code=204,
         summary="Remember where I stopped in a video item",
         description="Stored per reader; the item's body then shows it as `resume_at`. A "
                     "missing or unpublished item, or one that is not a video, is a 404 "
                     "`content_not_found`.",
         responses=error_responses(401, 403, 404, 422), **policy(AUTHENTICATED))
    async def put_position(self, videos: NamedDependency[VideoService],
                           principal: NamedDependency[Principal], item_id: FromPath[UUID],
                           data: JSONBody[PositionIn]) -> None:
        await videos.set_position(principal, item_id, data.seconds)
