"""Downloads of locally stored files through signed links: GET /files/{key}.

The link's signature is the access control (whoever holds an unexpired link may download), so
the route is public. Object stores serve their own presigned links and need no route here.
"""

from collections.abc import AsyncIterator
from typing import Annotated, Any, Protocol

from litestar import get
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


class SignedBlobStorage(Protocol):
    """What the route needs: ``LocalBlobStorage`` provides it."""

    def verify(self, key: str, expires: str | int | None, sig: str | None,
               filename: str | None = None) -> int: ...

    async def stat(self, key: str) -> StoredBlob | None: ...

    async def open(self, key: str) -> AsyncIterator[bytes]: ...


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
        responses={**error_responses(403, 404),
                   200: ResponseSpec(data_container=bytes, media_type="application/octet-stream",
                                     description="The file, with its stored content type.")},
        **policy(PUBLIC),
    )
    async def download_file(
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
        chunks = await storage.open(key)
        name = None if filename is None else safe_filename(filename)
        headers: dict[str, Any] = {
            "Content-Length": str(blob.size),
            "Content-Disposition": content_disposition(name, blob.content_type),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": f"private, max-age={max(0, min(seconds_left, max_cache_seconds))}",
        }
        return Stream(chunks, media_type=blob.content_type, headers=headers)

    return [download_file]
