"""GET /files/{key}: downloads of locally stored files through signed links, over HTTP.

A minimal app (the route and the API's error handlers) is enough: the route needs no database,
and its access control is the link's signature.
"""

import os
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit
from uuid import uuid4

import httpx
import pytest
from litestar import Litestar

from adapters.http.errors import EXCEPTION_HANDLERS
from adapters.http.files.controller import MAX_CACHE_SECONDS, files_controller
from adapters.memory.fakes import FakeClock
from adapters.storage.local import LocalBlobStorage

PNG = b"\x89PNG\r\n\x1a\n" + os.urandom(3 * 1024 * 1024)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def storage(tmp_path: Path, clock: FakeClock) -> LocalBlobStorage:
    return LocalBlobStorage(tmp_path / "blobs", b"s" * 32, "https://mentora.test", clock=clock)


@pytest.fixture
async def client(storage: LocalBlobStorage) -> AsyncIterator[httpx.AsyncClient]:
    app = Litestar(route_handlers=files_controller(storage),
                   exception_handlers=EXCEPTION_HANDLERS, debug=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="https://mentora.test") as c:
        yield c


async def chunks(data: bytes) -> AsyncIterator[bytes]:
    for start in range(0, len(data), 65536):
        yield data[start:start + 65536]


async def stored(storage: LocalBlobStorage, data: bytes = PNG,
                 content_type: str = "image/png") -> str:
    key = f"content_image/{uuid4().hex[:2]}/{uuid4().hex}"
    await storage.put(key, chunks(data), content_type=content_type, max_bytes=len(data))
    return key


def with_query(url: str, **changes: str | None) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    for name, value in changes.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = value
    return f"{parts.path}?{urlencode(query)}"


async def test_a_valid_link_streams_the_file_inline(client: httpx.AsyncClient,
                                                    storage: LocalBlobStorage) -> None:
    key = await stored(storage)
    url = await storage.signed_url(key, expires_in=timedelta(minutes=10))
    assert url.startswith(f"https://mentora.test/files/{key}?")

    response = await client.get(url)

    assert response.status_code == 200
    assert response.content == PNG
    assert response.headers["content-type"] == "image/png"
    assert response.headers["content-length"] == str(len(PNG))
    assert response.headers["content-disposition"] == "inline"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "private, max-age=600"


async def test_a_named_link_downloads_an_attachment(client: httpx.AsyncClient,
                                                    storage: LocalBlobStorage) -> None:
    key = await stored(storage, b"%PDF-1.7 diploma", "application/pdf")
    url = await storage.signed_url(key, expires_in=timedelta(days=2),
                                   filename="../../Диплом\u202e.pdf")
    response = await client.get(url)
    assert response.status_code == 200
    assert response.content == b"%PDF-1.7 diploma"
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == (
        "attachment; filename=\"download.pdf\"; "
        "filename*=UTF-8''%D0%94%D0%B8%D0%BF%D0%BB%D0%BE%D0%BC.pdf")
    # Browsers may keep it for an hour at most, however long the link lives.
    assert response.headers["cache-control"] == f"private, max-age={MAX_CACHE_SECONDS}"


async def test_types_a_browser_could_run_are_never_inline(client: httpx.AsyncClient,
                                                          storage: LocalBlobStorage) -> None:
    key = await stored(storage, b"<script>alert(1)</script>", "text/html")
    response = await client.get(await storage.signed_url(key, expires_in=timedelta(minutes=1)))
    assert response.status_code == 200
    assert response.headers["content-disposition"] == "attachment"
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("change", [
    {"sig": "A" * 43}, {"sig": None}, {"expires": "9999999999"}, {"expires": None},
    {"expires": "soon"}, {"filename": "other.pdf"}, {"filename": None}])
async def test_a_tampered_link_is_refused(client: httpx.AsyncClient, storage: LocalBlobStorage,
                                          change: dict[str, str | None]) -> None:
    key = await stored(storage)
    url = await storage.signed_url(key, expires_in=timedelta(minutes=5), filename="a.png")
    response = await client.get(with_query(url, **change))
    assert response.status_code == 403
    assert response.json()["code"] == "invalid_signature"


async def test_a_link_to_another_file_is_refused(client: httpx.AsyncClient,
                                                 storage: LocalBlobStorage) -> None:
    mine, theirs = await stored(storage), await stored(storage)
    url = await storage.signed_url(mine, expires_in=timedelta(minutes=5))
    response = await client.get(url.replace(mine, theirs))
    assert response.status_code == 403
    assert response.json()["code"] == "invalid_signature"
    for bad_path in (f"/files/{mine}/../{theirs}", "/files/..%2f..%2fetc/passwd"):
        response = await client.get(bad_path + "?" + url.split("?", 1)[1])
        assert response.status_code == 403
        assert response.json()["code"] == "invalid_signature"


async def test_an_expired_link_is_refused(client: httpx.AsyncClient, storage: LocalBlobStorage,
                                          clock: FakeClock) -> None:
    key = await stored(storage)
    url = await storage.signed_url(key, expires_in=timedelta(minutes=5))
    clock.advance(minutes=5)
    response = await client.get(url)
    assert response.status_code == 403
    assert response.json()["code"] == "link_expired"


async def test_a_link_to_a_deleted_file_is_not_found(client: httpx.AsyncClient,
                                                     storage: LocalBlobStorage) -> None:
    key = await stored(storage)
    url = await storage.signed_url(key, expires_in=timedelta(minutes=5))
    await storage.delete(key)
    response = await client.get(url)
    assert response.status_code == 404
    assert response.json()["code"] == "file_not_found"


async def test_the_route_is_documented_and_public(storage: LocalBlobStorage) -> None:
    [handler] = files_controller(storage)
    assert handler.opt["access"] == "public"
    app = Litestar(route_handlers=[handler])
    operation = app.openapi_schema.paths["/files/{key}"].get  # type: ignore[index, union-attr]
    assert operation is not None
    assert operation.operation_id == "downloadFile"
    assert operation.tags == ["Files"]
    assert {"403", "404"} <= set(operation.responses or {})
