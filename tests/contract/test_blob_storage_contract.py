"""ONE behaviour suite for the BlobStorage port, run against the local disk and a real S3 server.

The S3 server is moto's, started for the session in a child process: in this process its
buffers (it assembles multipart uploads in memory) would be counted by the memory tests.
Tests for what only one adapter has (the local links' ``verify``) follow the shared suite.
"""

import asyncio
import hashlib
import os
import tracemalloc
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from uuid import uuid4

import httpx
import pytest

from adapters.memory.fakes import FakeClock
from adapters.storage.local import LocalBlobStorage
from adapters.storage.s3 import S3BlobStorage
from edu_core.domain.errors import ServiceUnavailable
from edu_core.domain.files import (
    BlobNotFound,
    FileTooLarge,
    InvalidBlobKey,
    InvalidSignature,
    LinkExpired,
    UnsupportedFileType,
)
from edu_core.ports.storage import BlobStorage
from tests.support.s3_server import free_port, s3_endpoint

__all__ = ["s3_endpoint"]  # the fixture, shared with the app-level S3 tests

SIGNING_KEY = b"k" * 32
BASE_URL = "https://mentora.test"
CHUNK = 64 * 1024
MB = 1024 * 1024

def make_s3(endpoint: str, bucket: str | None = None, **kw: object) -> S3BlobStorage:
    return S3BlobStorage(endpoint, "testing", "testing", bucket or f"edu-{uuid4().hex[:16]}",
                         secure=False, **kw)  # type: ignore[arg-type]


@dataclass
class Backend:
    name: str
    storage: BlobStorage
    download: Callable[[str], Awaitable[bytes]]
    unreachable: Callable[[], BlobStorage]


async def read_all(chunks: AsyncIterator[bytes]) -> bytes:
    return b"".join([c async for c in chunks])


@pytest.fixture(params=["local", "s3"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    if request.param == "local":
        local = LocalBlobStorage(tmp_path / "blobs", SIGNING_KEY, BASE_URL)

        async def fetch_local(url: str) -> bytes:
            # What the /files route does with a link.
            parts = urlsplit(url)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            key = parts.path.removeprefix("/files/")
            local.verify(key, query.get("expires"), query.get("sig"), query.get("filename"))
            return await read_all(await local.open(key))

        def broken_local() -> BlobStorage:
            blocker = tmp_path / "not-a-directory"
            blocker.write_bytes(b"")
            return LocalBlobStorage(blocker / "blobs", SIGNING_KEY, BASE_URL)

        return Backend("local", local, fetch_local, broken_local)

    endpoint = request.getfixturevalue("s3_endpoint")

    async def fetch_s3(url: str) -> bytes:
        async with httpx.AsyncClient() as client:
            response = await client.get(url)
        assert response.status_code == 200, response.text
        return response.content

    def broken_s3() -> BlobStorage:
        # Nothing listens there once the probe socket is closed.
        return make_s3(f"127.0.0.1:{free_port()}", timeout_seconds=0.5, retries=0)

    return Backend("s3", make_s3(endpoint), fetch_s3, broken_s3)


@pytest.fixture
def storage(backend: Backend) -> BlobStorage:
    return backend.storage


def key() -> str:
    token = uuid4().hex
    return f"test/{token[:2]}/{token}"


async def chunks_of(data: bytes, size: int = CHUNK) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start:start + size]


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---- round trips ----------------------------------------------------------------------------


async def test_a_small_blob_round_trips(storage: BlobStorage) -> None:
    k = key()
    data = b"%PDF-1.7 tiny"
    stored = await storage.put(k, chunks_of(data, 3), content_type="application/pdf",
                               max_bytes=1024)
    assert (stored.key, stored.size, stored.sha256, stored.content_type) == (
        k, len(data), sha(data), "application/pdf")
    assert await storage.stat(k) == stored
    assert await read_all(await storage.open(k)) == data


async def test_a_12_mb_blob_streams_in_and_out(storage: BlobStorage) -> None:
    k = key()
    data = os.urandom(12 * MB + 12345)
    stored = await storage.put(k, chunks_of(data), content_type="application/octet-stream",
                               max_bytes=20 * MB)
    assert (stored.size, stored.sha256) == (len(data), sha(data))
    assert await storage.stat(k) == stored
    received = [c async for c in await storage.open(k)]
    assert len(received) > 1  # streamed, not handed over whole
    assert b"".join(received) == data


async def test_empty_and_irregular_chunks(storage: BlobStorage) -> None:
    async def odd() -> AsyncIterator[bytes]:
        for piece in (b"", b"a", b"", b"bc" * 50_000, b"d"):
            yield piece

    k = key()
    stored = await storage.put(k, odd(), content_type="text/plain", max_bytes=MB)
    expected = b"a" + b"bc" * 50_000 + b"d"
    assert (stored.size, stored.sha256) == (len(expected), sha(expected))
    assert await read_all(await storage.open(k)) == expected

    empty = key()
    nothing = await storage.put(empty, chunks_of(b""), content_type="text/plain", max_bytes=0)
    assert (nothing.size, nothing.sha256) == (0, sha(b""))
    assert await storage.stat(empty) == nothing
    assert await read_all(await storage.open(empty)) == b""


async def test_concurrent_uploads_do_not_mix(storage: BlobStorage) -> None:
    blobs = {key(): os.urandom(300_000 + i) for i in range(6)}
    await asyncio.gather(*(storage.put(k, chunks_of(v), content_type="image/png",
                                       max_bytes=MB) for k, v in blobs.items()))
    for k, v in blobs.items():
        assert await read_all(await storage.open(k)) == v


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts descriptors in /proc")
async def test_closing_a_stream_early_releases_its_file_or_connection(
        storage: BlobStorage) -> None:
    k = key()
    await storage.put(k, chunks_of(b"x" * (3 * CHUNK)), content_type="text/plain", max_bytes=MB)
    await storage.stat(k)  # a pooled connection, if any, exists before counting
    before = open_descriptors()
    streams = [await storage.open(k) for _ in range(5)]
    assert await anext(streams[0]) == b"x" * CHUNK
    assert open_descriptors() > before
    for stream in streams:  # read partly or not at all
        await stream.aclose()  # type: ignore[attr-defined]
    assert open_descriptors() <= before
    assert [c async for c in streams[0]] == []


# ---- missing, deleting, overwriting ---------------------------------------------------------


async def test_a_missing_blob(storage: BlobStorage) -> None:
    k = key()
    assert await storage.stat(k) is None
    with pytest.raises(BlobNotFound) as caught:
        await storage.open(k)
    assert caught.value.code == "file_not_found"
    await storage.delete(k)  # not an error


async def test_delete_removes_the_blob(storage: BlobStorage) -> None:
    k = key()
    await storage.put(k, chunks_of(b"bye"), content_type="text/plain", max_bytes=10)
    await storage.delete(k)
    assert await storage.stat(k) is None
    with pytest.raises(BlobNotFound):
        await storage.open(k)
    await storage.delete(k)


async def test_put_replaces_an_existing_blob(storage: BlobStorage) -> None:
    k = key()
    await storage.put(k, chunks_of(b"first version"), content_type="text/plain", max_bytes=100)
    second = await storage.put(k, chunks_of(b"second"), content_type="image/png", max_bytes=100)
    assert await storage.stat(k) == second
    assert second.content_type == "image/png"
    assert await read_all(await storage.open(k)) == b"second"


# ---- the size limit -------------------------------------------------------------------------


async def test_exceeding_max_bytes_stores_nothing_and_stops_reading(
        storage: BlobStorage) -> None:
    consumed = 0

    async def endless() -> AsyncIterator[bytes]:
        nonlocal consumed
        while True:
            consumed += 1
            yield b"z" * CHUNK

    k = key()
    with pytest.raises(FileTooLarge) as caught:
        await storage.put(k, endless(), content_type="application/pdf", max_bytes=6 * MB)
    assert caught.value.code == "file_too_large"
    assert caught.value.details == {"max_bytes": 6 * MB}
    assert consumed == 6 * MB // CHUNK + 1
    assert await storage.stat(k) is None
    with pytest.raises(BlobNotFound):
        await storage.open(k)


async def test_exactly_max_bytes_is_accepted(storage: BlobStorage) -> None:
    stored = await storage.put(key(), chunks_of(b"1234567890"), content_type="text/plain",
                               max_bytes=10)
    assert stored.size == 10


async def test_a_refused_upload_keeps_the_previous_blob(storage: BlobStorage) -> None:
    k = key()
    kept = await storage.put(k, chunks_of(b"keep me"), content_type="text/plain", max_bytes=10)
    with pytest.raises(FileTooLarge):
        await storage.put(k, chunks_of(b"far too long"), content_type="text/plain",
                          max_bytes=10)
    assert await storage.stat(k) == kept
    assert await read_all(await storage.open(k)) == b"keep me"


# ---- keys and arguments ---------------------------------------------------------------------

BAD_KEYS = ["", "/avatar/ab", "avatar/../secret", "..", "avatar/./x", "Avatar/x", "a//b", "a/",
            "a b", "a\nb", "a\x00b", "résumé", "photo.png", "a\\b", "x" * 201, "a/%2e%2e/b"]


@pytest.mark.parametrize("bad", BAD_KEYS)
async def test_malformed_keys_are_refused(storage: BlobStorage, bad: str) -> None:
    consumed = False

    async def data() -> AsyncIterator[bytes]:
        nonlocal consumed
        consumed = True
        yield b"x"

    with pytest.raises(InvalidBlobKey) as caught:
        await storage.put(bad, data(), content_type="text/plain", max_bytes=10)
    assert caught.value.code == "invalid_blob_key"
    assert not consumed
    for call in (storage.stat(bad), storage.open(bad), storage.delete(bad),
                 storage.signed_url(bad, expires_in=timedelta(minutes=1))):
        with pytest.raises(InvalidBlobKey):
            await call


async def test_header_injection_in_the_content_type_is_refused(storage: BlobStorage) -> None:
    with pytest.raises(UnsupportedFileType):
        await storage.put(key(), chunks_of(b"x"), content_type="text/plain\r\nX-Evil: 1",
                          max_bytes=10)


async def test_link_lifetimes_are_bounded(storage: BlobStorage) -> None:
    for bad in (timedelta(0), timedelta(seconds=-5), timedelta(days=8)):
        with pytest.raises(ValueError, match="signed links live"):
            await storage.signed_url(key(), expires_in=bad)


# ---- signed links ---------------------------------------------------------------------------


async def test_a_signed_url_downloads_the_bytes(backend: Backend) -> None:
    k = key()
    data = os.urandom(200_000)
    await backend.storage.put(k, chunks_of(data), content_type="image/png", max_bytes=MB)
    url = await backend.storage.signed_url(k, expires_in=timedelta(minutes=5))
    assert await backend.download(url) == data
    named = await backend.storage.signed_url(k, expires_in=timedelta(minutes=5),
                                             filename="../Résumé 2026.png")
    assert await backend.download(named) == data


async def test_a_signed_url_for_s3_sets_the_download_name(s3_endpoint: str) -> None:
    storage = make_s3(s3_endpoint)
    k = key()
    await storage.put(k, chunks_of(b"%PDF-"), content_type="application/pdf", max_bytes=10)
    url = await storage.signed_url(k, expires_in=timedelta(minutes=5),
                                   filename="C:\\docs\\Résumé.pdf")
    async with httpx.AsyncClient() as client:
        response = await client.get(url)
    assert response.content == b"%PDF-"
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == (
        "attachment; filename=\"Resume.pdf\"; filename*=UTF-8''R%C3%A9sum%C3%A9.pdf")


# ---- readiness ------------------------------------------------------------------------------


async def test_check_answers_when_the_backend_is_up(storage: BlobStorage) -> None:
    await storage.check()


async def test_check_fails_when_the_backend_is_down(backend: Backend) -> None:
    broken = backend.unreachable()
    with pytest.raises(ServiceUnavailable):
        await broken.check()
    with pytest.raises(ServiceUnavailable):
        await broken.put(key(), chunks_of(b"x"), content_type="text/plain", max_bytes=10)
    with pytest.raises(ServiceUnavailable):
        await broken.stat(key())


async def test_the_bucket_is_created_when_missing(s3_endpoint: str) -> None:
    bucket = f"edu-new-{uuid4().hex[:12]}"
    first = make_s3(s3_endpoint, bucket)
    await first.check()
    k = key()
    await first.put(k, chunks_of(b"hi"), content_type="text/plain", max_bytes=10)
    # Another process finds the bucket already there.
    second = make_s3(s3_endpoint, bucket)
    await second.check()
    assert await read_all(await second.open(k)) == b"hi"


async def test_the_s3_error_names_the_endpoint_not_the_secret() -> None:
    port = free_port()
    storage = S3BlobStorage(f"127.0.0.1:{port}", "AKIDEXAMPLE", "s3cret-key", "edu",
                            secure=False, timeout_seconds=0.5, retries=0)
    with pytest.raises(ServiceUnavailable) as caught:
        await storage.check()
    assert f"127.0.0.1:{port}" in str(caught.value)
    assert "s3cret-key" not in str(caught.value)


# ---- memory ---------------------------------------------------------------------------------

async def test_memory_stays_flat_for_a_50_mb_file(backend: Backend) -> None:
    size = 50 * MB
    piece = os.urandom(CHUNK)

    async def fifty_megabytes() -> AsyncIterator[bytes]:
        for _ in range(size // CHUNK):
            yield bytes(bytearray(piece))  # a fresh chunk each time, as from a socket

    expected = hashlib.sha256()
    for _ in range(size // CHUNK):
        expected.update(piece)
    k = key()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        stored = await backend.storage.put(k, fifty_megabytes(), content_type="video/mp4",
                                           max_bytes=size)
        upload_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        received = hashlib.sha256()
        async for chunk in await backend.storage.open(k):
            received.update(chunk)
        download_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    print(f"\n{backend.name}: peak traced memory {upload_peak / MB:.1f} MB uploading and "
          f"{download_peak / MB:.1f} MB downloading 50 MB")
    assert (stored.size, stored.sha256) == (size, expected.hexdigest())
    assert received.hexdigest() == expected.hexdigest()
    assert upload_peak < 16 * MB
    assert download_peak < 4 * MB


# ---- the local adapter's links --------------------------------------------------------------


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def local(tmp_path: Path, clock: FakeClock) -> LocalBlobStorage:
    return LocalBlobStorage(tmp_path / "blobs", SIGNING_KEY, BASE_URL, clock=clock)


def link_parts(url: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(url)
    assert url.startswith(f"{BASE_URL}/files/")
    return parts.path.removeprefix("/files/"), {k: v[0] for k, v in parse_qs(parts.query).items()}


async def test_local_links_are_app_urls_signed_over_key_expiry_and_name(
        local: LocalBlobStorage, clock: FakeClock) -> None:
    k = key()
    url = await local.signed_url(k, expires_in=timedelta(minutes=10), filename="/tmp/CV.pdf")
    path_key, query = link_parts(url)
    assert path_key == k
    assert query["filename"] == "CV.pdf"
    assert int(query["expires"]) == int(clock.now().timestamp()) + 600
    assert "=" not in query["sig"] and "+" not in query["sig"] and "/" not in query["sig"]
    assert local.verify(k, query["expires"], query["sig"], query["filename"]) == 600


async def test_local_links_refuse_tampering(local: LocalBlobStorage) -> None:
    k = key()
    _, q = link_parts(await local.signed_url(k, expires_in=timedelta(minutes=10),
                                             filename="cv.pdf"))
    later = str(int(q["expires"]) + 3600)
    edited_sig = ("B" if q["sig"][0] == "A" else "A") + q["sig"][1:]
    tampered = [
        (key(), q["expires"], q["sig"], q["filename"]),         # another blob
        (k, later, q["sig"], q["filename"]),                    # a longer life
        (k, q["expires"], q["sig"], "cv.exe"),                  # another name
        (k, q["expires"], q["sig"], None),                      # the name dropped
        (k, q["expires"], edited_sig, q["filename"]),
        (k, q["expires"], q["sig"] + "A", q["filename"]),
        (k, q["expires"], None, q["filename"]),
        (k, None, q["sig"], q["filename"]),
        (k, "0" + q["expires"], q["sig"], q["filename"]),
        (k, "-1", q["sig"], q["filename"]),
        (k, q["expires"], "ü" * 43, q["filename"]),
        ("../" + k, q["expires"], q["sig"], q["filename"]),
    ]
    for args in tampered:
        with pytest.raises(InvalidSignature) as caught:
            local.verify(*args)
        assert caught.value.code == "invalid_signature"
    other = LocalBlobStorage(local.root, b"another key, also 32 bytes long!", BASE_URL)
    with pytest.raises(InvalidSignature):
        other.verify(k, q["expires"], q["sig"], q["filename"])


async def test_local_links_expire(local: LocalBlobStorage, clock: FakeClock) -> None:
    k = key()
    _, q = link_parts(await local.signed_url(k, expires_in=timedelta(seconds=30)))
    clock.advance(seconds=29)
    assert local.verify(k, q["expires"], q["sig"]) == 1
    clock.advance(seconds=1)
    with pytest.raises(LinkExpired) as caught:
        local.verify(k, q["expires"], q["sig"])
    assert caught.value.code == "link_expired"


def test_a_short_signing_key_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        LocalBlobStorage(tmp_path, b"short", BASE_URL)


async def test_local_uploads_leave_no_temporary_files(local: LocalBlobStorage) -> None:
    await local.put(key(), chunks_of(b"ok"), content_type="text/plain", max_bytes=10)
    with pytest.raises(FileTooLarge):
        await local.put(key(), chunks_of(b"x" * 100), content_type="text/plain", max_bytes=10)

    async def failing() -> AsyncIterator[bytes]:
        yield b"half"
        raise ConnectionResetError("client went away")

    with pytest.raises(ConnectionResetError):
        await local.put(key(), failing(), content_type="text/plain", max_bytes=10)
    files = [p for p in local.root.rglob("*") if p.is_file()]
    assert len(files) == 1
    assert files[0].suffix == ".blob"


async def test_a_cancelled_local_upload_leaves_nothing(local: LocalBlobStorage) -> None:
    started = asyncio.Event()

    async def stalls() -> AsyncIterator[bytes]:
        yield b"part"
        started.set()
        await asyncio.sleep(3600)
        yield b"never"

    k = key()
    task = asyncio.create_task(local.put(k, stalls(), content_type="text/plain", max_bytes=100))
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await local.stat(k) is None
    assert [p for p in local.root.rglob("*") if p.is_file()] == []
