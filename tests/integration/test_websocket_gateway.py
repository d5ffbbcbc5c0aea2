"""The live socket: who may open it, what they may listen to, and what reaches them."""

import asyncio
import uuid
from uuid import UUID

import pytest
from httpx import AsyncClient
from litestar import Litestar

from adapters.cli.demo import DEMO
from adapters.container import Container
from adapters.http.live.gateway import GatewayLimits, Outbox
from adapters.settings import Settings
from edu_core.domain.identity import Role
from tests.integration.helpers import PASSWORD, bearer, make_mentor, make_user
from tests.support.asgi_websocket import Closed, WebSocketSession

ORIGIN = ("origin", "https://mentora.test")


async def cookie_of(client: AsyncClient, settings: Settings, email: str) -> str:
    signed_in = await client.post("/api/v1/auth/login",
                                  json={"email": email, "password": PASSWORD, "mode": "cookie"})
    assert signed_in.status_code == 200, signed_in.text
    cookie = client.cookies.get(settings.session_cookie)
    assert cookie
    client.cookies.clear()
    return cookie


def socket(app: Litestar, *headers: tuple[str, str]) -> WebSocketSession:
    return WebSocketSession(app, headers=headers)


async def test_no_credential_is_closed_with_4401_once_the_auth_window_ends(
        app: Litestar, client: AsyncClient) -> None:
    app.state.live_gateway.limits = GatewayLimits(auth_timeout=0.2)
    ws = socket(app, ORIGIN)
    await ws.accepted()
    assert await ws.close_code(within=3) == 4401


async def test_a_first_message_that_is_not_auth_is_refused(app: Litestar,
                                                           client: AsyncClient) -> None:
    ws = socket(app, ORIGIN)
    await ws.accepted()
    ws.send_json({"type": "subscribe", "channel": "user:x"})
    assert await ws.close_code() == 4401


async def test_a_foreign_origin_is_refused_even_with_a_valid_session(
        app: Litestar, client: AsyncClient, container: Container, settings: Settings) -> None:
    user = await make_user(container)
    cookie = await cookie_of(client, settings, user.email)
    for origin in ("https://evil.example", "null", "http://mentora.test"):
        ws = socket(app, ("origin", origin), ("cookie", f"{settings.session_cookie}={cookie}"))
        await ws.accepted()
        assert await ws.close_code() == 4403, origin


async def test_the_session_cookie_from_the_app_s_own_origin_opens_the_socket(
        app: Litestar, client: AsyncClient, container: Container, settings: Settings) -> None:
    user = await make_user(container)
    cookie = await cookie_of(client, settings, user.email)
    ws = socket(app, ORIGIN, ("cookie", f"{settings.session_cookie}={cookie}"))
    await ws.accepted()
    assert await ws.receive_json() == {"type": "ready", "user_id": str(user.id)}
    ws.send_json({"type": "subscribe", "channel": f"user:{user.id}"})
    assert await ws.receive_json() == {"type": "subscribed", "channel": f"user:{user.id}"}
    await ws.disconnect()

    stale = socket(app, ORIGIN, ("cookie", f"{settings.session_cookie}=not-a-session"))
    await stale.accepted()
    assert await stale.close_code() == 4401


async def test_a_bearer_token_in_the_first_message_opens_the_socket(
        app: Litestar, client: AsyncClient, container: Container) -> None:
    user = await make_user(container)
    token = (await bearer(client, user.email))["Authorization"].removeprefix("Bearer ")
    sockets = container.metrics().live_sockets
    ws = socket(app)  # not a browser: no Origin
    await ws.accepted()
    ws.send_json({"type": "auth", "token": token})
    assert (await ws.receive_json())["type"] == "ready"
    assert sockets._value.get() == 1  # the open-sockets gauge /metrics exposes
    ws.send_json({"type": "ping"})
    assert await ws.receive_json() == {"type": "pong"}
    await ws.disconnect()

    wrong = socket(app)
    await wrong.accepted()
    wrong.send_json({"type": "auth", "token": "x" * 40})
    assert await wrong.close_code() == 4401


async def test_another_user_s_channel_and_unknown_channels_are_forbidden(
        app: Litestar, client: AsyncClient, container: Container) -> None:
    user = await make_user(container)
    other = await make_user(container)
    admin = await make_user(container, Role.ADMIN)
    for who in (user, admin):
        ws = socket(app, ORIGIN, *(await bearer(client, who.email)).items())
        await ws.accepted()
        assert (await ws.receive_json())["type"] == "ready"
        for channel in (f"user:{other.id}", "user:", "session:1", "user", "x" * 300):
            ws.send_json({"type": "subscribe", "channel": channel})
            assert await ws.receive_json() == {"type": "error", "code": "forbidden",
                                               "channel": channel}
        ws.send_json({"type": "nonsense"})
        assert await ws.receive_json() == {"type": "error", "code": "bad_message"}
        await ws.disconnect()


async def test_subscriptions_and_message_size_are_bounded(
        app: Litestar, client: AsyncClient, container: Container) -> None:
    app.state.live_gateway.limits = GatewayLimits(max_subscriptions=1, max_message_bytes=200)
    user = await make_user(container)
    headers = (await bearer(client, user.email)).items()
    ws = socket(app, *headers)
    await ws.accepted()
    await ws.receive_json()
    ws.send_json({"type": "subscribe", "channel": f"user:{user.id}"})
    assert (await ws.receive_json())["type"] == "subscribed"
    ws.send_json({"type": "subscribe", "channel": f"user:{user.id}x"})
    assert (await ws.receive_json())["code"] == "too_many_subscriptions"
    ws.send_json({"type": "ping", "padding": "x" * 300})
    assert await ws.close_code() == 1009


async def test_a_silent_client_is_pinged_then_dropped(
        app: Litestar, client: AsyncClient, container: Container) -> None:
    app.state.live_gateway.limits = GatewayLimits(heartbeat_interval=0.1, idle_timeout=0.35)
    user = await make_user(container)
    ws = socket(app, *(await bearer(client, user.email)).items())
    await ws.accepted()
    await ws.receive_json()
    assert await ws.receive_json() == {"type": "ping"}
    ws.send_json({"type": "pong"})
    assert await ws.close_code(within=3) == 4408


async def test_a_notification_created_by_an_event_reaches_the_user_s_socket(
        app: Litestar, client: AsyncClient, container: Container) -> None:
    slug = f"live-{uuid.uuid4().hex[:6]}"
    await container.catalog().import_document(DEMO, {"subjects": [{
        "name": "Optics", "slug": slug, "chapters": [{"name": "Lenses", "topics": [
            {"name": "Lenses", "slug": f"{slug}-lenses"}]}]}]})
    topic = next(t.chapters[0].topics[0] for t in await container.catalog().tree()
                 if t.subject.slug == slug)
    mentor = await make_mentor(container, "Live Mentor", headline="Optics", bio="Lenses.",
                               topics=[str(topic.id)], languages=["en"], rate=1000,
                               verify=False)
    admin = await make_user(container, Role.ADMIN)
    ws = socket(app, *(await bearer(client, mentor.email)).items())
    await ws.accepted()
    await ws.receive_json()
    ws.send_json({"type": "subscribe", "channel": f"user:{mentor.id}"})
    assert (await ws.receive_json())["type"] == "subscribed"

    verified = await client.post(f"/api/v1/admin/mentors/{mentor.id}/verify",
                                 headers=await bearer(client, admin.email))
    assert verified.status_code == 200, verified.text
    frame = await ws.receive_until("message", within=15)
    assert frame["channel"] == f"user:{mentor.id}"
    assert frame["data"]["type"] == "notification"
    inbox = (await client.get("/api/v1/notifications",
                              headers=await bearer(client, mentor.email))).json()
    assert [n["id"] for n in inbox["items"]] == [frame["data"]["id"]]
    assert UUID(frame["data"]["id"])
    await ws.disconnect()
    assert container.live().subscriber_count(f"user:{mentor.id}") == 0


async def test_a_client_that_does_not_read_is_dropped_and_never_delays_another(
        app: Litestar, client: AsyncClient, container: Container) -> None:
    app.state.live_gateway.limits = GatewayLimits(send_queue=4, send_timeout=30)
    user = await make_user(container)
    headers = (await bearer(client, user.email)).items()
    channel = f"user:{user.id}"
    sockets = []
    for _ in range(2):
        ws = socket(app, *headers)
        await ws.accepted()
        await ws.receive_json()
        ws.send_json({"type": "subscribe", "channel": channel})
        assert (await ws.receive_json())["type"] == "subscribed"
        sockets.append(ws)
    slow, fast = sockets
    slow.stalled.set()

    started = asyncio.get_running_loop().time()
    for n in range(20):
        await container.live().publish(channel, {"type": "notification", "id": str(n)})
        got = await fast.receive_json(within=2)
        assert got["data"]["id"] == str(n)
    assert asyncio.get_running_loop().time() - started < 2
    # The stalled socket's handler ended (queue overflowed) and left the channel.
    await asyncio.wait_for(slow.task, 5)
    assert container.live().subscriber_count(channel) == 1
    await fast.disconnect()


def test_the_outbox_drops_what_does_not_fit_and_says_so() -> None:
    outbox = Outbox(2)
    for frame in ("a", "b", "c", "d"):
        outbox.deliver(frame)
    assert outbox.overflowed
    assert outbox.pending() == 2


async def test_closed_is_reported_with_its_code(app: Litestar, client: AsyncClient) -> None:
    ws = socket(app, ("origin", "https://evil.example"))
    await ws.accepted()
    with pytest.raises(Closed) as closed:
        await ws.receive_json()
    assert closed.value.code == 4403
