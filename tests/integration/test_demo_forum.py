"""``edu demo seed`` gives the forum categories per subject and twenty lived-in threads: some
solved, some about demo lessons, one post hidden by flags waiting in the admin's queue."""

from collections.abc import Iterator

import pytest
from httpx import AsyncClient

from adapters.cli.demo import seed
from adapters.cli.demo_forum import CATEGORIES, THREADS
from adapters.container import Container
from tests.integration.test_demo_seed import login
from tests.support.database import create_test_database, drop_test_database


@pytest.fixture(scope="module")
def database_url(pg_server: str) -> Iterator[str]:
    """A database of its own: the demo seeded here keeps its photos in this test's files, so
    the demo seed test must not find these accounts already made in the shared database."""
    url = create_test_database(pg_server, prefix="edu_demo_forum")
    yield url
    drop_test_database(pg_server, url)


async def test_the_demo_forum_is_seeded_once_with_solved_linked_and_flagged_threads(
        client: AsyncClient, container: Container) -> None:
    await seed(container)
    again = await seed(container)
    assert again.forum == 0
    categories = {c["slug"]: c for c in (await client.get("/api/v1/forum/categories")).json()}
    assert {c.slug for c in CATEGORIES} <= set(categories)
    assert sum(categories[c.slug]["thread_count"] for c in CATEGORIES) == len(THREADS) == 20
    physics = (await client.get("/api/v1/forum/threads", params={
        "category": "physics", "page_size": 100})).json()["items"]
    assert {t["author"]["name"] for t in physics} >= {"Sam Taylor", "Mei Lin"}
    linked = [t for t in physics if t["item_id"]]
    assert len(linked) >= 3 and any(t["solved"] for t in linked)
    solved = (await client.get("/api/v1/forum/threads", params={
        "solved": "true", "page_size": 100})).json()["total"]
    assert solved >= 8

    half = next(t for t in physics if t["title"] == "Why is there a ½ in kinetic energy?")
    page = (await client.get(f"/api/v1/forum/threads/{half['id']}")).json()
    answer = page["accepted"]
    assert answer["author"]["name"] == "Amara Okafor"
    assert answer["author"]["badges"] == ["verified_mentor"]
    assert answer["author"]["is_content_author"] is True
    assert 'data-type="block-math"' in answer["html"] and answer["score"] == 2
    assert page["posts"]["items"][0]["html"].startswith("<blockquote>")
    nested = next(t for t in physics if t["title"].startswith("If every force"))
    deep = (await client.get(f"/api/v1/forum/threads/{nested['id']}")).json()
    assert [p["depth"] for p in deep["posts"]["items"]] == [0, 1, 2, 3, 3, 3]
    assert deep["posts"]["items"][-1]["flattened"] is True

    admin = await login(client, "admin@mentora.demo")
    queue = (await client.get("/api/v1/admin/forum/flags", headers=admin,
                              params={"page_size": 100})).json()
    [waiting] = [x for x in queue["items"] if x["post"]["author"]
                 and x["post"]["author"]["name"] == "Inês Duarte"]
    assert (waiting["post"]["status"], waiting["post"]["in_review"], len(waiting["flags"])) == (
        "hidden", True, 3)
    assert waiting["post"]["author"]["badges"] == []  # an applicant, not yet verified
    planning = (await client.get(f"/api/v1/forum/threads/{waiting['post']['thread_id']}"
                                 )).json()
    assert "WhatsApp" not in str(planning)
