"""No input a client can send makes the API answer 5xx: out-of-range dates, hostile search
text, bodies that are not JSON text, bodies sent under another media type, and cross-site
posts to the sign-in routes. Each refusal is a 4xx in the common error shape."""

import uuid
from typing import Any

import pytest
from httpx import AsyncClient

from adapters.container import Container
from edu_core.domain.identity import Role
from tests.integration.helpers import PASSWORD, bearer, make_user, unique_email

HYPHENS = "-" * 40
SPACED_HYPHENS = "- " * 40
HOSTILE_QUERIES = [HYPHENS, SPACED_HYPHENS, "a " + HYPHENS + " b", "or " * 60,
                   '"' + "- " * 40 + '"', "-" + "!-" * 60, "x -" + "-" * 50 + "y"]


async def admin_auth(client: AsyncClient, container: Container) -> dict[str, str]:
    return await bearer(client, (await make_user(container, Role.ADMIN)).email)


# ---- dates -----------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["start=9999-12-31", "start=9999-12-25&days=7",
                                   "start=0001-01-01", "start=2101-01-01&days=42"])
async def test_slot_dates_beyond_the_calendar_are_422(client: AsyncClient, query: str) -> None:
    response = await client.get(f"/api/v1/mentors/{uuid.uuid4()}/slots?{query}")
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "date_out_of_range"
    assert "2100-12-31" in body["message"]
    assert set(body["details"]["fields"]) == {"start"}


async def test_a_date_inside_the_calendar_still_reaches_the_mentor(client: AsyncClient) -> None:
    response = await client.get(f"/api/v1/mentors/{uuid.uuid4()}/slots?start=2100-12-01")
    assert response.status_code == 404  # the check passed; there is no such mentor


@pytest.mark.parametrize("field", ["free_from", "free_to"])
async def test_free_windows_beyond_the_calendar_are_422(client: AsyncClient,
                                                        field: str) -> None:
    response = await client.get("/api/v1/mentors", params={
        "free_from": "2026-03-01T00:00:00+00:00", "free_to": "2026-03-01T12:00:00+00:00",
        field: "9999-12-30T00:00:00+00:00"})
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "date_out_of_range"
    assert set(response.json()["details"]["fields"]) == {field}
    both = await client.get("/api/v1/mentors?free_from=9999-12-30T00:00:00%2B00:00"
                            "&free_to=9999-12-30T12:00:00%2B00:00")
    assert both.status_code == 422, both.text


async def test_every_date_query_parameter_is_bounded(client: AsyncClient,
                                                     container: Container) -> None:
    """Whatever route takes a date or a time in its query, the year 9999 is a 422."""
    from adapters.cli.openapi import openapi_document

    auth = await admin_auth(client, container)
    # Routes for students and mentors refuse an admin before reading the query.
    student = await bearer(client, (await make_user(container)).email)
    checked = []
    for path, operations in openapi_document()["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                formats = {s.get("format") for s in [parameter.get("schema", {}),
                                                     *parameter.get("schema", {})
                                                     .get("oneOf", [])]}
                if parameter["in"] != "query" or not formats & {"date", "date-time"}:
                    continue
                value = ("9999-12-31" if "date" in formats
                         else "9999-12-31T00:00:00+00:00")
                url = path.replace("{", "").replace("}", "")
                for name in [p["name"] for p in operation.get("parameters", [])
                             if p["in"] == "path"]:
                    url = url.replace(name, str(uuid.uuid4()))
                response = await client.request(method.upper(), url, headers=auth,
                                                params={parameter["name"]: value})
                if response.status_code == 403:
                    response = await client.request(method.upper(), url, headers=student,
                                                    params={parameter["name"]: value})
                assert response.status_code == 422, (path, parameter["name"], response.text)
                assert response.json()["code"] == "date_out_of_range"
                checked.append((path, parameter["name"]))
    assert len(checked) >= 3, checked


# ---- search text -----------------------------------------------------------------------

@pytest.mark.parametrize("q", HOSTILE_QUERIES)
async def test_operator_runs_in_search_text_never_fail(client: AsyncClient,
                                                       container: Container, q: str) -> None:
    auth = await admin_auth(client, container)
    for url, params, headers in (("/api/v1/search", {"q": q}, {}),
                                 ("/api/v1/search", {"q": q, "scope": "workspace"}, auth),
                                 ("/api/v1/mentors", {"q": q}, {})):
        response = await client.get(url, params=params, headers=headers)
        assert response.status_code == 200, (url, params, response.text)


@pytest.mark.parametrize("url", ["/api/v1/search", "/api/v1/mentors"])
async def test_both_searches_refuse_control_characters_alike(client: AsyncClient,
                                                             url: str) -> None:
    for q in ("bell\x07curve", "esc\x1b[31m", "del\x7f"):
        response = await client.get(url, params={"q": q})
        assert response.status_code == 422, (url, q, response.text)
        assert response.json()["code"] == "invalid_search_query"
        assert "q" in response.json()["details"]["fields"]


@pytest.mark.parametrize("url", ["/api/v1/search", "/api/v1/mentors"])
async def test_query_text_that_is_not_utf8_is_refused(client: AsyncClient, url: str) -> None:
    for raw in ("q=%ff%fe", "q=caf%e9", "q=ok&subject=%c3"):
        response = await client.get(f"{url}?{raw}")
        assert response.status_code == 400, (url, raw, response.text)
        assert response.json()["code"] == "invalid_characters"
    fine = await client.get(f"{url}?q=caf%C3%A9")
    assert fine.status_code == 200, fine.text


# ---- JSON bodies -----------------------------------------------------------------------

LOGIN = "/api/v1/auth/login"
JSON = {"Content-Type": "application/json"}


@pytest.mark.parametrize("body", [
    b'{"email": ' + b"[" * 1000 + b"]" * 1000 + b', "password": "x"}',
    b"[" * 1000 + b"]" * 1000,
    b'{"email": "a@example.org", "password": "x", "mode": {"a": ' * 40 + b"1" + b"}" * 40,
], ids=["nested-field", "nested-document", "nested-object"])
async def test_deeply_nested_json_is_a_400(client: AsyncClient, body: bytes) -> None:
    response = await client.post(LOGIN, content=body, headers=JSON)
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "validation_error"
    assert "levels deep" in response.json()["message"]


async def test_brackets_inside_strings_do_not_count_as_nesting(client: AsyncClient) -> None:
    body = ('{"email": "nobody@example.org", "password": "' + "[{" * 200 + '", '
            '"mode": "token"}').encode()
    response = await client.post(LOGIN, content=body, headers=JSON)
    assert response.status_code == 401, response.text  # judged on the credentials


@pytest.mark.parametrize("body", [b'{"email": "\xff\xfe@example.org", "password": "x"}',
                                  b'{"email": "a@example.org", "password": "\xc3"}'])
async def test_json_that_is_not_utf8_is_a_400(client: AsyncClient, body: bytes) -> None:
    response = await client.post(LOGIN, content=body, headers=JSON)
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "validation_error"
    assert "UTF-8" in response.json()["message"]


async def test_json_bodies_over_the_cap_are_413(client: AsyncClient) -> None:
    body = b'{"email": "a@example.org", "password": "' + b"x" * 1_100_000 + b'"}'
    response = await client.post(LOGIN, content=body, headers=JSON)
    assert response.status_code == 413, response.text
    assert response.json()["code"] == "payload_too_large"


# ---- media type and origin of sign-in posts ------------------------------------------------

@pytest.mark.parametrize(("path", "body"), [
    (LOGIN, {"email": "a@example.org", "password": PASSWORD, "mode": "cookie"}),
    ("/api/v1/auth/register", {"email": "b@example.org", "password": PASSWORD,
                               "display_name": "B"}),
    ("/api/v1/auth/password/forgot", {"email": "c@example.org"}),
])
@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x", None])
async def test_json_routes_refuse_other_media_types(client: AsyncClient, path: str,
                                                    body: dict[str, Any],
                                                    content_type: str | None) -> None:
    import json

    headers = {"Content-Type": content_type} if content_type else {}
    response = await client.post(path, content=json.dumps(body).encode(), headers=headers)
    assert response.status_code == 415, response.text
    assert response.json()["code"] == "unsupported_media_type"
    assert "application/json" in response.json()["message"]


async def test_json_with_a_charset_is_still_json(client: AsyncClient,
                                                 container: Container) -> None:
    user = await make_user(container)
    response = await client.post(
        LOGIN, headers={"Content-Type": "application/json; charset=utf-8"},
        content=f'{{"email": "{user.email}", "password": "{PASSWORD}", "mode": "token"}}')
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("headers", [
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "cross-site", "Origin": "https://testserver.local"},
    {"Origin": "https://attacker.example"},
    {"Origin": "null"},
])
async def test_cross_site_sign_in_posts_are_403(client: AsyncClient, container: Container,
                                                headers: dict[str, str]) -> None:
    user = await make_user(container)
    credentials = {"email": user.email, "password": PASSWORD, "mode": "cookie"}
    for path, body in ((LOGIN, credentials),
                       ("/api/v1/auth/register", {"email": unique_email(),
                                                  "password": PASSWORD, "display_name": "X"}),
                       ("/api/v1/auth/password/forgot", {"email": user.email})):
        response = await client.post(path, json=body, headers=headers)
        assert response.status_code == 403, (path, response.text)
        assert response.json()["code"] == "cross_site"
        assert "set-cookie" not in response.headers


@pytest.mark.parametrize("headers", [
    {},
    {"Sec-Fetch-Site": "same-origin", "Origin": "https://testserver.local"},
    {"Origin": "https://mentora.test"},  # the configured public origin
    {"Origin": "https://testserver.local"},
    {"Sec-Fetch-Site": "none"},
])
async def test_same_origin_and_non_browser_sign_ins_pass(client: AsyncClient,
                                                         container: Container,
                                                         headers: dict[str, str]) -> None:
    user = await make_user(container)
    response = await client.post(LOGIN, headers=headers, json={
        "email": user.email, "password": PASSWORD, "mode": "cookie"})
    assert response.status_code == 200, response.text


async def test_binary_uploads_keep_their_own_media_type(client: AsyncClient,
                                                        container: Container) -> None:
    mentor = await make_user(container, Role.MENTOR)
    auth = await bearer(client, mentor.email)
    from tests.integration.test_mentor_onboarding import png

    response = await client.put("/api/v1/mentor/profile/photo", content=png(),
                                params={"filename": "me.png"},
                                headers={**auth, "Content-Type": "image/png"})
    assert response.status_code == 200, response.text


# ---- caching of personal answers ---------------------------------------------------------

async def test_answers_to_signed_in_requests_are_not_stored(client: AsyncClient,
                                                            container: Container) -> None:
    user = await make_user(container)
    auth = await bearer(client, user.email)
    me = await client.get("/api/v1/me", headers=auth)
    assert me.status_code == 200
    assert me.headers["cache-control"] == "no-store"
    refused = await client.get("/api/v1/me", headers={"Authorization": "Bearer nonsense"})
    assert refused.headers["cache-control"] == "no-store"
    public = await client.get("/api/v1/catalog")
    assert "no-store" not in public.headers.get("cache-control", "")
