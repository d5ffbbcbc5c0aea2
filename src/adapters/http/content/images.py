"""Images for lesson text: POST /api/v1/mentor/content/images (the file is the request body).

The note's HTML then shows the returned ``url``; see ``image_links`` for how stored HTML keeps
a stable reference while responses carry freshly signed links.
"""

from collections.abc import AsyncIterator
from typing import Annotated, Any

from litestar import Controller, Request, post
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.params import QueryParameter

from adapters.http.access import policy, provide_principal
from adapters.http.content.image_links import ImageLinks, provide_image_links
from adapters.http.content.schemas import ContentImageOut
from adapters.http.errors import error_responses
from adapters.http.mentors.uploads import BinaryUploadOperation
from edu_core.application.actors import Principal
from edu_core.application.content_images import KIND, ContentImages
from edu_core.domain.identity import Role

MAX_BYTES = KIND.policy.max_bytes
Filename = Annotated[str | None, QueryParameter(
    max_length=255, description="The file's original name; its extension must match the "
                                "contents. It is not kept.")]


def provide_content_images(state: State) -> ContentImages:
    service: ContentImages = state.container.content_images()
    return service


async def _body(request: Request[Any, Any, Any]) -> AsyncIterator[bytes]:
    try:
        async for chunk in request.stream():
            if chunk:
                yield chunk
    except RequestEntityTooLarge as error:
        raise RequestEntityTooLarge(
            f"The image is larger than {MAX_BYTES // (1024 * 1024)} MB.") from error


class ContentImagesController(Controller):
    path = "/api/v1/mentor/content/images"
    tags = ["Mentor content"]
    dependencies = {"content_images": Provide(provide_content_images, sync_to_thread=False),
                    "image_links": Provide(provide_image_links, sync_to_thread=False),
                    "principal": Provide(provide_principal)}

    @post("/", operation_id="uploadContentImage", status_code=201,
          summary="Upload an image for lesson text (PNG, JPEG, WebP or GIF, up to 10 MB)",
          description="The request body is the image; `filename` and `Content-Type` must agree "
                      "with its bytes. The image is re-encoded without its metadata (EXIF, GPS, "
                      "comments; a photo's orientation is applied); animated GIF, WebP and PNG "
                      "keep their frames (at most 300, 40 megapixels over all frames). Put "
                      "`url` in the note as `<img src>`: the server stores it as the stable "
                      "`/files/<key>` and signs it afresh in every response. Codes: "
                      "`unsupported_file_type`, `empty_file`, `image_dimensions_too_large` "
                      "(422), `payload_too_large` (413), `rate_limited` (429).",
          operation_class=BinaryUploadOperation, request_max_body_size=MAX_BYTES,
          responses=error_responses(401, 403, 413, 422, 429),
          **policy(Role.MENTOR, rate_limit="uploads"))
    async def upload(self, request: Request[Any, Any, Any],
                     content_images: NamedDependency[ContentImages],
                     image_links: NamedDependency[ImageLinks],
                     principal: NamedDependency[Principal],
                     filename: Filename = None) -> ContentImageOut:
        image = await content_images.upload(principal, _body(request), filename=filename,
                                            content_type=request.headers.get("content-type"))
        return ContentImageOut(key=image.key, url=await image_links.url(image.key),
                               width=image.width, height=image.height)
