"""Images in lesson text (S13): a mentor uploads one while writing, and the note refers to it.

The type comes from the bytes, the dimensions from the header (before anything is decoded);
then the image is re-encoded, which drops its metadata (a phone photo's GPS position, camera,
comments) and anything hidden around the pixels, and stored under
``content/<mentor id>/<token>``. Lesson HTML stores only the stable reference
``/files/<key>``; links that expire are made when a response is written, never stored.
"""

from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass

from edu_core.application.actors import Principal
from edu_core.domain.errors import PermissionDenied
from edu_core.domain.files import (
    SNIFF_BYTES,
    FileKind,
    FileTooLarge,
    UnsupportedFileType,
    check_animation,
    check_image_dimensions,
    check_upload,
    content_image_key,
)
from edu_core.domain.identity import Role
from edu_core.ports.storage import BlobStorage, ImageEncoder, ImageInspector

KIND = FileKind.CONTENT_IMAGE
# Re-encoding can make a file somewhat larger than the upload was (another compressor, a
# colour profile kept); the stored copy may exceed the upload limit by this much at most.
STORED_MAX_BYTES = 2 * KIND.policy.max_bytes
_WRITE_CHUNK = 1024 * 1024


class NotAMentor(PermissionDenied):
    default_message = "Only mentors add images to lesson text."


@dataclass(frozen=True, slots=True)
class ContentImage:
    key: str
    content_type: str
    size: int
    width: int
    height: int
    frames: int


async def read_all(chunks: AsyncIterable[bytes], max_bytes: int) -> bytes:
    """The whole upload (re-encoding needs all of it), refused as soon as it passes the limit."""
    data = bytearray()
    async for chunk in chunks:
        data += chunk
        if len(data) > max_bytes:
            raise FileTooLarge(max_bytes=max_bytes)
    return bytes(data)


async def in_pieces(data: bytes) -> AsyncIterator[bytes]:
    for start in range(0, len(data), _WRITE_CHUNK):
        yield data[start:start + _WRITE_CHUNK]


class ContentImages:
    def __init__(self, *, storage: BlobStorage, images: ImageInspector,
                 encoder: ImageEncoder) -> None:
        self._storage = storage
        self._images = images
        self._encoder = encoder

    async def upload(self, principal: Principal, chunks: AsyncIterable[bytes], *,
                     filename: str | None, content_type: str | None) -> ContentImage:
        """Any mentor may upload (verified or not: drafts need images too); nothing is stored
        when a check fails."""
        if principal.role is not Role.MENTOR:
            raise NotAMentor()
        return await self._store(principal, chunks, filename=filename,
                                 content_type=content_type)

    async def upload_for_post(self, principal: Principal, chunks: AsyncIterable[bytes], *,
                              filename: str | None, content_type: str | None) -> ContentImage:
        """An image for a forum post, by anyone signed in: checked, re-encoded and stored
        like a lesson's, so the post's HTML refers to it the same way."""
        return await self._store(principal, chunks, filename=filename,
                                 content_type=content_type)

    async def _store(self, principal: Principal, chunks: AsyncIterable[bytes], *,
                     filename: str | None, content_type: str | None) -> ContentImage:
        policy = KIND.policy
        data = await read_all(chunks, policy.max_bytes)
        found = check_upload(KIND, data[:SNIFF_BYTES], content_type=content_type,
                             filename=filename)
        # From the header only: a decompression bomb is refused before any pixel is decoded.
        check_image_dimensions(KIND, self._images.dimensions(data))
        image = await self._encoder.reencode(data, found, KIND)
        if image.file_type is not found:
            raise UnsupportedFileType("The image could not be read.")
        check_image_dimensions(KIND, (image.width, image.height))
        check_animation(KIND, image.frames, (image.width, image.height))
        blob = await self._storage.put(content_image_key(principal.user_id),
                                       in_pieces(image.data), content_type=found.value,
                                       max_bytes=STORED_MAX_BYTES)
        return ContentImage(key=blob.key, content_type=blob.content_type, size=blob.size,
                            width=image.width, height=image.height, frames=image.frames)
