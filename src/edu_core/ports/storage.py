"""Storing uploaded files (blobs) and reading image headers.

Keys are made by the server (``edu_core.domain.files.new_blob_key``) and validated by every
adapter; there is deliberately no listing operation, so a blob is reachable only through the
record that owns its key.
"""

from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Protocol

from edu_core.domain.files import FileKind, FileType

# Longest lifetime of a signed link; S3 refuses presigned URLs valid for longer than a week.
MAX_SIGNED_URL_LIFETIME = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class StoredBlob:
    key: str
    size: int
    sha256: str  # lower-case hex of the stored bytes
    content_type: str


class BlobStorage(Protocol):
    """Overwrite semantics: ``put`` on an existing key replaces the blob atomically (readers
    see the old or the new bytes, never a mix) and a failed ``put`` leaves any previous blob
    untouched. Every method refuses a malformed key with ``InvalidBlobKey``; an unreachable
    backend raises ``ServiceUnavailable``."""

    async def put(self, key: str, chunks: AsyncIterable[bytes], *, content_type: str,
                  max_bytes: int) -> StoredBlob:
        """Store the chunks under ``key`` without holding the whole file in memory.

        More than ``max_bytes`` raises ``FileTooLarge`` once the limit is crossed (the rest of
        the input is not read) and stores nothing.
        """
        ...

    async def open(self, key: str) -> AsyncIterator[bytes]:
        """Open the blob (``BlobNotFound`` when there is none) and return its bytes as a stream
        of chunks; exhaust or ``aclose()`` it to release the file or connection."""
        ...

    async def stat(self, key: str) -> StoredBlob | None: ...

    async def read_range(self, key: str, offset: int, length: int) -> bytes:
        """Up to ``length`` bytes from ``offset`` (fewer at the end of the blob, none past
        it); ``BlobNotFound`` when there is no blob. For reading a container's index and for
        HTTP Range requests: callers keep ``length`` small."""
        ...

    async def delete(self, key: str) -> None:
        """Remove the blob; deleting a missing key is not an error."""
        ...

    async def signed_url(self, key: str, *, expires_in: timedelta,
                         filename: str | None = None) -> str:
        """A link anyone holding it can download the blob with until it expires; with a
        ``filename`` the download is offered as an attachment under that (sanitised) name.
        The blob's existence is not checked."""
        ...

    async def check(self) -> None:
        """Raise when blobs cannot be stored right now (used by readiness)."""
        ...


@dataclass(frozen=True, slots=True)
class StoredPart:
    number: int
    size: int
    etag: str  # as the store reports it, without quotes


@dataclass(frozen=True, slots=True)
class PartTarget:
    """Where a client sends one part's bytes itself (``method`` + ``url`` + ``headers``)."""

    url: str
    method: str
    headers: dict[str, str]


class MultipartStorage(BlobStorage, Protocol):
    """Large files uploaded in numbered parts that may arrive in any order, over several
    sessions, and are joined into one blob at the end (S3 multipart semantics: a part sent
    again replaces the earlier one; ``list_parts`` is how an interrupted upload resumes).

    An unknown or finished ``upload_id`` raises ``BlobNotFound`` (``abort`` excepted: aborting
    twice is not an error)."""

    async def create_multipart(self, key: str, *, content_type: str) -> str:
        """Start an upload that will become blob ``key``; its id in the store."""
        ...

    async def sign_part(self, key: str, upload_id: str, number: int, *,
                        expires_in: timedelta) -> PartTarget | None:
        """A link the client PUTs part ``number`` to directly (answering with an ``ETag``),
        or None when this store takes parts only through ``put_part`` (the API streams them
        in)."""
        ...

    async def put_part(self, key: str, upload_id: str, number: int,
                       chunks: AsyncIterable[bytes], *, max_bytes: int) -> StoredPart:
        """Store part ``number`` from ``chunks`` without holding it in memory where the store
        allows (``FileTooLarge`` past ``max_bytes``; nothing replaced then)."""
        ...

    async def list_parts(self, key: str, upload_id: str) -> list[StoredPart]:
        """The parts stored so far, by number."""
        ...

    async def complete_multipart(self, key: str, upload_id: str,
                                 parts: list[StoredPart]) -> StoredBlob:
        """Join ``parts`` (in that order) into blob ``key``; the upload is then gone. The
        blob's ``sha256`` may be empty where the store does not compute one."""
        ...

    async def abort_multipart(self, key: str, upload_id: str) -> None:
        """Drop the upload and every part stored for it."""
        ...


class ImageInspector(Protocol):
    def dimensions(self, source: Path | bytes) -> tuple[int, int] | None:
        """(width, height) read from the image header of a file or of its first bytes, without
        decoding pixels; None when it is not a readable image. Raises ``ImageTooLarge`` for a
        header that declares a decompression bomb."""
        ...

    async def check_complete(self, data: bytes) -> None:
        """Decode every pixel of the whole file: raise ``UnsupportedFileType`` when it is
        damaged or cut off (a header alone says nothing about the rest)."""
        ...


@dataclass(frozen=True, slots=True)
class EncodedImage:
    data: bytes
    file_type: FileType
    width: int
    height: int
    frames: int  # 1 for a still image


class ImageEncoder(Protocol):
    async def reencode(self, data: bytes, file_type: FileType, kind: FileKind) -> EncodedImage:
        """Decode the image and encode its pixels again in the same format, keeping only what
        displaying it needs (pixels, transparency, colour profile, animation timing): no EXIF
        (camera, GPS position), XMP, comments or text chunks survive, and nothing a crafted
        file hid after or between its image data. EXIF orientation is applied to the pixels.

        Animations keep their frames within ``kind``'s frame and pixel limits
        (``ImageTooLarge`` beyond them); an image that cannot be decoded (damaged, cut off, or
        not the ``file_type`` it claimed) raises ``UnsupportedFileType``.
        """
        ...
