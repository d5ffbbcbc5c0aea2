"""The built web client is served on the API's origin with an SPA fallback and cache headers."""

import gzip
from collections.abc import AsyncIterator
from pathlib import Path

import brotli
import httpx
import pytest

from tests.conftest import make_settings, serving

INDEX = "<!doctype html><html><body><div id=root></div></body></html>"
LANDING = "<!doctype html><html><body><div id=root><h1>Learn</h1></div></body></html>"
# The table the client build ships (web/public/ is copied into dist as it is).
ROUTE_TABLE = Path(__file__).resolve().parents[2] / "web" / "public" / "client-routes.json"
# A bundle large enough that the build writes compressed copies of it.
BUNDLE = b"export const greeting = 'hello';\n" * 200


@pytest.fixture
async def web(tmp_path: Path, database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    from adapters.container import build_container
    from adapters.http.app import create_app

    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text(INDEX)
    (dist / "assets" / "index-3f9a.js").write_text("console.log('app')")
    (dist / "favicon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (dist / "client-routes.json").write_text(ROUTE_TABLE.read_text())
    (dist / "prerendered").mkdir()
    (dist / "prerendered" / "index.html").write_text(LANDING)  # the landing page, built
    (tmp_path / "secret.txt").write_text("outside the client")
    # What the build writes beside text files: brotli and gzip copies (not for images).
    (dist / "assets" / "app-1a2b.js").write_bytes(BUNDLE)
    (dist / "assets" / "app-1a2b.js.br").write_bytes(brotli.compress(BUNDLE))
    (dist / "assets" / "app-1a2b.js.gz").write_bytes(gzip.compress(BUNDLE))
    (dist / "index.html.br").write_bytes(brotli.compress(INDEX.encode()))
    (dist / "index.html.gz").write_bytes(gzip.compress(INDEX.encode()))
    (dist / "assets" / "photo-9c8d.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 4096)
    settings = make_settings(tmp_path / "var", web_dist=dist)
    app = create_app(settings, container=build_container(settings, database_url))
    transport = httpx.ASGITransport(app=app)
    async with serving(app), httpx.AsyncClient(transport=transport,
                                               base_url="https://testserver.local") as client:
        yield client


async def test_client_routes_fall_back_to_the_index_page(web: httpx.AsyncClient) -> None:
    for path in ("/login", "/admin/users/6f1c0f7e-0000-4000-8000-000000000000"):
        response = await web.get(path)
        assert response.status_code == 200, path
        assert response.text == INDEX
        assert response.headers["cache-control"] == "no-cache"
        assert response.headers["content-type"].startswith("text/html")
        assert "default-src 'self'" in response.headers["content-security-policy"]


async def test_a_prerendered_page_is_sent_in_place_of_the_index_page(
        web: httpx.AsyncClient) -> None:
    landing = await web.get("/")
    assert landing.status_code == 200
    assert landing.text == LANDING
    assert landing.headers["cache-control"] == "no-cache"
    assert landing.headers["content-type"].startswith("text/html")
    assert (await web.get("/mentors")).text == INDEX  # no prerendered page for it
    assert (await web.get("/nope")).text == INDEX  # an unknown page: the client's 404 screen


@pytest.mark.parametrize("path", ["/nope", "/mentors/x/y", "/admin/everything",
                                  "/mentor/content/1/extra", "/learn/a/b/c/d", "/dashboard//x"])
async def test_unknown_pages_get_the_client_not_found_page_with_a_404(web: httpx.AsyncClient,
                                                                      path: str) -> None:
    response = await web.get(path)
    assert response.status_code == 404, path
    assert response.text == INDEX  # the client renders its own "page not found" screen
    assert response.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("path", ["/mentors/", "/learn/physics/kinematics/3f9a",
                                  "/courses/6f1c0f7e-0000-4000-8000-000000000000",
                                  "/search?q=force"])
async def test_every_client_route_pattern_answers_200(web: httpx.AsyncClient, path: str) -> None:
    response = await web.get(path)
    assert response.status_code == 200, path
    assert response.text == INDEX


async def test_hashed_assets_are_cached_for_a_year(web: httpx.AsyncClient) -> None:
    response = await web.get("/assets/index-3f9a.js")
    assert response.status_code == 200
    assert response.text == "console.log('app')"
    assert "immutable" in response.headers["cache-control"]
    assert "javascript" in response.headers["content-type"]
    icon = await web.get("/favicon.svg")
    assert icon.status_code == 200
    assert icon.headers["cache-control"] == "no-cache"


@pytest.mark.parametrize("path", ["/assets/missing.js", "/robots.txt", "/api/v1/nope",
                                  "/health/nope", "/metrics/x"])
async def test_missing_files_and_server_paths_are_real_404s(web: httpx.AsyncClient,
                                                             path: str) -> None:
    response = await web.get(path)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("path", ["/../secret.txt", "/%2e%2e/secret.txt",
                                  "/assets/..%2f..%2fsecret.txt"])
async def test_paths_cannot_escape_the_client_folder(web: httpx.AsyncClient, path: str) -> None:
    response = await web.get(path)
    assert "outside the client" not in response.text


async def test_the_api_still_answers_beside_the_client(web: httpx.AsyncClient) -> None:
    assert (await web.get("/health/live")).json() == {"status": "ok"}
    me = await web.get("/api/v1/me")
    assert me.status_code == 401
    assert me.json()["code"] == "not_authenticated"


async def raw_get(client: httpx.AsyncClient, path: str,
                  accept_encoding: str) -> tuple[httpx.Response, bytes]:
    """The answer and its body as sent, not decoded."""
    async with client.stream("GET", path, headers={"Accept-Encoding": accept_encoding}) as r:
        return r, b"".join([chunk async for chunk in r.aiter_raw()])


@pytest.mark.parametrize(("accept_encoding", "coding"), [
    ("gzip, deflate, br", "br"), ("br", "br"), ("gzip", "gzip"), ("*", "br"),
    ("br;q=0.5, gzip;q=0.9", "gzip"), ("br;q=0, gzip", "gzip"),
])
async def test_the_precompressed_copy_the_client_prefers_is_sent(
        web: httpx.AsyncClient, accept_encoding: str, coding: str) -> None:
    response, body = await raw_get(web, "/assets/app-1a2b.js", accept_encoding)
    assert response.status_code == 200
    assert response.headers["content-encoding"] == coding
    assert response.headers["vary"] == "Accept-Encoding"
    assert "javascript" in response.headers["content-type"]
    assert "immutable" in response.headers["cache-control"]
    assert int(response.headers["content-length"]) == len(body)
    decoded = brotli.decompress(body) if coding == "br" else gzip.decompress(body)
    assert decoded == BUNDLE  # compressed once: not again on the way out


@pytest.mark.parametrize("accept_encoding", ["", "identity", "deflate", "br;q=0, gzip;q=0",
                                             "*;q=0"])
async def test_the_file_itself_goes_to_clients_that_accept_neither_coding(
        web: httpx.AsyncClient, accept_encoding: str) -> None:
    response, body = await raw_get(web, "/assets/app-1a2b.js", accept_encoding)
    assert response.status_code == 200
    assert "content-encoding" not in response.headers
    assert response.headers["vary"] == "Accept-Encoding"
    assert int(response.headers["content-length"]) == len(BUNDLE)
    assert body == BUNDLE


async def test_the_index_page_is_sent_compressed_for_every_client_route(
        web: httpx.AsyncClient) -> None:
    for path, status in (("/login", 200), ("/mentors", 200), ("/nope", 404)):
        response, body = await raw_get(web, path, "br, gzip")
        assert response.status_code == status, path
        assert response.headers["content-encoding"] == "br"
        assert response.headers["content-type"].startswith("text/html")
        assert brotli.decompress(body).decode() == INDEX


@pytest.mark.parametrize("path", ["/assets/app-1a2b.js.br", "/assets/app-1a2b.js.gz",
                                  "/index.html.br"])
async def test_compressed_copies_are_not_files_of_their_own(web: httpx.AsyncClient,
                                                            path: str) -> None:
    response = await web.get(path)
    assert response.status_code == 404


async def test_files_without_copies_are_not_compressed_on_the_fly(
        web: httpx.AsyncClient) -> None:
    for path in ("/assets/photo-9c8d.png", "/assets/index-3f9a.js"):
        response, body = await raw_get(web, path, "br, gzip")
        assert response.status_code == 200
        assert "content-encoding" not in response.headers, path
        assert int(response.headers["content-length"]) == len(body)


async def test_json_answers_above_the_threshold_are_compressed(web: httpx.AsyncClient) -> None:
    for accept_encoding, coding in (("gzip, br", "br"), ("gzip", "gzip"),
                                    ("br;q=0.1, gzip;q=0.2", "gzip")):
        response, body = await raw_get(web, "/schema/openapi.json", accept_encoding)
        assert response.status_code == 200
        assert response.headers["content-encoding"] == coding
        assert "Accept-Encoding" in response.headers["vary"]
        document = brotli.decompress(body) if coding == "br" else gzip.decompress(body)
        assert document.startswith(b"{") and len(document) > len(body)
    plain, body = await raw_get(web, "/schema/openapi.json", "identity")
    assert "content-encoding" not in plain.headers
    assert body.startswith(b"{")


async def test_small_json_answers_are_sent_as_they_are(web: httpx.AsyncClient) -> None:
    response, body = await raw_get(web, "/health/live", "br, gzip")
    assert response.status_code == 200
    assert "content-encoding" not in response.headers
    assert body == b'{"status":"ok"}'
