"""Property-based API testing (S39): schemathesis generates requests from the published OpenAPI
document and checks every answer against it, over a real socket.

Checks: no 5xx for any input, schema-invalid input refused with a 4xx, status codes, headers
and content types the document declares, bodies that match the declared schemas. Left out:
``positive_data_acceptance``, which expects every schema-valid body to succeed; business rules
rightly refuse many of them (a random verification token, a common password). Calls run as an
admin with a bearer token so protected operations are explored past the access guard.
"""

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from tests.conftest import make_settings
from tests.support.database import _run
from tests.support.live_server import live_server

PASSWORD = "a quiet lighthouse keeps counting waves"
# Operations that end the caller's own credentials would turn the rest of the run into 401s.
SELF_ENDING = {"logout", "changePassword"}


async def _create_admin(settings: object, database_url: str, email: str) -> None:
    from adapters.container import build_container, shutdown
    from edu_core.application.actors import Actor
    from edu_core.domain.identity import Role

    container = build_container(settings, database_url)  # type: ignore[arg-type]
    try:
        await container.identity.admin().create_user(
            Actor(None), email=email, password=PASSWORD, display_name="Fuzz Admin",
            role=Role.ADMIN)
    finally:
        await shutdown(container)


@pytest.fixture(scope="module")
def api(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    from adapters.container import build_container
    from adapters.http.app import create_app

    var: Path = tmp_path_factory.mktemp("fuzz")
    app_settings = make_settings(var, cookie_secure=False)
    email = f"fuzz-admin-{uuid.uuid4().hex[:8]}@example.org"
    _run(_create_admin, app_settings, database_url, email)
    app = create_app(app_settings, container=build_container(app_settings, database_url))
    with live_server(app) as base_url:
        login = httpx.post(f"{base_url}/api/v1/auth/login",
                           json={"email": email, "password": PASSWORD, "mode": "token"})
        assert login.status_code == 200, login.text
        yield {"base_url": base_url,
               "authorization": f"Bearer {login.json()['access_token']}"}


def _schema() -> schemathesis.BaseSchema:
    from adapters.cli.openapi import openapi_document

    # The same document the server publishes, rendered without a database.
    return schemathesis.openapi.from_dict(openapi_document())


OPERATIONS = {
    operation.definition.raw["operationId"]: operation
    for operation in (result.ok() for result in _schema().get_all_operations())
    if operation.definition.raw["operationId"] not in SELF_ENDING
}


# The test suite replays the same examples every run so a red build always means a change broke
# something; `EDU_FUZZ_RANDOM=1 EDU_FUZZ_EXAMPLES=500` explores fresh inputs to hunt new bugs.
EXPLORE = os.environ.get("EDU_FUZZ_RANDOM") == "1"
EXAMPLES = int(os.environ.get("EDU_FUZZ_EXAMPLES", "40"))


@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
def test_api_conforms_to_its_document(operation_id: str, api: dict[str, str]) -> None:
    operation = OPERATIONS[operation_id]

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, derandomize=not EXPLORE, deadline=None, database=None,
              suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
    def conforms(case: schemathesis.Case) -> None:
        case.call_and_validate(base_url=api["base_url"],
                               headers={"Authorization": api["authorization"]},
                               excluded_checks=[positive_data_acceptance])

    conforms()


# Inputs that once answered 5xx, replayed every run whatever the generator explores: dates at
# the end of the calendar, operator runs that overflowed PostgreSQL's tsquery parser, control
# characters in search text, JSON nested past the decoder's recursion limit.
NESTED: dict[str, Any] = {"email": "x", "password": "x"}
for _ in range(40):
    NESTED = {"email": [NESTED], "password": "x"}
KNOWN_HOSTILE: list[tuple[str, dict[str, Any]]] = [
    ("getMentorSlots", {"path_parameters": {"mentor_id": str(uuid.UUID(int=1))},
                        "query": {"start": "9999-12-31"}}),
    ("getMentorSlots", {"path_parameters": {"mentor_id": str(uuid.UUID(int=1))},
                        "query": {"start": "9999-12-25", "days": 7}}),
    ("searchMentors", {"query": {"free_from": "9999-12-30T00:00:00+00:00",
                                 "free_to": "9999-12-30T12:00:00+00:00"}}),
    ("searchMentors", {"query": {"q": "-" * 33}}),
    ("searchMentors", {"query": {"q": "- " * 40}}),
    ("searchMentors", {"query": {"q": "bell\x07curve"}}),
    ("searchContent", {"query": {"q": "-" * 33}}),
    ("searchContent", {"query": {"q": "- " * 40, "scope": "workspace"}}),
    ("searchContent", {"query": {"q": "esc\x1b[31m"}}),
    ("login", {"body": NESTED, "media_type": "application/json"}),
]


@pytest.mark.parametrize(("operation_id", "parts"), KNOWN_HOSTILE,
                         ids=[f"{op}-{i}" for i, (op, _) in enumerate(KNOWN_HOSTILE)])
def test_known_hostile_inputs_get_documented_answers(operation_id: str, parts: dict[str, Any],
                                                     api: dict[str, str]) -> None:
    case = OPERATIONS[operation_id].Case(**parts)
    response = case.call_and_validate(base_url=api["base_url"],
                                      headers={"Authorization": api["authorization"]},
                                      excluded_checks=[positive_data_acceptance])
    assert response.status_code < 500, response.text


# What schemathesis cannot express as a case: bytes that are not UTF-8, and JSON sent as
# another media type (the login CSRF vector).
RAW_HOSTILE: list[tuple[str, str, dict[str, Any], int, str]] = [
    ("GET", "/api/v1/search?q=%ff%fe", {}, 400, "invalid_characters"),
    ("GET", "/api/v1/mentors?q=%ff%fe", {}, 400, "invalid_characters"),
    ("POST", "/api/v1/auth/login",
     {"content": b'{"email": "\xff@example.org", "password": "x"}',
      "headers": {"Content-Type": "application/json"}}, 400, "validation_error"),
    ("POST", "/api/v1/auth/login",
     {"content": b"[" * 1000 + b"]" * 1000, "headers": {"Content-Type": "application/json"}},
     400, "validation_error"),
    ("POST", "/api/v1/auth/login",
     {"content": b'{"email": "a@example.org", "password": "x"}',
      "headers": {"Content-Type": "text/plain"}}, 415, "unsupported_media_type"),
]


@pytest.mark.parametrize(("method", "path", "request_parts", "status", "code"), RAW_HOSTILE,
                         ids=[f"{m}-{i}" for i, (m, *_) in enumerate(RAW_HOSTILE)])
def test_known_hostile_bytes_are_refused(method: str, path: str, request_parts: dict[str, Any],
                                         status: int, code: str, api: dict[str, str]) -> None:
    response = httpx.request(method, api["base_url"] + path, **request_parts)
    assert response.status_code == status, response.text
    assert response.json()["code"] == code
