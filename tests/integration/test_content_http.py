"""Content over HTTP (S13-S15, S19, S34): a mentor writes a note with a formula and a PhET
simulation, an admin rejects, the mentor fixes and resubmits, the admin approves; learners only
ever see approved versions, never answers before attempting, never script."""

import uuid
from datetime import timedelta
from typing import Any

import pytest
from httpx import AsyncClient

from adapters.cli.demo import DEMO
from adapters.container import Container
from adapters.db.tables import content_items
from adapters.mail.file_outbox import read_outbox
from adapters.settings import Settings
from edu_core.domain.identity import Role, User
from edu_core.domain.pagination import PageRequest
from tests.integration.helpers import bearer, make_mentor, make_user
from tests.support.xss import PAYLOADS, problems

PHET = "https://phet.colorado.edu/sims/html/energy-skate-park/latest/energy-skate-park_en.html"
FORMULA = ('<h2>Kinetic energy</h2><p>A body of mass <em>m</em> moving at <em>v</em> has '
           '<span class="math math-inline" data-latex="E_k = \\tfrac{1}{2} m v^2">'
           'E = ½mv²</span>.</p>')


def text_of(block: dict[str, Any]) -> str:
    """A diff block's inline content as text, formulas between dollar signs."""
    return "".join(f"${i['text']}$" if i["kind"] == "formula" else i["text"]
                   for i in block["inlines"])


def blocks(diff: dict[str, Any]) -> list[dict[str, Any]]:
    return [line["block"] for line in diff["lines"]]


@pytest.fixture
async def catalog(container: Container) -> dict[str, Any]:
    suffix = uuid.uuid4().hex[:6]
    await container.catalog().import_document(DEMO, {"subjects": [{
        "name": "Physics", "slug": f"physics-{suffix}", "chapters": [{
            "name": "Mechanics", "topics": [
                {"name": "Energy", "slug": f"energy-{suffix}"},
                {"name": "Momentum", "slug": f"momentum-{suffix}"}]}]}]})
    tree = await container.catalog().tree()
    subject = next(s for s in tree if s.subject.slug == f"physics-{suffix}")
    energy, momentum = subject.chapters[0].topics
    return {"subject": subject.subject.slug, "energy": energy, "momentum": momentum}


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


async def create(client: AsyncClient, headers: dict[str, str], topic_id: Any, kind: str,
                 title: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post("/api/v1/mentor/content", headers=headers, json={
        "topic_id": str(topic_id), "kind": kind, "title": title, "body": {"kind": kind, **body},
        "change_summary": "First draft"})
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


async def approve(client: AsyncClient, admin: dict[str, str], item_id: str,
                  version: int) -> dict[str, Any]:
    response = await client.post(f"/api/v1/admin/content/{item_id}/approve", headers=admin,
                                 json={"version": version})
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def publish(client: AsyncClient, auth: dict[str, dict[str, str]], topic_id: Any,
                  kind: str, title: str, body: dict[str, Any]) -> dict[str, Any]:
    item = await create(client, auth["mentor"], topic_id, kind, title, body)
    submitted = await client.post(f"/api/v1/mentor/content/{item['id']}/submit",
                                  headers=auth["mentor"])
    assert submitted.status_code == 200, submitted.text
    return await approve(client, auth["admin"], item["id"], 1)


async def test_from_draft_to_learners_with_rejection_edits_and_revert(
        client: AsyncClient, container: Container, settings: Settings,
        catalog: dict[str, Any], people: dict[str, User],
        auth: dict[str, dict[str, str]]) -> None:
    me, boss, learner = auth["mentor"], auth["admin"], auth["student"]
    energy = catalog["energy"]
    topic_url = f"/api/v1/topics/{energy.slug}/content"

    note = await create(client, me, energy.id, "note", "Kinetic energy",
                        {"html": FORMULA + "<p>Draft<script>alert(1)</script></p>"})
    assert (note["status"], note["latest_version"], note["live_version"]) == ("draft", 1, None)
    assert 'data-latex="E_k = \\tfrac{1}{2} m v^2"' in note["latest"]["body"]["html"]
    assert "script" not in note["latest"]["body"]["html"]
    sim = await create(client, me, energy.id, "simulation", "Energy skate park",
                       {"url": PHET, "title": "Energy Skate Park: a skater on a ramp"})
    iframe = sim["latest"]["body"]["iframe"]
    assert iframe["src"] == PHET and iframe["title"] == "Energy Skate Park: a skater on a ramp"
    assert "allow-scripts" in iframe["sandbox"]
    assert 'title="Energy Skate Park: a skater on a ramp"' in sim["latest"]["body"]["embed_html"]
    for url in ("http://phet.colorado.edu/x", "https://evil.example/sim",
                "javascript:alert(1)", "https://phet.colorado.edu.evil.example/x"):
        refused = await client.post("/api/v1/mentor/content", headers=me, json={
            "topic_id": str(energy.id), "kind": "simulation", "title": "Bad",
            "body": {"kind": "simulation", "url": url, "title": "Bad"}})
        assert refused.status_code == 422, url
        assert refused.json()["code"] == "simulation_host_not_allowed"

    # Drafts are nobody's business but the author's.
    assert (await client.get(topic_url, headers=learner)).json()["items"] == []
    assert (await client.get(f"/api/v1/content/{note['id']}", headers=learner)
            ).status_code == 404

    mine = (await client.get("/api/v1/mentor/content", headers=me)).json()
    assert {i["id"]: i["status"] for i in mine["items"]} == {note["id"]: "draft",
                                                             sim["id"]: "draft"}
    submitted = await client.post(f"/api/v1/mentor/content/{note['id']}/submit", headers=me)
    assert submitted.json()["status"] == "pending"
    locked = await client.post(f"/api/v1/mentor/content/{note['id']}/versions", headers=me,
                               json={"base_version": 1, "title": "x",
                                     "body": {"kind": "note", "html": "x"}})
    assert (locked.status_code, locked.json()["code"]) == (409, "content_under_review")

    queue = (await client.get("/api/v1/admin/content", headers=boss, params={
        "subject": catalog["subject"], "kind": "note", "mentor": str(people["mentor"].id)}
    )).json()
    assert [i["id"] for i in queue["items"]] == [note["id"]]
    assert queue["items"][0]["mentor_name"] == "Marie Mentor"
    assert (await client.get("/api/v1/admin/content", headers=boss, params={
        "topic": catalog["momentum"].slug})).json()["items"] == []
    preview = (await client.get(f"/api/v1/admin/content/{note['id']}", headers=boss)).json()
    assert preview["latest"]["number"] == 1 and preview["live"] is None
    first_diff = (await client.get(f"/api/v1/admin/content/{note['id']}/diff",
                                   headers=boss)).json()
    assert first_diff["from_version"] is None
    assert {line["op"] for line in first_diff["lines"]} == {"insert"}
    assert [(b["kind"], text_of(b)) for b in blocks(first_diff)][:3] == [
        ("title", "Kinetic energy"), ("heading", "Kinetic energy"),
        ("paragraph", "A body of mass m moving at v has $E_k = \\tfrac{1}{2} m v^2$.")]

    rejected = await client.post(f"/api/v1/admin/content/{note['id']}/reject", headers=boss,
                                 json={"version": 1, "feedback": "Say what v stands for."})
    assert rejected.json()["status"] == "rejected"
    seen = (await client.get(f"/api/v1/mentor/content/{note['id']}", headers=me)).json()
    assert (seen["status"], seen["feedback"]) == ("rejected", "Say what v stands for.")

    fixed = await client.post(f"/api/v1/mentor/content/{note['id']}/versions", headers=me,
                              json={"base_version": 1, "title": "Kinetic energy",
                                    "change_summary": "Explain v",
                                    "body": {"kind": "note",
                                             "html": FORMULA + "<p>v is the speed.</p>"}})
    assert fixed.status_code == 200, fixed.text
    assert (fixed.json()["latest_version"], fixed.json()["status"]) == (2, "draft")
    await client.post(f"/api/v1/mentor/content/{note['id']}/submit", headers=me)
    stale_review = await client.post(f"/api/v1/admin/content/{note['id']}/approve",
                                     headers=boss, json={"version": 1})
    assert stale_review.json()["code"] == "concurrent_modification"
    approved = await approve(client, boss, note["id"], 2)
    assert (approved["status"], approved["live_version"]) == ("approved", 2)

    shown = (await client.get(topic_url, headers=learner)).json()
    assert shown["topic"]["slug"] == energy.slug
    assert [(i["id"], i["version"]) for i in shown["items"]] == [(note["id"], 2)]
    assert shown["items"][0]["mentor_name"] == "Marie Mentor"
    assert "v is the speed." in shown["items"][0]["body"]["html"]

    # A later edit stays private until it is approved in turn.
    later = await client.post(f"/api/v1/mentor/content/{note['id']}/versions", headers=me,
                              json={"base_version": 2, "title": "Kinetic energy (WIP)",
                                    "body": {"kind": "note",
                                             "html": "<p>Half-written rewrite</p>"}})
    assert (later.json()["status"], later.json()["live_version"]) == ("draft", 2)
    assert later.json()["has_unpublished_changes"] is True
    read = (await client.get(f"/api/v1/content/{note['id']}", headers=learner)).json()
    assert (read["version"], read["title"]) == (2, "Kinetic energy")
    assert "Half-written" not in read["body"]["html"]

    stale = await client.post(f"/api/v1/mentor/content/{note['id']}/versions", headers=me,
                              json={"base_version": 2, "title": "Other tab",
                                    "body": {"kind": "note", "html": "<p>overwrites?</p>"}})
    assert stale.status_code == 409
    assert stale.json()["code"] == "concurrent_modification"
    assert stale.json()["details"]["latest_version"] == 3

    history = (await client.get(f"/api/v1/mentor/content/{note['id']}/versions",
                                headers=me)).json()
    assert [(v["number"], v["is_live"], v["is_latest"]) for v in history["items"]] == [
        (3, False, True), (2, True, False), (1, False, False)]
    assert history["items"][1]["change_summary"] == "Explain v"
    v1 = (await client.get(f"/api/v1/mentor/content/{note['id']}/versions/1",
                           headers=me)).json()
    assert "Draft" in v1["body"]["html"]
    diff = (await client.get(f"/api/v1/mentor/content/{note['id']}/diff", headers=me,
                             params={"from": 2, "to": 3})).json()
    changes = [(line["op"], line["block"]["kind"], text_of(line["block"]))
               for line in diff["lines"]]
    assert ("delete", "title", "Kinetic energy") in changes
    assert ("insert", "title", "Kinetic energy (WIP)") in changes
    assert ("insert", "paragraph", "Half-written rewrite") in changes
    missing = await client.get(f"/api/v1/mentor/content/{note['id']}/diff", headers=me,
                               params={"from": 1, "to": 9})
    assert missing.status_code == 404

    reverted = await client.post(f"/api/v1/mentor/content/{note['id']}/revert", headers=me,
                                 json={"to_version": 2, "base_version": 3})
    assert reverted.status_code == 200, reverted.text
    body = reverted.json()
    assert (body["latest_version"], body["title"], body["latest"]["reverted_from"]) == (
        4, "Kinetic energy", 2)
    same = (await client.get(f"/api/v1/mentor/content/{note['id']}/diff", headers=me,
                             params={"from": 2, "to": 4})).json()
    assert same["changed"] is False and (same["inserted"], same["deleted"]) == (0, 0)
    assert {line["op"] for line in same["lines"]} == {"equal"}

    await container.dispatcher().wait_idle()
    mentor = people["mentor"]
    mails = [m for m in read_outbox(settings.outbox_dir) if m.to == mentor.email]
    assert any("Say what v stands for." in m.text and "needs changes" in m.subject
               for m in mails)
    assert any("is live" in m.subject and "version 2" in m.text for m in mails)
    inbox = [n for n in (await client.get("/api/v1/notifications", headers=me)).json()["items"]
             if n["kind"].startswith("content.")]
    assert [n["kind"] for n in inbox] == ["content.approved", "content.rejected"]
    assert inbox[1]["body"] == "Say what v stands for."
    assert inbox[0]["link"] == f"/mentor/content/{note['id']}"
    async with container.uow()() as uow:
        audit = await uow.audit.list(PageRequest(1, 10), target_id=note["id"])
    assert [(e.action, e.details.get("version")) for e in audit.items] == [
        ("content.approved", 2), ("content.rejected", 1)]
    assert audit.items[1].details["feedback"] == "Say what v stands for."
    assert audit.items[0].actor_id == people["admin"].id


async def test_learners_answer_questions_without_seeing_answers_first(
        client: AsyncClient, container: Container, catalog: dict[str, Any],
        people: dict[str, User], auth: dict[str, dict[str, str]]) -> None:
    learner, energy = auth["student"], catalog["energy"]
    choice = await publish(client, auth, energy.id, "question", "Units of energy", {
        "type": "single_choice", "prompt": "<p>Which unit measures energy?</p>",
        "explanation": "<p>One joule is one newton metre.</p>",
        "choices": [{"id": "w", "text": "watt"}, {"id": "j", "text": "joule"}],
        "correct": ["j"]})
    numeric = await publish(client, auth, energy.id, "question", "Falling", {
        "type": "numeric", "prompt": "<p>g in m/s²?</p>", "answer": 9.81, "tolerance": 0.05,
        "unit": "m/s²"})
    note = await publish(client, auth, energy.id, "note", "Intro", {"html": "<p>Hi</p>"})

    listed = (await client.get(f"/api/v1/topics/{energy.id}/content", headers=learner)).json()
    assert [i["id"] for i in listed["items"]] == [choice["id"], numeric["id"], note["id"]]
    question = listed["items"][0]
    assert question["gradable"] is True
    assert question["body"] == {"kind": "question", "type": "single_choice",
                                "prompt": "<p>Which unit measures energy?</p>",
                                "choices": [{"id": "w", "text": "watt"},
                                            {"id": "j", "text": "joule"}]}
    assert "answer" not in listed["items"][1]["body"]
    assert "tolerance" not in listed["items"][1]["body"]

    url = f"/api/v1/content/{choice['id']}/attempts"
    wrong = await client.post(url, headers=learner,
                              json={"answer": {"type": "single_choice", "choice": "w"},
                                               "time_taken_ms": 4200})
    assert wrong.status_code == 201, wrong.text
    assert (wrong.json()["correct"], wrong.json()["version"]) == (False, 1)
    assert wrong.json()["explanation"] is None and wrong.json()["solution"] is None
    right = await client.post(url, headers=learner,
                              json={"answer": {"type": "single_choice", "choice": "j"},
                                               "time_taken_ms": 1800})
    assert right.json()["correct"] is True
    assert right.json()["explanation"] == "<p>One joule is one newton metre.</p>"
    close = await client.post(f"/api/v1/content/{numeric['id']}/attempts", headers=learner,
                              json={"answer": {"type": "numeric", "value": 9.8},
                                               "time_taken_ms": 9000})
    assert close.json()["correct"] is True

    mine = (await client.get(url, headers=learner)).json()["items"]
    assert [(a["correct"], a["answer"], a["time_taken_ms"]) for a in mine] == [
        (True, {"choice": "j"}, 1800), (False, {"choice": "w"}, 4200)]
    async with container.uow()() as uow:
        stored = await uow.content.attempts(people["student"].id, uuid.UUID(choice["id"]))
    assert len(stored) == 2 and stored[0].user_id == people["student"].id
    assert (await client.get(url, headers=auth["other"])).json()["items"] == []

    not_a_question = await client.post(f"/api/v1/content/{note['id']}/attempts",
                                       headers=learner,
                                       json={"answer": {"type": "single_choice", "choice": "j"}})
    assert (not_a_question.status_code, not_a_question.json()["code"]) == (422,
                                                                           "not_a_question")
    # A numeric answer to a choice question names the wrong type: refused, never graded.
    other_type = await client.post(url, headers=learner,
                                   json={"answer": {"type": "numeric", "value": 3}})
    assert (other_type.status_code, other_type.json()["code"]) == (422, "answer_type_mismatch")
    assert other_type.json()["details"] == {"expected": "single_choice"}
    malformed = await client.post(url, headers=learner,
                                  json={"answer": {"type": "single_choice", "choice": "no way"}})
    assert (malformed.status_code, malformed.json()["code"]) == (422, "invalid_answer")
    # The answer's shape is checked before grading: a missing type or an unknown field is a 400.
    for shapeless in ({"choice": "j"}, {"type": "single_choice", "choice": "j", "extra": 1},
                      {"type": "short_text", "text": "x" * 1001}):
        refused = await client.post(url, headers=learner, json={"answer": shapeless})
        assert (refused.status_code, refused.json()["code"]) == (400, "validation_error")
    assert len((await client.get(url, headers=learner)).json()["items"]) == 2


async def test_xss_pasted_into_a_note_never_reaches_a_learner_as_script(
        client: AsyncClient, catalog: dict[str, Any], auth: dict[str, dict[str, str]]) -> None:
    html = "<p>Energy</p>" + "".join(f"<p>{p}</p>" for p in PAYLOADS)
    item = await publish(client, auth, catalog["energy"].id, "note", "Pasted", {"html": html})
    assert problems(item["latest"]["body"]["html"]) == []
    question = await publish(client, auth, catalog["energy"].id, "question", "Pasted Q", {
        "type": "short_text", "prompt": "<p>Name it</p>" + "".join(PAYLOADS),
        "explanation": "".join(PAYLOADS), "accepted": ["<script>alert(1)</script>"]})
    read = (await client.get(f"/api/v1/content/{item['id']}", headers=auth["student"])).json()
    assert read["body"]["html"].startswith("<p>Energy</p>")
    assert problems(read["body"]["html"]) == []
    asked = (await client.get(f"/api/v1/content/{question['id']}",
                              headers=auth["student"])).json()
    assert problems(asked["body"]["prompt"]) == []
    answered = await client.post(f"/api/v1/content/{question['id']}/attempts",
                                 headers=auth["student"],
                                 json={"answer": {"type": "short_text",
                                                  "text": "<script>alert(1)</script>"}})
    assert answered.json()["correct"] is True
    assert problems(answered.json()["explanation"]) == []


async def test_other_mentors_and_students_cannot_reach_an_item(
        client: AsyncClient, catalog: dict[str, Any], auth: dict[str, dict[str, str]]) -> None:
    item = await create(client, auth["mentor"], catalog["energy"].id, "note", "Mine",
                        {"html": "<p>Private draft</p>"})
    base = f"/api/v1/mentor/content/{item['id']}"
    attempts = [
        ("GET", base, None), ("GET", f"{base}/versions", None),
        ("GET", f"{base}/versions/1", None), ("GET", f"{base}/diff?from=1&to=1", None),
        ("POST", f"{base}/versions", {"base_version": 1, "title": "Stolen",
                                      "body": {"kind": "note", "html": "<p>mine now</p>"}}),
        ("POST", f"{base}/revert", {"to_version": 1, "base_version": 1}),
        ("POST", f"{base}/submit", None),
    ]
    for method, url, body in attempts:
        theirs = await client.request(method, url, json=body, headers=auth["other"])
        assert theirs.status_code == 404, (method, url, theirs.text)
        assert theirs.json()["code"] == "not_found"
        student = await client.request(method, url, json=body, headers=auth["student"])
        assert student.status_code == 403, (method, url)
    assert [i["id"] for i in (await client.get("/api/v1/mentor/content",
                                               headers=auth["other"])).json()["items"]] == []
    for url in (f"/api/v1/admin/content/{item['id']}", "/api/v1/admin/content"):
        assert (await client.get(url, headers=auth["student"])).status_code == 403
        assert (await client.get(url, headers=auth["other"])).status_code == 403
    assert (await client.get(f"/api/v1/content/{item['id']}", headers=auth["student"])
            ).status_code == 404
    # An admin may step in on any item.
    assert (await client.get(base, headers=auth["admin"])).status_code == 200
    unchanged = (await client.get(base, headers=auth["mentor"])).json()
    assert (unchanged["latest_version"], unchanged["status"]) == (1, "draft")


async def test_what_the_workspace_refuses(client: AsyncClient, container: Container,
                                          catalog: dict[str, Any],
                                          auth: dict[str, dict[str, str]]) -> None:
    me = auth["mentor"]
    unknown = await client.post("/api/v1/mentor/content", headers=me, json={
        "topic_id": str(uuid.uuid4()), "kind": "note", "title": "x",
        "body": {"kind": "note", "html": "<p>x</p>"}})
    assert (unknown.status_code, unknown.json()["code"]) == (422, "unknown_topic")
    empty = await client.post("/api/v1/mentor/content", headers=me, json={
        "topic_id": str(catalog["energy"].id), "kind": "note", "title": "x",
        "body": {"kind": "note", "html": "<script>only</script>"}})
    assert (empty.status_code, empty.json()["code"]) == (422, "invalid_content")
    assert "body.html" in empty.json()["details"]["fields"]
    bad_question = await client.post("/api/v1/mentor/content", headers=me, json={
        "topic_id": str(catalog["energy"].id), "kind": "question", "title": "Q",
        "body": {"kind": "question", "type": "single_choice", "prompt": "<p>?</p>",
                 "choices": [{"text": "a"}, {"text": "b"}], "correct": ["a", "b"]}})
    assert (bad_question.status_code, bad_question.json()["code"]) == (422, "invalid_content")
    # A body of another kind than the item is refused by name, on create and on save.
    crossed = await client.post("/api/v1/mentor/content", headers=me, json={
        "topic_id": str(catalog["energy"].id), "kind": "note", "title": "x",
        "body": {"kind": "simulation", "url": PHET, "title": "Skate"}})
    assert (crossed.status_code, crossed.json()["code"]) == (422, "content_kind_mismatch")
    assert crossed.json()["details"]["expected"] == "note"
    draft = await create(client, me, catalog["energy"].id, "note", "Kinds", {"html": "<p>x</p>"})
    resaved = await client.post(f"/api/v1/mentor/content/{draft['id']}/versions", headers=me,
                                json={"base_version": 1, "title": "Kinds",
                                      "body": {"kind": "question", "type": "numeric",
                                               "prompt": "<p>?</p>", "answer": 1}})
    assert (resaved.status_code, resaved.json()["code"]) == (422, "content_kind_mismatch")
    assert "body.kind" in resaved.json()["details"]["fields"]
    # The body's shape is checked before the kind sees it: no kind, an unknown kind or field,
    # or a field over its bound is a 400, never a crash.
    for shapeless in ({"html": "<p>x</p>"}, {"kind": "video", "html": "<p>x</p>"},
                      {"kind": "note", "html": "<p>x</p>", "css": "x"},
                      {"kind": "note", "html": "x" * 100_001},
                      {"kind": "question", "type": "numeric", "prompt": "<p>?</p>",
                       "answer": 1, "hints": ["h"] * 6},
                      {"kind": "question", "type": "single_choice", "prompt": "<p>?</p>",
                       "choices": [{"text": "a"}, {"text": "b"}], "correct": ["a"],
                       "hints": ["x" * 501]}):
        refused = await client.post(f"/api/v1/mentor/content/{draft['id']}/versions",
                                    headers=me, json={"base_version": 1, "title": "Kinds",
                                                      "body": shapeless})
        assert (refused.status_code, refused.json()["code"]) == (400, "validation_error")
    as_admin = await client.post("/api/v1/mentor/content", headers=auth["admin"], json={
        "topic_id": str(catalog["energy"].id), "kind": "note", "title": "x",
        "body": {"kind": "note", "html": "<p>x</p>"}})
    assert as_admin.status_code == 403

    newcomer = await make_user(container, Role.MENTOR)
    theirs = await bearer(client, newcomer.email)
    item = await create(client, theirs, catalog["energy"].id, "note", "Early",
                        {"html": "<p>x</p>"})
    unverified = await client.post(f"/api/v1/mentor/content/{item['id']}/submit",
                                   headers=theirs)
    assert (unverified.status_code, unverified.json()["code"]) == (403, "mentor_not_verified")

    approved = await publish(client, auth, catalog["energy"].id, "note", "Done",
                             {"html": "<p>x</p>"})
    again = await client.post(f"/api/v1/mentor/content/{approved['id']}/submit", headers=me)
    assert (again.status_code, again.json()["code"]) == (409, "invalid_content_transition")
    unknown_topic = await client.get("/api/v1/topics/no-such-topic/content",
                                     headers=auth["student"])
    assert unknown_topic.status_code == 404


async def test_a_nul_in_a_json_field_is_refused_and_nothing_is_written(
        client: AsyncClient, catalog: dict[str, Any], auth: dict[str, dict[str, str]]) -> None:
    me = auth["mentor"]
    before = (await client.get("/api/v1/mentor/content", headers=me)).json()["total"]
    response = await client.post("/api/v1/mentor/content", headers=me, json={
        "topic_id": str(catalog["energy"].id), "kind": "note", "title": "Energy\x00",
        "body": {"kind": "note", "html": "<p>x</p>"}, "change_summary": "draft\x00"})
    assert response.status_code in (400, 422), response.text
    assert response.json()["code"] in ("invalid_characters", "invalid_content")
    assert (await client.get("/api/v1/mentor/content", headers=me)).json()["total"] == before


async def test_a_mentor_withdraws_a_pending_item_and_admins_hear_of_submissions(
        client: AsyncClient, container: Container, catalog: dict[str, Any],
        people: dict[str, User], auth: dict[str, dict[str, str]]) -> None:
    me, boss = auth["mentor"], auth["admin"]
    second_admin = await bearer(client, (await make_user(container, Role.ADMIN)).email)
    item = await create(client, me, catalog["energy"].id, "note", "Momentum first",
                        {"html": "<p>p = mv</p>"})
    base = f"/api/v1/mentor/content/{item['id']}"
    draft = await client.post(f"{base}/withdraw", headers=me)
    assert (draft.status_code, draft.json()["code"]) == (409, "invalid_content_transition")

    assert (await client.post(f"{base}/submit", headers=me)).json()["status"] == "pending"
    await container.dispatcher().wait_idle()
    for admin in (boss, second_admin):
        inbox = (await client.get("/api/v1/notifications", headers=admin)).json()["items"]
        mine = [n for n in inbox if n["link"] == f"/admin/content/{item['id']}"]
        assert len(mine) == 1, inbox
        assert mine[0]["kind"] == "content.submitted"
        assert "Momentum first" in mine[0]["title"]
        assert "Marie Mentor" in mine[0]["body"] and "version 1" in mine[0]["body"]
    theirs = (await client.get("/api/v1/notifications", headers=me)).json()["items"]
    assert not any(n["kind"] == "content.submitted" for n in theirs)

    # Only the owner (or an admin) can take it back; anyone else sees no such item.
    assert (await client.post(f"{base}/withdraw", headers=auth["other"])).status_code == 404
    assert (await client.post(f"{base}/withdraw", headers=auth["student"])).status_code == 403
    withdrawn = await client.post(f"{base}/withdraw", headers=me)
    assert withdrawn.status_code == 200, withdrawn.text
    body = withdrawn.json()
    assert (body["status"], body["submitted_at"], body["latest_version"]) == ("draft", None, 1)
    queue = (await client.get("/api/v1/admin/content", headers=boss, params={
        "mentor": str(people["mentor"].id)})).json()
    assert item["id"] not in [i["id"] for i in queue["items"]]
    again = await client.post(f"{base}/withdraw", headers=me)
    assert (again.status_code, again.json()["code"]) == (409, "invalid_content_transition")

    # A draft again: editable, and it can go back to review.
    edited = await client.post(f"{base}/versions", headers=me, json={
        "base_version": 1, "title": "Momentum first",
"body": {"kind": "note", "html": "<p>p = m v</p>"}})
    assert (edited.status_code, edited.json()["latest_version"]) == (200, 2)
    assert (await client.post(f"{base}/submit", headers=me)).json()["status"] == "pending"
    await approve(client, boss, item["id"], 2)
    # Withdrawing the pending edit of an approved item keeps the approved version live.
    await client.post(f"{base}/versions", headers=me, json={
        "base_version": 2, "title": "Momentum",
"body": {"kind": "note", "html": "<p>p = mv, a vector</p>"}})
    await client.post(f"{base}/submit", headers=me)
    back = (await client.post(f"{base}/withdraw", headers=me)).json()
    assert (back["status"], back["live_version"], back["latest_version"]) == ("draft", 2, 3)
    read = (await client.get(f"/api/v1/content/{item['id']}", headers=auth["student"])).json()
    assert (read["version"], read["title"]) == (2, "Momentum first")

    async with container.uow()() as uow:
        audit = await uow.audit.list(PageRequest(1, 10), target_id=item["id"])
    assert [(e.action, e.details.get("version")) for e in audit.items] == [
        ("content.withdrawn", 3), ("content.approved", 2), ("content.withdrawn", 1)]
    assert audit.items[0].actor_id == people["mentor"].id


async def test_the_queue_narrows_to_items_waiting_for_days(
        client: AsyncClient, container: Container, catalog: dict[str, Any],
        people: dict[str, User], auth: dict[str, dict[str, str]]) -> None:
    me, boss = auth["mentor"], auth["admin"]
    ages = {"fresh": 0, "two days": 2, "five days": 5}
    ids = {}
    for title in ages:
        item = await create(client, me, catalog["energy"].id, "note", title, {"html": "<p>x</p>"})
        assert (await client.post(f"/api/v1/mentor/content/{item['id']}/submit",
                                  headers=me)).status_code == 200
        ids[title] = item["id"]
    # Submitted in the past: the queue reads submission times, so move them back.
    async with container.engine().begin() as connection:
        for title, days in ages.items():
            await connection.execute(
                content_items.update().where(content_items.c.id == uuid.UUID(ids[title]))
                .values(submitted_at=content_items.c.submitted_at - timedelta(days=days)))

    async def waiting(days: int | None) -> list[str]:
        params: dict[str, Any] = {"mentor": str(people["mentor"].id)}
        if days is not None:
            params["waiting_days"] = days
        page = (await client.get("/api/v1/admin/content", headers=boss, params=params)).json()
        assert page["total"] == len(page["items"])
        return [i["title"] for i in page["items"]]

    assert await waiting(None) == ["five days", "two days", "fresh"]
    assert await waiting(1) == ["five days", "two days"]
    assert await waiting(3) == ["five days"]
    assert await waiting(7) == []
    for bad in ("0", "366", "soon"):
        refused = await client.get("/api/v1/admin/content", headers=boss,
                                   params={"waiting_days": bad})
        assert refused.status_code == 400, bad


async def test_a_wrong_answer_leads_to_hints_a_retry_and_the_solution_on_request(
        client: AsyncClient, container: Container, catalog: dict[str, Any],
        people: dict[str, User], auth: dict[str, dict[str, str]]) -> None:
    learner = auth["student"]
    question = await publish(client, auth, catalog["energy"].id, "question", "Work", {
        "type": "numeric", "prompt": "<p>Work done lifting 2 kg by 1 m (g = 10)?</p>",
        "explanation": "<p>W = mgh = 2 * 10 * 1 = 20 J.</p>", "answer": 20, "tolerance": 0,
        "unit": "J", "hints": ["Work is force times distance.", "The force is the weight, mg."]})
    attempts = f"/api/v1/content/{question['id']}/attempts"

    wrong = (await client.post(attempts, headers=learner,
                               json={"answer": {"type": "numeric", "value": 2}})).json()
    assert (wrong["correct"], wrong["hints_used"], wrong["hints_total"]) == (False, 0, 2)
    assert wrong["explanation"] is None and wrong["solution"] is None
    help_url = f"{attempts}/{wrong['id']}"

    first = await client.post(f"{help_url}/hints", headers=learner)
    assert first.status_code == 200, first.text
    assert first.json()["hints"] == ["Work is force times distance."]
    assert first.json()["explanation"] is None and first.json()["solution"] is None
    second = (await client.post(f"{help_url}/hints", headers=learner)).json()
    assert second["hints"] == ["Work is force times distance.", "The force is the weight, mg."]
    assert (second["hints_used"], second["hints_total"]) == (2, 2)
    more = await client.post(f"{help_url}/hints", headers=learner)
    assert (more.status_code, more.json()["code"]) == (409, "no_more_hints")

    # Someone else's attempt is not theirs to open.
    stranger = await client.post(f"{help_url}/solution", headers=auth["other"])
    assert stranger.status_code == 404

    retry = (await client.post(attempts, headers=learner,
                               json={"answer": {"type": "numeric", "value": 25}})).json()
    assert (retry["correct"], retry["hints_used"], retry["solution_shown"]) == (False, 2, False)
    solution = await client.post(f"{attempts}/{retry['id']}/solution", headers=learner)
    assert solution.status_code == 200, solution.text
    assert solution.json()["explanation"] == "<p>W = mgh = 2 * 10 * 1 = 20 J.</p>"
    assert solution.json()["solution"] == {"answer": 20, "tolerance": 0, "unit": "J"}
    again = await client.post(f"{attempts}/{retry['id']}/solution", headers=learner)
    assert again.json()["solution_shown"] is True

    right = (await client.post(attempts, headers=learner,
                               json={"answer": {"type": "numeric", "value": 20}})).json()
    assert (right["correct"], right["hints_used"], right["solution_shown"]) == (True, 2, True)

    async with container.uow()() as uow:
        stored = await uow.content.attempts(people["student"].id, uuid.UUID(question["id"]))
    assert [(a.correct, a.hints_used, a.solution_shown) for a in stored] == [
        (True, 2, True), (False, 2, True), (False, 2, False)]
    assert all(a.created_at is not None for a in stored)
    listed = (await client.get(attempts, headers=learner)).json()["items"]
    assert [(a["hints_used"], a["solution_shown"]) for a in listed] == [
        (2, True), (2, True), (2, False)]
