"""Text PostgreSQL cannot store is a 400 in the common error shape, whichever handler let it
through, never a 500."""

from collections.abc import AsyncIterator

import httpx
import pytest
from litestar import Litestar, get
from litestar.params import FromQuery
from sqlalchemy import text

from adapters.db.engine import build_engine
from adapters.http.errors import EXCEPTION_HANDLERS


@pytest.fixture
async def client(database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    engine = build_engine(database_url, pool_size=0)

    @get("/echo")
    async def echo(value: FromQuery[str]) -> str:
        # A handler that forgot to check its input: the value goes straight to PostgreSQL.
        async with engine.connect() as connection:
            return str((await connection.execute(text("select :v"), {"v": value})).scalar())

    app = Litestar(route_handlers=[echo], exception_handlers=EXCEPTION_HANDLERS, debug=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="https://mentora.test") as c:
        yield c
    await engine.dispose()


async def test_text_with_a_nul_reaching_postgres_is_a_400(client: httpx.AsyncClient) -> None:
    fine = await client.get("/echo", params={"value": "plain"})
    assert (fine.status_code, fine.text) == (200, "plain")
    response = await client.get("/echo", params={"value": "nul\x00inside"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_characters"


async def test_a_body_no_route_check_caught_is_a_400_not_a_500() -> None:
    """Bodies the edge refuses on real routes (too deep, not UTF-8), reaching a decoder
    directly: the decoder's own failure is still the client's fault."""
    from typing import Any

    from litestar import post

    @post("/json", sync_to_thread=False)
    def take(data: dict[str, Any]) -> dict[str, Any]:
        return data

    app = Litestar(route_handlers=[take], exception_handlers=EXCEPTION_HANDLERS, debug=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="https://mentora.test") as client:
        for body in (b'{"a": ' + b"[" * 5000 + b"]" * 5000 + b"}", b'{"a": "\xff"}'):
            response = await client.post("/json", content=body,
                                         headers={"Content-Type": "application/json"})
            assert response.status_code == 400, response.text
            assert response.json()["code"] == "validation_error"
