"""The platform wired with NATS: events reach their handlers through JetStream, and readiness
names the NATS server. Each test has an embedded server of its own (the platform's stream and
consumer names would be shared with other test runs on a common server)."""

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import nats
import pytest

from adapters.container import build_container
from adapters.http.app import create_app
from adapters.messaging.embedded_nats import (
    EmbeddedNats,
    release_embedded_nats,
    start_embedded_nats,
)
from adapters.messaging.nats_relay import CONSUMER, STREAM, NatsEventRelay
from adapters.messaging.outbox_dispatcher import OutboxDispatcher
from tests.conftest import make_settings
from tests.integration.helpers import PASSWORD, outbox_links, unique_email
from tests.integration.test_operations import client_for


@pytest.fixture
def server(tmp_path: Path) -> Iterator[EmbeddedNats]:
    server = start_embedded_nats(tmp_path / "nats")
    yield server
    release_embedded_nats(tmp_path / "nats", os.getpid())


async def test_a_registration_mail_goes_out_through_jetstream(
        tmp_path: Path, database_url: str, server: EmbeddedNats) -> None:
    settings = make_settings(tmp_path / "var")
    container = build_container(settings, database_url, server.url)
    assert isinstance(container.dispatcher(), NatsEventRelay)
    email = unique_email()
    async with client_for(create_app(settings, container=container)) as client:
        response = await client.post("/api/v1/auth/register", json={
            "email": email, "password": PASSWORD, "display_name": "Ada Lovelace",
            "role": "student", "timezone": "Europe/Berlin"})
        assert response.status_code == 202, response.text
        for _ in range(100):
            if outbox_links(settings.outbox_dir, email, "verify-email"):
                break
            await asyncio.sleep(0.05)
        ready = await client.get("/health/ready")

    assert len(outbox_links(settings.outbox_dir, email, "verify-email")) == 1
    checks = {c["name"]: c["ok"] for c in ready.json()["checks"]}
    assert checks["nats"] is True
    nc = await nats.connect(server.url)
    try:
        js = nc.jetstream()
        assert (await js.stream_info(STREAM)).state.messages >= 2
        consumer = await js.consumer_info(STREAM, CONSUMER)
        assert consumer.num_ack_pending == 0 and consumer.num_pending == 0
    finally:
        await nc.close()


async def test_readiness_is_503_naming_nats_when_it_is_away(
        tmp_path: Path, database_url: str) -> None:
    settings = make_settings(tmp_path / "var")
    container = build_container(settings, database_url, "nats://127.0.0.1:1")
    async with client_for(create_app(settings, container=container)) as client:
        ready = await client.get("/health/ready")
    assert ready.status_code == 503
    checks = {c["name"]: c["ok"] for c in ready.json()["checks"]}
    assert checks["nats"] is False and checks["database"] is True


def test_without_nats_events_are_delivered_in_process(tmp_path: Path, database_url: str) -> None:
    container = build_container(make_settings(tmp_path / "var"), database_url)
    assert type(container.dispatcher()) is OutboxDispatcher
    assert "nats" not in {p.name for p in container.health()._probes}
