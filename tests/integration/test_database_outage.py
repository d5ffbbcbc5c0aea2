"""The database going away: readiness says 503 with the reason, requests that need the
database get a clean 503 (never a 500, nothing half written), and the app recovers on its own
when the database is back."""

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import make_settings, serving
from tests.integration.helpers import PASSWORD, unique_email
from tests.support.tcp_proxy import CuttableProxy


@pytest.fixture
async def proxy(database_url: str) -> AsyncIterator[CuttableProxy]:
    proxy = CuttableProxy(database_url)
    await proxy.start()
    yield proxy
    await proxy.cut()


async def test_an_outage_is_a_503_and_the_app_recovers(proxy: CuttableProxy, database_url: str,
                                                       tmp_path: Path) -> None:
    from adapters.container import build_container
    from adapters.http.app import create_app

    # A pool, as in production: its connections die with the outage and must be replaced.
    settings = make_settings(tmp_path / "var", database_pool_size=5)
    app = create_app(settings, container=build_container(settings, proxy.url(database_url)))
    transport = httpx.ASGITransport(app=app)
    async with serving(app), httpx.AsyncClient(transport=transport,
                                               base_url="https://testserver.local") as client:
        assert (await client.get("/health/ready")).status_code == 200

        await proxy.cut()
        ready = await client.get("/health/ready")
        assert ready.status_code == 503
        checks = {c["name"]: c for c in ready.json()["checks"]}
        assert checks["database"]["ok"] is False
        assert checks["database"]["detail"]
        assert checks["mail"]["ok"] is True
        email = unique_email("outage")
        body = {"email": email, "password": PASSWORD, "display_name": "Olu Outage",
                "role": "student"}
        during = await client.post("/api/v1/auth/register", json=body)
        assert during.status_code == 503
        assert during.json()["code"] == "service_unavailable"
        assert int(during.headers["retry-after"]) > 0
        assert (await client.get("/health/live")).status_code == 200

        await proxy.start()
        assert (await client.get("/health/ready")).status_code == 200
        after = await client.post("/api/v1/auth/register", json=body)
        assert after.status_code == 202, after.text  # the refused attempt left nothing behind


async def test_a_connection_that_died_in_the_pool_is_replaced_without_an_error(
        proxy: CuttableProxy, database_url: str, tmp_path: Path) -> None:
    """Connections are not pinged at checkout: the first statement on a dead one reconnects
    and runs again, so a restart of the database while the pool sat idle costs no request."""
    from adapters.container import build_container
    from adapters.http.app import create_app

    settings = make_settings(tmp_path / "var", database_pool_size=1,
                             run_event_handlers_in_api=False)
    app = create_app(settings, container=build_container(settings, proxy.url(database_url)))
    transport = httpx.ASGITransport(app=app)
    async with serving(app), httpx.AsyncClient(transport=transport,
                                               base_url="https://testserver.local") as client:
        assert (await client.get("/api/v1/search", params={"q": "energy"})).status_code == 200
        await proxy.cut()  # the pooled connection dies while nobody uses it
        await proxy.start()
        again = await client.get("/api/v1/search", params={"q": "energy"})
        assert again.status_code == 200, again.text
