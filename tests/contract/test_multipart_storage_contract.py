"""ONE behaviour suite for multipart uploads (``MultipartStorage``), run against the local disk
and a real S3 server (moto's): parts in any order, a part sent again replaces the first, resume
by listing, join, abort, and ranged reads of the joined blob.

On S3 a client sends parts to the presigned link itself; here the S3 case does so over HTTP
with the link ``sign_part`` made, while the local store takes them through ``put_part`` (what
the API's part route calls).
"""

import hashlib
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from uuid import uuid4

import httpx
import pytest

from adapters.storage.local import MULTIPART_DIR, LocalBlobStorage
from edu_core.domain.files import BlobNotFound, FileTooLarge
from edu_core.ports.storage import MultipartStorage, StoredPart
from tests.contract.test_blob_storage_contract import make_s3, read_all
from tests.support.s3_server import s3_endpoint

__all__ = ["s3_endpoint"]

MB = 1024 * 1024
PART = 5 * MB


@dataclass
class Store:
    name: str
    storage: MultipartStorage
    send: Callable[[str, str, int, bytes], Awaitable[StoredPart]]


async def chunks_of(data: bytes, size: int = 256 * 1024) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start:start + size]


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    if request.param == "local":
        local = LocalBlobStorage(tmp_path / "blobs", b"k" * 32, "")

        async def send_local(key: str, upload_id: str, number: int, data: bytes) -> StoredPart:
            assert await local.sign_part(key, upload_id, number,
                                         expires_in=timedelta(minutes=5)) is None
            return await local.put_part(key, upload_id, number, chunks_of(data),
                                        max_bytes=len(data))

        return Store("local", local, send_local)
    s3 = make_s3(request.getfixturevalue("s3_endpoint"))

    async def send_s3(key: str, upload_id: str, number: int, data: bytes) -> StoredPart:
        target = await s3.sign_part(key, upload_id, number, expires_in=timedelta(minutes=5))
        assert target is not None and target.method == "PUT"
        async with httpx.AsyncClient() as client:
            response = await client.put(target.url, content=data, headers=target.headers)
        assert response.status_code == 200, response.text
        return StoredPart(number=number, size=len(data),
                          etag=response.headers["etag"].strip('"'))

    return Store("s3", s3, send_s3)


def key() -> str:
    return f"test/{uuid4().hex}/source"


async def test_parts_in_any_order_resume_and_join(store: Store) -> None:
    storage, k = store.storage, key()
    data = os.urandom(2 * PART + 1234)
    pieces = [data[:PART], data[PART:2 * PART], data[2 * PART:]]
    upload_id = await storage.create_multipart(k, content_type="video/mp4")
    assert await storage.list_parts(k, upload_id) == []
    third = await store.send(k, upload_id, 3, pieces[2])
    first = await store.send(k, upload_id, 1, os.urandom(PART))  # replaced below
    assert [p.number for p in await storage.list_parts(k, upload_id)] == [1, 3]
    # "After a reload": everything the client needs to resume comes from the listing.
    first = await store.send(k, upload_id, 1, pieces[0])
    second = await store.send(k, upload_id, 2, pieces[1])
    listed = await storage.list_parts(k, upload_id)
    assert listed == [first, second, third]
    assert [p.size for p in listed] == [PART, PART, 1234]
    assert first.etag == hashlib.md5(pieces[0], usedforsecurity=False).hexdigest()

    blob = await storage.complete_multipart(k, upload_id, listed)
    assert blob.size == len(data)
    assert blob.content_type == "video/mp4"
    assert await read_all(await storage.open(k)) == data
    assert await storage.read_range(k, PART - 3, 10) == data[PART - 3:PART + 7]
    assert await storage.read_range(k, len(data) - 5, 100) == data[-5:]
    assert await storage.read_range(k, len(data), 10) == b""
    with pytest.raises(BlobNotFound):
        await storage.list_parts(k, upload_id)  # the upload is gone once joined


async def test_abort_drops_every_part(store: Store) -> None:
    storage, k = store.storage, key()
    upload_id = await storage.create_multipart(k, content_type="video/webm")
    await store.send(k, upload_id, 1, os.urandom(1000))
    await storage.abort_multipart(k, upload_id)
    with pytest.raises(BlobNotFound):
        await storage.list_parts(k, upload_id)
    await storage.abort_multipart(k, upload_id)  # twice is fine
    assert await storage.stat(k) is None


async def test_an_unknown_upload_is_not_found(store: Store) -> None:
    with pytest.raises(BlobNotFound):
        await store.storage.list_parts(key(), uuid4().hex)


async def test_a_part_over_its_limit_is_refused(store: Store) -> None:
    storage, k = store.storage, key()
    upload_id = await storage.create_multipart(k, content_type="video/mp4")
    with pytest.raises(FileTooLarge):
        await storage.put_part(k, upload_id, 1, chunks_of(b"x" * 2000), max_bytes=1999)
    assert await storage.list_parts(k, upload_id) == []
    await storage.abort_multipart(k, upload_id)


async def test_local_parts_are_streamed_to_disk_and_staging_is_removed(tmp_path: Path) -> None:
    local = LocalBlobStorage(tmp_path / "blobs", b"k" * 32, "")
    k = key()
    upload_id = await local.create_multipart(k, content_type="video/mp4")
    other = await local.create_multipart(key(), content_type="video/mp4")
    with pytest.raises(BlobNotFound):  # another blob's upload id does not reach this one
        await local.list_parts(k, other)
    part = await local.put_part(k, upload_id, 1, chunks_of(b"a" * 3000), max_bytes=3000)
    await local.complete_multipart(k, upload_id, [part])
    assert not (tmp_path / "blobs" / MULTIPART_DIR / upload_id).exists()
    with pytest.raises(BlobNotFound):
        await local.list_parts(k, "../../etc")
