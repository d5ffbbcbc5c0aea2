"""S39: every operation is documented with summary, tags, an id, security and its errors, every
request body with an example the server accepts, and every error code the platform answers
with is in the document."""

import importlib
import pkgutil
import re
from typing import Any

import msgspec
from httpx import AsyncClient

import adapters
import edu_core
from adapters.http.error_catalog import domain_errors
from adapters.http.errors import status_for
from adapters.http.openapi_structs import EXAMPLE_ATTRIBUTE


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


def _struct_classes() -> list[type[msgspec.Struct]]:
    found: list[type[msgspec.Struct]] = []
    pending = list(msgspec.Struct.__subclasses__())
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


async def test_every_request_body_has_an_example_the_server_accepts(client: AsyncClient) -> None:
    document: dict[str, Any] = (await client.get("/schema/openapi.json")).json()
    schemas = document["components"]["schemas"]
    missing = []
    for path, item in document["paths"].items():
        for method, op in item.items():
            for media_type, media in op.get("requestBody", {}).get("content", {}).items():
                if media_type in ("application/octet-stream", "multipart/form-data"):
                    continue  # file uploads: nothing to show but a file
                ref = media["schema"].get("$ref", "")
                schema = schemas[ref.rsplit("/", 1)[1]] if ref else media["schema"]
                if not schema.get("examples"):
                    missing.append(f"{method.upper()} {path} ({ref or media_type})")
    assert not missing, "request bodies without an example:\n" + "\n".join(missing)
    # Each example is decoded by the struct the route decodes its body with.
    checked = 0
    for cls in _struct_classes():
        example = cls.__dict__.get(EXAMPLE_ATTRIBUTE)
        if example is not None:
            msgspec.json.decode(msgspec.json.encode(example), type=cls, strict=False)
            checked += 1
    assert checked >= 80, checked


PAGE_FIELDS = {"items", "total", "page", "page_size"}


def _page_within(schemas: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any] | None:
    """The page a response is, or holds as one of its properties (a profile with a page of
    lessons beside its courses)."""
    if set(schema.get("properties", {})) >= PAGE_FIELDS:
        return schema
    for prop in schema.get("properties", {}).values():
        ref = prop.get("$ref")
        if ref and set(schemas[ref.rsplit("/", 1)[1]].get("properties", {})) >= PAGE_FIELDS:
            return schemas[ref.rsplit("/", 1)[1]]
    return None


async def test_every_list_pages_the_same_way(client: AsyncClient) -> None:
    """One paging dependency: every operation that pages takes `page` and `page_size` with the
    same bounds and answers with a page whose item type is named, never a bare object."""
    from edu_core.domain.pagination import MAX_PAGE, MAX_PAGE_SIZE

    document: dict[str, Any] = (await client.get("/schema/openapi.json")).json()
    schemas = document["components"]["schemas"]
    paged = []
    for path, item in document["paths"].items():
        for method, op in item.items():
            params = {p["name"]: p["schema"] for p in op.get("parameters", [])
                      if p["in"] == "query"}
            if "page" not in params and "page_size" not in params:
                continue
            paged.append(f"{method} {path}")
            assert (params["page"]["minimum"], params["page"]["maximum"]) == (1, MAX_PAGE)
            assert (params["page_size"]["minimum"], params["page_size"]["maximum"]) == (
                1, MAX_PAGE_SIZE)
            assert params["page_size"]["default"] == 20
            ref = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
            page = _page_within(schemas, schemas[ref.rsplit("/", 1)[1]])
            assert page is not None, f"{method} {path} takes paging but answers no page"
            assert "$ref" in page["properties"]["items"]["items"], ref
    assert len(paged) >= 10


async def test_paging_bounds_are_enforced_before_any_work(client: AsyncClient) -> None:
    from edu_core.domain.pagination import MAX_PAGE, MAX_PAGE_SIZE

    for query in (f"page={MAX_PAGE + 1}", "page=0", f"page_size={MAX_PAGE_SIZE + 1}",
                  "page_size=0", "page=abc"):
        for url in (f"/api/v1/mentors?{query}", f"/api/v1/search?q=energy&{query}"):
            response = await client.get(url)
            assert response.status_code == 400, (url, response.text)


def _import_everything() -> None:
    for package in (edu_core, adapters):
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if ".cli." not in module.name:
                importlib.import_module(module.name)


async def test_every_error_code_is_in_the_document_with_its_status(client: AsyncClient) -> None:
    """A client can rely on the catalogue: an error class that no module of the app imported
    (and so would be missing from it) fails here, as does a code shown with the wrong status."""
    _import_everything()
    description = (await client.get("/schema/openapi.json")).json()["info"]["description"]
    rows = dict(re.findall(r"^\| `([a-z0-9_]+)` \| (\d{3}) \|", description, re.MULTILINE))
    errors = domain_errors()
    assert len(errors) > 100
    for error in errors:
        assert rows.get(error.code) == str(status_for(error)), error.__qualname__
    assert rows["weak_password"] == "422" and rows["csrf_failed"] == "403"
    assert rows["validation_error"] == "400" and rows["rate_limited"] == "429"
