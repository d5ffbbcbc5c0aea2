"""Public mentor search (S8) over HTTP against PostgreSQL."""

import uuid
from collections.abc import AsyncIterator
from decimal import Decimal

import pytest
from httpx import AsyncClient
from sqlalchemy import delete, select

from adapters.cli.demo import DEMO
from adapters.container import Container
from edu_core.application.actors import Actor, Principal
from edu_core.domain.identity import Role, Transport, User
from edu_core.domain.pagination import PageRequest
from tests.integration.helpers import bearer, make_mentor, make_user


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
    # Narrowed to this test's mentors by name: the shared database holds many more at these
    # prices, and a page of 100 sorted by price could end before ours.
    cheap_first = await names(
        client, run, q=run, currency="EUR", min_price=2500, max_price=5000, sort="price"
    )
    assert cheap_first == ["Lukas Becker", "Amara Okafor"]
    assert await names(
        client, run, q=run, currency="EUR", min_price=2500, max_price=5000, sort="price_desc"
    ) == ["Amara Okafor", "Lukas Becker"]
    assert await names(client, run, q=run, currency="INR", max_price=2000) == ["Priya Raman"]


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
        ({"currency": "XYZ"}, "unknown_currency"),
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


# -- prices across currencies (exchange rates seeded by the migration) -----------------------


async def priced(container: Container, run: str, name: str, rate: int, currency: str,
                 topic: str, bio: str = "Tutoring.") -> User:
    return await make_mentor(container, f"{name} {run}", headline=f"Tutor {run}", bio=bio,
                             topics=[topic], languages=["en"], rate=rate, currency=currency)


@pytest.fixture
async def priced_people(container: Container, run: str) -> dict[str, User]:
    newton = (await catalog(container, run))[f"newton-{run}"]
    return {
        # INR 1,500 (about USD 18) is cheaper than EUR 40, whatever the raw amounts say.
        "rupees": await priced(container, run, "Rupees", 150000, "INR", newton),
        "euros": await priced(container, run, "Euros", 4000, "EUR", newton),
        # JPY has no minor unit: 3000 is three thousand yen (about USD 20).
        "yen": await priced(container, run, "Yen", 3000, "JPY", newton),
        "dollars": await priced(container, run, "Dollars", 2500, "USD", newton),
    }


async def cards(client: AsyncClient, run: str, **params: object) -> dict[str, dict[str, object]]:
    response = await client.get("/api/v1/mentors",
                                params={"q": f"Tutor {run}", "page_size": 100, **params})
    assert response.status_code == 200, response.text
    return {m["display_name"].removesuffix(f" {run}"): m for m in response.json()["items"]}


async def test_lowest_price_compares_prices_across_currencies(
    client: AsyncClient, run: str, priced_people: dict[str, User]
) -> None:
    cheapest = await names(client, run, q=f"Tutor {run}", sort="price", currency="USD")
    assert cheapest == ["Rupees", "Yen", "Dollars", "Euros"]
    dearest = await names(client, run, q=f"Tutor {run}", sort="price_desc", currency="INR")
    assert dearest == ["Euros", "Dollars", "Yen", "Rupees"]


async def test_cards_carry_their_own_price_and_an_approximate_one_in_the_viewers_currency(
    client: AsyncClient, run: str, priced_people: dict[str, User]
) -> None:
    response = await client.get("/api/v1/mentors", params={"q": f"Tutor {run}"})
    assert response.json()["currency"] == "USD"  # the default
    found = await cards(client, run, currency="usd")
    assert (found["Rupees"]["hourly_rate_cents"], found["Rupees"]["currency"]) == (150000, "INR")
    assert found["Rupees"]["approx_rate_cents"] == 1800  # 1,500 x 0.012
    assert found["Yen"]["approx_rate_cents"] == 2010  # 3,000 yen x 0.0067, not 20.10 cents
    assert found["Dollars"]["approx_rate_cents"] == 2500
    in_yen = await cards(client, run, currency="JPY")
    assert in_yen["Dollars"]["approx_rate_cents"] == 3731  # USD 25 / 0.0067, whole yen
    assert in_yen["Yen"]["approx_rate_cents"] == 3000


async def test_a_price_range_in_the_viewers_currency_keeps_mentors_in_other_currencies(
    client: AsyncClient, run: str, priced_people: dict[str, User]
) -> None:
    # USD 15 to 30: the rupee (18), yen (20.10) and dollar (25) mentors, not the euro one (43).
    assert sorted(await names(client, run, q=f"Tutor {run}", currency="USD", min_price=1500,
                              max_price=3000)) == ["Dollars", "Rupees", "Yen"]
    # Without a currency the range is in USD.
    assert await names(client, run, q=f"Tutor {run}", max_price=2000) == ["Rupees"]
    # In yen: up to 3,000 yen keeps the rupee mentor (about 2,687 yen) and the yen one.
    assert sorted(await names(client, run, q=f"Tutor {run}", currency="JPY",
                              max_price=3000)) == ["Rupees", "Yen"]


@pytest.fixture
async def without_ngn_rate(container: Container) -> AsyncIterator[None]:
    from adapters.db.tables import exchange_rates

    async with container.engine().begin() as conn:
        kept = (await conn.execute(select(exchange_rates).where(
            exchange_rates.c.currency == "NGN"))).mappings().one()
        await conn.execute(delete(exchange_rates).where(exchange_rates.c.currency == "NGN"))
    yield
    async with container.engine().begin() as conn:
        await conn.execute(exchange_rates.insert().values(**kept))


async def test_a_currency_without_a_rate_still_appears_last_for_price_and_never_fails(
    client: AsyncClient, run: str, container: Container, priced_people: dict[str, User],
    without_ngn_rate: None
) -> None:
    async with container.uow()() as uow:
        newton = await uow.catalog.topic_by_slug(f"newton-{run}")
    assert newton is not None
    await priced(container, run, "Naira", 100, "NGN", str(newton.id))
    found = await cards(client, run)
    assert found["Naira"]["approx_rate_cents"] is None
    assert found["Naira"]["hourly_rate_cents"] == 100
    by_price = await names(client, run, q=f"Tutor {run}", sort="price")
    assert by_price[-1] == "Naira"
    assert (await names(client, run, q=f"Tutor {run}", sort="price_desc"))[-1] == "Naira"
    # It cannot be compared, so a price range leaves it out ...
    assert "Naira" not in await names(client, run, q=f"Tutor {run}", max_price=100_000)
    # ... except in its own currency, where no conversion is needed.
    assert await names(client, run, q=f"Tutor {run}", currency="NGN", max_price=100) == [
        "Naira"]


# -- exchange rates: admin API, audit, effect on search --------------------------------------


@pytest.fixture
async def restore_rates(container: Container) -> AsyncIterator[None]:
    before = {r.currency: r.rate for r in await container.exchange_rates().list() if r.rate}
    yield
    for row in await container.exchange_rates().list():
        if row.rate and row.rate.rate != before[row.currency].rate:
            await container.exchange_rates().set(Actor(None), row.currency,
                                                 before[row.currency].rate)


async def test_admins_list_and_set_rates_audited_and_search_follows(
    client: AsyncClient, run: str, container: Container, priced_people: dict[str, User],
    restore_rates: None
) -> None:
    admin = await make_user(container, Role.ADMIN)
    auth = await bearer(client, admin.email)
    listed = await client.get("/api/v1/admin/exchange-rates", headers=auth)
    assert listed.status_code == 200, listed.text
    rows = {r["currency"]: r for r in listed.json()["items"]}
    assert listed.json()["reference_currency"] == "USD"
    assert rows["INR"]["rate"] == "0.012"
    assert (rows["JPY"]["minor_digits"], rows["EUR"]["minor_digits"]) == (0, 2)
    assert rows["USD"]["reference"] is True

    changed = await client.put("/api/v1/admin/exchange-rates/inr", headers=auth,
                               json={"rate": "0.05"})
    assert changed.status_code == 200, changed.text
    assert (changed.json()["currency"], changed.json()["rate"]) == ("INR", "0.05")
    assert changed.json()["updated_by"] == str(admin.id)
    # Rupees now cost USD 75: the dearest of the four.
    assert (await names(client, run, q=f"Tutor {run}", sort="price"))[-1] == "Rupees"
    async with container.uow()() as uow:
        entries = (await uow.audit.list(PageRequest(1, 5), target_id="INR")).items
    assert entries[0].action == "exchange_rate.set"
    assert entries[0].actor_id == admin.id
    assert entries[0].details["rate"] == "0.05"


@pytest.mark.parametrize(("currency", "rate", "code"), [
    ("XYZ", "1", "unknown_currency"),
    ("EUR", "0", "invalid_exchange_rate"),
    ("EUR", "0.0000000001", "invalid_exchange_rate"),
    ("USD", "2", "invalid_exchange_rate"),
])
async def test_bad_rates_are_a_clear_422(
    client: AsyncClient, container: Container, currency: str, rate: str, code: str
) -> None:
    admin = await make_user(container, Role.ADMIN)
    response = await client.put(f"/api/v1/admin/exchange-rates/{currency}",
                                headers=await bearer(client, admin.email), json={"rate": rate})
    assert response.status_code == 422, response.text
    assert response.json()["code"] == code


async def test_only_admins_see_or_change_rates(client: AsyncClient, container: Container) -> None:
    student = await make_user(container, Role.STUDENT)
    auth = await bearer(client, student.email)
    assert (await client.get("/api/v1/admin/exchange-rates", headers=auth)).status_code == 403
    assert (await client.put("/api/v1/admin/exchange-rates/EUR", headers=auth,
                             json={"rate": "9"})).status_code == 403
    assert (await client.get("/api/v1/admin/exchange-rates")).status_code == 401
    rates = {r.currency: r.rate for r in await container.exchange_rates().list()}
    assert rates["EUR"] is not None and rates["EUR"].rate == Decimal("1.08")


# -- best match and free time ----------------------------------------------------------------

ALL_WEEK = [{"weekday": d, "start": "00:00", "end": "23:30"} for d in range(7)]


async def test_best_match_puts_mentors_without_free_time_after_those_with_some(
    client: AsyncClient, run: str, container: Container
) -> None:
    newton = (await catalog(container, run))[f"newton-{run}"]
    word = f"kinematics{run}"
    # The best text match (the word in headline and bio) has no calendar at all; the second
    # has a calendar without any window; only the weakest match can be booked.
    unbookable = await make_mentor(container, f"Strong {run}", headline=f"{word} {word}",
                                   bio=f"{word} {word} {word}", topics=[newton],
                                   languages=["en"], rate=3000)
    no_windows = await make_mentor(container, f"Empty {run}", headline=word, bio=word,
                                   topics=[newton], languages=["en"], rate=3000)
    bookable = await make_mentor(container, f"Open {run}", headline="Physics",
                                 bio=f"Some {word}.", topics=[newton], languages=["en"],
                                 rate=3000)
    for mentor, weekly in ((no_windows, []), (bookable, ALL_WEEK)):
        response = await client.put(
            "/api/v1/mentor/availability", headers=await bearer(client, mentor.email),
            json={"version": 1, "timezone": "UTC", "session_lengths": [60],
                  "buffer_minutes": 0, "min_notice_minutes": 0, "horizon_days": 60,
                  "weekly": weekly, "overrides": []})
        assert response.status_code == 200, response.text
    by_text = await names(client, run, q=word, sort="rating")
    assert set(by_text) == {"Strong", "Empty", "Open"}
    best = (await client.get("/api/v1/mentors", params={"q": word})).json()
    assert [m["display_name"].removesuffix(f" {run}") for m in best["items"]] == [
        "Open", "Strong", "Empty"]
    assert best["total"] == 3
    assert best["items"][0]["next_available"] is not None
    assert best["items"][1]["next_available"] is None
    second = (await client.get("/api/v1/mentors", params={"q": word, "page_size": 1,
                                                         "page": 2})).json()
    assert [m["id"] for m in second["items"]] == [str(unbookable.id)]


async def test_cards_count_only_published_courses_and_approved_lessons(
    client: AsyncClient, run: str, container: Container
) -> None:
    ids = await catalog(container, run)
    newton = ids[f"newton-{run}"]
    author = await make_mentor(container, f"Author {run}", headline="Physics", bio="Notes.",
                               topics=[newton], languages=["en"], rate=3000)
    await make_mentor(container, f"Newcomer {run}", headline="Physics", bio="Nothing yet.",
                      topics=[newton], languages=["en"], rate=3000)
    me = Principal(user_id=author.id, role=Role.MENTOR, session_id=uuid.uuid4(),
                   transport=Transport.BEARER)
    content, courses = container.content(), container.courses()
    lessons = []
    for title, approve in (("Forces", True), ("Momentum", True), ("Draft", False)):
        view = await content.create(me, topic_id=uuid.UUID(newton), kind="note", title=title,
                                    body={"html": "<p>Text.</p>"})
        if approve:
            await content.submit(me, view.item.id)
            await content.approve(Actor(None), view.item.id, 1)
        lessons.append(view.item.id)
    course = await courses.create(me, title=f"Mechanics {run}", description="",
                                  subject_id=uuid.UUID(ids[f"physics-{run}"]),
                                  item_ids=lessons[:2])
    await courses.publish(me, course.course.id, version=course.course.version)
    await courses.create(me, title=f"Unpublished {run}", item_ids=lessons[:1])

    # Both ways a page of cards is built: best match (ids ranked by calendar first, then
    # their cards) and a plain sort in one query.
    for params in ({}, {"sort": "rating"}):
        found = await cards(client, run, q=run, **params)
        assert {name: card["work"] for name, card in found.items()} == {
            "Author": {"courses": 1, "lessons": 2},
            "Newcomer": {"courses": 0, "lessons": 0},
        }, params
