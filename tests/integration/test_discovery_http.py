"""Discovery over HTTP, as a visitor without an account: previews of published courses and
approved lessons (never drafts, never answers), suggestions while typing, mentors' published
work, and the landing page's figures, all from the database."""

import uuid
from typing import Any

import pytest
from httpx import AsyncClient, Response

from adapters.cli.demo import DEMO
from adapters.container import Container
from edu_core.application.actors import Actor, Principal
from edu_core.domain.identity import Role, Transport, User
from tests.integration.helpers import make_mentor

Headers = dict[str, str]
QUESTION = {"type": "single_choice", "prompt": "<p>Which unit measures energy?</p>",
            "choices": [{"id": "w", "text": "watt"}, {"id": "j", "text": "joule"}],
            "correct": ["j"], "explanation": "<p>The joule is the unit of energy.</p>"}
LONG_NOTE = "".join(f"<p>Paragraph {n}: {'energy is conserved ' * 12}</p>" for n in range(6))


def ok(response: Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def word() -> str:
    return "zq" + "".join(chr(ord("a") + int(c, 16) % 26) for c in uuid.uuid4().hex[:10])


@pytest.fixture
async def world(container: Container) -> dict[str, Any]:
    suffix = uuid.uuid4().hex[:6]
    await container.catalog().import_document(DEMO, {"subjects": [
        {"name": f"Physics {suffix}", "slug": f"physics-{suffix}", "chapters": [{
            "name": "Mechanics", "topics": [{"name": "Energy", "slug": f"energy-{suffix}"}]}]}]})
    tree = {t.subject.slug: t for t in await container.catalog().tree()}
    physics = tree[f"physics-{suffix}"]
    energy = physics.chapters[0].topics[0]
    key = word()
    mentor: User = await make_mentor(container, f"Marie {key.capitalize()}", headline="Physics",
                                     bio="Physics teacher.", topics=[str(energy.id)],
                                     languages=["en"], rate=4000)
    pending: User = await make_mentor(container, f"Paul {key.capitalize()}", headline="Physics",
                                      bio="Waiting.", topics=[str(energy.id)],
                                      languages=["en"], rate=4000, verify=False)
    me = Principal(user_id=mentor.id, role=Role.MENTOR, session_id=uuid.uuid4(),
                   transport=Transport.BEARER)
    content, courses = container.content(), container.courses()

    async def item(kind: str, title: str, body: dict[str, Any], approve: bool = True) -> str:
        view = await content.create(me, topic_id=energy.id, kind=kind, title=title, body=body)
        if approve:
            await content.submit(me, view.item.id)
            await content.approve(Actor(None), view.item.id, 1)
        return str(view.item.id)

    note = await item("note", f"Conservation of {key}", {"html": LONG_NOTE})
    question = await item("question", "Units of energy", QUESTION)
    draft = await item("note", f"Draft on {key}", {"html": "<p>Secret draft.</p>"},
                       approve=False)
    course = await courses.create(me, title=f"Energy {key}", description="From scratch.",
                                  subject_id=physics.subject.id,
                                  item_ids=[uuid.UUID(i) for i in (note, draft, question)])
    await courses.publish(me, course.course.id, version=course.course.version)
    hidden = await courses.create(me, title=f"Hidden {key}", item_ids=[uuid.UUID(note)])
    return {"key": key, "mentor": mentor, "pending": pending, "note": note,
            "question": question, "draft": draft, "course": str(course.course.id),
            "hidden": str(hidden.course.id), "subject": physics.subject, "energy": energy}


async def test_a_visitor_previews_a_published_course_outline(
        client: AsyncClient, world: dict[str, Any]) -> None:
    assert (await client.get(f"/api/v1/courses/{world['course']}")).status_code == 401
    preview = ok(await client.get(f"/api/v1/public/courses/{world['course']}"))
    assert preview["title"] == f"Energy {world['key']}"
    assert preview["mentor_name"] == world["mentor"].display_name
    assert preview["subject"]["slug"] == world["subject"].slug
    # Approved items only, in course order; the draft is not even named.
    assert [(i["id"], i["kind"]) for i in preview["outline"]] == [
        (world["note"], "note"), (world["question"], "question")]
    assert preview["outline"][0]["topic"]["slug"] == world["energy"].slug
    missing = await client.get(f"/api/v1/public/courses/{world['hidden']}")
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")


async def test_a_visitor_sees_a_topic_s_approved_lessons_by_title(
        client: AsyncClient, world: dict[str, Any]) -> None:
    energy = world["energy"]
    assert (await client.get(f"/api/v1/topics/{energy.slug}/content")).status_code == 401
    preview = ok(await client.get(f"/api/v1/public/topics/{energy.slug}"))
    assert preview["topic"] == {"id": str(energy.id), "slug": energy.slug, "name": "Energy"}
    assert [i["id"] for i in preview["lessons"]["items"]] == [world["note"], world["question"]]
    assert "body" not in preview["lessons"]["items"][0]
    missing = await client.get("/api/v1/public/topics/no-such-topic")
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")


async def test_a_visitor_reads_the_opening_of_a_lesson_but_no_answer(
        client: AsyncClient, world: dict[str, Any]) -> None:
    assert (await client.get(f"/api/v1/content/{world['note']}")).status_code == 401
    note = ok(await client.get(f"/api/v1/public/content/{world['note']}"))
    assert note["title"] == f"Conservation of {world['key']}"
    assert note["truncated"] is True
    html = note["body"]["html"]
    assert html.startswith("<p>Paragraph 0:") and html.endswith("</p>")
    assert "Paragraph 5" not in html
    question = ok(await client.get(f"/api/v1/public/content/{world['question']}"))
    assert question["body"]["prompt"] == QUESTION["prompt"]
    assert "correct" not in question["body"] and "explanation" not in question["body"]
    assert "joule is the unit" not in str(question)
    draft = await client.get(f"/api/v1/public/content/{world['draft']}")
    assert (draft.status_code, draft.json()["code"]) == (404, "not_found")


async def test_suggestions_find_lessons_courses_and_mentors_despite_a_typo(
        client: AsyncClient, world: dict[str, Any]) -> None:
    key = world["key"]
    typo = key[:4] + key[5:]
    found = ok(await client.get("/api/v1/search/suggest", params={"q": typo}))
    assert [s["id"] for s in found["lessons"]] == [world["note"]]
    assert found["lessons"][0]["topic_slug"] == world["energy"].slug
    assert [s["id"] for s in found["courses"]] == [world["course"]]
    assert [s["id"] for s in found["mentors"]] == [str(world["mentor"].id)]
    assert found["mentors"][0]["work"] == {"courses": 1, "lessons": 2}
    assert ok(await client.get("/api/v1/search/suggest", params={"q": " z "})) == {
        "lessons": [], "courses": [], "mentors": []}
    too_long = await client.get("/api/v1/search/suggest", params={"q": "a" * 101})
    assert (too_long.status_code, too_long.json()["code"]) == (422, "query_too_long")


async def test_a_mentor_portfolio_lists_published_work_only(
        client: AsyncClient, world: dict[str, Any]) -> None:
    portfolio = ok(await client.get(f"/api/v1/public/mentors/{world['mentor'].id}/portfolio"))
    assert portfolio["work"] == {"courses": 1, "lessons": 2}
    assert [(c["id"], c["lessons"]) for c in portfolio["courses"]] == [(world["course"], 2)]
    assert [i["id"] for i in portfolio["lessons"]["items"]] == [world["note"],
                                                                world["question"]]
    assert portfolio["lessons"]["total"] == 2
    pending = await client.get(f"/api/v1/public/mentors/{world['pending'].id}/portfolio")
    assert pending.status_code == 404


async def test_the_overview_counts_what_is_in_the_database(
        client: AsyncClient, world: dict[str, Any]) -> None:
    overview = ok(await client.get("/api/v1/public/overview"))
    assert overview["verified_mentors"] >= 1
    assert overview["live_lessons"] >= 2 and overview["published_courses"] >= 1
    assert world["subject"].name in overview["subjects"]
    assert 1 <= len(overview["featured_mentors"]) <= 3
    for mentor in overview["featured_mentors"]:
        assert set(mentor) >= {"id", "display_name", "headline", "work", "rating_avg"}
