"""Accepting an uploaded file: type from its bytes, the kind's size and image limits, then a
streamed write to blob storage. Nothing is stored when a check fails."""

from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass

from edu_core.domain.files import (
    SNIFF_BYTES,
    FileKind,
    FileType,
    check_image_dimensions,
    check_upload,
    new_blob_key,
    safe_filename,
)
from edu_core.ports.storage import BlobStorage, ImageInspector

# Enough of the file for an image header (a JPEG's size marker can sit after its metadata).
HEADER_BYTES = 256 * 1024
IMAGE_TYPES = frozenset({FileType.PNG, FileType.JPEG, FileType.GIF, FileType.WEBP})


@dataclass(frozen=True, slots=True)
class StoredUpload:
    key: str
    filename: str
    content_type: str
    size: int
    sha256: str


async def _read_head(chunks: AsyncIterator[bytes], want: int) -> tuple[bytes, bool]:
    """Up to ``want`` leading bytes, and whether the input ended within them."""
    head = bytearray()
    while len(head) < want:
        try:
            head += await anext(chunks)
        except StopAsyncIteration:
            return bytes(head), True
    return bytes(head), False


async def _replay(head: bytes, rest: AsyncIterator[bytes], ended: bool) -> AsyncIterator[bytes]:
    if head:
        yield head
    if not ended:
        async for chunk in rest:
            yield chunk


class Uploads:
    def __init__(self, storage: BlobStorage, images: ImageInspector) -> None:
        self._storage = storage
        self._images = images

    async def store(self, kind: FileKind, chunks: AsyncIterable[bytes], *, filename: str | None,
                    content_type: str | None) -> StoredUpload:
        stream = aiter(chunks)
        head, ended = await _read_head(stream, SNIFF_BYTES)
        found = check_upload(kind, head, content_type=content_type, filename=filename)
        if found in IMAGE_TYPES:
            more, ended_later = await _read_head(stream, HEADER_BYTES) if not ended else (b"",
                                                                                          True)
            head, ended = head + more, ended or ended_later
            check_image_dimensions(kind, self._images.dimensions(head))
            # A valid header may front a truncated or corrupt body: decode it all before
            # accepting (the size cap bounds what is read; one byte over is refused by put).
            if not ended:
                rest, ended = await _read_head(stream, kind.policy.max_bytes + 1 - len(head))
                head += rest
            if len(head) <= kind.policy.max_bytes:
                await self._images.check_complete(head)
        key = new_blob_key(kind)
        blob = await self._storage.put(key, _replay(head, stream, ended),
                                       content_type=found.value,
                                       max_bytes=kind.policy.max_bytes)
        name = safe_filename(filename, default=f"{kind.value}.{min(found.extensions)}")
        return StoredUpload(key=blob.key, filename=name, content_type=blob.content_type,
                            size=blob.size, sha256=blob.sha256)

    async def discard(self, key: str | None) -> None:
        if key:
            await self._storage.delete(key)
