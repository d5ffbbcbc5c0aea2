"""S39: every operation is documented with summary, tags, an id, security and its errors."""

from typing import Any

from httpx import AsyncClient


async def test_openapi_document_is_served(client: AsyncClient) -> None:
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    assert set(document["components"]["securitySchemes"]) == {"bearerAuth", "cookieAuth"}
    for ui in ("/schema/swagger", "/schema/redoc"):
        page = await client.get(ui)
        assert page.status_code == 200 and "<html" in page.text.lower()


async def test_every_operation_is_fully_documented(client: AsyncClient) -> None:
    document: dict[str, Any] = (await client.get("/schema/openapi.json")).json()
    operations = [(path, method, op) for path, item in document["paths"].items()
                  for method, op in item.items()]
    assert len(operations) >= 17
    ids = [op["operationId"] for _, _, op in operations]
    assert len(ids) == len(set(ids))
    for path, method, op in operations:
        where = f"{method.upper()} {path}"
        assert op.get("summary"), where
        assert op.get("tags"), where
        assert "400" in op["responses"] or path.startswith("/health"), where
        if path.startswith("/api/v1/admin") or path == "/api/v1/me":
            assert op.get("security"), where
            assert {"401", "403"} <= set(op["responses"]) or (
                path == "/api/v1/me" and "401" in op["responses"]), where
        for status, response in op["responses"].items():
            if (status.startswith(("4", "5")) and status != "503") or path.startswith("/api"):
                assert response.get("description"), (where, status)
