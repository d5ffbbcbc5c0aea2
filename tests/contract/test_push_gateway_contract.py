"""ONE behaviour suite for the PushGateway port, run against the log gateway (the default)
and the in-memory fake the core's unit tests use."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from adapters.memory.push import MemoryPushGateway
from adapters.push.log_gateway import LogPushGateway, read_push_log
from edu_core.domain.errors import PushDeliveryError
from edu_core.domain.identity.devices import InvalidPushToken, PushPlatform
from edu_core.ports.push import PushDevice, PushGateway, PushMessage, PushOutcome

IOS = PushDevice(PushPlatform.IOS, "ab" * 32)
ANDROID = PushDevice(PushPlatform.ANDROID, "fcm:" + "Q" * 60)
MESSAGE = PushMessage(title="\u201cOptics\u201d is live", body="Version 2 was approved; "
                      "learners see it now. \u2014 Привет", link="/mentor/content/x",
                      kind="content.approved", notification_id="n-1")


@dataclass
class Backend:
    gateway: PushGateway
    # (token, title, body, link) of every message sent, oldest first.
    read_back: Callable[[], list[tuple[str, str, str, str | None]]]
    take_down: Callable[[], None]


def _log_backend(tmp_path: Path) -> Backend:
    directory = tmp_path / "push"

    def take_down() -> None:
        # A file where the directory should be: every write fails as on a full or
        # read-only disk.
        if directory.exists():
            directory.rmdir()
        directory.write_text("not a directory")

    return Backend(LogPushGateway(directory),
                   lambda: [(p.token, p.title, p.body, p.link)
                            for p in read_push_log(directory)] if directory.is_dir() else [],
                   take_down)


def _memory_backend(tmp_path: Path) -> Backend:
    fake = MemoryPushGateway()

    def take_down() -> None:
        fake.down = True

    return Backend(fake, lambda: [(d.token, m.title, m.body, m.link) for d, m in fake.sent],
                   take_down)


@pytest.fixture(params=["log", "memory"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    return {"log": _log_backend, "memory": _memory_backend}[request.param](tmp_path)


async def test_a_registered_device_receives_the_message_whole(backend: Backend) -> None:
    await backend.gateway.register(IOS)
    assert await backend.gateway.send(IOS, MESSAGE) is PushOutcome.DELIVERED
    assert backend.read_back() == [(IOS.token, MESSAGE.title, MESSAGE.body, MESSAGE.link)]


async def test_messages_to_several_devices_arrive_in_order(backend: Backend) -> None:
    for device in (IOS, ANDROID, IOS):
        await backend.gateway.send(device, MESSAGE)
    assert [token for token, *_ in backend.read_back()] == [IOS.token, ANDROID.token,
                                                           IOS.token]


@pytest.mark.parametrize("device", [PushDevice(PushPlatform.IOS, "zz" * 32),
                                    PushDevice(PushPlatform.EXPO, "ExponentPushToken[]"),
                                    PushDevice(PushPlatform.ANDROID, "x" * 600)])
async def test_a_token_the_platform_does_not_issue_is_refused(
        backend: Backend, device: PushDevice) -> None:
    with pytest.raises(InvalidPushToken):
        await backend.gateway.register(device)


async def test_an_unreachable_provider_raises_a_coded_error(backend: Backend) -> None:
    backend.take_down()
    with pytest.raises(PushDeliveryError):
        await backend.gateway.send(IOS, MESSAGE)
