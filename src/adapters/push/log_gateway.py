"""The default push gateway: what would be pushed goes to the structured log and, one JSON
line per message, to a file under ``var/`` (as the file mailer keeps e-mails), so a developer
or a demo sees each push without a provider account."""

import asyncio
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import structlog

from edu_core.domain.errors import PushDeliveryError
from edu_core.domain.identity.devices import check_push_token
from edu_core.ports.push import PushDevice, PushMessage, PushOutcome

log = structlog.get_logger("edu.push")

LOG_NAME = "push.jsonl"


@dataclass(frozen=True, slots=True)
class LoggedPush:
    platform: str
    token: str
    title: str
    body: str
    link: str | None
    kind: str
    notification_id: str


class LogPushGateway:
    def __init__(self, directory: Path) -> None:
        self._dir = Path(directory)
        # One writer at a time inside the process: appended lines never interleave.
        self._lock = asyncio.Lock()

    async def register(self, device: PushDevice) -> None:
        check_push_token(device.platform, device.token)

    async def send(self, device: PushDevice, message: PushMessage) -> PushOutcome:
        record = {"at": datetime.now(UTC).isoformat(), "platform": device.platform.value,
                  "token": device.token, "title": message.title, "body": message.body,
                  "link": message.link, "kind": message.kind,
                  "notification_id": message.notification_id}
        async with self._lock:
            try:
                await asyncio.to_thread(self._append, json.dumps(record, ensure_ascii=False))
            except OSError as exc:
                raise PushDeliveryError(internal=f"push log {self._dir}: {exc}") from exc
        # The token's tail only: enough to tell devices apart in the log, useless to replay.
        log.info("push", platform=device.platform.value, token_tail=device.token[-6:],
                 kind=message.kind, notification_id=message.notification_id)
        return PushOutcome.DELIVERED

    def _append(self, line: str) -> None:
        self._dir.mkdir(parents=True, exist_ok=True)
        # O_APPEND: each line lands whole at the end even with other processes writing.
        fd = os.open(self._dir / LOG_NAME, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, (line + "\n").encode("utf-8"))
        finally:
            os.close(fd)


def read_push_log(directory: Path) -> list[LoggedPush]:
    """Every push written to ``directory``, oldest first (tests and the demo read it back)."""
    path = Path(directory) / LOG_NAME
    if not path.exists():
        return []
    found = []
    for line in path.read_text("utf-8").splitlines():
        raw: dict[str, Any] = json.loads(line)
        found.append(LoggedPush(platform=raw["platform"], token=raw["token"],
                                title=raw["title"], body=raw["body"], link=raw["link"],
                                kind=raw["kind"], notification_id=raw["notification_id"]))
    return found
