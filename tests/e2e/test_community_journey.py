"""Community in the browser: a session's chat between its student and mentor, private to them,
live, with formulas, that survives a restart of the server with nothing lost or doubled.

The journey runs on a server of its own, which it stops and starts again on the same address
while both people keep their pages open.
"""

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from adapters.container import build_container, shutdown
from edu_core.application.actors import Actor
from edu_core.domain.bookings import CancellationPolicy, MentoringSession
from edu_core.domain.identity import Role, User
from tests.conftest import make_settings
from tests.e2e.conftest import free_port, page_factory, serve_app
from tests.e2e.helpers import screenshot, sign_in
from tests.integration.helpers import PASSWORD, unique_email
from tests.support.database import create_test_database, drop_test_database


@dataclass
class People:
    student: str
    mentor: str
    outsider: str
    session_id: str


@dataclass
class Server:
    database: str
    var_dir: Path
    port: int

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def _in_thread(work: Any) -> Any:
    # Playwright's synchronous API runs an event loop in this thread: set-up gets its own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, work).result()


async def _people(server: Server) -> People:
    settings = make_settings(server.var_dir / "setup", public_url=server.base_url)
    container = build_container(settings, server.database)
    try:
        admin = container.identity.admin()

        async def person(name: str, role: Role = Role.STUDENT) -> User:
            return await admin.create_user(Actor(None), email=unique_email(role.value),
                                           password=PASSWORD, display_name=name, role=role,
                                           email_verified=True)

        student, mentor = await person("Noor Haddad"), await person("Amara Okafor", Role.MENTOR)
        outsider = await person("Sam Reyes")
        async with container.uow()() as uow:
            now = datetime.now(UTC)
            # Starting in ten minutes: the room opens 15 minutes before the start.
            session = MentoringSession.hold(
                student_id=student.id, mentor_id=mentor.id, starts_at=now + timedelta(minutes=10),
                minutes=60, price=5000, currency="EUR", cancellation=CancellationPolicy(),
                hold_for=timedelta(minutes=10), now=now)
            session.confirm(5000, now)
            uow.bookings.add(session)
            await uow.commit()
        return People(student.email, mentor.email, outsider.email, str(session.id))
    finally:
        await shutdown(container)


@pytest.fixture(scope="module")
def server(pg_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    database = create_test_database(pg_server, prefix="edu_e2e_community")
    try:
        yield Server(database, tmp_path_factory.mktemp("e2e-community"), free_port())
    finally:
        drop_test_database(pg_server, database)


def _log(page: Page) -> Any:
    return page.get_by_role("log", name="Chat")


def _history(page: Page, session_id: str) -> list[dict[str, Any]]:
    answer = page.request.get(f"/api/v1/bookings/{session_id}/chat/messages?limit=200")
    assert answer.status == 200, answer.text()
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


def _subscribe(page: Page, channel: str) -> Any:
    """The first answer of the live socket to subscribing to ``channel``."""
    return page.evaluate("""(channel) => new Promise((resolve, reject) => {
        const socket = new WebSocket(location.origin.replace(/^http/, "ws") + "/ws");
        const timer = setTimeout(() => reject(new Error("no answer")), 10000);
        socket.onmessage = (event) => {
            const frame = JSON.parse(event.data);
            if (frame.type === "ready") socket.send(JSON.stringify({type: "subscribe", channel}));
            else { clearTimeout(timer); socket.close(); resolve(frame); }
        };
    })""", channel)


def test_a_session_chat_is_private_live_and_survives_a_restart(browser: Browser,
                                                               server: Server) -> None:
    with page_factory(browser, server.base_url) as open_page:
        with serve_app(server.database, server.var_dir, port=server.port) as app:
            people: People = _in_thread(_people(server))
            room = f"/sessions/{people.session_id}"
            student, mentor, outsider = open_page(), open_page(), open_page()
            for page, email in ((student, people.student), (mentor, people.mentor),
                                (outsider, people.outsider)):
                sign_in(page, email, PASSWORD)
            student.goto(room)
            mentor.goto(room)
            expect(_log(student).or_(student.get_by_text("No messages yet"))).to_be_visible()

            box = student.get_by_label("Message")
            box.fill("Is $E_k = \\frac{1}{2}mv^2$ the energy here?")
            box.press("Enter")
            expect(_log(mentor).get_by_text("the energy here?")).to_be_visible()
            expect(_log(mentor).locator(".katex").first).to_be_visible()
            reply = mentor.get_by_label("Message")
            reply.fill("Yes: and the work done is $W = \\Delta E_k$.")
            reply.press("Enter")
            expect(_log(student).get_by_text("and the work done is")).to_be_visible()
            expect(_log(student).get_by_text("Seen")).to_be_visible()  # the mentor read it

            # Someone else knows the session's id: the history and the live room stay shut.
            outsider.goto("/dashboard")
            refused = outsider.request.get(f"/api/v1/bookings/{people.session_id}/chat/messages")
            assert (refused.status, refused.json()["code"]) == (404, "session_not_found")
            assert _subscribe(outsider, f"session:{people.session_id}") == {
                "type": "error", "code": "forbidden", "channel": f"session:{people.session_id}"}
            screenshot(student, "session-chat")
            assert app.base_url == server.base_url

        # The server is down: a message written now waits in the page.
        box.fill("Did you get this one? $a^2 + b^2 = c^2$")
        box.press("Enter")
        expect(_log(student).get_by_text("Not sent.")).to_be_visible(timeout=30_000)

        with serve_app(server.database, server.var_dir, port=server.port):
            _log(student).get_by_role("button", name="Try again").click()
            expect(_log(student).get_by_text("Not sent.")).to_have_count(0)
            # The mentor's page reconnects by itself and fetches what it missed.
            expect(_log(mentor).get_by_text("Did you get this one?")).to_be_visible(
                timeout=30_000)
            # A second try of the same message stores nothing new.
            history = _history(student, people.session_id)
            assert [m["seq"] for m in history] == [1, 2, 3]
            assert [m["sender_role"] for m in history] == ["student", "mentor", "student"]
            assert len({m["client_id"] for m in history}) == 3
            mentor.reload()
            expect(_log(mentor).get_by_role("listitem")).to_have_count(3)
