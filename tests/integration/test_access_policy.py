"""Deny by default: every route declares a policy, and each policy holds for every role."""

from typing import Any

import pytest
from httpx import AsyncClient
from litestar import Litestar
from litestar.routes import HTTPRoute

from adapters.container import Container
from edu_core.domain.identity import Role
from tests.integration.helpers import bearer, make_user

DECLARED = {"public", "authenticated"}


def http_handlers(app: Litestar) -> list[tuple[str, str, Any]]:
    found = []
    for route in app.routes:
        if isinstance(route, HTTPRoute):
            for handler in route.route_handlers:
                for method in sorted(handler.http_methods):
                    # Litestar answers OPTIONS itself (the Allow header, no data).
                    if method != "OPTIONS":
                        found.append((method, route.path, handler))
    return found


def allowed_roles(access: str) -> set[Role] | None:
    """None: public. Otherwise the roles that may call it."""
    if access == "public":
        return None
    if access == "authenticated":
        return set(Role)
    assert access.startswith("roles:"), access
    return {Role(r) for r in access.removeprefix("roles:").split(",")}


def test_every_route_declares_an_access_policy(app: Litestar) -> None:
    handlers = http_handlers(app)
    assert len(handlers) > 15
    undeclared = [f"{m} {p}" for m, p, h in handlers
                  if not (h.opt.get("access") in DECLARED
                          or str(h.opt.get("access", "")).startswith("roles:"))]
    assert undeclared == []
    for method, path, handler in handlers:
        if handler.opt["access"] != "public":
            assert handler.guards, f"{method} {path} declares a policy but has no guard"


def test_every_rate_limited_route_documents_its_429(app: Litestar) -> None:
    document = app.openapi_schema.to_schema()
    missing, checked = [], 0
    for method, path, handler in http_handlers(app):
        if not handler.opt.get("rate_limit") or not handler.include_in_schema:
            continue
        checked += 1
        operation = document["paths"][path.replace(":uuid", "").replace(":str", "")
                                       .replace(":int", "")][method.lower()]
        if "429" not in operation["responses"]:
            missing.append(f"{method} {path}")
    assert checked >= 10
    assert missing == []


def test_the_walker_notices_an_undeclared_route() -> None:
    from litestar import get

    @get("/naked", sync_to_thread=False)
    def naked() -> str:
        return "x"

    app = Litestar([naked], openapi_config=None)
    assert [p for _, p, h in http_handlers(app) if "access" not in h.opt] == ["/naked"]


def concrete(path: str, target: str) -> str:
    import re

    # Integer parameters (version numbers) need a number to reach the route at all.
    return re.sub(r"\{[^}]+\}", target, re.sub(r"\{[^}:]+:int\}", "1", path))


@pytest.fixture
async def role_emails(container: Container) -> dict[Role, str]:
    return {role: (await make_user(container, role)).email for role in Role}


async def test_matrix_of_roles_against_every_protected_route(
        app: Litestar, client: AsyncClient, container: Container,
        role_emails: dict[Role, str]) -> None:
    target = await make_user(container, Role.STUDENT)
    checked = 0
    for method, path, handler in http_handlers(app):
        roles = allowed_roles(handler.opt["access"])
        if roles is None or method in {"HEAD", "OPTIONS"}:
            continue
        url = concrete(path, str(target.id))
        anonymous = await client.request(method, url, json={})
        assert anonymous.status_code == 401, (method, url, anonymous.text)
        assert anonymous.json()["code"] == "not_authenticated"
        for role, email in role_emails.items():
            # A fresh sign-in per call: some calls (logout, password change) end sessions.
            headers = await bearer(client, email)
            response = await client.request(method, url, json={}, headers=headers)
            if role in roles:
                assert response.status_code not in (401, 403), (method, url, role,
                                                                 response.text)
            else:
                assert response.status_code == 403, (method, url, role, response.text)
                assert response.json()["code"] == "forbidden"
            checked += 1
    assert checked >= 30
