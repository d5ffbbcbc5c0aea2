"""What every blob-storage adapter does the same way: argument checks, streaming an upload into
a file with the size limit and checksum, and the ``Content-Disposition`` of downloads."""

import asyncio
import hashlib
import unicodedata
from collections.abc import AsyncIterable, Callable
from datetime import timedelta
from typing import BinaryIO
from urllib.parse import quote

from edu_core.domain.files import (
    DEFAULT_FILENAME,
    FileTooLarge,
    check_blob_key,
    check_content_type,
    safe_filename,
)
from edu_core.ports.storage import MAX_SIGNED_URL_LIFETIME

CHUNK_SIZE = 64 * 1024
# Chunks are handed to the writer thread in batches: one thread hop per 64 KB chunk costs more
# than the write itself, and a batch of this size is all the upload ever holds in memory.
WRITE_BATCH_BYTES = 1024 * 1024

# Served inline (shown in the browser) only when the browser renders them without running
# anything; everything else is always an attachment.
INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg", "image/gif",
                          "image/webp", "video/mp4"})


def check_put_arguments(key: str, content_type: str, max_bytes: int) -> str:
    check_blob_key(key)
    if max_bytes < 0:
        raise ValueError("max_bytes must be >= 0")
    return check_content_type(content_type)


def check_lifetime(expires_in: timedelta) -> None:
    if not timedelta(seconds=1) <= expires_in <= MAX_SIGNED_URL_LIFETIME:
        raise ValueError(f"signed links live between 1 second and {MAX_SIGNED_URL_LIFETIME}")


class WriteFailed(Exception):
    """Writing the upload's file failed (disk full, ...): the store's fault, unlike an error
    raised by the chunks' source, which may be an ``OSError`` too (a client hanging up)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


def _write_batch(file: BinaryIO, update: Callable[[bytes], object], batch: list[bytes]) -> None:
    for chunk in batch:
        update(chunk)
        file.write(chunk)


async def spool(chunks: AsyncIterable[bytes], file: BinaryIO, *,
                max_bytes: int) -> tuple[int, str]:
    """Write ``chunks`` to ``file`` and return (size, sha256 hex); stop reading and raise
    ``FileTooLarge`` as soon as more than ``max_bytes`` arrived, ``WriteFailed`` when the file
    cannot be written."""
    digest = hashlib.sha256()
    size = 0
    batch: list[bytes] = []
    batched = 0
    async for chunk in chunks:
        if not chunk:
            continue
        size += len(chunk)
        if size > max_bytes:
            raise FileTooLarge(max_bytes=max_bytes)
        batch.append(chunk)
        batched += len(chunk)
        if batched >= WRITE_BATCH_BYTES:
            await _write(file, digest.update, batch)
            batch, batched = [], 0
    if batch:
        await _write(file, digest.update, batch)
    return size, digest.hexdigest()


async def _write(file: BinaryIO, update: Callable[[bytes], object], batch: list[bytes]) -> None:
    try:
        # Hashing runs in the thread too: hashlib releases the GIL on large buffers.
        await asyncio.to_thread(_write_batch, file, update, batch)
    except OSError as error:
        raise WriteFailed(error) from error


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return folded.replace('"', "_").replace("\\", "_").strip(" .")


def content_disposition(filename: str | None, content_type: str) -> str:
    """``attachment`` under the sanitised name when one is given (RFC 6266, with an ASCII
    fallback for old clients); otherwise ``inline`` for types a browser shows safely."""
    if filename is None:
        return "inline" if content_type in INLINE_TYPES else "attachment"
    name = safe_filename(filename)
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    fallback = _ascii(stem) or DEFAULT_FILENAME
    if extension and (ascii_extension := _ascii(extension)):
        fallback = f"{fallback}.{ascii_extension}"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


class BlobChunks:
    """A blob's bytes as an async iterator of chunks, each read in a worker thread.

    Not an async generator: one that is dropped before its first chunk never runs its
    ``finally``, which would leak an open file or a pooled connection. This closes its source
    when exhausted, on a read error, on ``aclose()``, or when garbage-collected unread.
    """

    def __init__(self, read: Callable[[], bytes], close: Callable[[], object]) -> None:
        self._read = read
        self._close = close
        self._closed = False

    def __aiter__(self) -> "BlobChunks":
        return self

    async def __anext__(self) -> bytes:
        if self._closed:
            raise StopAsyncIteration
        try:
            chunk = await asyncio.to_thread(self._read)
        except BaseException:
            self.close()
            raise
        if not chunk:
            self.close()
            raise StopAsyncIteration
        return chunk

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._close()

    async def aclose(self) -> None:
        self.close()

    def __del__(self) -> None:
        self.close()
