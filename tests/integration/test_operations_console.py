"""The operations console (S36): status with each dependency, failed jobs and their retry,
recorded errors, database time per route, audit search; administrators only."""

import contextlib
import logging
import os
import socket
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import nats
import pytest
from dependency_injector import providers
from sqlalchemy import insert, text

from adapters.container import Container, build_container
from adapters.db.tables import job_dead_letters
from adapters.http.app import create_app
from adapters.observability.error_log import PostgresErrorLog
from adapters.settings import Settings
from edu_core.application.health import HealthService, Readiness
from edu_core.domain.audit import AuditEntry
from edu_core.domain.identity import Role
from edu_core.domain.operations import NewError
from tests.conftest import make_settings
from tests.integration.helpers import bearer, make_user
from tests.integration.test_nats_outage import NatsProcess
from tests.integration.test_operations import client_for
from tests.support.nats import nats_server_url

Client = httpx.AsyncClient
BASE = "/api/v1/admin/operations"
# Nothing listens on port 1: a connection is refused at once.
REFUSING_NATS = "nats://127.0.0.1:1"


async def admin_headers(client: Client, container: Container) -> dict[str, str]:
    return await bearer(client, (await make_user(container, Role.ADMIN)).email)


def dependencies(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {d["name"]: d for d in body["dependencies"]}


# ---- status --------------------------------------------------------------------------------

async def test_status_reports_each_dependency_the_backlog_and_the_process(
        client: Client, container: Container) -> None:
    admin = await admin_headers(client, container)
    response = await client.get(f"{BASE}/status", headers=admin)

    assert response.status_code == 200, response.text
    body = response.json()
    checks = dependencies(body)
    assert {"database", "mail", "rate_limit_store", "storage", "live"} <= set(checks)
    assert all(c["ok"] and c["detail"] == "ok" and c["latency_ms"] >= 0
               for c in checks.values())
    assert body["ok"] is True
    assert set(body["backlog"]) == {"outbox_unrelayed", "deliveries_due", "deliveries_failed",
                                    "oldest_due_seconds", "job_retries_waiting",
                                    "dead_letters"}
    # Events in process, no NATS: the queue's depth cannot be told.
    assert body["queued_jobs"] is None
    assert body["open_websockets"] == 0
    assert body["process"] == f"{socket.gethostname()}:{os.getpid()}"


async def test_status_names_nats_failed_when_it_refuses_connections(
        settings: Settings, database_url: str) -> None:
    container = build_container(settings, database_url, nats_url=REFUSING_NATS)
    async with client_for(create_app(settings, container=container)) as client:
        admin = await admin_headers(client, container)
        response = await client.get(f"{BASE}/status", headers=admin)

    assert response.status_code == 200, response.text
    body = response.json()
    checks = dependencies(body)
    assert checks["nats"]["ok"] is False
    assert checks["nats"]["detail"] != "ok"
    assert checks["database"]["ok"] is True
    assert body["ok"] is False
    # The database still answers, so the backlog is still counted.
    assert body["backlog"] is not None


async def test_a_nats_server_stopped_while_running_is_failed_at_the_next_refresh(
        tmp_path: Path, database_url: str) -> None:
    server = NatsProcess(tmp_path / "nats")
    server.start()
    try:
        settings = make_settings(tmp_path / "var", probe_timeout_seconds=2.0)
        container = build_container(settings, database_url, nats_url=server.url)
        async with client_for(create_app(settings, container=container)) as client:
            admin = await admin_headers(client, container)
            before = await client.get(f"{BASE}/status", headers=admin)
            server.kill()
            after = await client.get(f"{BASE}/status", headers=admin)
    finally:
        server.kill()

    assert dependencies(before.json())["nats"]["ok"] is True, before.text
    # The very next status (the page asks every 5 s) names it failed.
    assert after.status_code == 200
    assert dependencies(after.json())["nats"]["ok"] is False, after.text
    assert after.json()["ok"] is False


# ---- access ----------------------------------------------------------------------------------

ROUTES = [("GET", f"{BASE}/status"), ("GET", f"{BASE}/failed-jobs"),
          ("POST", f"{BASE}/failed-jobs/1/retry"), ("GET", f"{BASE}/errors"),
          ("GET", f"{BASE}/slow-routes"), ("GET", f"{BASE}/audit")]


async def test_only_administrators_reach_the_console(client: Client,
                                                     container: Container) -> None:
    student = await bearer(client, (await make_user(container, Role.STUDENT)).email)
    mentor = await bearer(client, (await make_user(container, Role.MENTOR)).email)
    for method, path in ROUTES:
        anonymous = await client.request(method, path)
        assert anonymous.status_code == 401, (method, path, anonymous.text)
        for headers in (student, mentor):
            refused = await client.request(method, path, headers=headers)
            assert refused.status_code == 403, (method, path, refused.text)
            assert refused.json()["code"] == "forbidden"


# ---- recorded errors -------------------------------------------------------------------------

class ExplodingHealth(HealthService):
    """A bug inside a handler: the way to a real 500."""

    def __init__(self) -> None:
        super().__init__([])

    async def readiness(self) -> Readiness:
        raise RuntimeError("probe machinery broke")


async def test_a_500_leaves_an_error_found_by_its_request_id_and_route(
        settings: Settings, database_url: str) -> None:
    container = build_container(settings, database_url)
    container.health.override(providers.Object(ExplodingHealth()))
    request_id = f"req-{uuid.uuid4().hex}"
    async with client_for(create_app(settings, container=container)) as client:
        admin = await admin_headers(client, container)
        failed = await client.get("/health/ready", headers={"X-Request-ID": request_id})
        found = await client.get(f"{BASE}/errors", headers=admin,
                                 params={"request_id": request_id})
        by_route = await client.get(f"{BASE}/errors", headers=admin,
                                    params={"route": "/health/re"})
        other = await client.get(f"{BASE}/errors", headers=admin,
                                 params={"request_id": "req-never-seen"})

    assert failed.status_code == 500
    assert found.status_code == 200, found.text
    assert found.json()["total"] == 1
    (entry,) = found.json()["items"]
    assert entry["request_id"] == request_id
    assert entry["route"] == "/health/ready" and entry["method"] == "GET"
    assert entry["status"] == 500
    assert entry["exception_type"] == "RuntimeError"
    assert "probe machinery broke" in entry["excerpt"]
    assert entry["process"] == f"{socket.gethostname()}:{os.getpid()}"
    assert request_id in [e["request_id"] for e in by_route.json()["items"]]
    assert all(e["route"].startswith("/health/re") for e in by_route.json()["items"])
    assert other.json() == {"items": [], "total": 0, "page": 1, "page_size": 20}


async def test_an_error_logged_outside_a_request_is_recorded_too(
        client: Client, container: Container) -> None:
    marker = f"nightly sweep {uuid.uuid4().hex} failed"
    try:
        raise ConnectionResetError("peer went away")
    except ConnectionResetError:
        logging.getLogger("edu.test.background").exception(marker)
    await container.error_recorder().flush()

    admin = await admin_headers(client, container)
    page = (await client.get(f"{BASE}/errors", headers=admin,
                             params={"page_size": 100})).json()
    (entry,) = [e for e in page["items"] if e["message"] == marker]
    assert entry["request_id"] is None and entry["route"] is None
    assert entry["logger"] == "edu.test.background"
    assert entry["exception_type"] == "ConnectionResetError"
    assert "peer went away" in entry["excerpt"]


async def test_recorded_errors_are_pruned_by_age_and_count(container: Container) -> None:
    engine = container.engine()
    store = PostgresErrorLog(engine, container.session_factory(),
                             retention=timedelta(days=14), keep=100)
    async with engine.begin() as conn:
        await conn.execute(text("delete from error_log"))
    now = datetime.now(UTC)
    old = NewError(occurred_at=now - timedelta(days=15), logger="t", message="old",
                   excerpt="", process="p")
    recent = [NewError(occurred_at=now, logger="t", message=f"recent {i}", excerpt="",
                       process="p") for i in range(120)]
    assert await store.write([old])
    assert await store.write(recent)
    await store.prune(now)

    async with engine.connect() as conn:
        messages = [r.message for r in (await conn.execute(
            text("select message from error_log order by id"))).all()]
    assert messages == [f"recent {i}" for i in range(20, 120)]


# ---- slow routes -----------------------------------------------------------------------------

async def test_slow_routes_add_up_database_time_per_route(client: Client,
                                                          container: Container) -> None:
    admin = await admin_headers(client, container)
    for _ in range(3):
        assert (await client.get(f"{BASE}/audit", headers=admin)).status_code == 200
    response = await client.get(f"{BASE}/slow-routes", headers=admin)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["process"] == f"{socket.gethostname()}:{os.getpid()}"
    (audit,) = [r for r in body["routes"]
                if r["route"] == f"{BASE}/audit" and r["method"] == "GET"]
    assert audit["requests"] == 3
    # Each request authenticates and counts and reads a page: several statements apiece.
    assert audit["statements"] >= 3 * 2
    assert audit["db_ms_total"] > 0
    assert audit["db_ms_max"] >= audit["db_ms_p95"] >= 0
    assert audit["db_ms_mean"] == pytest.approx(audit["db_ms_total"] / 3, rel=0.01)
    totals = [r["db_ms_total"] for r in body["routes"]]
    assert totals == sorted(totals, reverse=True)


# ---- audit search ----------------------------------------------------------------------------

async def test_audit_search_filters_by_actor_action_target_and_period(
        client: Client, container: Container) -> None:
    admin_user = await make_user(container, Role.ADMIN)
    other_admin = await make_user(container, Role.ADMIN)
    admin = await bearer(client, admin_user.email)
    action = f"test.{uuid.uuid4().hex[:12]}"
    t0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    entries = [
        AuditEntry(actor_id=admin_user.id, action=action, target_type="user",
                   target_id="u-1", occurred_at=t0),
        AuditEntry(actor_id=admin_user.id, action=action, target_type="course",
                   target_id="c-1", occurred_at=t0 + timedelta(days=1)),
        AuditEntry(actor_id=other_admin.id, action=action, target_type="user",
                   target_id="u-2", occurred_at=t0 + timedelta(days=2)),
        AuditEntry(actor_id=admin_user.id, action=action + ".other", target_type="user",
                   target_id="u-1", occurred_at=t0 + timedelta(days=3)),
    ]
    async with container.uow()() as uow:
        for entry in entries:
            uow.audit.record(entry)
        await uow.commit()

    async def search(**params: str) -> list[str]:
        response = await client.get(f"{BASE}/audit", headers=admin, params=params)
        assert response.status_code == 200, response.text
        return [e["target_id"] for e in response.json()["items"]]

    assert await search(action=action) == ["u-2", "c-1", "u-1"]
    assert await search(action=action, actor_id=str(admin_user.id)) == ["c-1", "u-1"]
    assert await search(action=action, target_type="user") == ["u-2", "u-1"]
    assert await search(target_id="u-1", actor_id=str(admin_user.id)) == ["u-1", "u-1"]
    assert await search(action=action, **{"from": (t0 + timedelta(days=1)).isoformat(),
                                          "to": (t0 + timedelta(days=2)).isoformat()}
                        ) == ["c-1"]
    # A time without a zone is UTC.
    assert await search(action=action, **{"from": "2026-03-02T12:00:00"}) == ["u-2", "c-1"]

    paged = (await client.get(f"{BASE}/audit", headers=admin,
                              params={"action": action, "page_size": 2, "page": 2})).json()
    assert paged["total"] == 3 and [e["target_id"] for e in paged["items"]] == ["u-1"]
    (first,) = (await client.get(f"{BASE}/audit", headers=admin,
                                 params={"action": action, "target_id": "c-1"})).json()["items"]
    assert first["actor_id"] == str(admin_user.id) and first["target_type"] == "course"

    reversed_period = await client.get(f"{BASE}/audit", headers=admin, params={
        "from": "2026-03-05T00:00:00Z", "to": "2026-03-01T00:00:00Z"})
    assert reversed_period.status_code == 422
    assert reversed_period.json()["code"] == "audit_period_reversed"
    bad_actor = await client.get(f"{BASE}/audit", headers=admin, params={"actor_id": "me"})
    assert bad_actor.status_code == 400


# ---- failed jobs -----------------------------------------------------------------------------

@pytest.fixture
async def jobs_settings(tmp_path: Path) -> AsyncIterator[Settings]:
    name = f"edu_test_{uuid.uuid4().hex[:10]}"
    # Streams of its own: the server may be shared.
    settings = make_settings(tmp_path / "var", nats_url=nats_server_url(), jobs_stream=name,
                             jobs_subject=f"{name}.jobs", jobs_consumer=name,
                             events_stream=f"{name}_events", events_subject=f"{name}.events",
                             events_consumer=f"{name}_handlers")
    yield settings
    client = await nats.connect(settings.nats_url)
    for stream in (name, f"{name}_events"):
        with contextlib.suppress(Exception):  # a test that failed before the stream existed
            await client.jetstream().delete_stream(stream)
    await client.close()


async def stream_messages(settings: Settings) -> int:
    client = await nats.connect(settings.nats_url)
    try:
        info = await client.jetstream().stream_info(settings.jobs_stream)
        return int(info.state.messages)
    finally:
        await client.close()


async def test_a_failed_job_is_listed_and_retried_once_with_an_audit_entry(
        jobs_settings: Settings, database_url: str) -> None:
    # Events over NATS too, as a deployment with NATS has them.
    container = build_container(jobs_settings, database_url, nats_url=jobs_settings.nats_url)
    key = f"report-{uuid.uuid4().hex}"
    now = datetime.now(UTC)
    async with container.engine().begin() as conn:
        letter_id = (await conn.execute(insert(job_dead_letters).values(
            job="reports.build", key=key, chain="0", payload={"month": "2026-11"},
            error="RuntimeError: the ledger is locked", attempts=5,
            enqueued_at=now - timedelta(hours=1), failed_at=now,
        ).returning(job_dead_letters.c.id))).scalar_one()

    async with client_for(create_app(jobs_settings, container=container)) as client:
        admin_user = await make_user(container, Role.ADMIN)
        admin = await bearer(client, admin_user.email)
        listed = await client.get(f"{BASE}/failed-jobs", headers=admin)
        first = await client.post(f"{BASE}/failed-jobs/{letter_id}/retry", headers=admin)
        second = await client.post(f"{BASE}/failed-jobs/{letter_id}/retry", headers=admin)
        missing = await client.post(f"{BASE}/failed-jobs/999999999/retry", headers=admin)
        status = (await client.get(f"{BASE}/status", headers=admin)).json()
        audit = (await client.get(f"{BASE}/audit", headers=admin, params={
            "action": "job.retry", "target_id": str(letter_id)})).json()

    assert listed.status_code == 200, listed.text
    (shown,) = [j for j in listed.json()["items"] if j["id"] == letter_id]
    assert shown["job"] == "reports.build" and shown["attempts"] == 5
    assert shown["error"] == "RuntimeError: the ledger is locked"
    assert shown["retried_at"] is None

    assert first.status_code == 200, first.text
    assert first.json()["queued"] is True
    assert first.json()["failed_job"]["retried_at"] is not None
    # A repeated click queues nothing more and is not audited again.
    assert second.status_code == 200, second.text
    assert second.json()["queued"] is False
    assert second.json()["failed_job"]["retried_at"] == first.json()["failed_job"]["retried_at"]
    assert await stream_messages(jobs_settings) == 1
    assert missing.status_code == 404
    assert missing.json()["code"] == "failed_job_not_found"

    assert audit["total"] == 1
    (entry,) = audit["items"]
    assert entry["actor_id"] == str(admin_user.id) and entry["target_type"] == "failed_job"
    assert entry["details"] == {"job": "reports.build", "key": key, "attempts": 5}
    # NATS configured: the job stream's depth is told, the retried letter no longer waits.
    assert status["queued_jobs"] == 1
    assert status["backlog"]["dead_letters"] >= 0


async def test_retrying_needs_a_job_queue(client: Client, container: Container) -> None:
    now = datetime.now(UTC)
    async with container.engine().begin() as conn:
        letter_id = (await conn.execute(insert(job_dead_letters).values(
            job="reports.build", key=f"k-{uuid.uuid4().hex}", chain="0", payload={},
            error="boom", attempts=1, enqueued_at=now, failed_at=now,
        ).returning(job_dead_letters.c.id))).scalar_one()
    admin = await admin_headers(client, container)
    response = await client.post(f"{BASE}/failed-jobs/{letter_id}/retry", headers=admin)

    assert response.status_code == 503
    assert response.json()["code"] == "jobs_unavailable"
    listed = (await client.get(f"{BASE}/failed-jobs", headers=admin,
                               params={"page_size": 100})).json()
    (letter,) = [j for j in listed["items"] if j["id"] == letter_id]
    assert letter["retried_at"] is None


async def test_a_retry_while_the_job_queue_is_unreachable_is_503_and_marks_nothing(
        tmp_path: Path, database_url: str) -> None:
    settings = make_settings(tmp_path / "var", nats_url=REFUSING_NATS)
    container = build_container(settings, database_url)
    now = datetime.now(UTC)
    async with container.engine().begin() as conn:
        letter_id = (await conn.execute(insert(job_dead_letters).values(
            job="reports.build", key=f"k-{uuid.uuid4().hex}", chain="0", payload={},
            error="boom", attempts=1, enqueued_at=now, failed_at=now,
        ).returning(job_dead_letters.c.id))).scalar_one()
    async with client_for(create_app(settings, container=container)) as client:
        admin = await admin_headers(client, container)
        response = await client.post(f"{BASE}/failed-jobs/{letter_id}/retry", headers=admin)

    assert response.status_code == 503, response.text
    assert response.json()["code"] == "jobs_unavailable"
    async with container.engine().connect() as conn:
        retried_at = (await conn.execute(text(
            "select retried_at from job_dead_letters where id = :id"), {"id": letter_id})
        ).scalar_one()
    assert retried_at is None
