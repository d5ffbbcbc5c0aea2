"""Two API processes on one database and one NATS server: a notification raised through one
reaches a socket open on the other."""

import uuid

import httpx

from adapters.cli.demo import DEMO
from adapters.container import build_container
from adapters.http.app import create_app
from adapters.settings import Settings
from edu_core.domain.identity import Role
from tests.conftest import serving
from tests.integration.helpers import bearer, make_mentor, make_user
from tests.support.asgi_websocket import WebSocketSession
from tests.support.nats import nats_server_url


def client_of(app: object) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app),  # type: ignore[arg-type]
                             base_url="https://testserver.local")


async def test_a_notification_made_in_one_process_reaches_a_socket_on_the_other(
        settings: Settings, database_url: str) -> None:
    nats_url = nats_server_url()
    one = build_container(settings, database_url, nats_url)
    other = build_container(settings, database_url, nats_url)
    app_one, app_other = (create_app(settings, container=one),
                          create_app(settings, container=other))
    slug = f"xproc-{uuid.uuid4().hex[:6]}"
    await one.catalog().import_document(DEMO, {"subjects": [{
        "name": "Optics", "slug": slug, "chapters": [{"name": "Lenses", "topics": [
            {"name": "Lenses", "slug": f"{slug}-lenses"}]}]}]})
    topic = next(t.chapters[0].topics[0] for t in await one.catalog().tree()
                 if t.subject.slug == slug)
    mentor = await make_mentor(one, "Two Process Mentor", headline="Optics", bio="Lenses.",
                               topics=[str(topic.id)], languages=["en"], rate=1000,
                               verify=False)
    admin = await make_user(one, Role.ADMIN)
    async with serving(app_one), serving(app_other), client_of(app_one) as c_one, \
            client_of(app_other) as c_other:
        ws = WebSocketSession(app_other, headers=list(
            (await bearer(c_other, mentor.email)).items()))
        await ws.accepted()
        assert (await ws.receive_json())["type"] == "ready"
        ws.send_json({"type": "subscribe", "channel": f"user:{mentor.id}"})
        assert (await ws.receive_json())["type"] == "subscribed"

        verified = await c_one.post(f"/api/v1/admin/mentors/{mentor.id}/verify",
                                    headers=await bearer(c_one, admin.email))
        assert verified.status_code == 200, verified.text
        frame = await ws.receive_until("message", within=10)
        assert frame["channel"] == f"user:{mentor.id}"
        assert frame["data"]["type"] == "notification"
        inbox = (await c_other.get("/api/v1/notifications",
                                   headers=await bearer(c_other, mentor.email))).json()
        assert [n["id"] for n in inbox["items"]] == [frame["data"]["id"]]
        await ws.disconnect()
