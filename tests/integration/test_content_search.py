"""Content search over HTTP (S16): ranking, web-search syntax, filters, highlighted snippets as
plain-text segments, pagination, and above all visibility: learners find approved text only,
never a draft, a pending edit or a question's answers; mentors find their own work in the
workspace scope; admins find everything there."""

import uuid
from typing import Any

import pytest
from httpx import AsyncClient

from adapters.cli.demo import DEMO
from adapters.container import Container
from edu_core.domain.identity import Role, User
from tests.integration.helpers import bearer, make_mentor, make_user

SEARCH = "/api/v1/search"


def token() -> str:
    """A made-up word no other test writes (letters only, so it is an ordinary word)."""
    return "zq" + "".join(chr(ord("a") + int(c, 16) % 26) for c in uuid.uuid4().hex[:10])


@pytest.fixture
async def catalog(container: Container) -> dict[str, Any]:
    suffix = uuid.uuid4().hex[:6]
    await container.catalog().import_document(DEMO, {"subjects": [
        {"name": "Physics", "slug": f"physics-{suffix}", "chapters": [{
            "name": "Mechanics", "slug": "mechanics", "topics": [
                {"name": "Energy", "slug": f"energy-{suffix}"},
                {"name": "Momentum", "slug": f"momentum-{suffix}"}]}]},
        {"name": "Chemistry", "slug": f"chemistry-{suffix}", "chapters": [{
            "name": "Reactions", "topics": [{"name": "Rates", "slug": f"rates-{suffix}"}]}]},
    ]})
    tree = {s.subject.slug: s for s in await container.catalog().tree()}
    physics, chemistry = tree[f"physics-{suffix}"], tree[f"chemistry-{suffix}"]
    energy, momentum = physics.chapters[0].topics
    return {"physics": physics.subject, "chemistry": chemistry.subject, "energy": energy,
            "momentum": momentum, "rates": chemistry.chapters[0].topics[0]}


@pytest.fixture
async def people(container: Container, catalog: dict[str, Any]) -> dict[str, User]:
    topics = [str(catalog["energy"].id)]
    return {
        "mentor": await make_mentor(container, "Marie Mentor", headline="Physics",
                                    bio="Physics teacher.", topics=topics, languages=["en"],
                                    rate=4000),
        "other": await make_mentor(container, "Otto Other", headline="Physics",
                                   bio="Another teacher.", topics=topics, languages=["en"],
                                   rate=4000),
        "admin": await make_user(container, Role.ADMIN),
        "student": await make_user(container, Role.STUDENT),
    }


@pytest.fixture
async def auth(client: AsyncClient, people: dict[str, User]) -> dict[str, dict[str, str]]:
    return {name: await bearer(client, user.email) for name, user in people.items()}


async def create(client: AsyncClient, headers: dict[str, str], topic: Any, kind: str,
                 title: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post("/api/v1/mentor/content", headers=headers, json={
        "topic_id": str(topic.id), "kind": kind, "title": title, "body": {"kind": kind, **body}})
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


async def submit_and_approve(client: AsyncClient, auth: dict[str, dict[str, str]],
                             item: dict[str, Any], *, author: str = "mentor") -> dict[str, Any]:
    submitted = await client.post(f"/api/v1/mentor/content/{item['id']}/submit",
                                  headers=auth[author])
    assert submitted.status_code == 200, submitted.text
    version = submitted.json()["latest_version"]
    approved = await client.post(f"/api/v1/admin/content/{item['id']}/approve",
                                 headers=auth["admin"], json={"version": version})
    assert approved.status_code == 200, approved.text
    return approved.json()  # type: ignore[no-any-return]


async def publish(client: AsyncClient, auth: dict[str, dict[str, str]], topic: Any, kind: str,
                  title: str, body: dict[str, Any], *, author: str = "mentor"
                  ) -> dict[str, Any]:
    item = await create(client, auth[author], topic, kind, title, body)
    return await submit_and_approve(client, auth, item, author=author)


def note(*paragraphs: str) -> dict[str, str]:
    return {"kind": "note", "html": "".join(f"<p>{p}</p>" for p in paragraphs)}


async def search(client: AsyncClient, headers: dict[str, str] | None = None,
                 **params: Any) -> dict[str, Any]:
    response = await client.get(SEARCH, params=params, headers=headers or {})
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def ids(found: dict[str, Any]) -> list[str]:
    return [hit["item_id"] for hit in found["items"]]


def highlighted(segments: list[dict[str, Any]]) -> list[str]:
    return [s["text"] for s in segments if s["highlight"]]


def plain(segments: list[dict[str, Any]]) -> str:
    return "".join(s["text"] for s in segments)


async def test_title_matches_rank_first_and_snippets_are_segments_not_html(
        client: AsyncClient, catalog: dict[str, Any], people: dict[str, User],
        auth: dict[str, dict[str, str]]) -> None:
    word = token()
    in_body = await publish(client, auth, catalog["energy"], "note", "Swinging things", note(
        "A long introduction about clocks and their history in many towns.",
        f"The <strong>{word}</strong> swings back &amp; forth <em>forever</em>."))
    in_title = await publish(client, auth, catalog["energy"], "note", f"The {word} explained",
                             note("Gravity pulls the bob down; the string holds it."))

    found = await search(client, q=word)  # anonymous
    assert ids(found) == [in_title["id"], in_body["id"]]
    assert found["total"] == 2 and found["scope"] == "live"
    first, second = found["items"]
    assert first["rank"] > second["rank"] > 0
    assert highlighted(first["title_highlight"]) == [word]
    assert plain(first["title_highlight"]) == f"The {word} explained"
    # A title-only match shows the opening of the text, without highlights.
    assert plain(first["snippet"]).startswith("Gravity pulls the bob down")
    assert highlighted(second["snippet"]) == [word]
    text = plain(second["snippet"])
    assert f"{word} swings back & forth forever" in text  # entities decoded, tags gone
    assert "<" not in text and "&amp;" not in text
    assert all(set(s) == {"text", "highlight"} for s in second["snippet"])

    assert (first["kind"], first["version"], first["is_live"], first["status"]) == (
        "note", 1, True, None)
    assert first["topic"] == {"id": str(catalog["energy"].id), "slug": catalog["energy"].slug,
                              "name": "Energy"}
    assert first["chapter"]["slug"] == "mechanics" and first["chapter"]["name"] == "Mechanics"
    assert first["subject"] == {"id": str(catalog["physics"].id),
                                "slug": catalog["physics"].slug, "name": "Physics"}
    assert first["mentor"] == {"id": str(people["mentor"].id), "name": "Marie Mentor"}


async def test_web_search_syntax_and_stemming(
        client: AsyncClient, catalog: dict[str, Any],
        auth: dict[str, dict[str, str]]) -> None:
    energy = catalog["energy"]
    kinetic = await publish(client, auth, energy, "note", "Kinetic energy",
                            note("Energy of motion: half the mass times speed squared."))
    potential = await publish(client, auth, energy, "note", "Potential energy",
                              note("Stored energy, for instance of a raised weight."))
    momentum = await publish(client, auth, catalog["momentum"], "note", "Momentum",
                             note("Mass times velocity; conserved in collisions."))
    physics = catalog["physics"].slug

    async def matches(q: str) -> set[str]:
        return set(ids(await search(client, auth["student"], q=q, subject=physics)))

    assert await matches("energies") == {kinetic["id"], potential["id"]}  # stemmed
    assert await matches('"kinetic energy"') == {kinetic["id"]}
    assert await matches('"energy kinetic"') == set()  # a phrase keeps its order
    assert await matches("energy -potential") == {kinetic["id"]}
    assert await matches("collisions or raised") == {momentum["id"], potential["id"]}
    assert await matches("mass speed") == {kinetic["id"]}  # every word must match
    # Whatever people type is a query, never an error.
    for odd in ('"unterminated', "-", "or or", "!!!", "a & b | c", "x:*", "(", "the",
                "'; drop table content_search; --", "\\", "énergie", "日本語"):
        response = await client.get(SEARCH, params={"q": odd, "subject": physics})
        assert response.status_code == 200, (odd, response.text)


async def test_filters_by_kind_subject_topic_and_mentor(
        client: AsyncClient, catalog: dict[str, Any], people: dict[str, User],
        auth: dict[str, dict[str, str]]) -> None:
    word = token()
    a_note = await publish(client, auth, catalog["energy"], "note", f"{word} note",
                           note("Text."))
    a_question = await publish(client, auth, catalog["momentum"], "question", f"{word} quiz", {
        "type": "single_choice", "prompt": "<p>Pick one</p>",
        "choices": [{"id": "a", "text": "this"}, {"id": "b", "text": "that"}],
        "correct": ["a"]})
    a_simulation = await publish(client, auth, catalog["rates"], "simulation",
                                 f"{word} simulation", {
                                     "url": "https://phet.colorado.edu/sims/html/x/latest/x.html",
                                     "title": "Reaction rates"}, author="other")
    everything = {a_note["id"], a_question["id"], a_simulation["id"]}

    async def matches(**params: Any) -> set[str]:
        return set(ids(await search(client, q=word, **params)))

    assert await matches() == everything
    assert await matches(kind="question") == {a_question["id"]}
    assert await matches(kind=["note", "simulation"]) == {a_note["id"], a_simulation["id"]}
    assert await matches(subject=catalog["physics"].slug) == {a_note["id"], a_question["id"]}
    assert await matches(subject=str(catalog["chemistry"].id)) == {a_simulation["id"]}
    assert await matches(topic=catalog["momentum"].slug) == {a_question["id"]}
    assert await matches(topic=str(catalog["energy"].id)) == {a_note["id"]}
    assert await matches(mentor=str(people["other"].id)) == {a_simulation["id"]}
    assert await matches(subject=catalog["chemistry"].slug, kind="note") == set()

    # Filters alone (no text) browse, ordered by title.
    browsed = await search(client, topic=catalog["momentum"].slug)
    assert a_question["id"] in ids(browsed)
    assert [h["rank"] for h in browsed["items"]] == [0.0] * len(browsed["items"])
    titles = [h["title"] for h in (await search(client, mentor=str(people["other"].id),
                                                kind="simulation"))["items"]]
    assert f"{word} simulation" in titles

    for params, code in [({"q": word, "subject": "no-such-subject"}, "unknown_catalog_filter"),
                         ({"q": word, "topic": str(uuid.uuid4())}, "unknown_catalog_filter"),
                         ({"q": word, "kind": "podcast"}, "unknown_content_kind")]:
        refused = await client.get(SEARCH, params=params)
        assert (refused.status_code, refused.json()["code"]) == (422, code), params
    unknown_kind = await client.get(SEARCH, params={"q": word, "kind": "podcast"})
    assert {"note", "question", "simulation"} <= set(unknown_kind.json()["details"]["known"])


async def test_learners_never_find_drafts_pending_edits_or_answers(
        client: AsyncClient, catalog: dict[str, Any],
        auth: dict[str, dict[str, str]]) -> None:
    energy = catalog["energy"]
    secret, old, new = token(), token(), token()
    answer, explanation = token(), token()
    draft = await create(client, auth["mentor"], energy, "note", f"Draft {secret}",
                         note(f"Unpublished {secret} text."))
    live = await publish(client, auth, energy, "note", f"Lesson {old}", note(f"Body {old}."))
    edited = await client.post(f"/api/v1/mentor/content/{live['id']}/versions",
                               headers=auth["mentor"], json={
                                   "base_version": 1, "title": f"Lesson {new}",
                                   "body": note(f"Rewritten {new} body.")})
    assert edited.status_code == 200, edited.text
    pending = await client.post(f"/api/v1/mentor/content/{live['id']}/submit",
                                headers=auth["mentor"])
    assert pending.json()["status"] == "pending"
    question = await publish(client, auth, energy, "question", "Name the unit", {
        "type": "short_text", "prompt": "<p>What is the unit of work?</p>",
        "explanation": f"<p>Because {explanation} says so.</p>", "accepted": [answer]})
    choice = await publish(client, auth, energy, "question", "Pick the unit", {
        "type": "single_choice", "prompt": "<p>Which unit measures work?</p>",
        "explanation": f"<p>{explanation} again.</p>",
        "choices": [{"id": "a", "text": "joule"}, {"id": "b", "text": "kelvin"}],
        "correct": ["a"]})

    for who in (None, "student", "other", "admin", "mentor"):  # the live scope, for everyone
        headers = auth[who] if who else None
        assert ids(await search(client, headers, q=secret)) == [], who
        assert ids(await search(client, headers, q=new)) == [], who
        assert ids(await search(client, headers, q=answer)) == [], who
        assert ids(await search(client, headers, q=explanation)) == [], who
        old_hits = await search(client, headers, q=old)
        assert ids(old_hits) == [live["id"]], who
        assert (old_hits["items"][0]["version"], old_hits["items"][0]["title"]) == (
            1, f"Lesson {old}")
        assert old_hits["items"][0]["status"] is None
    # Learners find a question by its prompt and choices, and the snippet gives nothing away.
    found = await search(client, auth["student"], q="unit work", topic=energy.slug)
    assert set(ids(found)) == {question["id"], choice["id"]}
    assert all(explanation not in plain(h["snippet"]) and answer not in plain(h["snippet"])
               for h in found["items"])
    kelvin = await search(client, auth["student"], q="kelvin", topic=energy.slug)
    assert ids(kelvin) == [choice["id"]]
    assert "kelvin" in highlighted(kelvin["items"][0]["snippet"])

    # The author's workspace: their own items in any state, in the newest version.
    mine = await search(client, auth["mentor"], q=secret, scope="workspace")
    assert ids(mine) == [draft["id"]]
    assert (mine["items"][0]["status"], mine["items"][0]["is_live"]) == ("draft", False)
    assert mine["scope"] == "workspace"
    rewritten = (await search(client, auth["mentor"], q=new, scope="workspace"))["items"]
    assert [(h["item_id"], h["version"], h["status"], h["is_live"]) for h in rewritten] == [
        (live["id"], 2, "pending", False)]
    assert highlighted(rewritten[0]["snippet"]) == [new]
    answers = await search(client, auth["mentor"], q=answer, scope="workspace")
    assert ids(answers) == [question["id"]]  # authors find their own answers
    # ...but another mentor's workspace is only their own work plus live content.
    assert ids(await search(client, auth["other"], q=secret, scope="workspace")) == []
    assert ids(await search(client, auth["other"], q=new, scope="workspace")) == []
    theirs = await search(client, auth["other"], q=old, scope="workspace")
    assert [(h["item_id"], h["version"], h["status"]) for h in theirs["items"]] == [
        (live["id"], 1, None)]
    # Admins search every item's newest version.
    assert ids(await search(client, auth["admin"], q=secret, scope="workspace")) == [
        draft["id"]]
    assert ids(await search(client, auth["admin"], q=new, scope="workspace")) == [live["id"]]

    refused = await client.get(SEARCH, params={"q": secret, "scope": "workspace"},
                               headers=auth["student"])
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    anonymous = await client.get(SEARCH, params={"q": secret, "scope": "workspace"})
    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "not_authenticated")

    # Approval makes the edit live: the new words become findable, the old ones are gone.
    approved = await client.post(f"/api/v1/admin/content/{live['id']}/approve",
                                 headers=auth["admin"], json={"version": 2})
    assert approved.status_code == 200, approved.text
    assert ids(await search(client, auth["student"], q=new)) == [live["id"]]
    assert ids(await search(client, auth["student"], q=old)) == []


async def test_pagination_counts_every_match(
        client: AsyncClient, catalog: dict[str, Any],
        auth: dict[str, dict[str, str]]) -> None:
    word = token()
    made = {(await publish(client, auth, catalog["energy"], "note", f"Part {n}",
                           note(f"{word} " * (n + 1))))["id"] for n in range(5)}
    pages = [await search(client, q=word, page=p, page_size=2) for p in (1, 2, 3, 4)]
    assert [p["total"] for p in pages] == [5, 5, 5, 5]
    assert [len(p["items"]) for p in pages] == [2, 2, 1, 0]
    seen = [i for p in pages for i in ids(p)]
    assert len(seen) == 5 and set(seen) == made
    ranks = [h["rank"] for p in pages for h in p["items"]]
    assert ranks == sorted(ranks, reverse=True)
    too_big = await client.get(SEARCH, params={"q": word, "page_size": 101})
    assert too_big.status_code == 400


async def test_bad_input_is_a_clear_4xx(client: AsyncClient,
                                        auth: dict[str, dict[str, str]]) -> None:
    cases: list[tuple[dict[str, Any], int, str]] = [
        ({}, 422, "search_query_required"),
        ({"q": "   "}, 422, "search_query_required"),
        ({"q": "x" * 201}, 400, "validation_error"),
        ({"q": "bell\x01curve"}, 422, "invalid_search_query"),
        ({"q": "energy", "kind": "nonsense"}, 422, "unknown_content_kind"),
        ({"q": "energy", "scope": "everything"}, 400, "validation_error"),
        ({"q": "energy", "mentor": "not-a-uuid"}, 400, "validation_error"),
    ]
    for params, status, code in cases:
        response = await client.get(SEARCH, params=params, headers=auth["student"])
        assert (response.status_code, response.json()["code"]) == (status, code), params
    nul = await client.get(f"{SEARCH}?q=a%00b")
    assert (nul.status_code, nul.json()["code"]) == (400, "invalid_characters")
    assert (await client.get(SEARCH, params={"q": "x" * 200})).status_code == 200
    bad_token = await client.get(SEARCH, params={"q": "energy"},
                                 headers={"Authorization": "Bearer nonsense"})
    assert bad_token.status_code == 401
