"""Downloads of locally stored files through signed links: GET /files/{key}.

The link's signature is the access control (whoever holds an unexpired link may download), so
the route is public. Object stores serve their own presigned links and need no route here.

A single byte range (``Range: bytes=a-b``, ``a-`` or ``-n``) is answered with 206 and just
those bytes, which is how a browser seeks in a video without downloading all of it.
"""

import re
from collections.abc import AsyncIterator
from typing import Annotated, Any, Protocol

from litestar import Request, get
from litestar.exceptions import HTTPException
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, QueryParameter
from litestar.response import Stream

from adapters.http.access import PUBLIC, policy
from adapters.http.errors import error_responses
from adapters.storage.common import content_disposition
from edu_core.domain.files import BlobNotFound, safe_filename
from edu_core.ports.storage import StoredBlob

# Browsers may reuse a download for this long at most, and never past the link's expiry.
MAX_CACHE_SECONDS = 3600
RANGE_CHUNK = 1024 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class RangeNotSatisfiable(HTTPException):
    status_code = 416


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The (first, last) byte of a single ``Range`` header, inclusive; None to send the whole
    file (no header, or a form not supported here: several ranges, other units)."""
    if header is None:
        return None
    match = _RANGE.fullmatch(header.strip())
    if match is None or (not match.group(1) and not match.group(2)):
        return None
    first_text, last_text = match.groups()
    if not first_text:  # the last n bytes
        length = int(last_text)
        if length == 0:
            raise RangeNotSatisfiable(detail="The range is empty.",
                                      headers={"Content-Range": f"bytes */{size}"})
        return max(0, size - length), size - 1
    first = int(first_text)
    last = min(int(last_text), size - 1) if last_text else size - 1
    if first >= size or last < first:
        raise RangeNotSatisfiable(detail="The range is outside the file.",
                                  headers={"Content-Range": f"bytes */{size}"})
    return first, last


class SignedBlobStorage(Protocol):
    """What the route needs: ``LocalBlobStorage`` provides it."""

    def verify(self, key: str, expires: str | int | None, sig: str | None,
               filename: str | None = None) -> int: ...

    async def stat(self, key: str) -> StoredBlob | None: ...

    async def open(self, key: str) -> AsyncIterator[bytes]: ...

    async def read_range(self, key: str, offset: int, length: int) -> bytes: ...


async def _range_chunks(storage: SignedBlobStorage, key: str, first: int,
                        last: int) -> AsyncIterator[bytes]:
    position = first
    while position <= last:
        chunk = await storage.read_range(key, position, min(RANGE_CHUNK, last + 1 - position))
        if not chunk:
            return
        position += len(chunk)
        yield chunk


def files_controller(storage: SignedBlobStorage, *, path: str = "/files",
                     max_cache_seconds: int = MAX_CACHE_SECONDS) -> list[HTTPRouteHandler]:
    """Route handlers serving ``storage``'s signed links (``path`` must match the storage's)."""

    @get(
        f"{path.rstrip('/')}/{{key:path}}",
        operation_id="downloadFile",
        summary="Download a file through a signed link",
        description="Links are issued by the API (e.g. for a mentor's verification document) "
        "and expire; the query string is part of the signature. `403 invalid_signature` for "
        "an altered link, `403 link_expired` once it has expired.",
        tags=["Files"],
        # No handler-level media type: it would override the blob's own on the Stream.
        media_type=None,
        responses={**error_responses(403, 404, 416),
                   200: ResponseSpec(data_container=bytes, media_type="application/octet-stream",
                                     description="The file, with its stored content type."),
                   206: ResponseSpec(data_container=bytes, media_type="application/octet-stream",
                                     description="The byte range asked for in `Range`.")},
        **policy(PUBLIC),
    )
    async def download_file(
        request: Request[Any, Any, Any],
        key: FromPath[str],
        expires: Annotated[str | None, QueryParameter(
            description="Expiry of the link, unix seconds.", max_length=20)] = None,
        sig: Annotated[str | None, QueryParameter(
            description="Signature of the link.", max_length=128)] = None,
        filename: Annotated[str | None, QueryParameter(
            description="Offer the file as an attachment under this name.",
            max_length=512)] = None,
    ) -> Stream:
        key = key.removeprefix("/")
        seconds_left = storage.verify(key, expires, sig, filename)
        blob = await storage.stat(key)
        if blob is None:
            raise BlobNotFound()
        name = None if filename is None else safe_filename(filename)
        headers: dict[str, Any] = {
            "Content-Length": str(blob.size),
            "Content-Disposition": content_disposition(name, blob.content_type),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": f"private, max-age={max(0, min(seconds_left, max_cache_seconds))}",
            "Accept-Ranges": "bytes",
        }
        wanted = parse_range(request.headers.get("range"), blob.size)
        if wanted is not None:
            first, last = wanted
            headers["Content-Length"] = str(last + 1 - first)
            headers["Content-Range"] = f"bytes {first}-{last}/{blob.size}"
            return Stream(_range_chunks(storage, key, first, last), status_code=206,
                          media_type=blob.content_type, headers=headers)
        chunks = await storage.open(key)
        return Stream(chunks, media_type=blob.content_type, headers=headers)

    return [download_file]
