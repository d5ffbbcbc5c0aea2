"""Access policies: every route declares one; anything undeclared is refused (deny by default).

``policy(...)`` returns the keyword arguments a route decorator takes: a guard that resolves the
caller (bearer token or session cookie + CSRF), the ``opt["access"]`` label the route audit test
reads, and the OpenAPI security requirement.
"""

from collections.abc import Iterable
from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.openapi.spec import SecurityRequirement
from litestar.types import Method

from adapters.http.security.client_ip import client_ip
from edu_core.application.actors import Principal
from edu_core.application.identity import IdentityService
from edu_core.domain.errors import NotAuthenticated, PermissionDenied
from edu_core.domain.identity import Role, SecondFactorRequired, TokenKind

PRINCIPAL_KEY = "edu_principal"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS: frozenset[Method | str] = frozenset({"GET", "HEAD", "OPTIONS"})

PUBLIC = "public"
AUTHENTICATED = "authenticated"
SECURITY: list[SecurityRequirement] = [{"bearerAuth": []}, {"cookieAuth": []}]
ADMIN_ONLY = frozenset({Role.ADMIN})


class CsrfFailed(PermissionDenied):
    code = "csrf_failed"
    default_message = ("The request lacks a valid X-CSRF-Token header. Reload the page and "
                       "try again.")


def _bearer(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    header = connection.headers.get("authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthenticated("Use 'Authorization: Bearer <access token>'.")
    return token.strip()


async def resolve_principal(connection: ASGIConnection[Any, Any, Any, Any]) -> Principal | None:
    """Who is calling, or None for an anonymous request. Invalid credentials raise."""
    # Cached in the request's own scope state: the guard and the handler dependency both ask.
    state = connection.scope.setdefault("state", {})
    if PRINCIPAL_KEY in state:
        cached: Principal | None = state[PRINCIPAL_KEY]
        return cached
    container = connection.app.state.container
    identity: IdentityService = container.identity.service()
    settings = container.settings()
    principal: Principal | None = None
    token = _bearer(connection)
    address = client_ip(connection.scope, settings.trusted_proxies)
    if token is not None:
        principal = await identity.authenticate(token, TokenKind.ACCESS, address=address)
    else:
        cookie = connection.cookies.get(settings.session_cookie)
        if cookie:
            principal = await identity.authenticate(cookie, TokenKind.SESSION, address=address)
            method = connection.scope.get("method", "GET")
            if method not in SAFE_METHODS and not identity.csrf_matches(
                    principal, connection.headers.get(CSRF_HEADER)):
                raise CsrfFailed()
    state[PRINCIPAL_KEY] = principal
    return principal


def _guard_for(roles: frozenset[Role] | None) -> Any:
    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        principal = await resolve_principal(connection)
        if principal is None:
            raise NotAuthenticated()
        if roles is not None and principal.role not in roles:
            raise PermissionDenied()
        # Admin-only routes: an administrator without a second factor enrols first.
        if roles == ADMIN_ONLY and not principal.second_factor \
                and connection.app.state.container.settings().require_admin_second_factor:
            raise SecondFactorRequired()
    return guard


def _roles_of(access: str | Role | Iterable[Role]) -> frozenset[Role] | None:
    """The roles a non-public policy admits; None admits any signed-in user."""
    if isinstance(access, Role):
        return frozenset([access])
    if isinstance(access, str):
        if access != AUTHENTICATED:
            raise ValueError(f"Unknown access policy {access!r}.")
        return None
    return frozenset(access)


def policy(access: str | Role | Iterable[Role], *, rate_limit: str | None = None
           ) -> dict[str, Any]:
    """Route keyword arguments for an access policy.

    ``PUBLIC``: anyone; ``AUTHENTICATED``: any signed-in user; a role or roles: those only.
    Ownership ("owner or admin") is checked inside the use case, which knows the owner.
    """
    opt: dict[str, Any] = {}
    if rate_limit:
        opt["rate_limit"] = rate_limit
    if access == PUBLIC:
        return {"opt": {**opt, "access": PUBLIC}, "security": []}
    roles = _roles_of(access)
    label = AUTHENTICATED if roles is None else "roles:" + ",".join(sorted(r.value for r in roles))
    return {"guards": [_guard_for(roles)], "opt": {**opt, "access": label},
            "security": SECURITY}


# Anyone may call; a signed-in caller is recognised (``{}``: the credentials are optional).
OPTIONAL_SIGN_IN = {**policy(PUBLIC, rate_limit="public"), "security": [{}, *SECURITY]}


async def provide_viewer(request: Request[Any, Any, Any]) -> Principal | None:
    """Handler dependency of a public route: the caller when signed in, None for anonymous
    visitors (bad credentials are a 401)."""
    return await resolve_principal(request)


async def provide_principal(request: Request[Any, Any, Any]) -> Principal:
    """Handler dependency: the caller of a route whose guard already admitted them."""
    principal = await resolve_principal(request)
    if principal is None:
        raise NotAuthenticated()
    return principal
