"""Fixtures shared by every test layer."""

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from adapters.settings import Settings
from tests.support.database import create_test_database, drop_test_database, server_url

if TYPE_CHECKING:
    import httpx
    from litestar import Litestar

    from adapters.container import Container


@pytest.fixture(scope="session")
def pg_server() -> str:
    return server_url()


@pytest.fixture(scope="session")
def database_url(pg_server: str) -> Iterator[str]:
    url = create_test_database(pg_server)
    yield url
    drop_test_database(pg_server, url)


def make_settings(var_dir: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "env": "test", "var_dir": var_dir, "bcrypt_rounds": 4,
        "public_url": "https://mentora.test", "log_json": True,
        # Generous budgets: tests that exercise the limits set their own.
        "rate_limit_auth": "10000/60", "rate_limit_public": "10000/60",
        "rate_limit_uploads": "10000/600", "rate_limit_assistant": "10000/600",
        "rate_limit_login_failures": "10/900", "outbox_poll_seconds": 0.2,
        "database_pool_size": 0,
        # Admin API tests sign in with a password only; the rule is tested on its own.
        "require_admin_second_factor": False,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[arg-type, call-arg]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "var")


@pytest.fixture
def container(settings: Settings, database_url: str) -> "Container":
    # Imported here so unit tests of the core load no adapter they do not use.
    from adapters.container import build_container

    return build_container(settings, database_url)


@pytest.fixture
def app(settings: Settings, container: "Container") -> "Litestar":
    from adapters.http.app import create_app

    return create_app(settings, container=container)


@pytest.fixture
async def client(app: "Litestar") -> "AsyncIterator[httpx.AsyncClient]":
    # The app, its lifespan (outbox dispatcher) and the test share one event loop: asyncpg
    # connections belong to the loop that opened them, so a client that runs the app in a
    # portal thread would hand connections across loops.
    import httpx

    transport = httpx.ASGITransport(app=app, client=("203.0.113.10", 40000))
    # https: the session cookies are Secure (__Host- prefix) and are not sent over http.
    async with serving(app), httpx.AsyncClient(transport=transport,
                                               base_url="https://testserver.local") as c:
        yield c


@asynccontextmanager
async def serving(app: "Litestar") -> AsyncIterator[None]:
    """Run the app's lifespan in a task of its own: pytest-asyncio sets a fixture up and tears
    it down in different tasks, and the lifespan's cancel scopes must exit where they began."""
    started, stop = asyncio.Event(), asyncio.Event()

    async def host() -> None:
        async with app.lifespan():
            started.set()
            await stop.wait()

    task = asyncio.create_task(host())
    waiter = asyncio.create_task(started.wait())
    await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        waiter.cancel()
        task.result()  # re-raises a startup failure
    try:
        yield
    finally:
        stop.set()
        await task
