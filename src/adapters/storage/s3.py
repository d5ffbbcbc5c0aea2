"""Blobs in an S3-compatible object store (MinIO, AWS S3, ...) through the ``minio`` SDK.

The SDK is synchronous, so each call runs in a worker thread.

Uploads are first spooled to a temporary file (in memory up to ``SPOOL_MEMORY_BYTES``, then
on disk) and then sent with their length known, instead of being piped into an open-ended
multipart upload as they arrive:

* the size limit is enforced before a byte reaches the store, so a refused upload leaves no
  partial multipart upload behind (those linger, and are billed, until aborted);
* the checksum is known before the upload starts, so it is stored as object metadata
  (``x-amz-meta-sha256``) and ``stat`` can return it without reading the object;
* the SDK reads the file one part at a time, so memory stays at about two parts whatever the
  file size (it still holds the previous part while reading the next: hence the smallest part
  S3 accepts as the default), and files up to one part go up in a single PUT.

Multipart uploads (video) use the SDK's private multipart calls (``_create_multipart_upload``,
``_list_parts``, ...; the public API has none, hence the pinned ``minio`` version): clients PUT
their parts straight to presigned UploadPart links, so the bytes never pass through the API.

The price is local disk for the duration of one upload and a second pass over the bytes, which
is cheap for the sizes allowed here (tens of megabytes).
"""

import asyncio
import os
import tempfile
import threading
from collections.abc import AsyncIterable, AsyncIterator, Iterator
from datetime import timedelta
from typing import BinaryIO, cast
from urllib.parse import urlsplit

import certifi
import urllib3
from minio import Minio
from minio.datatypes import Part
from minio.error import MinioException, S3Error
from urllib3.util import Retry, Timeout

from adapters.storage.common import (
    CHUNK_SIZE,
    BlobChunks,
    WriteFailed,
    check_lifetime,
    check_put_arguments,
    content_disposition,
    spool,
)
from edu_core.domain.errors import ServiceUnavailable
from edu_core.domain.files import BlobNotFound, FileTooLarge, check_blob_key
from edu_core.ports.storage import PartTarget, StoredBlob, StoredPart

SPOOL_MEMORY_BYTES = 1024 * 1024
DEFAULT_PART_SIZE = 5 * 1024 * 1024
_SHA256_HEADER = "x-amz-meta-sha256"
_MISSING = frozenset({"NoSuchKey", "NoSuchObject", "NotFound", "NoSuchBucket"})
_NO_UPLOAD = frozenset({"NoSuchUpload", "NoSuchBucket"})
_TRANSPORT_ERRORS = (MinioException, urllib3.exceptions.HTTPError, OSError)


def _split_endpoint(endpoint: str, secure: bool) -> tuple[str, bool]:
    """``host:port`` as the SDK wants it; a URL's scheme, when given, decides ``secure``."""
    if "://" not in endpoint:
        return endpoint.strip("/"), secure
    parts = urlsplit(endpoint)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.path.strip("/"):
        raise ValueError("the S3 endpoint is host[:port] or http(s)://host[:port]")
    return parts.netloc, parts.scheme == "https"


class S3BlobStorage:
    """``BlobStorage`` in one bucket (created on first use when missing)."""

    def __init__(self, endpoint: str, access_key: str, secret_key: str, bucket: str, *,
                 secure: bool = True, region: str = "us-east-1",
                 public_endpoint: str | None = None, part_size: int = DEFAULT_PART_SIZE,
                 timeout_seconds: float = 10.0, retries: int = 2,
                 spool_dir: str | None = None) -> None:
        host, secure = _split_endpoint(endpoint, secure)
        self._where = host
        self._bucket = bucket
        self._part_size = part_size
        self._spool_dir = spool_dir
        # The SDK's own pool waits five minutes and retries five times: a store that is down
        # would hold every upload, download and readiness probe for that long.
        self._http = http = urllib3.PoolManager(
            timeout=Timeout(connect=timeout_seconds, read=max(timeout_seconds, 30.0)),
            maxsize=16, cert_reqs="CERT_REQUIRED",
            ca_certs=os.environ.get("SSL_CERT_FILE") or certifi.where(),
            retries=Retry(total=retries, backoff_factor=0.2,
                          status_forcelist=[500, 502, 503, 504]))
        # A region given up front spares the SDK a GetBucketLocation round trip per link.
        self._client = Minio(host, access_key=access_key, secret_key=secret_key, secure=secure,
                             region=region, http_client=http)
        if public_endpoint:
            # Links are signed for the host browsers reach; signing needs no connection.
            public_host, public_secure = _split_endpoint(public_endpoint, secure)
            self._signer = Minio(public_host, access_key=access_key, secret_key=secret_key,
                                 secure=public_secure, region=region)
        else:
            self._signer = self._client
        self._bucket_ready = False
        self._bucket_lock = threading.Lock()

    def _failure(self, action: str, error: BaseException) -> ServiceUnavailable:
        reason = error.code if isinstance(error, S3Error) else type(error).__name__
        return ServiceUnavailable(f"Object storage could not {action}.",
                                  internal=f"{self._where}: {reason}")

    # ---- bucket -----------------------------------------------------------------------------

    def _ensure_bucket(self) -> None:
        if self._bucket_ready:
            return
        with self._bucket_lock:
            if self._bucket_ready:
                return
            if not self._client.bucket_exists(self._bucket):
                try:
                    self._client.make_bucket(self._bucket)
                except S3Error as error:
                    if error.code != "BucketAlreadyOwnedByYou":
                        raise
            self._bucket_ready = True

    def _probe(self) -> None:
        if not self._client.bucket_exists(self._bucket):
            self._bucket_ready = False  # removed behind our back: make it again
        self._ensure_bucket()

    async def check(self) -> None:
        try:
            await asyncio.to_thread(self._probe)
        except _TRANSPORT_ERRORS as error:
            raise self._failure("be reached", error) from error

    # ---- writing ----------------------------------------------------------------------------

    def _upload(self, key: str, file: BinaryIO, size: int, content_type: str,
                sha256: str) -> None:
        # This thread owns the file from here on: a cancelled caller must not close it under
        # the SDK's feet (the upload still finishes or fails on its own).
        try:
            self._ensure_bucket()
            file.seek(0)
            self._client.put_object(self._bucket, key, file, length=size,
                                    content_type=content_type, metadata={"sha256": sha256},
                                    part_size=self._part_size, num_parallel_uploads=1)
        finally:
            file.close()

    async def put(self, key: str, chunks: AsyncIterable[bytes], *, content_type: str,
                  max_bytes: int) -> StoredBlob:
        content_type = check_put_arguments(key, content_type, max_bytes)
        # Not a `with` block: once handed to the upload thread, that thread closes it.
        spooled = cast(BinaryIO, tempfile.SpooledTemporaryFile(  # noqa: SIM115
            max_size=SPOOL_MEMORY_BYTES, dir=self._spool_dir))
        try:
            size, sha256 = await spool(chunks, spooled, max_bytes=max_bytes)
        except WriteFailed as failure:
            spooled.close()
            raise self._failure("stage the file", failure.error) from failure.error
        except BaseException:
            spooled.close()
            raise
        try:
            await asyncio.to_thread(self._upload, key, spooled, size, content_type, sha256)
        except _TRANSPORT_ERRORS as error:
            raise self._failure("store the file", error) from error
        return StoredBlob(key=key, size=size, sha256=sha256, content_type=content_type)

    # ---- reading ----------------------------------------------------------------------------

    async def stat(self, key: str) -> StoredBlob | None:
        check_blob_key(key)
        try:
            info = await asyncio.to_thread(self._client.stat_object, self._bucket, key)
        except S3Error as error:
            if error.code in _MISSING:
                return None
            raise self._failure("read the file", error) from error
        except _TRANSPORT_ERRORS as error:
            raise self._failure("read the file", error) from error
        metadata = info.metadata or {}
        return StoredBlob(key=key, size=int(info.size or 0),
                          sha256=str(metadata.get(_SHA256_HEADER, "")),
                          content_type=info.content_type or "application/octet-stream")

    async def open(self, key: str) -> AsyncIterator[bytes]:
        check_blob_key(key)
        try:
            response = await asyncio.to_thread(self._client.get_object, self._bucket, key)
        except S3Error as error:
            if error.code in _MISSING:
                raise BlobNotFound(details={"key": key}) from error
            raise self._failure("read the file", error) from error
        except _TRANSPORT_ERRORS as error:
            raise self._failure("read the file", error) from error
        parts: Iterator[bytes] = response.stream(CHUNK_SIZE)

        def read() -> bytes:
            try:
                return next(parts, b"")
            except _TRANSPORT_ERRORS as error:
                raise self._failure("read the file", error) from error

        def close() -> None:
            response.close()
            response.release_conn()

        return BlobChunks(read, close)

    async def delete(self, key: str) -> None:
        check_blob_key(key)
        try:
            await asyncio.to_thread(self._client.remove_object, self._bucket, key)
        except S3Error as error:
            if error.code not in _MISSING:
                raise self._failure("delete the file", error) from error
        except _TRANSPORT_ERRORS as error:
            raise self._failure("delete the file", error) from error

    async def read_range(self, key: str, offset: int, length: int) -> bytes:
        check_blob_key(key)
        if offset < 0 or length < 0:
            raise ValueError("offset and length are >= 0")
        if length == 0:
            return b""

        def read() -> bytes:
            response = self._client.get_object(self._bucket, key, offset=offset, length=length)
            try:
                return bytes(response.read())
            finally:
                response.close()
                response.release_conn()

        try:
            return await asyncio.to_thread(read)
        except S3Error as error:
            if error.code in _MISSING:
                raise BlobNotFound(details={"key": key}) from error
            if error.code == "InvalidRange":  # starts at or past the end
                return b""
            raise self._failure("read the file", error) from error
        except _TRANSPORT_ERRORS as error:
            raise self._failure("read the file", error) from error

    # ---- multipart uploads ------------------------------------------------------------------

    def _multipart_error(self, action: str, upload_id: str, error: BaseException) -> Exception:
        if isinstance(error, S3Error) and error.code in _NO_UPLOAD:
            return BlobNotFound(details={"upload_id": upload_id})
        return self._failure(action, error)

    async def create_multipart(self, key: str, *, content_type: str) -> str:
        content_type = check_put_arguments(key, content_type, 0)

        def create() -> str:
            self._ensure_bucket()
            return self._client._create_multipart_upload(
                self._bucket, key, {"Content-Type": content_type})

        try:
            return await asyncio.to_thread(create)
        except _TRANSPORT_ERRORS as error:
            raise self._failure("start the upload", error) from error

    async def sign_part(self, key: str, upload_id: str, number: int, *,
                        expires_in: timedelta) -> PartTarget | None:
        check_blob_key(key)
        check_lifetime(expires_in)
        try:
            url = await asyncio.to_thread(
                self._signer.get_presigned_url, "PUT", self._bucket, key, expires=expires_in,
                extra_query_params={"uploadId": upload_id, "partNumber": str(number)})
        except _TRANSPORT_ERRORS as error:
            raise self._failure("sign a link", error) from error
        return PartTarget(url=url, method="PUT", headers={})

    async def put_part(self, key: str, upload_id: str, number: int,
                       chunks: AsyncIterable[bytes], *, max_bytes: int) -> StoredPart:
        """Parts normally go straight from the client to the store; this path (tools, tests)
        holds one part in memory, which ``max_bytes`` bounds."""
        check_blob_key(key)
        data = bytearray()
        async for chunk in chunks:
            data += chunk
            if len(data) > max_bytes:
                raise FileTooLarge(max_bytes=max_bytes)
        try:
            etag = await asyncio.to_thread(self._client._upload_part, self._bucket, key,
                                           bytes(data), None, upload_id, number)
        except _TRANSPORT_ERRORS as error:
            raise self._multipart_error("store the part", upload_id, error) from error
        return StoredPart(number=number, size=len(data), etag=etag.strip('"'))

    async def list_parts(self, key: str, upload_id: str) -> list[StoredPart]:
        check_blob_key(key)

        def list_all() -> list[StoredPart]:
            parts: list[StoredPart] = []
            marker: str | None = None
            while True:
                result = self._client._list_parts(self._bucket, key, upload_id,
                                                  max_parts=1000, part_number_marker=marker)
                parts += [StoredPart(number=p.part_number, size=int(p.size or 0),
                                     etag=p.etag.strip('"')) for p in result.parts]
                if not result.is_truncated or not result.next_part_number_marker:
                    return parts
                marker = result.next_part_number_marker

        try:
            return await asyncio.to_thread(list_all)
        except _TRANSPORT_ERRORS as error:
            raise self._multipart_error("list the parts", upload_id, error) from error

    async def complete_multipart(self, key: str, upload_id: str,
                                 parts: list[StoredPart]) -> StoredBlob:
        check_blob_key(key)
        try:
            await asyncio.to_thread(
                self._client._complete_multipart_upload, self._bucket, key, upload_id,
                [Part(p.number, p.etag) for p in parts])
        except _TRANSPORT_ERRORS as error:
            raise self._multipart_error("join the parts", upload_id, error) from error
        blob = await self.stat(key)
        if blob is None:
            raise self._failure("join the parts", LookupError(key))
        return blob

    async def abort_multipart(self, key: str, upload_id: str) -> None:
        check_blob_key(key)
        try:
            await asyncio.to_thread(self._client._abort_multipart_upload, self._bucket, key,
                                    upload_id)
        except S3Error as error:
            if error.code not in _NO_UPLOAD:
                raise self._failure("abort the upload", error) from error
        except _TRANSPORT_ERRORS as error:
            raise self._failure("abort the upload", error) from error

    # ---- links ------------------------------------------------------------------------------

    async def signed_url(self, key: str, *, expires_in: timedelta,
                         filename: str | None = None) -> str:
        check_blob_key(key)
        check_lifetime(expires_in)
        headers: dict[str, str | list[str] | tuple[str]] | None = None
        if filename is not None:
            headers = {"response-content-disposition":
                       content_disposition(filename, "application/octet-stream")}
        try:
            return await asyncio.to_thread(self._signer.presigned_get_object, self._bucket, key,
                                           expires=expires_in, response_headers=headers)
        except _TRANSPORT_ERRORS as error:
            raise self._failure("sign a link", error) from error

    def close(self) -> None:
        self._http.clear()
