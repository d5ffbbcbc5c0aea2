"""Public mentor search (S8) over HTTP against PostgreSQL."""

import uuid

import pytest
from httpx import AsyncClient

from adapters.cli.demo import DEMO
from adapters.container import Container
from edu_core.application.actors import Actor
from edu_core.domain.identity import Role, User
from tests.integration.helpers import make_mentor, make_user


async def catalog(container: Container, run: str) -> dict[str, str]:
    await container.catalog().import_document(
        DEMO,
        {
            "subjects": [
                {
                    "name": "Physics",
                    "slug": f"physics-{run}",
                    "chapters": [
                        {
                            "name": "Mechanics",
                            "topics": [{"name": "Newton", "slug": f"newton-{run}"}],
                        }
                    ],
                },
                {
                    "name": "Chemistry",
                    "slug": f"chemistry-{run}",
                    "chapters": [
                        {"name": "Bonds", "topics": [{"name": "Ionic", "slug": f"ionic-{run}"}]}
                    ],
                },
            ]
        },
    )
    ids = {}
    for tree in await container.catalog().tree():
        for chapter in tree.chapters:
            for topic in chapter.topics:
                ids[topic.slug] = str(topic.id)
        ids[tree.subject.slug] = str(tree.subject.id)
    return ids


@pytest.fixture
def run() -> str:
    # Each test gets its own names and slugs: the database lives for the whole session.
    return uuid.uuid4().hex[:6]


@pytest.fixture
async def people(container: Container, run: str) -> dict[str, User]:

    ids = await catalog(container, run)
    newton, ionic = ids[f"newton-{run}"], ids[f"ionic-{run}"]
    return {
        "amara": await make_mentor(
            container,
            f"Amara Okafor {run}",
            headline="Physics olympiad coach",
            bio="Kinematics and dynamics explained with experiments.",
            topics=[newton],
            languages=["en", "yo"],
            rate=4000,
        ),
        "lukas": await make_mentor(
            container,
            f"Lukas Becker {run}",
            headline="Chemistry teacher",
            bio="Bonding, stoichiometry and lab safety.",
            topics=[ionic],
            languages=["de", "en"],
            rate=3000,
        ),
        "priya": await make_mentor(
            container,
            f"Priya Raman {run}",
            headline="Physics and chemistry",
            bio="Electrochemistry for engineers.",
            topics=[newton, ionic],
            languages=["hi", "en"],
            rate=150000 // 100,
            currency="INR",
        ),
        "hidden": await make_mentor(
            container,
            f"Hidden Applicant {run}",
            headline="Physics tutor",
            bio="Not verified yet.",
            topics=[newton],
            languages=["en"],
            rate=2000,
            verify=False,
        ),
    }


async def names(client: AsyncClient, run: str, **params: object) -> list[str]:
    response = await client.get("/api/v1/mentors", params={"page_size": 100, **params})
    assert response.status_code == 200, response.text
    return [
        m["display_name"].removesuffix(f" {run}")
        for m in response.json()["items"]
        if m["display_name"].endswith(run)
    ]


async def test_filters_combine_and_only_verified_mentors_appear(
    client: AsyncClient, run: str, people: dict[str, User]
) -> None:
    assert sorted(await names(client, run, subject=f"physics-{run}")) == [
        "Amara Okafor",
        "Priya Raman",
    ]
    assert sorted(await names(client, run, topic=f"ionic-{run}")) == ["Lukas Becker", "Priya Raman"]
    assert await names(client, run, topic=f"ionic-{run}", language="de") == ["Lukas Becker"]
    assert await names(client, run, q="olympiad") == ["Amara Okafor"]
    assert await names(client, run, q="stoichiometry") == ["Lukas Becker"]  # from the bio
    assert "Hidden Applicant" not in await names(client, run, q="physics")


async def test_names_match_despite_typos(
    client: AsyncClient, run: str, people: dict[str, User]
) -> None:
    assert "Amara Okafor" in await names(client, run, q=f"Amra Okafr {run}")


async def test_price_range_within_a_currency_and_sorting(
    client: AsyncClient, run: str, people: dict[str, User]
) -> None:
    cheap_first = await names(
        client, run, currency="EUR", min_price=2500, max_price=5000, sort="price"
    )
    assert cheap_first == ["Lukas Becker", "Amara Okafor"]
    assert await names(
        client, run, currency="EUR", min_price=2500, max_price=5000, sort="price_desc"
    ) == ["Amara Okafor", "Lukas Becker"]
    assert await names(client, run, currency="INR", max_price=2000) == ["Priya Raman"]


async def test_results_page_with_a_total(
    client: AsyncClient, run: str, people: dict[str, User]
) -> None:
    first = await client.get("/api/v1/mentors", params={"q": run, "page_size": 2})
    body = first.json()
    assert body["total"] == 3
    assert len(body["items"]) == 2
    second = await client.get("/api/v1/mentors", params={"q": run, "page_size": 2, "page": 2})
    assert len(second.json()["items"]) == 1
    everyone = {m["id"] for m in body["items"]} | {m["id"] for m in second.json()["items"]}
    assert len(everyone) == 3


async def test_a_suspended_mentor_leaves_the_results(
    client: AsyncClient, run: str, container: Container, people: dict[str, User]
) -> None:
    admin = await make_user(container, Role.ADMIN)
    await container.identity.admin().suspend(Actor(admin.id), people["lukas"].id, "Spam")
    assert "Lukas Becker" not in await names(client, run, q=run)
    gone = await client.get(f"/api/v1/mentors/{people['lukas'].id}")
    assert gone.status_code == 404


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"subject": "astrology"}, "unknown_catalog_filter"),
        ({"topic": str(uuid.uuid4())}, "unknown_catalog_filter"),
        ({"currency": "EUR", "min_price": 5000, "max_price": 100}, "invalid_input"),
        ({"min_price": 100}, "invalid_input"),
        ({"currency": "XYZ"}, "invalid_mentor_profile"),
    ],
)
async def test_nonsense_filters_are_a_clear_422(
    client: AsyncClient, params: dict[str, object], code: str
) -> None:
    response = await client.get("/api/v1/mentors", params=params)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == code


@pytest.mark.parametrize(
    "params",
    [
        {"page": 0},
        {"page_size": 1000},
        {"min_rating": 9},
        {"sort": "random"},
        {"language": "english!"},
    ],
)
async def test_malformed_filters_are_a_400(client: AsyncClient, params: dict[str, object]) -> None:
    response = await client.get("/api/v1/mentors", params=params)
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"


@pytest.mark.parametrize("param", ["subject", "topic", "q"])
async def test_a_nul_in_any_filter_is_a_400_not_a_crash(client: AsyncClient, param: str) -> None:
    response = await client.get("/api/v1/mentors", params={param: "phys\x00ics"})
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "invalid_characters"


async def test_a_nul_anywhere_in_the_address_is_refused_before_routing(
        client: AsyncClient) -> None:
    for url in ("/api/v1/mentors?q=a%00b", "/api/v1/cat%00alog", "/%00"):
        response = await client.get(url)
        assert response.status_code == 400, url
        assert response.json()["code"] == "invalid_characters"
        assert response.headers["x-content-type-options"] == "nosniff"
