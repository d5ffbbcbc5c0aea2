"""Live messages across processes: two NATS connections stand for two API processes."""

import asyncio

from adapters.messaging.live import NatsLiveBroker, subject_for
from tests.support.nats import nats_server_url

# EDU_TEST_NATS_URL, else the embedded server (started here when the module is collected).
NATS_URL = nats_server_url()


class Collected:
    def __init__(self) -> None:
        self.frames: list[str] = []
        self.arrived = asyncio.Event()

    def deliver(self, frame: str) -> None:
        self.frames.append(frame)
        self.arrived.set()


async def test_a_message_published_in_one_process_reaches_sockets_of_another() -> None:
    one, other = NatsLiveBroker(NATS_URL), NatsLiveBroker(NATS_URL)
    await one.start()
    await other.start()
    try:
        await one.check()
        listener, bystander = Collected(), Collected()
        await other.subscribe("user:42", listener)
        # Names that would be a wildcard or several tokens on NATS stay one literal token.
        await other.subscribe("user:42.x", bystander)
        await other.subscribe("user:*", bystander)
        await other.subscribe("user:>", bystander)

        await one.publish("user:42", {"type": "notification", "id": "n1"})
        await asyncio.wait_for(listener.arrived.wait(), 5)
        assert listener.frames == [
            '{"type":"message","channel":"user:42","data":{"type":"notification","id":"n1"}}']
        await one.publish("user:*", {"type": "notification", "id": "n2"})
        await asyncio.wait_for(bystander.arrived.wait(), 5)
        await asyncio.sleep(0.2)
        assert len(listener.frames) == 1
        assert [f for f in bystander.frames if '"n2"' in f] == [
            '{"type":"message","channel":"user:*","data":{"type":"notification","id":"n2"}}']

        await other.unsubscribe("user:42", listener)
        await asyncio.sleep(0.2)
        await one.publish("user:42", {"type": "notification", "id": "n3"})
        await asyncio.sleep(0.3)
        assert len(listener.frames) == 1
    finally:
        await one.stop()
        await other.stop()


def test_channel_names_never_leak_subject_syntax() -> None:
    assert subject_for("user:42") == "edu.live.user:42"
    for hostile in ("user:4.2", "user:*", "user:>", "a b", "user:%2E", "ü\n"):
        subject = subject_for(hostile)
        token = subject.removeprefix("edu.live.")
        assert not any(c in token for c in ".*> \n\t"), subject
    assert subject_for("user:4.2") != subject_for("user:4%2E2")
    assert len({subject_for(c) for c in ("a.b", "a%2Eb", "a%252Eb")}) == 3
