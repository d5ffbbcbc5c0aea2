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

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from tests.conftest import make_settings
from tests.support.database import _run
from tests.support.live_server import live_server

PASSWORD = "fuzzing is a fine pastime"
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
