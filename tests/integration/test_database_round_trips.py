"""How many round trips the hot read paths make to PostgreSQL, counted on the wire (every
statement, prepare, BEGIN, COMMIT, ROLLBACK and ping alike): a guard against a change that
quietly brings back a transaction, a ping or a second read per request. Counts only, no timing.

The app runs with a pool, as in production, and each route is asked twice first, so the
connection is open and its statements prepared; the counted request is the steady state."""

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from httpx import AsyncClient

from adapters.cli.demo import DEMO
from adapters.cli.demo_reviews import past_session
from adapters.container import Container
from adapters.settings import Settings
from edu_core.application.actors import Actor, Principal
from edu_core.domain.identity import Role, Transport
from tests.conftest import make_settings
from tests.integration.helpers import bearer, make_mentor, make_user, unique_email
from tests.support.tcp_proxy import CountingProxy


@pytest.fixture
async def proxy(database_url: str) -> AsyncIterator[CountingProxy]:
    proxy = CountingProxy(database_url)
    await proxy.start()
    yield proxy
    await proxy.cut()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    # One pooled connection, so the counted request reuses the warmed one; no event handlers
    # in this process, so their queries stay out of the counts.
    return make_settings(tmp_path / "var", database_pool_size=1,
                         run_event_handlers_in_api=False)


@pytest.fixture
def container(settings: Settings, database_url: str, proxy: CountingProxy) -> Container:
    from adapters.container import build_container

    return build_container(settings, proxy.url(database_url))


async def round_trips(client: AsyncClient, proxy: CountingProxy, path: str,
                      headers: dict[str, str] | None = None) -> int:
    for _ in range(2):
        assert (await client.get(path, headers=headers)).status_code == 200
    before = proxy.round_trips
    response = await client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    return proxy.round_trips - before


async def test_me_is_one_statement(client: AsyncClient, container: Container,
                                   proxy: CountingProxy) -> None:
    email = unique_email("trips")
    await make_user(container, email=email)
    headers = await bearer(client, email)
    # The token lookup returns the user too: no second read, no transaction.
    assert await round_trips(client, proxy, "/api/v1/me", headers) == 1


async def test_public_reads_send_their_selects_only(client: AsyncClient, container: Container,
                                                   proxy: CountingProxy) -> None:
    suffix = uuid.uuid4().hex[:6]
    await container.catalog().import_document(DEMO, {"subjects": [
        {"name": f"Optics {suffix}", "slug": f"optics-{suffix}", "chapters": [{
            "name": "Light", "topics": [{"name": "Lenses", "slug": f"lenses-{suffix}"}]}]}]})
    tree = {t.subject.slug: t for t in await container.catalog().tree()}
    lenses = tree[f"optics-{suffix}"].chapters[0].topics[0]
    mentor = await make_mentor(container, "Ada Lens", headline="Optics", bio="Lenses.",
                               topics=[str(lenses.id)], languages=["en"], rate=4000)
    author = Principal(user_id=mentor.id, role=Role.MENTOR, session_id=uuid.uuid4(),
                       transport=Transport.BEARER)
    word = "zq" + suffix
    note: Any = await container.content().create(
        author, topic_id=lenses.id, kind="note", title=f"Focal length {word}",
        body={"html": f"<p>A {word} lens bends light.</p>"})
    await container.content().submit(author, note.item.id)
    await container.content().approve(Actor(None), note.item.id, 1)

    counts = {
        "profile": await round_trips(client, proxy, f"/api/v1/mentors/{mentor.id}"),
        "content search": await round_trips(client, proxy, f"/api/v1/search?q={word}"),
        "mentor search": await round_trips(client, proxy,
                                           f"/api/v1/mentors?subject=optics-{suffix}"),
    }
    # One round trip per select, and no BEGIN, ROLLBACK or ping around them. The profile:
    # one statement (profile, person, topics, portfolio, stars). The content search: the
    # page with its count, and the forum threads beside them (one statement). The mentor
    # search: subject, ranked ids with their count, calendars, cards with their work.
    assert counts == {"profile": 1, "content search": 2, "mentor search": 4}


async def test_my_sessions_read_names_and_reviews_with_the_page(
        client: AsyncClient, container: Container, proxy: CountingProxy) -> None:
    student = await make_user(container, email=unique_email("trips"))
    mentor = await make_user(container, Role.MENTOR, email=unique_email("trips"))
    async with container.uow()() as uow:
        for days in (3, 5, 8):
            uow.bookings.add(past_session(
                student_id=student.id, mentor_id=mentor.id,
                starts_at=datetime.now(UTC) - timedelta(days=days), minutes=60, price=4000,
                currency="EUR"))
        await uow.commit()
    headers = await bearer(client, student.email)
    # The token lookup; then the count, the page (both people's names and whether each was
    # reviewed joined in) and the page's history: never a read per session.
    assert await round_trips(client, proxy, "/api/v1/bookings?when=past", headers) == 4
