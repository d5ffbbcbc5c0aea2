"""The built web client is served on the API's origin with an SPA fallback and cache headers."""

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import make_settings, serving

INDEX = "<!doctype html><html><body><div id=root></div></body></html>"
# The table the client build ships (web/public/ is copied into dist as it is).
ROUTE_TABLE = Path(__file__).resolve().parents[2] / "web" / "public" / "client-routes.json"


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
    (tmp_path / "secret.txt").write_text("outside the client")
    settings = make_settings(tmp_path / "var", web_dist=dist)
    app = create_app(settings, container=build_container(settings, database_url))
    transport = httpx.ASGITransport(app=app)
    async with serving(app), httpx.AsyncClient(transport=transport,
                                               base_url="https://testserver.local") as client:
        yield client


async def test_client_routes_fall_back_to_the_index_page(web: httpx.AsyncClient) -> None:
    for path in ("/", "/login", "/admin/users/6f1c0f7e-0000-4000-8000-000000000000"):
        response = await web.get(path)
        assert response.status_code == 200, path
        assert response.text == INDEX
        assert response.headers["cache-control"] == "no-cache"
        assert response.headers["content-type"].startswith("text/html")
        assert "default-src 'self'" in response.headers["content-security-policy"]


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
