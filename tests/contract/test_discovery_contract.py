"""ONE behaviour suite for the discovery queries, run against the in-memory fake and
PostgreSQL: typo-tolerant suggestions of public things only, published work, the overview."""

import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

import pytest

from adapters.db.connections import Database
from adapters.db.discovery_queries import PostgresDiscoveryQueries
from adapters.db.engine import build_engine
from adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from adapters.memory.discovery import MemoryDiscoveryQueries
from adapters.memory.unit_of_work import MemoryUnitOfWorkFactory
from edu_core.domain.catalog import Chapter, Subject, Topic
from edu_core.domain.content import ContentItem, default_kinds
from edu_core.domain.content.search import search_document
from edu_core.domain.courses import Course
from edu_core.domain.identity import Role, User
from edu_core.domain.mentors import MentorProfile, VerificationDocument
from edu_core.ports.discovery import DiscoveryQueries, MentorWork
from edu_core.ports.unit_of_work import UnitOfWork

Factory = Callable[[], UnitOfWork]
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
KINDS = default_kinds()


@pytest.fixture(params=["memory", "postgres"])
async def world(request: pytest.FixtureRequest
                ) -> AsyncIterator[tuple[Factory, DiscoveryQueries]]:
    if request.param == "memory":
        memory = MemoryUnitOfWorkFactory()
        yield memory, MemoryDiscoveryQueries(memory.store)
        return
    engine = build_engine(request.getfixturevalue("database_url"), pool_size=5)
    database = Database(engine)
    yield (lambda: SqlAlchemyUnitOfWork(database)), PostgresDiscoveryQueries(database)
    await engine.dispose()


def word() -> str:
    """A made-up word of letters only, unique to one test."""
    return "zq" + "".join(chr(ord("a") + int(c, 16) % 26) for c in uuid.uuid4().hex[:10])


async def a_topic(uow_factory: Factory) -> tuple[Subject, Topic]:
    subject = Subject.create(name=f"Subject {word()}", slug=f"s-{uuid.uuid4().hex[:8]}")
    chapter = Chapter.create(subject_id=subject.id, name="Mechanics")
    topic = Topic.create(chapter_id=chapter.id, name="Energy", slug=f"t-{uuid.uuid4().hex[:8]}")
    async with uow_factory() as uow:
        for node in (subject, chapter, topic):
            await uow.catalog.save(node)
        await uow.commit()
    return subject, topic


async def a_mentor(uow_factory: Factory, name: str, topic: Topic, *,
                   verified: bool = True) -> User:
    user = User.register(email=f"d{uuid.uuid4().hex[:10]}@example.org", display_name=name,
                         role=Role.MENTOR, password_hash="h", timezone="UTC", now=NOW)
    profile = MentorProfile.start(user.id, timezone="UTC", now=NOW)
    profile.update_profile(NOW, headline="Physics tutor", bio="Ten years of teaching.",
                           languages=["en"], hourly_rate_cents=4500, currency="eur")
    profile.set_topics([topic.id], NOW)
    profile.add_document(VerificationDocument(
        blob_key=f"docs/{uuid.uuid4().hex}", filename="diploma.pdf",
        content_type="application/pdf", size=1234, uploaded_at=NOW), NOW)
    profile.submit(NOW)
    if verified:
        profile.verify(NOW)
    async with uow_factory() as uow:
        uow.users.add(user)
        await uow.commit()
    async with uow_factory() as uow:
        await uow.mentors.save(profile)
        await uow.commit()
    return user


async def a_lesson(uow_factory: Factory, mentor: User, topic: Topic, title: str, *,
                   approve: bool = True) -> ContentItem:
    item = ContentItem.create(topic_id=topic.id, mentor_id=mentor.id, kind="note", title=title,
                              body={"html": "<p>Text</p>"}, author_id=mentor.id, now=NOW)
    if approve:
        item.submit(NOW)
        item.approve(version=item.latest.number, reviewer_id=None, now=NOW)
    async with uow_factory() as uow:
        await uow.content.save(item)
        await uow.content_index.put(search_document(item, KINDS.get(item.kind)))
        await uow.commit()
    return item


async def a_course(uow_factory: Factory, mentor: User, title: str, items: list[ContentItem], *,
                   publish: bool = True) -> Course:
    course = Course.create(mentor_id=mentor.id, title=title, item_ids=[i.id for i in items],
                           now=NOW)
    if publish:
        course.publish(live_count=len(items), now=NOW)
    async with uow_factory() as uow:
        await uow.courses.save(course)
        await uow.commit()
    return course


async def test_suggestions_find_public_things_by_title_and_name_despite_a_typo(
        world: tuple[Factory, DiscoveryQueries]) -> None:
    uow_factory, queries = world
    subject, topic = await a_topic(uow_factory)
    key = word()  # "zq" + 10 letters
    mentor = await a_mentor(uow_factory, f"Ada {key.capitalize()}", topic)
    unverified = await a_mentor(uow_factory, f"Bob {key.capitalize()}", topic, verified=False)
    lesson = await a_lesson(uow_factory, mentor, topic, f"Laws of {key}")
    draft = await a_lesson(uow_factory, mentor, topic, f"Draft about {key}", approve=False)
    await a_lesson(uow_factory, unverified, topic, "Unrelated title")
    course = await a_course(uow_factory, mentor, f"The {key} course", [lesson])
    await a_course(uow_factory, mentor, f"Unpublished {key} course", [lesson], publish=False)

    typo = key[:5] + key[6:]  # one letter dropped
    for text in (key, typo, key.upper()):
        found = await queries.suggest(text, 5)
        assert [s.item_id for s in found.lessons] == [lesson.id], text
        assert [s.course_id for s in found.courses] == [course.id], text
        assert [s.mentor_id for s in found.mentors] == [mentor.id], text
    assert (await queries.suggest(key, 5)).mentors[0].work == MentorWork(courses=1, lessons=1)
    first = (await queries.suggest(key, 5)).lessons[0]
    assert (first.title, first.kind, first.subject_slug, first.topic_slug, first.mentor_name) \
        == (f"Laws of {key}", "note", subject.slug, topic.slug, f"Ada {key.capitalize()}")
    assert draft.id not in [s.item_id for s in (await queries.suggest("Draft about", 50)).lessons]
    assert (await queries.suggest(word(), 5)).lessons == []


async def test_the_closest_title_comes_first_and_the_limit_holds(
        world: tuple[Factory, DiscoveryQueries]) -> None:
    uow_factory, queries = world
    _, topic = await a_topic(uow_factory)
    key = word()
    mentor = await a_mentor(uow_factory, "Cy Mentor", topic)
    exact = await a_lesson(uow_factory, mentor, topic, key)
    others = [await a_lesson(uow_factory, mentor, topic, f"{key} and more, part {n}")
              for n in range(4)]
    found = await queries.suggest(key, 3)
    assert len(found.lessons) == 3
    assert found.lessons[0].item_id in {exact.id, *(o.id for o in others)}
    assert {s.item_id for s in (await queries.suggest(key, 10)).lessons} == {
        exact.id, *(o.id for o in others)}


async def test_work_counts_published_courses_and_live_lessons(
        world: tuple[Factory, DiscoveryQueries]) -> None:
    uow_factory, queries = world
    _, topic = await a_topic(uow_factory)
    mentor = await a_mentor(uow_factory, "Di Mentor", topic)
    idle = await a_mentor(uow_factory, "Ed Mentor", topic)
    lessons = [await a_lesson(uow_factory, mentor, topic, f"Lesson {n}") for n in range(3)]
    await a_lesson(uow_factory, mentor, topic, "Draft", approve=False)
    await a_course(uow_factory, mentor, "One", lessons[:1])
    await a_course(uow_factory, mentor, "Two", lessons)
    await a_course(uow_factory, mentor, "Hidden", lessons, publish=False)
    assert await queries.work([mentor.id, idle.id]) == {
        mentor.id: MentorWork(courses=2, lessons=3), idle.id: MentorWork()}
    assert await queries.work([]) == {}


async def test_the_overview_counts_public_things_and_features_mentors_with_work(
        world: tuple[Factory, DiscoveryQueries]) -> None:
    uow_factory, queries = world
    before = await queries.overview(1000)
    subject, topic = await a_topic(uow_factory)
    mentor = await a_mentor(uow_factory, "Fay Mentor", topic)
    await a_mentor(uow_factory, "Gus Mentor", topic, verified=False)
    lessons = [await a_lesson(uow_factory, mentor, topic, f"Lesson {n}") for n in range(2)]
    await a_lesson(uow_factory, mentor, topic, "Draft", approve=False)
    await a_course(uow_factory, mentor, "Course", lessons)
    await a_course(uow_factory, mentor, "Draft course", lessons, publish=False)

    after = await queries.overview(1000)
    assert after.verified_mentors == before.verified_mentors + 1
    assert after.live_lessons == before.live_lessons + 2
    assert after.published_courses == before.published_courses + 1
    assert subject.name in after.subjects and subject.name not in before.subjects
    featured = {f.mentor_id: f for f in after.featured}
    assert featured[mentor.id].work == MentorWork(courses=1, lessons=2)
    assert featured[mentor.id].subjects == (subject.name,)
    assert featured[mentor.id].headline == "Physics tutor"
    assert len((await queries.overview(1)).featured) == 1
