"""S36 operations: liveness, readiness, Prometheus metrics, request ids and structured logs."""

import contextlib
import io
import json
import logging
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import structlog
from dependency_injector import providers
from litestar import Litestar
from prometheus_client.parser import text_string_to_metric_families

from adapters.container import Container, build_container
from adapters.http.app import create_app
from adapters.observability.logging import configure_logging
from adapters.settings import Settings
from edu_core.application.health import HealthService, Readiness
from edu_core.domain.identity import Role
from tests.conftest import make_settings, serving
from tests.integration.helpers import PASSWORD, bearer, make_user

Client = httpx.AsyncClient
METRICS_TOKEN = "scraper-" + uuid.uuid4().hex
SCRAPER = {"Authorization": f"Bearer {METRICS_TOKEN}"}
# Nothing listens on port 1: connections are refused at once instead of timing out.
UNREACHABLE_DATABASE = "postgresql://postgres@127.0.0.1:1/nowhere"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "var", metrics_token=METRICS_TOKEN)


@contextlib.asynccontextmanager
async def client_for(app: Litestar, peer: str = "203.0.113.20") -> AsyncIterator[Client]:
    transport = httpx.ASGITransport(app=app, client=(peer, 40000))
    async with serving(app), httpx.AsyncClient(transport=transport,
                                               base_url="https://testserver.local") as c:
        yield c


def samples(text: str, metric: str) -> list[tuple[str, dict[str, str], float]]:
    """Every sample of ``metric`` (a family name) as (sample name, labels, value)."""
    return [(s.name, dict(s.labels), s.value)
            for family in text_string_to_metric_families(text) if family.name == metric
            for s in family.samples]


def value(text: str, sample: str, **labels: str) -> float | None:
    family = sample.removesuffix("_total").removesuffix("_count").removesuffix("_sum")
    for name, found, number in samples(text, family):
        if name == sample and found == labels:
            return number
    return None


def json_lines(out: str) -> list[dict[str, Any]]:
    lines = []
    for line in out.splitlines():
        with contextlib.suppress(ValueError):
            parsed = json.loads(line)
            if isinstance(parsed, dict):
                lines.append(parsed)
    return lines


class ExplodingHealth(HealthService):
    """A bug inside a handler (not a dependency being down): the one way to get a real 500."""

    def __init__(self) -> None:
        super().__init__([])

    async def readiness(self) -> Readiness:
        raise RuntimeError("probe machinery broke")


# ---- liveness and readiness ---------------------------------------------------------------

async def test_liveness_answers_without_touching_dependencies(client: Client) -> None:
    response = await client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readiness_checks_every_dependency(client: Client) -> None:
    response = await client.get("/health/ready")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "ok"
    checks = {c["name"]: c for c in body["checks"]}
    assert {"database", "mail", "rate_limit_store"} <= set(checks)
    for check in checks.values():
        assert check["ok"] is True
        assert check["detail"] == "ok"
        assert check["duration_ms"] >= 0


async def test_readiness_is_503_naming_the_database_when_it_is_down(
        settings: Settings) -> None:
    container = build_container(settings, UNREACHABLE_DATABASE)
    async with client_for(create_app(settings, container=container)) as client:
        response = await client.get("/health/ready")
        metrics = (await client.get("/metrics", headers=SCRAPER)).text

    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["status"] == "unavailable"
    checks = {c["name"]: c for c in body["checks"]}
    assert checks["database"]["ok"] is False
    assert checks["database"]["detail"] == "unavailable"
    assert "127.0.0.1" not in response.text and "postgres" not in response.text
    # The other dependencies are still reported, and healthy.
    assert checks["mail"]["ok"] is True
    assert checks["rate_limit_store"]["ok"] is True
    # A dependency being down is an answer, not a crash of the endpoint.
    assert value(metrics, "http_requests_total", method="GET", route="/health/ready",
                 status="503") == 1
    assert value(metrics, "http_errors_total", method="GET", route="/health/ready",
                 status="500") is None


async def test_readiness_names_a_mail_outbox_that_cannot_be_created(
        tmp_path: Path, database_url: str) -> None:
    settings = make_settings(tmp_path / "var")
    settings.outbox_dir.parent.mkdir(parents=True)
    settings.outbox_dir.write_text("a regular file where the outbox directory belongs")
    container = build_container(settings, database_url)
    async with client_for(create_app(settings, container=container)) as client:
        response = await client.get("/health/ready")

    assert response.status_code == 503, response.text
    checks = {c["name"]: c for c in response.json()["checks"]}
    assert checks["database"]["ok"] is True
    assert checks["mail"]["ok"] is False
    # Named and marked down for anyone; where it lives and why is for the log.
    assert checks["mail"]["detail"] == "unavailable"
    assert str(tmp_path) not in response.text
    assert response.json()["status"] == "unavailable"


async def test_a_database_outage_on_an_api_route_is_503_not_500(settings: Settings) -> None:
    container = build_container(settings, UNREACHABLE_DATABASE)
    async with client_for(create_app(settings, container=container)) as client:
        response = await client.post("/api/v1/auth/login",
                                     json={"email": "a@example.org", "password": PASSWORD,
                                           "mode": "token"})
    assert response.status_code == 503, response.text
    assert response.json()["code"] == "service_unavailable"


# ---- metrics ------------------------------------------------------------------------------

async def test_readiness_and_outages_do_not_show_where_a_dependency_lives(
        tmp_path: Path, database_url: str) -> None:
    settings = make_settings(tmp_path / "var",
                             redis_url="redis://:s3cret-pw@127.0.0.1:1/0")
    container = build_container(settings, database_url)
    async with client_for(create_app(settings, container=container)) as client:
        ready = await client.get("/health/ready")
        login = await client.post("/api/v1/auth/login", json={
            "email": "a@example.org", "password": PASSWORD, "mode": "token"})
    assert ready.status_code == 503, ready.text
    checks = {c["name"]: c for c in ready.json()["checks"]}
    assert checks["rate_limit_store"] == {**checks["rate_limit_store"], "ok": False,
                                          "detail": "unavailable"}
    assert login.status_code == 503, login.text
    assert login.json()["code"] == "service_unavailable"
    for body in (ready.text, login.text):
        assert "127.0.0.1" not in body and "redis" not in body.lower()
        assert "s3cret" not in body


async def test_metrics_need_the_scrapers_token(client: Client) -> None:
    assert (await client.get("/metrics", headers=SCRAPER)).status_code == 200
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": METRICS_TOKEN}):
        response = await client.get("/metrics", headers=headers)
        assert response.status_code == 401, headers
        assert response.json()["code"] == "not_authenticated"
        assert "http_requests_total" not in response.text


@pytest.mark.parametrize(("peer", "status"), [("127.0.0.1", 200), ("::1", 200),
                                         ("203.0.113.20", 403), ("10.1.2.3", 403)])
async def test_without_a_token_development_answers_only_this_machine(
        tmp_path: Path, database_url: str, peer: str, status: int) -> None:
    settings = make_settings(tmp_path / "var", env="development")
    container = build_container(settings, database_url)
    async with client_for(create_app(settings, container=container), peer=peer) as client:
        response = await client.get("/metrics")
    assert response.status_code == status, response.text
    if status == 403:
        assert response.json()["code"] == "forbidden"
        assert "EDU_METRICS_TOKEN" in response.json()["message"]


async def test_without_a_token_production_refuses_everyone(tmp_path: Path,
                                                           database_url: str) -> None:
    settings = make_settings(tmp_path / "var", env="production", secret_key="k" * 40)
    container = build_container(settings, database_url)
    async with client_for(create_app(settings, container=container),
                          peer="127.0.0.1") as client:
        response = await client.get("/metrics")
    assert response.status_code == 403, response.text
    assert "EDU_METRICS_TOKEN" in response.json()["message"]


async def test_metrics_count_requests_by_route_template_and_status(client: Client,
                                                                   container: Container
                                                                   ) -> None:
    for _ in range(2):
        assert (await client.get("/api/v1/me")).status_code == 401
    assert (await client.get("/health/live")).status_code == 200
    someone = uuid.uuid4()
    assert (await client.get(f"/api/v1/admin/users/{someone}")).status_code == 401
    admin = await make_user(container, role=Role.ADMIN)
    headers = await bearer(client, admin.email)
    assert (await client.get(f"/api/v1/admin/users/{someone}",
                             headers=headers)).status_code == 404

    response = await client.get("/metrics", headers=SCRAPER)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text

    assert value(text, "http_requests_total", method="GET", route="/api/v1/me",
                 status="401") == 2
    assert value(text, "http_requests_total", method="GET", route="/health/live",
                 status="200") == 1
    assert value(text, "http_request_duration_seconds_count", method="GET",
                 route="/api/v1/me") == 2
    assert (value(text, "http_request_duration_seconds_sum", method="GET",
                  route="/api/v1/me") or 0) > 0
    # Paths with ids are counted under their template: one series, not one per user.
    template = "/api/v1/admin/users/{user_id}"
    assert value(text, "http_requests_total", method="GET", route=template, status="401") == 1
    assert value(text, "http_requests_total", method="GET", route=template, status="404") == 1
    assert str(someone) not in text


async def test_unmatched_paths_do_not_create_a_series_each(client: Client) -> None:
    path = f"/api/v1/no-such-thing-{uuid.uuid4().hex}"
    assert (await client.get(path)).status_code == 404
    text = (await client.get("/metrics", headers=SCRAPER)).text
    assert path not in text
    routes = {labels["route"] for _, labels, _ in samples(text, "http_requests")
              if labels.get("status") == "404"}
    assert len(routes) == 1


async def test_server_errors_are_counted(client: Client, container: Container) -> None:
    with container.health.override(providers.Object(ExplodingHealth())):
        response = await client.get("/health/ready")
    assert response.status_code == 500
    assert response.json()["code"] == "internal_error"
    assert "probe machinery" not in response.text
    text = (await client.get("/metrics", headers=SCRAPER)).text
    assert value(text, "http_errors_total", method="GET", route="/health/ready",
                 status="500") == 1
    assert value(text, "http_requests_total", method="GET", route="/health/ready",
                 status="500") == 1
    # Only 5xx are errors.
    assert (await client.get("/api/v1/me")).status_code == 401
    text = (await client.get("/metrics", headers=SCRAPER)).text
    assert value(text, "http_errors_total", method="GET", route="/api/v1/me",
                 status="401") is None


async def test_database_statements_are_timed(client: Client, container: Container) -> None:
    before = (await client.get("/metrics", headers=SCRAPER)).text
    selects_before = value(before, "db_query_duration_seconds_count", operation="SELECT") or 0

    user = await make_user(container)
    await bearer(client, user.email)

    text = (await client.get("/metrics", headers=SCRAPER)).text
    selects = value(text, "db_query_duration_seconds_count", operation="SELECT")
    inserts = value(text, "db_query_duration_seconds_count", operation="INSERT")
    assert selects is not None and selects > selects_before
    assert inserts is not None and inserts >= 1
    assert (value(text, "db_query_duration_seconds_sum", operation="SELECT") or 0) > 0
    buckets = [(labels["le"], v) for name, labels, v in samples(text, "db_query_duration_seconds")
               if name.endswith("_bucket") and labels["operation"] == "SELECT"]
    assert ("+Inf", selects) in buckets


# ---- request ids and logs -----------------------------------------------------------------

async def test_a_sane_request_id_is_echoed(client: Client) -> None:
    response = await client.get("/health/live", headers={"X-Request-ID": "lb-4f2a.9_x-1"})
    assert response.headers["x-request-id"] == "lb-4f2a.9_x-1"


@pytest.mark.parametrize("incoming", ["x" * 200, "has spaces in it", "quote\"and;semi",
                                      "", "ünïcode"])
async def test_an_insane_request_id_is_replaced(client: Client, incoming: str) -> None:
    response = await client.get("/health/live",
                                headers={"X-Request-ID": incoming.encode("utf-8")})
    issued = response.headers["x-request-id"]
    assert issued != incoming
    assert 8 <= len(issued) <= 64
    assert issued.replace("-", "").isalnum() and issued.isascii()


async def test_every_response_carries_a_fresh_request_id(client: Client) -> None:
    responses = [await client.get("/health/live"), await client.get("/api/v1/me"),
                 await client.get(f"/api/v1/nothing-{uuid.uuid4().hex}"),
                 await client.post("/api/v1/auth/login", content=b"{not json",
                                   headers={"Content-Type": "application/json"})]
    assert [r.status_code for r in responses] == [200, 401, 404, 400]
    ids = [r.headers["x-request-id"] for r in responses]
    assert len(set(ids)) == len(ids)
    # Error bodies name the same id, so a user's report can be matched to the logs.
    for response in responses[1:]:
        assert response.json()["request_id"] == response.headers["x-request-id"]


async def test_access_log_lines_carry_the_request_id(client: Client,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    response = await client.get("/api/v1/me", headers={"X-Request-ID": "trace-me-1"})
    other = await client.get("/health/live")
    lines = json_lines(capsys.readouterr().out)

    access = [line for line in lines if line.get("logger") == "edu.access"
              and line.get("event") == "request"]
    by_path = {line["path"]: line for line in access}
    me = by_path["/api/v1/me"]
    assert me["request_id"] == response.headers["x-request-id"] == "trace-me-1"
    assert me["status"] == 401
    assert me["route"] == "/api/v1/me"
    assert me["method"] == "GET"
    assert me["level"] == "info"
    assert "timestamp" in me and me["duration_ms"] >= 0
    assert by_path["/health/live"]["request_id"] == other.headers["x-request-id"]


async def test_log_lines_from_inside_a_request_carry_its_id(
        client: Client, container: Container, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    with container.health.override(providers.Object(ExplodingHealth())):
        response = await client.get("/health/ready")
    lines = json_lines(capsys.readouterr().out)

    request_id = response.headers["x-request-id"]
    errors = [line for line in lines if line.get("level") == "error"]
    assert errors, lines
    assert all(line["request_id"] == request_id for line in errors)
    # The traceback is in the log (not in the response).
    assert any("probe machinery broke" in line.get("exception", "") for line in errors)
    # The id is unbound once the request is over.
    logging.getLogger("edu.test").warning("after the request")
    [after] = [line for line in json_lines(capsys.readouterr().out)
               if line["event"] == "after the request"]
    assert "request_id" not in after


def test_logging_follows_stdout_even_after_the_configured_one_is_closed() -> None:
    first, second = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(first):
        configure_logging("INFO", json=True)
    first.close()
    try:
        with contextlib.redirect_stdout(second):
            logging.getLogger("edu.test").info("still logging", extra={"n": 7})
    finally:
        configure_logging("INFO", json=True)
    [line] = json_lines(second.getvalue())
    assert line["event"] == "still logging"
    assert line["n"] == 7
    assert line["logger"] == "edu.test"


def test_a_new_log_level_applies_to_loggers_already_in_use(
        capsys: pytest.CaptureFixture[str]) -> None:
    """The platform's loggers are cached on first use; reconfiguring must still reach them."""
    log = structlog.get_logger("edu.test.levels")
    capsys.readouterr()
    try:
        configure_logging("INFO", json=True)
        log.info("before")
        configure_logging("WARNING", json=True)
        log.info("filtered out")
        log.warning("still shown")
    finally:
        configure_logging("INFO", json=True)
    log.info("after")
    lines = [line for line in json_lines(capsys.readouterr().out)
             if line.get("logger") == "edu.test.levels"]
    assert [line["event"] for line in lines] == ["before", "still shown", "after"]
    assert [line["level"] for line in lines] == ["info", "warning", "info"]
