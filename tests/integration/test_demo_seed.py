"""``edu demo seed`` gives a fresh install an account for every role, and can run again."""

import asyncio
from collections import Counter
from collections.abc import Iterator
from typing import Any
from uuid import uuid5

import pytest
from httpx import ASGITransport, AsyncClient

from adapters.cli.demo import ACCOUNTS, DEMO_PASSWORD, seed
from adapters.cli.demo_chat import CONVERSATION, SESSION_KEY
from adapters.cli.demo_content import ITEMS, Target
from adapters.cli.demo_content_seed import author_principal
from adapters.cli.demo_media import MEDIA, NOTES, VIDEO, VIDEO_FILENAME
from adapters.cli.demo_media_files import CHAPTERS
from adapters.cli.demo_reviews import NAMESPACE, REVIEWS
from adapters.container import Container, build_container
from adapters.http.app import create_app
from adapters.settings import Settings
from edu_core.domain.identity import Role
from edu_core.domain.pagination import PageRequest
from tests.conftest import serving
from tests.support.database import create_test_database, drop_test_database


async def test_demo_accounts_exist_once_and_can_sign_in(client: AsyncClient,
                                                        container: Container) -> None:
    first = await seed(container)
    again = await seed(container)
    assert all(created for _, created in first.accounts) or not any(
        created for _, created in first.accounts)
    assert not any(created for _, created in again.accounts)
    assert again.catalog.created == 0
    assert again.catalog.updated == first.catalog.created + first.catalog.updated
    tree = (await client.get("/api/v1/catalog")).json()["subjects"]
    assert {"physics", "mathematics", "chemistry"} <= {s["slug"] for s in tree}
    physics = next(s for s in tree if s["slug"] == "physics")
    assert sum(len(c["topics"]) for c in physics["chapters"]) >= 10
    assert again.mentor_profiles == 0
    assert again.content.created == 0
    assert again.content.items == first.content.items
    assert set(again.content.items) == {d.key for d in ITEMS} and not again.content.skipped
    # The demo students have a learning history: XP, a streak up to yesterday, a league.
    assert again.xp_awards == 0
    signed_in = await client.post("/api/v1/auth/login", json={
        "email": "sam.taylor@mentora.demo", "password": DEMO_PASSWORD, "mode": "token"})
    sam = {"Authorization": f"Bearer {signed_in.json()['access_token']}"}
    progress = (await client.get("/api/v1/me/progress", headers=sam)).json()
    # Ten days of history in Sam's own days (Sydney), up to yesterday: today is not missed yet.
    assert progress["total_xp"] > 0 and progress["streak"] == 10, progress
    assert progress["freezes"] >= 1

    # Verified mentors are searchable, with photos and a next free slot; applicants are not.
    found = (await client.get("/api/v1/mentors", params={"q": "xqzvj-wkpfy"})).json()
    assert found["total"] == 0
    cards = (await client.get("/api/v1/mentors", params={"subject": "physics"})).json()["items"]
    amara = next(c for c in cards if c["display_name"] == "Amara Okafor")
    assert amara["photo_url"]
    # Demo mentors have reviews (of past sessions), seeded once.
    assert again.reviews == 0 and (amara["rating_avg"], amara["rating_count"]) == (4.67, 3)
    reviews = (await client.get(f"/api/v1/mentors/{amara['id']}/reviews")).json()
    assert [r["author_name"] for r in reviews["items"]] == ["Sam T.", "Mei L.", "Sam T."]
    assert reviews["items"][2]["reply"]
    # One of those past sessions has its chat, formulas included, seeded once.
    assert again.chat_messages == 0
    async with container.uow()() as uow:
        said = await uow.chat.messages(uuid5(NAMESPACE, f"{REVIEWS[SESSION_KEY].mentor}/"
                                                       f"{REVIEWS[SESSION_KEY].student}/"
                                                       f"{SESSION_KEY}"), after=0, limit=50)
    assert [m.body for m in said] == [body for _, _, body in CONVERSATION]
    assert 'data-latex="\\frac{1}{R}' in said[3].html
    assert (await client.get(amara["photo_url"])).headers["content-type"] == "image/png"
    assert amara["next_available"]
    names = {c["display_name"] for c in
             (await client.get("/api/v1/mentors", params={"page_size": 100})).json()["items"]}
    assert {"Amara Okafor", "Lukas Becker", "Priya Raman", "Daniel Reyes"} <= names
    assert "Noah Fischer" not in names
    assert {a.role for a in ACCOUNTS} == {Role.ADMIN, Role.MENTOR, Role.STUDENT}
    for account in ACCOUNTS:
        login = await client.post("/api/v1/auth/login", json={
            "email": account.email, "password": DEMO_PASSWORD, "mode": "token"})
        assert login.status_code == 200, account.email
        if account.email == "admin@mentora.demo":
            queue = await client.get("/api/v1/admin/mentors", headers={
                "Authorization": f"Bearer {login.json()['access_token']}"})
            waiting = {m["display_name"] for m in queue.json()["items"]}
            assert {"Noah Fischer", "Inês Duarte"} <= waiting
        user = login.json()["user"]
        assert (user["role"], user["timezone"]) == (account.role.value, account.timezone)


async def login(client: AsyncClient, email: str) -> dict[str, str]:
    response = await client.post("/api/v1/auth/login", json={
        "email": email, "password": DEMO_PASSWORD, "mode": "token"})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def test_demo_content_is_reviewed_teaching_material(client: AsyncClient,
                                                          container: Container) -> None:
    first = await seed(container)
    report = first.content
    again = await seed(container)
    assert (again.content.created, again.courses) == (0, 0)
    admin = await login(client, "admin@mentora.demo")
    student = await login(client, "sam.taylor@mentora.demo")
    items: dict[str, dict[str, Any]] = {}
    for demo in ITEMS:
        found = await client.get(f"/api/v1/admin/content/{report.items[demo.key]}",
                                 headers=admin)
        assert found.status_code == 200, demo.key
        items[demo.key] = found.json()
    expected = {Target.APPROVED: ("approved", 1, 1), Target.PENDING: ("pending", None, 1),
                Target.PENDING_EDIT: ("pending", 1, 2), Target.REJECTED: ("rejected", None, 1)}
    for demo in ITEMS:
        item = items[demo.key]
        assert (item["status"], item["live_version"], item["latest_version"]) == (
            expected[demo.target]), demo.key
        assert item["mentor_name"] and item["kind"] == demo.kind

    live = [(d, items[d.key]) for d in ITEMS if items[d.key]["live_version"]]
    notes = [i["live"]["body"]["html"] for d, i in live if d.kind == "note"]
    assert len(notes) >= 6
    for html in notes:
        assert html.count("<h2>") >= 2 and "<table>" in html and "<p>" in html
        assert "<ul>" in html or "<ol>" in html
        assert '<span data-type="inline-math" data-latex="' in html
        assert '<div data-type="block-math" data-latex="' in html
    sims = [i["live"]["body"] for d, i in live if d.kind == "simulation"]
    assert any(s["url"].startswith("https://phet.colorado.edu/sims/html/") for s in sims)
    assert all("allow-scripts" in s["iframe"]["sandbox"] for s in sims)
    questions = [i["live"]["body"] for d, i in live if d.kind == "question"]
    assert len(questions) >= 10
    assert set(Counter(q["type"] for q in questions)) == {
        "single_choice", "multiple_choice", "numeric", "short_text"}
    assert all(q["explanation"] for q in questions)
    assert any(q["type"] == "numeric" and q["tolerance"] > 0 for q in questions)
    assert len({d.mentor for d, _ in live}) == 4

    # The pending edit: learners still read version 1; the reviewer sees what would change.
    energy = report.items["amara-energy-note"]
    diff = (await client.get(f"/api/v1/admin/content/{energy}/diff", headers=admin)).json()
    assert (diff["from_version"], diff["to_version"]) == (1, 2)
    inserted = [line["block"] for line in diff["lines"] if line["op"] == "insert"]
    assert {"kind": "heading", "level": 2, "text": "Power: how fast work is done"} in [
        {"kind": b["kind"], "level": b["level"], "text": "".join(i["text"] for i in b["inlines"])}
        for b in inserted]
    assert {"kind": "formula", "source": "P = Fv"} in [
        {"kind": b["kind"], "source": b["source"]} for b in inserted]
    rejected = items["daniel-linear-q"]
    assert "x = 6, not 5" in rejected["feedback"]

    topic = (await client.get("/api/v1/topics/work-energy-power/content", headers=student,
                              params={"page_size": 100})).json()
    ours = [i for i in topic["items"] if i["mentor_name"] == "Amara Okafor"]
    assert [(i["kind"], i["title"]) for i in ours] == [
        ("note", "Work, kinetic energy and the work\u2013energy theorem"),
        ("simulation", "Energy Skate Park"),
        ("question", "Kinetic energy of a cyclist"),
        ("question", "Work done by gravity on a satellite")]
    assert "Power: how fast" not in ours[0]["body"]["html"]
    assert "answer" not in ours[2]["body"] and "explanation" not in ours[2]["body"]
    answered = await client.post(f"/api/v1/content/{ours[2]['id']}/attempts",
                                 headers=student,
                                 json={"answer": {"type": "numeric", "value": 1435}})
    assert answered.json()["correct"] is True
    acids = (await client.get("/api/v1/topics/acids-bases/content", headers=student)).json()
    assert "Acids, bases and the pH scale" not in [i["title"] for i in acids["items"]]

    # Reviewed for real: decisions by the demo admin are in the audit log.
    async with container.uow()() as uow:
        admin_user = await uow.users.get_by_email("admin@mentora.demo")
        audit = await uow.audit.list(PageRequest(1, 5), target_id=str(energy))
    assert admin_user is not None
    assert [(e.action, e.actor_id) for e in audit.items] == [("content.approved",
                                                              admin_user.id)]


async def test_a_demo_course_can_be_followed_with_progress(client: AsyncClient,
                                                           container: Container) -> None:
    await seed(container)
    await seed(container)  # a second run changes nothing
    student = await login(client, "sam.taylor@mentora.demo")
    courses = (await client.get("/api/v1/courses", headers=student,
                                params={"subject": "physics"})).json()["items"]
    mechanics = next(c for c in courses if c["title"] == "Mechanics from first principles")
    assert mechanics["enrolments"] == 1  # the demo learner already on it
    enrolled = await client.put(f"/api/v1/courses/{mechanics['id']}/enrolment", headers=student)
    assert enrolled.status_code == 200, enrolled.text
    course = (await client.get(f"/api/v1/courses/{mechanics['id']}", headers=student)).json()
    kinds = [i["kind"] for i in course["items"]]
    assert kinds[0] == "note" and "simulation" in kinds and kinds.count("question") == 5
    before = course["progress"]["completed"]
    assert course["items"][0]["completed"] is False
    note = course["items"][0]
    done = await client.post(f"/api/v1/content/{note['item_id']}/completion",
                             headers=student)
    assert done.status_code in (200, 201, 204), done.text
    after = (await client.get(f"/api/v1/courses/{mechanics['id']}", headers=student)).json()
    assert after["progress"]["completed"] == before + 1
    assert after["progress"]["total"] == len(course["items"])

    # The demo learner is part way through: the first note read, the first question answered
    # right after one wrong try, both attempts on record.
    mei = await login(client, "mei.lin@mentora.demo")
    mine = (await client.get("/api/v1/me/courses", headers=mei)).json()["items"]
    assert [(c["title"], c["progress"]["completed"], c["progress"]["total"]) for c in mine] == [
        ("Mechanics from first principles", 2, len(course["items"]))]
    question = course["items"][1]
    assert question["kind"] == "question"
    attempts = (await client.get(f"/api/v1/content/{question['item_id']}/attempts",
                                 headers=mei)).json()
    assert [a["correct"] for a in attempts["items"]] == [True, False]
    # With two weeks of study time behind them, and a course mentor who sees it.
    analytics = (await client.get("/api/v1/me/analytics", headers=mei)).json()
    assert len(analytics["study"]["by_day"]) >= 7
    assert [c["title"] for c in analytics["study"]["by_course"]] == [
        "Mechanics from first principles"]
    amara = await login(client, "amara.okafor@mentora.demo")
    overview = (await client.get("/api/v1/mentor/analytics/overview", headers=amara)).json()
    assert overview["students"] >= 1 and overview["study_by_day"]


@pytest.fixture
def fresh_install(pg_server: str, settings: Settings) -> Iterator[Container]:
    """A database of its own: the session's database may hold demo items seeded by another
    test, whose files are in that test's storage directory."""
    url = create_test_database(pg_server, prefix="edu_demo")
    try:
        yield build_container(settings, url)
    finally:
        drop_test_database(pg_server, url)


async def test_demo_media_lessons_are_approved_and_playable(settings: Settings,
                                                            fresh_install: Container) -> None:
    container = fresh_install
    app = create_app(settings, container=container)
    transport = ASGITransport(app=app, client=("203.0.113.10", 40000))
    async with serving(app), AsyncClient(transport=transport,
                                         base_url="https://testserver.local") as client:
        await _check_demo_media(client, container)


async def _check_demo_media(client: AsyncClient, container: Container) -> None:
    first = await seed(container)
    again = await seed(container)
    assert not first.media.skipped and not again.media.skipped
    assert first.media.created == 2 and set(first.media.items) == {m.key for m in MEDIA}
    assert again.media.created == 0 and again.media.items == first.media.items
    admin = await login(client, "admin@mentora.demo")
    student = await login(client, "sam.taylor@mentora.demo")
    for demo in MEDIA:
        review = (await client.get(f"/api/v1/admin/content/{first.media.items[demo.key]}",
                                   headers=admin)).json()
        assert (review["status"], review["live_version"], review["kind"], review["title"]) == (
            "approved", 1, demo.kind, demo.title)

    # The video lesson: processed, captioned, in chapters, and playable by a learner.
    video_item = first.media.items[VIDEO.key]
    read = await client.get(f"/api/v1/content/{video_item}", headers=student)
    assert read.status_code == 200, read.text
    body = read.json()["body"]
    assert (body["status"], body["width"], body["height"]) == ("ready", 1280, 720)
    assert 10 <= body["duration_seconds"] <= 20
    assert [(c["start"], c["title"]) for c in body["chapters"]] == [
        (c["start"], c["title"]) for c in CHAPTERS]
    assert [(c["language"], c["label"]) for c in body["captions"]] == [("en", "English")]
    assert body["poster_url"] and body["thumbnails"]["url"]
    played = await client.get(body["video_url"], headers={"Range": "bytes=0-99"})
    assert played.status_code == 206
    # Its words are searchable, with the moment they are said.
    async with asyncio.timeout(20):
        while True:
            hits = [h for h in (await client.get(
                "/api/v1/search", params={"q": "conservation of energy"}, headers=student)
            ).json()["items"] if h["item_id"] == str(video_item)]
            if hits:
                break
            await asyncio.sleep(0.2)
    assert [h["at_seconds"] for h in hits] == [9.0]

    # The handwritten notes: two pages with thumbnails, the mentor's highlight on page 1.
    notes_item = first.media.items[NOTES.key]
    read = await client.get(f"/api/v1/content/{notes_item}", headers=student)
    assert read.status_code == 200, read.text
    body = read.json()["body"]
    assert (body["status"], body["page_count"]) == ("ready", 2)
    assert body["source_type"] == "application/pdf"
    thumbnail = await client.get(body["pages"][0]["thumbnail_url"])
    assert thumbnail.status_code == 200 and thumbnail.content
    assert (await client.get(body["pdf_url"])).content.startswith(b"%PDF")
    shown = (await client.get(f"/api/v1/content/{notes_item}/annotations",
                              headers=student)).json()["items"]
    assert [(a["motivation"], a["visibility"], a["target"]["page"], a["author"]["name"])
            for a in shown] == [("highlighting", "published", 1, "Lukas Becker")]

    # Seeding twice made nothing twice: one item, one video, one document each.
    async with container.uow()() as uow:
        amara = await uow.users.get_by_email(VIDEO.mentor)
        lukas = await uow.users.get_by_email(NOTES.mentor)
    assert amara is not None and lukas is not None
    videos = await container.videos().videos(author_principal(amara.id), PageRequest(1, 100))
    assert [v.video.filename for v in videos.items].count(VIDEO_FILENAME) == 1
    for demo, mentor in ((VIDEO, amara), (NOTES, lukas)):
        mine = await container.content().my_items(author_principal(mentor.id),
                                                  PageRequest(1, 100), kind=demo.kind)
        assert [v.item.versions[0].title for v in mine.items].count(demo.title) == 1
