"""Blobs on the local disk (``var/blobs``), downloaded through the app's own ``/files`` route.

Each blob is one file: a fixed-size header (content type, size, checksum) followed by the bytes,
so a single atomic rename publishes data and metadata together and an overwrite can never pair
new bytes with old metadata. Files are spread over two levels of directories named after a hash
of the key, so no directory grows past a few thousand entries.

Multipart uploads (video) stage their parts as files under ``<root>/.multipart/<upload id>/``:
each part is written to a temporary file and renamed into place, so a part is either absent or
whole, and completing streams the parts in order into the blob like any ``put``.

Signed links carry ``expires`` (unix seconds) and an HMAC-SHA256 over key, expiry and the
optional download name; the route checks them with ``verify``.
"""

import asyncio
import base64
import contextlib
import hashlib
import hmac
import json
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterable, AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote, urlencode

from adapters.security.clock import SystemClock
from adapters.storage.common import (
    CHUNK_SIZE,
    BlobChunks,
    WriteFailed,
    check_lifetime,
    check_put_arguments,
    spool,
)
from edu_core.domain.errors import ServiceUnavailable
from edu_core.domain.files import (
    BlobNotFound,
    InvalidBlobKey,
    InvalidSignature,
    LinkExpired,
    check_blob_key,
    safe_filename,
)
from edu_core.ports.clock import Clock
from edu_core.ports.storage import PartTarget, StoredBlob, StoredPart

HEADER_SIZE = 512
_MAGIC = b"edu-blob/1\n"
_LINK_CONTEXT = b"edu-blob-link/1"
MIN_SIGNING_KEY_BYTES = 32
MULTIPART_DIR = ".multipart"
_UPLOAD_ID = re.compile(r"^[0-9a-f]{32}$")
_PART_FILE = re.compile(r"^(\d{5})\.part$")
MAX_PART_NUMBER = 10_000


def _unavailable(action: str, error: OSError) -> ServiceUnavailable:
    # The message reaches API clients: the OS reason, never the server's paths.
    return ServiceUnavailable(f"File storage could not {action}: "
                              f"{error.strerror or type(error).__name__}.")


def _encode_header(blob: StoredBlob) -> bytes:
    meta = json.dumps({"content_type": blob.content_type, "size": blob.size,
                       "sha256": blob.sha256}, separators=(",", ":")).encode()
    header = _MAGIC + meta + b"\n"
    if len(header) > HEADER_SIZE:
        raise ValueError("blob metadata does not fit the header")
    return header.ljust(HEADER_SIZE, b" ")


def _decode_header(key: str, raw: bytes) -> StoredBlob:
    try:
        if len(raw) != HEADER_SIZE or not raw.startswith(_MAGIC):
            raise ValueError("no blob header")
        meta = json.loads(raw[len(_MAGIC):])
        return StoredBlob(key=key, size=int(meta["size"]), sha256=str(meta["sha256"]),
                          content_type=str(meta["content_type"]))
    except (ValueError, KeyError, TypeError) as error:
        raise ServiceUnavailable("A stored file is damaged.") from error


class LocalBlobStorage:
    """``BlobStorage`` in a directory; links point at ``{base_url}{route}/{key}``."""

    def __init__(self, root: Path, signing_key: bytes, base_url: str, *,
                 route: str = "/files", clock: Clock | None = None) -> None:
        if len(signing_key) < MIN_SIGNING_KEY_BYTES:
            raise ValueError(f"the signing key needs at least {MIN_SIGNING_KEY_BYTES} bytes")
        self._root = Path(root)
        # A key of its own, so links cannot be replayed as any other HMAC the secret signs.
        self._link_key = hmac.new(signing_key, _LINK_CONTEXT, hashlib.sha256).digest()
        self._base_url = base_url.rstrip("/")
        self._route = "/" + route.strip("/")
        self._clock: Clock = clock or SystemClock()

    @property
    def root(self) -> Path:
        return self._root

    def _path(self, key: str) -> Path:
        check_blob_key(key)
        digest = hashlib.sha256(key.encode()).hexdigest()
        # '+' never occurs in a key, so flattening the key's '/' cannot make two keys collide.
        return self._root / digest[:2] / digest[2:4] / (key.replace("/", "+") + ".blob")

    # ---- writing ----------------------------------------------------------------------------

    def _start(self, directory: Path) -> tuple[BinaryIO, Path]:
        directory.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=directory, prefix=".upload-", suffix=".tmp")
        file = os.fdopen(fd, "wb")
        file.write(b"\0" * HEADER_SIZE)
        return file, Path(name)

    @staticmethod
    def _publish(file: BinaryIO, temp: Path, path: Path, blob: StoredBlob) -> None:
        file.seek(0)
        file.write(_encode_header(blob))
        file.close()
        os.replace(temp, path)

    @staticmethod
    def _discard(file: BinaryIO, temp: Path) -> None:
        file.close()
        temp.unlink(missing_ok=True)

    async def put(self, key: str, chunks: AsyncIterable[bytes], *, content_type: str,
                  max_bytes: int) -> StoredBlob:
        content_type = check_put_arguments(key, content_type, max_bytes)
        path = self._path(key)
        try:
            file, temp = await asyncio.to_thread(self._start, path.parent)
        except OSError as error:
            raise _unavailable("store the file", error) from error
        try:
            size, sha256 = await spool(chunks, file, max_bytes=max_bytes)
            blob = StoredBlob(key=key, size=size, sha256=sha256, content_type=content_type)
            try:
                await asyncio.to_thread(self._publish, file, temp, path, blob)
            except OSError as error:
                raise WriteFailed(error) from error
        except WriteFailed as failure:
            self._discard(file, temp)
            raise _unavailable("store the file", failure.error) from failure.error
        except BaseException:
            # Synchronous on purpose: a cancelled upload must still remove its partial file.
            self._discard(file, temp)
            raise
        return blob

    # ---- reading ----------------------------------------------------------------------------

    @staticmethod
    def _open(key: str, path: Path) -> tuple[BinaryIO, StoredBlob]:
        file = path.open("rb")
        try:
            return file, _decode_header(key, file.read(HEADER_SIZE))
        except BaseException:
            file.close()
            raise

    async def open(self, key: str) -> AsyncIterator[bytes]:
        path = self._path(key)
        try:
            file, _ = await asyncio.to_thread(self._open, key, path)
        except FileNotFoundError as error:
            raise BlobNotFound(details={"key": key}) from error
        except OSError as error:
            raise _unavailable("read the file", error) from error
        # Opened before the first chunk is asked for: a delete in between (the directory entry
        # goes, the open file stays) cannot cut a download short.
        return BlobChunks(lambda: file.read(CHUNK_SIZE), file.close)

    @staticmethod
    def _stat(key: str, path: Path) -> StoredBlob | None:
        try:
            with path.open("rb") as file:
                return _decode_header(key, file.read(HEADER_SIZE))
        except FileNotFoundError:
            return None

    async def stat(self, key: str) -> StoredBlob | None:
        path = self._path(key)
        try:
            return await asyncio.to_thread(self._stat, key, path)
        except OSError as error:
            raise _unavailable("read the file", error) from error

    @staticmethod
    def _read_range(key: str, path: Path, offset: int, length: int) -> bytes:
        with path.open("rb") as file:
            blob = _decode_header(key, file.read(HEADER_SIZE))
            if offset >= blob.size:
                return b""
            file.seek(HEADER_SIZE + offset)
            return file.read(min(length, blob.size - offset))

    async def read_range(self, key: str, offset: int, length: int) -> bytes:
        path = self._path(key)
        if offset < 0 or length < 0:
            raise ValueError("offset and length are >= 0")
        try:
            return await asyncio.to_thread(self._read_range, key, path, offset, length)
        except FileNotFoundError as error:
            raise BlobNotFound(details={"key": key}) from error
        except OSError as error:
            raise _unavailable("read the file", error) from error

    async def delete(self, key: str) -> None:
        path = self._path(key)
        try:
            await asyncio.to_thread(path.unlink, missing_ok=True)
        except OSError as error:
            raise _unavailable("delete the file", error) from error

    # ---- links ------------------------------------------------------------------------------

    def _signature(self, key: str, expires: int, filename: str | None) -> str:
        name = "0" if filename is None else "1" + filename
        message = f"{key}\n{expires}\n{name}".encode()
        mac = hmac.new(self._link_key, message, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).rstrip(b"=").decode("ascii")

    def _now(self) -> int:
        return int(self._clock.now().timestamp())

    async def signed_url(self, key: str, *, expires_in: timedelta,
                         filename: str | None = None) -> str:
        check_blob_key(key)
        check_lifetime(expires_in)
        expires = self._now() + int(expires_in.total_seconds())
        name = None if filename is None else safe_filename(filename)
        query = {"expires": str(expires), "sig": self._signature(key, expires, name)}
        if name is not None:
            query["filename"] = name
        return f"{self._base_url}{self._route}/{key}?{urlencode(query, quote_via=quote)}"

    def verify(self, key: str, expires: str | int | None, sig: str | None,
               filename: str | None = None) -> int:
        """Check a link's parameters and return how many seconds it stays valid. The signature
        is checked first, so an edited expiry is reported as tampering, not as expired."""
        text = str(expires) if expires is not None else ""
        try:
            check_blob_key(key)
        except InvalidBlobKey as error:
            raise InvalidSignature() from error
        if not text.isascii() or not text.isdigit() or str(int(text)) != text or not sig:
            raise InvalidSignature()
        expires_at = int(text)
        expected = self._signature(key, expires_at, filename)
        if not hmac.compare_digest(expected.encode("ascii"), sig.encode("utf-8", "replace")):
            raise InvalidSignature()
        seconds_left = expires_at - self._now()
        if seconds_left <= 0:
            raise LinkExpired()
        return seconds_left

    # ---- multipart uploads ------------------------------------------------------------------

    def _staging(self, key: str, upload_id: str) -> Path:
        check_blob_key(key)
        if not isinstance(upload_id, str) or not _UPLOAD_ID.fullmatch(upload_id):
            raise BlobNotFound(details={"upload_id": str(upload_id)[:64]})
        directory = self._root / MULTIPART_DIR / upload_id
        try:
            owner = (directory / "key").read_text()
        except FileNotFoundError:
            raise BlobNotFound(details={"upload_id": upload_id}) from None
        if owner != key:
            raise BlobNotFound(details={"upload_id": upload_id})
        return directory

    def _create(self, key: str, content_type: str) -> str:
        upload_id = uuid.uuid4().hex
        directory = self._root / MULTIPART_DIR / upload_id
        directory.mkdir(parents=True)
        (directory / "content_type").write_text(content_type)
        (directory / "key").write_text(key)  # last: it marks the upload as existing
        return upload_id

    async def create_multipart(self, key: str, *, content_type: str) -> str:
        content_type = check_put_arguments(key, content_type, 0)
        try:
            return await asyncio.to_thread(self._create, key, content_type)
        except OSError as error:
            raise _unavailable("start the upload", error) from error

    async def sign_part(self, key: str, upload_id: str, number: int, *,
                        expires_in: timedelta) -> PartTarget | None:
        await asyncio.to_thread(self._staging, key, upload_id)
        return None  # parts come through the API, which streams them to ``put_part``

    @staticmethod
    def _check_number(number: int) -> None:
        if not 1 <= number <= MAX_PART_NUMBER:
            raise ValueError(f"part numbers run from 1 to {MAX_PART_NUMBER}")

    async def put_part(self, key: str, upload_id: str, number: int,
                       chunks: AsyncIterable[bytes], *, max_bytes: int) -> StoredPart:
        self._check_number(number)
        directory = await asyncio.to_thread(self._staging, key, upload_id)
        try:
            fd, name = await asyncio.to_thread(tempfile.mkstemp, dir=directory,
                                               prefix=".part-", suffix=".tmp")
        except OSError as error:
            raise _unavailable("store the part", error) from error
        temp = Path(name)
        file = os.fdopen(fd, "wb")
        try:
            size, _ = await spool(_md5_tee(chunks, md5 := hashlib.md5(usedforsecurity=False)),
                                  file, max_bytes=max_bytes)
            etag = md5.hexdigest()

            def publish() -> None:
                file.close()
                # The ETag first: a part file that exists always has its ETag beside it.
                (directory / f"{number:05d}.etag").write_text(etag)
                os.replace(temp, directory / f"{number:05d}.part")

            try:
                await asyncio.to_thread(publish)
            except OSError as error:
                raise WriteFailed(error) from error
        except WriteFailed as failure:
            self._discard(file, temp)
            raise _unavailable("store the part", failure.error) from failure.error
        except BaseException:
            self._discard(file, temp)
            raise
        return StoredPart(number=number, size=size, etag=etag)

    @staticmethod
    def _parts(directory: Path) -> list[StoredPart]:
        parts = []
        for entry in os.scandir(directory):
            match = _PART_FILE.fullmatch(entry.name)
            if match is None:
                continue
            number = int(match.group(1))
            etag = (directory / f"{number:05d}.etag").read_text()
            parts.append(StoredPart(number=number, size=entry.stat().st_size, etag=etag))
        return sorted(parts, key=lambda p: p.number)

    async def list_parts(self, key: str, upload_id: str) -> list[StoredPart]:
        directory = await asyncio.to_thread(self._staging, key, upload_id)
        try:
            return await asyncio.to_thread(self._parts, directory)
        except FileNotFoundError as error:  # aborted meanwhile
            raise BlobNotFound(details={"upload_id": upload_id}) from error
        except OSError as error:
            raise _unavailable("list the parts", error) from error

    async def complete_multipart(self, key: str, upload_id: str,
                                 parts: list[StoredPart]) -> StoredBlob:
        directory = await asyncio.to_thread(self._staging, key, upload_id)
        stored = {p.number: p for p in await asyncio.to_thread(self._parts, directory)}
        for part in parts:
            if stored.get(part.number) != part:
                raise BlobNotFound("A part to join is not stored as listed.",
                                   details={"part": part.number})

        async def joined() -> AsyncIterator[bytes]:
            for part in parts:
                with (directory / f"{part.number:05d}.part").open("rb") as file:
                    while chunk := await asyncio.to_thread(file.read, 1024 * 1024):
                        yield chunk

        total = sum(p.size for p in parts)
        blob = await self.put(key, joined(), content_type=await asyncio.to_thread(
            self._content_type_of, directory), max_bytes=total)
        await asyncio.to_thread(shutil.rmtree, directory, True)
        return blob

    @staticmethod
    def _content_type_of(directory: Path) -> str:
        path = directory / "content_type"
        return path.read_text() if path.exists() else "application/octet-stream"

    async def abort_multipart(self, key: str, upload_id: str) -> None:
        try:
            directory = await asyncio.to_thread(self._staging, key, upload_id)
        except BlobNotFound:
            return
        await asyncio.to_thread(shutil.rmtree, directory, True)

    # ---- readiness --------------------------------------------------------------------------

    def _probe(self) -> None:
        self._root.mkdir(parents=True, exist_ok=True)
        probe = self._root / f".probe-{uuid.uuid4().hex}"
        try:
            probe.write_bytes(b"ok")
        finally:
            with contextlib.suppress(OSError):
                probe.unlink()

    async def check(self) -> None:
        try:
            await asyncio.to_thread(self._probe)
        except OSError as error:
            raise _unavailable("write to its directory", error) from error


async def _md5_tee(chunks: AsyncIterable[bytes], md5: "hashlib._Hash") -> AsyncIterator[bytes]:
    # The part's ETag is its MD5, as S3 makes it, so clients treat both stores alike.
    async for chunk in chunks:
        md5.update(chunk)
        yield chunk
