"""Courses over HTTP: a mentor groups approved content into a course and publishes it;
students browse, enrol (twice, at once), and progress by answering questions and marking notes
and simulations done. Only live items count, and nobody else edits a mentor's course."""

import asyncio
import uuid
from typing import Any

import pytest
from httpx import AsyncClient, Response

from adapters.cli.demo import DEMO
from adapters.container import Container
from edu_core.domain.identity import Role, User
from tests.integration.helpers import bearer, make_mentor, make_user

PHET = "https://phet.colorado.edu/sims/html/energy-skate-park/latest/energy-skate-park_en.html"
QUESTION = {"type": "single_choice", "prompt": "<p>Which unit measures energy?</p>",
            "choices": [{"id": "w", "text": "watt"}, {"id": "j", "text": "joule"}],
            "correct": ["j"]}
Headers = dict[str, str]
MENTOR_COURSES = "/api/v1/mentor/courses"


@pytest.fixture
async def catalog(container: Container) -> dict[str, Any]:
    suffix = uuid.uuid4().hex[:6]
    await container.catalog().import_document(DEMO, {"subjects": [
        {"name": "Physics", "slug": f"physics-{suffix}", "chapters": [{
            "name": "Mechanics", "topics": [{"name": "Energy", "slug": f"energy-{suffix}"},
                                            {"name": "Work", "slug": f"work-{suffix}"}]}]},
        {"name": "Chemistry", "slug": f"chemistry-{suffix}"}]})
    tree = {t.subject.slug: t for t in await container.catalog().tree()}
    physics, chemistry = tree[f"physics-{suffix}"], tree[f"chemistry-{suffix}"]
    energy, work = physics.chapters[0].topics
    return {"physics": physics.subject, "chemistry": chemistry.subject, "energy": energy,
            "work": work}


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
        "classmate": await make_user(container, Role.STUDENT),
    }


@pytest.fixture
async def auth(client: AsyncClient, people: dict[str, User]) -> dict[str, Headers]:
    return {name: await bearer(client, user.email) for name, user in people.items()}


def ok(response: Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json() if response.content else None


def refused(response: Response, status: int, code: str) -> dict[str, Any]:
    assert (response.status_code, response.json()["code"]) == (status, code), response.text
    body: dict[str, Any] = response.json()
    return body


async def item(client: AsyncClient, auth: dict[str, Headers], topic: Any, kind: str,
               title: str, *, who: str = "mentor", approve: bool = True) -> str:
    body = {"note": {"html": f"<p>{title}</p>"}, "question": QUESTION,
            "simulation": {"url": PHET, "title": title}}[kind]
    created = ok(await client.post("/api/v1/mentor/content", headers=auth[who], json={
        "topic_id": str(topic.id), "kind": kind, "title": title,
        "body": {"kind": kind, **body}}), 201)
    if approve:
        ok(await client.post(f"/api/v1/mentor/content/{created['id']}/submit",
                             headers=auth[who]))
        ok(await client.post(f"/api/v1/admin/content/{created['id']}/approve",
                             headers=auth["admin"], json={"version": 1}))
    return str(created["id"])


async def new_course(client: AsyncClient, headers: Headers, title: str, items: list[str],
                     **extra: Any) -> dict[str, Any]:
    return ok(await client.post(MENTOR_COURSES, headers=headers,  # type: ignore[no-any-return]
                                json={"title": title, "item_ids": items, **extra}), 201)


async def test_from_course_building_to_a_finished_course(
        client: AsyncClient, catalog: dict[str, Any], people: dict[str, User],
        auth: dict[str, Headers]) -> None:
    me, learner = auth["mentor"], auth["student"]
    energy, work = catalog["energy"], catalog["work"]
    note = await item(client, auth, energy, "note", "Kinetic energy")
    question = await item(client, auth, work, "question", "Units of energy")
    sim = await item(client, auth, energy, "simulation", "Skate park")
    draft = await item(client, auth, energy, "note", "Potential energy", approve=False)

    course = await new_course(client, me, "  Energy   from scratch ", [draft, note],
                              description="Forces and energy.",
                              subject_id=str(catalog["physics"].id))
    assert (course["title"], course["status"], course["version"]) == (
        "Energy from scratch", "draft", 1)
    assert course["subject"]["slug"] == catalog["physics"].slug
    assert [(i["item_id"], i["status"], i["live"]) for i in course["items"]] == [
        (draft, "draft", False), (note, "approved", True)]
    assert course["items"][1]["topic"] == {"id": str(energy.id), "slug": energy.slug,
                                           "name": "Energy"}
    course_id, url = course["id"], f"{MENTOR_COURSES}/{course['id']}"

    # Reorder, add at a position, rename: each change names the version it started from.
    course = ok(await client.put(f"{url}/items", headers=me,
                                 json={"version": 1, "item_ids": [note, draft]}))
    course = ok(await client.post(f"{url}/items", headers=me, json={
        "version": course["version"], "item_id": question, "position": 1}))
    course = ok(await client.post(f"{url}/items", headers=me,
                                  json={"version": course["version"], "item_id": sim}))
    assert [i["item_id"] for i in course["items"]] == [note, question, draft, sim]
    assert (course["version"], course["item_count"], course["live_item_count"]) == (4, 4, 3)

    # Not published yet: nobody else sees it.
    refused(await client.get(f"/api/v1/courses/{course_id}", headers=learner), 404,
            "not_found")
    refused(await client.put(f"/api/v1/courses/{course_id}/enrolment", headers=learner), 404,
            "not_found")
    listed = ok(await client.get("/api/v1/courses", headers=learner,
                                 params={"mentor": str(people["mentor"].id)}))
    assert listed["items"] == []

    course = ok(await client.post(f"{url}/publish", headers=me,
                                  json={"version": course["version"]}))
    assert (course["status"], course["version"]) == ("published", 5)
    assert course["published_at"] is not None
    again = ok(await client.post(f"{url}/publish", headers=me, json={"version": 4}))
    assert again["version"] == 5  # a double click publishes once

    for params in ({"mentor": str(people["mentor"].id)}, {"subject": catalog["physics"].slug},
                   {"subject": str(catalog["physics"].id)}):
        found = ok(await client.get("/api/v1/courses", headers=learner, params=params))
        assert [c["id"] for c in found["items"]] == [course_id], params
    card = found["items"][0]
    assert (card["mentor_name"], card["item_count"], card["subject"]["name"],
            card["enrolments"]) == ("Marie Mentor", 3, "Physics", 0)
    elsewhere = ok(await client.get("/api/v1/courses", headers=learner,
                                    params={"subject": catalog["chemistry"].slug}))
    assert elsewhere["items"] == []

    detail = ok(await client.get(f"/api/v1/courses/{course_id}", headers=learner))
    assert [(i["item_id"], i["kind"], i["title"], i["completed"]) for i in detail["items"]] == [
        (note, "note", "Kinetic energy", False), (question, "question", "Units of energy", False),
        (sim, "simulation", "Skate park", False)]
    assert detail["items"][1]["topic"]["slug"] == work.slug
    assert detail["progress"] == {"completed": 0, "total": 3, "percent": 0}
    assert (detail["enrolled"], detail["enrolled_at"]) == (False, None)
    assert "body" not in detail["items"][0]  # the item itself is read from the content route

    # Enrolling twice at once (a double click) enrols once.
    first, second = await asyncio.gather(
        client.put(f"/api/v1/courses/{course_id}/enrolment", headers=learner),
        client.put(f"/api/v1/courses/{course_id}/enrolment", headers=learner))
    assert ok(first)["enrolled_at"] == ok(second)["enrolled_at"]
    later = ok(await client.put(f"/api/v1/courses/{course_id}/enrolment", headers=learner))
    assert later["enrolled_at"] == ok(first)["enrolled_at"]
    mine = ok(await client.get("/api/v1/me/courses", headers=learner))
    assert [(c["id"], c["progress"]["total"]) for c in mine["items"]] == [(course_id, 3)]
    assert ok(await client.get(url, headers=me))["enrolments"] == 1
    listed = ok(await client.get(MENTOR_COURSES, headers=me))["items"]
    assert [(c["id"], c["enrolments"]) for c in listed] == [(course_id, 1)]
    public = ok(await client.get("/api/v1/courses", headers=learner,
                                 params={"mentor": str(people["mentor"].id)}))["items"]
    assert [(c["id"], c["enrolments"]) for c in public] == [(course_id, 1)]

    # Progress: a note by marking it, a question by answering it right.
    done = ok(await client.post(f"/api/v1/content/{note}/completion", headers=learner))
    assert done["item_id"] == note
    assert ok(await client.post(f"/api/v1/content/{note}/completion", headers=learner)
              )["completed_at"] == done["completed_at"]
    refused(await client.post(f"/api/v1/content/{question}/completion", headers=learner), 422,
            "completion_by_answer")
    refused(await client.post(f"/api/v1/content/{draft}/completion", headers=learner), 404,
            "not_found")
    ok(await client.post(f"/api/v1/content/{question}/attempts", headers=learner,
                         json={"answer": {"type": "single_choice", "choice": "w"}}), 201)
    progress = ok(await client.get(f"/api/v1/courses/{course_id}", headers=learner))
    assert progress["progress"] == {"completed": 1, "total": 3, "percent": 33}
    ok(await client.post(f"/api/v1/content/{question}/attempts", headers=learner,
                         json={"answer": {"type": "single_choice", "choice": "j"}}), 201)
    ok(await client.post(f"/api/v1/content/{sim}/completion", headers=learner))
    finished = ok(await client.get(f"/api/v1/courses/{course_id}", headers=learner))
    assert finished["progress"] == {"completed": 3, "total": 3, "percent": 100}
    assert [i["completed"] for i in finished["items"]] == [True, True, True]
    assert finished["enrolled"] is True
    # Progress is the caller's own.
    theirs = ok(await client.get(f"/api/v1/courses/{course_id}", headers=auth["classmate"]))
    assert theirs["progress"]["completed"] == 0

    ok(await client.delete(f"/api/v1/content/{sim}/completion", headers=learner), 204)
    ok(await client.delete(f"/api/v1/content/{sim}/completion", headers=learner), 204)
    refused(await client.delete(f"/api/v1/content/{question}/completion", headers=learner),
            422, "completion_by_answer")
    mine = ok(await client.get("/api/v1/me/courses", headers=learner))
    assert mine["items"][0]["progress"] == {"completed": 2, "total": 3, "percent": 66}

    # Editing an approved item keeps its approved version live (and counted) meanwhile.
    ok(await client.post(f"/api/v1/mentor/content/{note}/versions", headers=me, json={
        "base_version": 1, "title": "Kinetic energy (rewrite)",
        "body": {"kind": "note", "html": "<p>Half-written</p>"}}))
    detail = ok(await client.get(f"/api/v1/courses/{course_id}", headers=learner))
    assert (detail["items"][0]["title"], detail["items"][0]["version"]) == ("Kinetic energy", 1)
    assert detail["progress"] == {"completed": 2, "total": 3, "percent": 66}
    workspace = ok(await client.get(url, headers=me))
    assert (workspace["items"][0]["title"], workspace["items"][0]["live_title"]) == (
        "Kinetic energy (rewrite)", "Kinetic energy")

    # The draft item counts once it is approved.
    ok(await client.post(f"/api/v1/mentor/content/{draft}/submit", headers=me))
    ok(await client.post(f"/api/v1/admin/content/{draft}/approve", headers=auth["admin"],
                         json={"version": 1}))
    detail = ok(await client.get(f"/api/v1/courses/{course_id}", headers=learner))
    assert [i["item_id"] for i in detail["items"]] == [note, question, draft, sim]
    assert detail["progress"] == {"completed": 2, "total": 4, "percent": 50}

    # Unpublished: gone for learners, enrolment and progress kept for its return.
    version = workspace["version"]
    ok(await client.post(f"{url}/unpublish", headers=me, json={"version": version}))
    assert ok(await client.get("/api/v1/me/courses", headers=learner))["items"] == []
    refused(await client.get(f"/api/v1/courses/{course_id}", headers=learner), 404,
            "not_found")
    ok(await client.post(f"{url}/publish", headers=me, json={"version": version + 1}))
    back = ok(await client.get("/api/v1/me/courses", headers=learner))["items"]
    assert [(c["id"], c["progress"]["completed"]) for c in back] == [(course_id, 2)]

    ok(await client.delete(f"/api/v1/courses/{course_id}/enrolment", headers=learner), 204)
    ok(await client.delete(f"/api/v1/courses/{course_id}/enrolment", headers=learner), 204)
    assert ok(await client.get("/api/v1/me/courses", headers=learner))["items"] == []
    assert ok(await client.get(url, headers=me))["enrolments"] == 0


async def test_other_mentors_students_and_unknown_ids_cannot_reach_a_course(
        client: AsyncClient, catalog: dict[str, Any], auth: dict[str, Headers]) -> None:
    note = await item(client, auth, catalog["energy"], "note", "Mine")
    course = await new_course(client, auth["mentor"], "Mine", [note])
    url = f"{MENTOR_COURSES}/{course['id']}"
    attempts: list[tuple[str, str, Any]] = [
        ("GET", url, None),
        ("PATCH", url, {"version": 1, "title": "Stolen"}),
        ("DELETE", f"{url}?version=1", None),
        ("PUT", f"{url}/items", {"version": 1, "item_ids": []}),
        ("POST", f"{url}/items", {"version": 1, "item_id": note}),
        ("DELETE", f"{url}/items/{note}?version=1", None),
        ("POST", f"{url}/publish", {"version": 1}),
        ("POST", f"{url}/unpublish", {"version": 1}),
    ]
    for method, target, body in attempts:
        theirs = await client.request(method, target, json=body, headers=auth["other"])
        refused(theirs, 404, "not_found")
        unknown = target.replace(course["id"], str(uuid.uuid4()))
        refused(await client.request(method, unknown, json=body, headers=auth["mentor"]), 404,
                "not_found")
        refused(await client.request(method, target, json=body, headers=auth["student"]), 403,
                "forbidden")
        refused(await client.request(method, target, json=body), 401, "not_authenticated")
    assert ok(await client.get(MENTOR_COURSES, headers=auth["other"]))["items"] == []
    refused(await client.post(MENTOR_COURSES, headers=auth["student"],
                              json={"title": "x", "item_ids": []}), 403, "forbidden")
    refused(await client.get("/api/v1/courses"), 401, "not_authenticated")
    refused(await client.get("/api/v1/me/courses"), 401, "not_authenticated")

    # Nothing changed, and an admin may step in.
    unchanged = ok(await client.get(url, headers=auth["mentor"]))
    assert (unchanged["title"], unchanged["version"], unchanged["status"]) == ("Mine", 1,
                                                                               "draft")
    fixed = ok(await client.patch(url, headers=auth["admin"],
                                  json={"version": 1, "title": "Fixed by staff"}))
    assert (fixed["title"], fixed["version"]) == ("Fixed by staff", 2)
    assert course["id"] in [c["id"] for c in ok(await client.get(
        MENTOR_COURSES, headers=auth["admin"], params={"page_size": 100}))["items"]]


async def test_what_the_workspace_refuses(client: AsyncClient, container: Container,
                                          catalog: dict[str, Any],
                                          auth: dict[str, Headers]) -> None:
    me, energy = auth["mentor"], catalog["energy"]
    mine = await item(client, auth, energy, "note", "Mine")
    draft = await item(client, auth, energy, "note", "Draft", approve=False)
    foreign = await item(client, auth, energy, "note", "Theirs", who="other")

    for items in ([mine, foreign], [str(uuid.uuid4())]):
        body = refused(await client.post(MENTOR_COURSES, headers=me,
                                         json={"title": "Mixed", "item_ids": items}),
                       422, "course_item_not_owned")
        assert body["details"]["item_ids"] == items[-1:]
    refused(await client.post(MENTOR_COURSES, headers=me,
                              json={"title": "Twice", "item_ids": [mine, mine]}),
            422, "invalid_course")
    refused(await client.post(MENTOR_COURSES, headers=me, json={
        "title": "Lost", "subject_id": str(uuid.uuid4())}), 422, "unknown_subject")
    refused(await client.post(MENTOR_COURSES, headers=me, json={"title": " \t "}), 422,
            "invalid_course")
    for bad in ({"title": "x" * 201}, {"title": "ok", "colour": "red"},
                {"title": "ok", "item_ids": ["not-a-uuid"]}, {}):
        refused(await client.post(MENTOR_COURSES, headers=me, json=bad), 400,
                "validation_error")
    refused(await client.post(MENTOR_COURSES, headers=auth["admin"], json={"title": "x"}),
            403, "forbidden")

    course = await new_course(client, me, "Energy", [draft])
    url = f"{MENTOR_COURSES}/{course['id']}"
    refused(await client.post(f"{url}/publish", headers=me, json={"version": 1}), 409,
            "course_has_no_live_items")
    stale = refused(await client.patch(url, headers=me, json={"version": 7, "title": "x"}),
                    409, "concurrent_modification")
    assert stale["details"] == {"version": 7, "current_version": 1}
    refused(await client.post(f"{url}/items", headers=me,
                              json={"version": 1, "item_id": foreign}),
            422, "course_item_not_owned")
    refused(await client.post(f"{url}/items", headers=me,
                              json={"version": 1, "item_id": draft}), 422, "invalid_course")
    refused(await client.post(f"{url}/items", headers=me,
                              json={"version": 1, "item_id": mine, "position": 5}),
            422, "invalid_course")
    refused(await client.delete(f"{url}/items/{mine}", headers=me, params={"version": 1}),
            404, "not_found")
    refused(await client.delete(f"{url}/items/{draft}", headers=me), 400, "validation_error")
    refused(await client.get(MENTOR_COURSES, headers=me, params={"page_size": 0}), 400,
            "validation_error")
    # A filter naming nothing is bad input (422), as on every other list that filters by
    # subject; only a path naming nothing is a 404.
    refused(await client.get("/api/v1/courses", headers=me, params={"subject": "no-such"}),
            422, "unknown_catalog_filter")

    course = ok(await client.put(f"{url}/items", headers=me,
                                 json={"version": 1, "item_ids": [mine, draft]}))
    course = ok(await client.patch(url, headers=me, json={
        "version": course["version"], "subject_id": str(catalog["physics"].id),
        "description": "Work and energy."}))
    assert (course["subject"]["id"], course["title"]) == (str(catalog["physics"].id), "Energy")
    course = ok(await client.patch(url, headers=me,
                                   json={"version": course["version"], "subject_id": None}))
    assert (course["subject"], course["description"]) == (None, "Work and energy.")
    course = ok(await client.post(f"{url}/publish", headers=me,
                                  json={"version": course["version"]}))
    # A published course keeps at least one approved item.
    refused(await client.delete(f"{url}/items/{mine}", headers=me,
                                params={"version": course["version"]}),
            409, "course_has_no_live_items")
    refused(await client.put(f"{url}/items", headers=me,
                             json={"version": course["version"], "item_ids": [draft]}),
            409, "course_has_no_live_items")
    course = ok(await client.delete(f"{url}/items/{draft}", headers=me,
                                    params={"version": course["version"]}))
    assert [i["item_id"] for i in course["items"]] == [mine]

    refused(await client.delete(url, headers=me, params={"version": 1}), 409,
            "concurrent_modification")
    ok(await client.delete(url, headers=me, params={"version": course["version"]}), 204)
    refused(await client.get(url, headers=me), 404, "not_found")
    # The items outlive the course.
    ok(await client.get(f"/api/v1/mentor/content/{mine}", headers=me))

    newcomer = await make_user(container, Role.MENTOR)
    theirs = await bearer(client, newcomer.email)
    unverified = await new_course(client, theirs, "Soon", [])
    refused(await client.post(f"{MENTOR_COURSES}/{unverified['id']}/publish", headers=theirs,
                              json={"version": 1}), 403, "mentor_not_verified")


async def test_progress_resume_and_a_verifiable_certificate(
        client: AsyncClient, catalog: dict[str, Any], people: dict[str, User],
        auth: dict[str, Headers]) -> None:
    energy, work = catalog["energy"], catalog["work"]
    note = await item(client, auth, energy, "note", "Kinetic energy")
    question = await item(client, auth, energy, "question", "Units")
    later = await item(client, auth, work, "note", "Work")
    course = await new_course(client, auth["mentor"], "Energy in a week", [note, question])
    ok(await client.post(f"{MENTOR_COURSES}/{course['id']}/publish", headers=auth["mentor"],
                         json={"version": course["version"]}))
    summary = f"{MENTOR_COURSES}/summary"
    assert ok(await client.get(summary, headers=auth["mentor"]))["learners"] == 0
    learner = auth["student"]
    ok(await client.put(f"/api/v1/courses/{course['id']}/enrolment", headers=learner))
    ok(await client.put(f"/api/v1/courses/{course['id']}/enrolment", headers=auth["classmate"]))
    assert ok(await client.get(summary, headers=auth["mentor"])) == {
        "learners": 2, "courses": 1, "published_courses": 1}

    outline = ok(await client.get(f"/api/v1/courses/{course['id']}", headers=learner))
    assert [i["minutes"] for i in outline["items"]] == [1, 2]
    assert (outline["estimated_minutes"], outline["remaining_minutes"]) == (3, 3)
    assert (outline["next_item_id"], outline["certificate_code"]) == (note, None)
    ok(await client.post(f"/api/v1/content/{note}/completion", headers=learner))

    learning = ok(await client.get("/api/v1/me/learning", headers=learner))
    assert [(c["course_id"], c["next_item"]["item_id"], c["remaining_minutes"])
            for c in learning["courses"]] == [(course["id"], question, 2)]
    assert learning["totals"]["items_marked"] == 1

    topic = ok(await client.get(f"/api/v1/me/progress/topics/{energy.slug}", headers=learner))
    assert (topic["read"]["completed"], topic["solved"]["completed"]) == (1, 0)
    assert [(i["item_id"], i["completed"]) for i in topic["items"]] == [(note, True),
                                                                        (question, False)]
    assert topic["next_topic"]["id"] == str(work.id)
    subject = ok(await client.get(f"/api/v1/me/progress/subjects/{catalog['physics'].slug}",
                                  headers=learner))
    assert [(t["topic"]["id"], t["progress"]["completed"], t["progress"]["total"])
            for t in subject["topics"]] == [(str(energy.id), 1, 2), (str(work.id), 0, 1)]
    assert later  # the next topic holds a live note
    missing = await client.get("/api/v1/me/progress/topics/no-such-topic", headers=learner)
    assert missing.status_code == 404

    refused(await client.post(f"/api/v1/courses/{course['id']}/certificate", headers=learner),
            409, "course_not_completed")
    ok(await client.post(f"/api/v1/content/{question}/attempts", headers=learner,
                         json={"answer": {"type": "single_choice", "choice": "j"}}), 201)
    done = ok(await client.get(f"/api/v1/courses/{course['id']}", headers=learner))
    assert done["progress"]["percent"] == 100 and done["next_item_id"] is None
    code = done["certificate_code"]
    assert code and len(code) >= 24
    claimed = ok(await client.post(f"/api/v1/courses/{course['id']}/certificate",
                                   headers=learner))
    assert claimed["code"] == code and claimed["verify_path"] == f"/certificates/{code}"

    # Anyone holding the code verifies it, signed in or not.
    public = ok(await client.get(f"/api/v1/certificates/{code}"))
    assert (public["learner_name"], public["course_title"], public["mentor_name"]) == (
        people["student"].display_name, "Energy in a week", "Marie Mentor")
    assert (await client.get(f"/api/v1/certificates/{'A' * 24}")).status_code == 404
    pdf = await client.get(f"/api/v1/certificates/{code}/pdf", headers=learner)
    assert pdf.status_code == 200, pdf.text
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-") and len(pdf.content) > 1000
    assert (await client.get(f"/api/v1/certificates/{code}/pdf",
                             headers=auth["classmate"])).status_code == 404
    assert (await client.get(f"/api/v1/certificates/{code}/pdf")).status_code == 401
