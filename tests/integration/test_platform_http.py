"""The public feature switches follow the settings, and agree with the routes they describe."""

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from litestar import Litestar

from adapters.container import Container, build_container
from adapters.http.app import create_app
from tests.conftest import make_settings, serving
from tests.integration.helpers import bearer, make_user

FEATURES = "/api/v1/platform/features"


@pytest.fixture
async def flagged(tmp_path: Path, database_url: str
                  ) -> AsyncIterator[tuple[httpx.AsyncClient, Container]]:
    settings = make_settings(tmp_path / "var", feature_group_sessions=True)
    container = build_container(settings, database_url)
    app = create_app(settings, container=container)
    transport = httpx.ASGITransport(app=app)
    async with serving(app), httpx.AsyncClient(transport=transport,
                                               base_url="https://testserver.local") as client:
        yield client, container


async def test_anyone_learns_that_group_sessions_are_off_by_default(
        client: httpx.AsyncClient, container: Container) -> None:
    answer = await client.get(FEATURES)
    assert (answer.status_code, answer.json()) == (200, {"group_sessions": False})
    # What it says is what the group-session routes do.
    student = await make_user(container)
    mine = await client.get("/api/v1/group-sessions",
                            headers=await bearer(client, student.email))
    assert (mine.status_code, mine.json()["code"]) == (404, "group_sessions_disabled")


async def test_the_switch_on_is_reported_and_the_routes_answer(
        flagged: tuple[httpx.AsyncClient, Container]) -> None:
    client, container = flagged
    answer = await client.get(FEATURES)
    assert (answer.status_code, answer.json()) == (200, {"group_sessions": True})
    student = await make_user(container)
    mine = await client.get("/api/v1/group-sessions",
                            headers=await bearer(client, student.email))
    assert (mine.status_code, mine.json()["items"]) == (200, [])


def test_the_route_is_documented(app: Litestar) -> None:
    operation = app.openapi_schema.to_schema()["paths"][FEATURES]["get"]
    assert (operation["operationId"], operation["tags"]) == ("getPlatformFeatures", ["Platform"])
    assert {"200", "429"} <= set(operation["responses"])
