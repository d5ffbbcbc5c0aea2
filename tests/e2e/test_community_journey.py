"""Community in the browser.

The forum: a student answers a mentor's question wrongly and asks about it from the lesson (the
question and her answer are filled in), the mentor answers with a formula, she accepts it, and a
third person with the thread open sees the answer and its acceptance arrive without reloading;
three people flag a post and it disappears until an administrator restores it.

The session chat: between its student and mentor, private to them, live, with formulas, and it
survives a restart of the server with nothing lost or doubled.

The journeys run on a server of their own, which the chat's stops and starts again on the same
address while both people keep their pages open.
"""

import asyncio
import re
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from adapters.cli.demo import DEMO
from adapters.cli.demo_content_seed import author_principal
from adapters.container import build_container, shutdown
from edu_core.application.actors import Actor
from edu_core.domain.bookings import CancellationPolicy, MentoringSession
from edu_core.domain.identity import Role, User
from tests.conftest import make_settings
from tests.e2e.conftest import free_port, page_factory, serve_app
from tests.e2e.helpers import screenshot, sign_in
from tests.integration.helpers import PASSWORD, make_mentor, unique_email
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


@dataclass
class Forum:
    mentor: str
    asker: str
    watcher: str
    flaggers: list[str]
    admin: str
    item_path: str


async def _forum(server: Server) -> Forum:
    settings = make_settings(server.var_dir / "forum-setup", public_url=server.base_url)
    container = build_container(settings, server.database)
    try:
        slug = f"mech-{uuid.uuid4().hex[:6]}"
        await container.catalog().import_document(DEMO, {"subjects": [{
            "name": "Mechanics", "slug": slug, "chapters": [{"name": "Energy", "topics": [
                {"name": "Power and energy", "slug": f"{slug}-power"}]}]}]})
        topic = next(t.chapters[0].topics[0] for t in await container.catalog().tree()
                     if t.subject.slug == slug)
        await container.forum().create_category(Actor(None), name="Mechanics", slug=slug,
                                                subject=slug)
        mentor = await make_mentor(container, "Amara Okafor", headline="Physics",
                                   bio="Energy and motion.", topics=[str(topic.id)],
                                   languages=["en"], rate=5000)
        content, author = container.content(), author_principal(mentor.id)
        item = (await content.create(author, topic_id=topic.id, kind="question",
                                     title="Units of energy", body={
            "kind": "question", "type": "single_choice",
            "prompt": "<p>Which unit measures energy?</p>",
            "choices": [{"id": "w", "text": "watt"}, {"id": "j", "text": "joule"}],
            "correct": ["j"]})).item
        await content.submit(author, item.id)
        await content.approve(Actor(None), item.id, 1)
        admin = container.identity.admin()

        async def person(name: str, role: Role = Role.STUDENT) -> str:
            return (await admin.create_user(Actor(None), email=unique_email(role.value),
                                            password=PASSWORD, display_name=name, role=role,
                                            email_verified=True)).email

        return Forum(mentor=mentor.email, asker=await person("Noor Haddad"),
                     watcher=await person("Sam Reyes"),
                     flaggers=[await person(f"Reader {n}") for n in range(3)],
                     admin=await person("Ada Admin", Role.ADMIN),
                     item_path=f"/learn/{slug}/{topic.slug}/{item.id}")
    finally:
        await shutdown(container)


def _post(page: Page, text: str) -> Any:
    return page.locator("article").filter(has_text=text)


def test_a_question_from_a_lesson_is_answered_accepted_live_and_moderated(
        browser: Browser, server: Server) -> None:
    with serve_app(server.database, server.var_dir, port=server.port), \
            page_factory(browser, server.base_url) as open_page:
        forum: Forum = _in_thread(_forum(server))
        asker, mentor, watcher = open_page(), open_page(), open_page()
        for page, email in ((asker, forum.asker), (mentor, forum.mentor),
                            (watcher, forum.watcher)):
            sign_in(page, email, PASSWORD)

        # A wrong answer, then "Ask about this": the question and the answer given come along.
        asker.goto(forum.item_path)
        asker.get_by_label("watt").check()
        asker.get_by_role("button", name="Check answer").click()
        asker.get_by_role("link", name="Ask about this").click()
        asker.wait_for_url("**/forum/new?**")
        body = asker.get_by_label("Your question or idea")
        expect(body).to_have_value(re.compile(r"Which unit measures energy\?[\s\S]*watt"))
        body.fill(body.input_value() + "\n\nIsn't power measured in watts too?")
        asker.get_by_role("tab", name="Preview").click()
        expect(asker.get_by_role("tabpanel").get_by_text("Isn't power measured")).to_be_visible()
        screenshot(asker, "forum-new-thread")
        asker.get_by_role("button", name="Post thread").click()
        asker.wait_for_url(re.compile(r"/forum/t/[0-9a-f-]{36}"))
        thread_url = asker.url

        # A third person keeps the thread open; the mentor answers with a formula.
        watcher.goto(thread_url)
        expect(watcher.get_by_text("Isn't power measured in watts too?")).to_be_visible()
        mentor.goto(thread_url)
        mentor.get_by_label("Your reply").fill(
            "A watt is a joule per second: energy is power times time, $E = P\\,t$.")
        mentor.get_by_role("button", name="Post reply").click()
        answer = _post(watcher, "A watt is a joule per second")
        expect(answer).to_be_visible()  # live, no reload
        expect(answer.locator(".katex").first).to_be_visible()
        expect(answer.get_by_text("Verified Mentor")).to_be_visible()

        # She accepts it: the watcher sees the solution arrive.
        _post(asker, "A watt is a joule per second").get_by_role(
            "button", name="Accept answer").click()
        expect(watcher.get_by_role("region", name="Solution")).to_contain_text(
            "A watt is a joule per second")
        screenshot(watcher, "forum-thread")

        # A post three people flag is hidden until an administrator restores it.
        watcher.get_by_label("Your reply").fill("Cheap physics notes, write to me for a price.")
        watcher.get_by_role("button", name="Post reply").click()
        expect(_post(asker, "Cheap physics notes")).to_be_visible()
        for email in forum.flaggers:
            flagger = open_page()
            sign_in(flagger, email, PASSWORD)
            flagger.goto(thread_url)
            _post(flagger, "Cheap physics notes").get_by_role("button", name="Flag").click()
            dialog = flagger.get_by_role("dialog")
            dialog.get_by_text("Spam", exact=True).click()
            dialog.get_by_role("button", name="Flag post").click()
            expect(dialog).to_be_hidden()
            flagger.context.close()
        asker.reload()
        expect(_post(asker, "A watt is a joule per second")).to_be_visible()
        expect(_post(asker, "Cheap physics notes")).to_have_count(0)

        admin = open_page()
        sign_in(admin, forum.admin, PASSWORD)
        admin.goto("/admin/forum")
        flagged = admin.get_by_role("listitem").filter(has_text="Cheap physics notes")
        expect(flagged).to_contain_text("Spam")
        screenshot(admin, "admin-forum-flags")
        flagged.get_by_role("button", name="Restore").click()
        admin.get_by_role("dialog").get_by_label("Note to the author").fill(
            "Selling is not allowed here, but this one can stay.")
        admin.get_by_role("button", name="Restore post").click()
        expect(admin.get_by_role("listitem").filter(
            has_text="Cheap physics notes")).to_have_count(0)
        asker.reload()
        expect(_post(asker, "Cheap physics notes")).to_be_visible()

        asker.goto("/forum")
        expect(asker.get_by_role("link", name="Question about “Units of energy”")).to_be_visible()
        expect(asker.get_by_role("link", name="About: Units of energy")).to_be_visible()
        screenshot(asker, "forum-index")


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
