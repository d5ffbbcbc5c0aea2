"""Test databases: one fresh, migrated database per test run, dropped afterwards.

The server is ``EDU_TEST_DATABASE_URL`` when set (CI: the machine's PostgreSQL service),
otherwise the embedded PostgreSQL under ``var/test-postgres``.
"""

import asyncio
import os
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from adapters.db import migrate
from adapters.db.embedded import database_url, start_embedded_postgres

ROOT = Path(__file__).resolve().parents[2]


def server_url() -> str:
    configured = os.environ.get("EDU_TEST_DATABASE_URL")
    if configured:
        return configured.replace("postgresql+asyncpg://", "postgresql://")
    return start_embedded_postgres(ROOT / "var" / "test-postgres")


def with_database(server: str, name: str) -> str:
    if "host=/" in server:  # unix-socket URL of the embedded server
        return database_url(server, name)
    parts = urlsplit(server)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _run(coro_fn, *args):  # type: ignore[no-untyped-def]
    """Run a coroutine to completion even when called from inside a running loop."""
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro_fn(*args)).result()


async def _admin(server: str, sql: str) -> None:
    conn = await asyncpg.connect(with_database(server, "postgres"))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def create_test_database(server: str, prefix: str = "edu_test", *,
                         migrated: bool = True) -> str:
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    _run(_admin, server, f'create database "{name}"')
    url = with_database(server, name)
    if migrated:
        migrate.upgrade(url)
    return url


def drop_test_database(server: str, url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    _run(_admin, server, f'drop database if exists "{name}" with (force)')
