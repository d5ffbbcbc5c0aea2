"""The NATS server of a test run: ``EDU_TEST_NATS_URL`` when set (CI: the machine's NATS
service), otherwise the embedded server under ``var/test-nats``. Tests keep to streams and
consumers of their own on it."""

import os
from pathlib import Path

from adapters.messaging.embedded_nats import start_embedded_nats

ROOT = Path(__file__).resolve().parents[2]


def nats_server_url() -> str:
    return os.environ.get("EDU_TEST_NATS_URL") or start_embedded_nats(
        ROOT / "var" / "test-nats").url
