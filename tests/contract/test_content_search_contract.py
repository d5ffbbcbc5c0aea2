"""ONE behaviour suite for the content search index and its queries, run against the in-memory
fake and PostgreSQL: who sees which version, ranking, syntax, filters, transactions, caps."""

import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

import pytest

from adapters.db import content_search as pg_search
from adapters.db.connections import Database
from adapters.db.content_search import PostgresContentSearch
from adapters.db.engine import build_engine
from adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from adapters.memory import content_search as memory_search
from adapters.memory.content_search import MemoryContentSearch
from adapters.memory.unit_of_work import MemoryUnitOfWorkFactory
from edu_core.domain.catalog import Chapter, Subject, Topic
from edu_core.domain.content import ContentItem, default_kinds
from edu_core.domain.content.search import search_document
from edu_core.domain.identity import Role, User
from edu_core.domain.pagination import PageRequest
from edu_core.ports.content_search import ContentSearch, ContentSearchCriteria
from edu_core.ports.unit_of_work import UnitOfWork

Factory = Callable[[], UnitOfWork]
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
KINDS = default_kinds()


@pytest.fixture(params=["memory", "postgres"])
async def world(request: pytest.FixtureRequest
                ) -> AsyncIterator[tuple[Factory, ContentSearch]]:
    if request.param == "memory":
        memory = MemoryUnitOfWorkFactory()
        yield memory, MemoryContentSearch(memory.store)
        return
    engine = build_engine(request.getfixturevalue("database_url"), pool_size=5)
    database = Database(engine)
    yield (lambda: SqlAlchemyUnitOfWork(database)), PostgresContentSearch(database)
    await engine.dispose()


def word() -> str:
    """A made-up word of letters only, unique to one test."""
    return "zq" + "".join(chr(ord("a") + int(c, 16) % 26) for c in uuid.uuid4().hex[:10])


async def a_mentor(uow_factory: Factory, name: str = "Cy Mentor") -> User:
    user = User.register(email=f"c{uuid.uuid4().hex[:10]}@example.org", display_name=name,
                         role=Role.MENTOR, password_hash="h", timezone="UTC", now=NOW)
    async with uow_factory() as uow:
        uow.users.add(user)
        await uow.commit()
    return user


async def topics(uow_factory: Factory) -> tuple[Subject, Topic, Topic]:
    subject = Subject.create(name="Physics", slug=f"s-{uuid.uuid4().hex[:8]}")
    chapter = Chapter.create(subject_id=subject.id, name="Mechanics")
    first = Topic.create(chapter_id=chapter.id, name="Energy", slug=f"t-{uuid.uuid4().hex[:8]}")
    second = Topic.create(chapter_id=chapter.id, name="Waves", slug=f"t-{uuid.uuid4().hex[:8]}")
    async with uow_factory() as uow:
        for node in (subject, chapter, first, second):
            await uow.catalog.save(node)
        await uow.commit()
    return subject, first, second


def note(mentor: User, topic: Topic, title: str, text: str) -> ContentItem:
    return ContentItem.create(topic_id=topic.id, mentor_id=mentor.id, kind="note", title=title,
                              body={"html": f"<p>{text}</p>"}, author_id=mentor.id, now=NOW)


def approved(item: ContentItem) -> ContentItem:
    item.submit(NOW)
    item.approve(version=item.latest.number, reviewer_id=None, now=NOW)
    return item


async def store(uow_factory: Factory, item: ContentItem, *, commit: bool = True) -> None:
    async with uow_factory() as uow:
        await uow.content.save(item)
        await uow.content_index.put(search_document(item, KINDS.get(item.kind)))
        if commit:
            await uow.commit()


async def found(search: ContentSearch, **criteria: object) -> list[uuid.UUID]:
    results = await search.search(ContentSearchCriteria(**criteria),  # type: ignore[arg-type]
                                  PageRequest(1, 50))
    return [hit.item_id for hit in results.items]


async def test_each_scope_sees_its_version(world: tuple[Factory, ContentSearch]) -> None:
    uow_factory, search = world
    mentor, other = await a_mentor(uow_factory), await a_mentor(uow_factory)
    _, topic, _ = await topics(uow_factory)
    old, new, secret = word(), word(), word()
    edited = approved(note(mentor, topic, "Lesson", f"First {old} text"))
    edited.save(base_version=1, title="Lesson", body={"html": f"<p>Second {new} text</p>"},
                author_id=mentor.id, now=NOW)
    draft = note(mentor, topic, "Draft", f"Unpublished {secret}")
    for item in (edited, draft):
        await store(uow_factory, item)

    assert await found(search, text=old) == [edited.id]
    assert await found(search, text=new) == []
    assert await found(search, text=secret) == []
    assert await found(search, text=new, latest_of=mentor.id) == [edited.id]
    assert await found(search, text=old, latest_of=mentor.id) == []
    assert await found(search, text=secret, latest_of=mentor.id) == [draft.id]
    assert await found(search, text=old, latest_of=other.id) == [edited.id]
    assert await found(search, text=secret, latest_of=other.id) == []
    assert await found(search, text=secret, all_latest=True) == [draft.id]

    live = (await search.search(ContentSearchCriteria(text=old), PageRequest())).items[0]
    assert (live.version, live.is_live, live.status, live.title) == (1, True, None, "Lesson")
    assert (live.mentor_id, live.mentor_name) == (mentor.id, "Cy Mentor")
    assert (live.topic.id, live.topic.name, live.chapter.name) == (topic.id, "Energy",
                                                                    "Mechanics")
    mine = (await search.search(ContentSearchCriteria(text=new, latest_of=mentor.id),
                                PageRequest())).items[0]
    assert (mine.version, mine.is_live, mine.status) == (2, False, "draft")
    assert [s.text for s in mine.snippet if s.highlight] == [new]


async def test_title_matches_outrank_body_matches(world: tuple[Factory, ContentSearch]) -> None:
    uow_factory, search = world
    mentor = await a_mentor(uow_factory)
    _, topic, _ = await topics(uow_factory)
    w = word()
    body = approved(note(mentor, topic, "Something else", f"It mentions {w} in passing"))
    title = approved(note(mentor, topic, f"All about {w}", "Nothing more"))
    for item in (body, title):
        await store(uow_factory, item)
    results = await search.search(ContentSearchCriteria(text=w), PageRequest())
    assert [h.item_id for h in results.items] == [title.id, body.id]
    assert results.items[0].rank > results.items[1].rank > 0
    assert (results.total, results.total_exact) == (2, True)
    assert [s.text for s in results.items[0].title_highlight if s.highlight] == [w]


async def test_syntax_and_filters(world: tuple[Factory, ContentSearch]) -> None:
    uow_factory, search = world
    mentor, other = await a_mentor(uow_factory), await a_mentor(uow_factory)
    subject, energy, waves = await topics(uow_factory)
    w, x, y = word(), word(), word()
    both = approved(note(mentor, energy, "One", f"{w} {x} together"))
    apart = approved(note(mentor, waves, "Two", f"{x} then {w}"))
    theirs = approved(note(other, energy, "Three", f"only {y}"))
    for item in (both, apart, theirs):
        await store(uow_factory, item)

    assert set(await found(search, text=f"{w} {x}")) == {both.id, apart.id}
    assert await found(search, text=f'"{w} {x}"') == [both.id]
    assert await found(search, text=f"{w} -{x}") == []
    assert set(await found(search, text=f"{w} or {y}")) == {both.id, apart.id, theirs.id}
    assert await found(search, text=w, topic_id=waves.id) == [apart.id]
    assert set(await found(search, text=f"{w} or {y}", subject_id=subject.id)) == {
        both.id, apart.id, theirs.id}
    assert await found(search, text=f"{w} or {y}", mentor_id=other.id) == [theirs.id]
    assert await found(search, text=w, kinds=["question"]) == []
    assert set(await found(search, text=w, kinds=["note", "question"])) == {both.id, apart.id}
    # Without text, filters alone list by title.
    assert await found(search, topic_id=energy.id) == [both.id, theirs.id]
    assert await found(search, subject_id=uuid.uuid4()) == []


async def test_the_index_follows_the_transaction(world: tuple[Factory, ContentSearch]) -> None:
    uow_factory, search = world
    mentor = await a_mentor(uow_factory)
    _, topic, _ = await topics(uow_factory)
    w, v = word(), word()
    item = approved(note(mentor, topic, "Kept", f"{w}"))
    await store(uow_factory, item, commit=False)
    assert await found(search, text=w) == []
    await store(uow_factory, item)
    assert await found(search, text=w) == [item.id]
    async with uow_factory() as uow:
        loaded = await uow.content.get(item.id)
        assert loaded is not None
        loaded.save(base_version=1, title="Kept", body={"html": f"<p>{v}</p>"},
                    author_id=mentor.id, now=NOW)
        approved(loaded)
        await uow.content.save(loaded)
        await uow.content_index.put(search_document(loaded, KINDS.get("note")))  # rewritten
        await uow.commit()
    assert await found(search, text=w) == []
    assert await found(search, text=v) == [item.id]


async def test_results_stop_at_the_cap(world: tuple[Factory, ContentSearch],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    uow_factory, search = world
    for module in (pg_search, memory_search):
        monkeypatch.setattr(module, "MAX_RESULTS", 3)
    mentor = await a_mentor(uow_factory)
    _, topic, _ = await topics(uow_factory)
    w = word()
    items = [approved(note(mentor, topic, f"Part {n}", f"{w} here")) for n in range(5)]
    named = approved(note(mentor, topic, f"The {w}", "in its title"))
    for item in [*items, named]:
        await store(uow_factory, item)
    first = await search.search(ContentSearchCriteria(text=w), PageRequest(1, 2))
    assert (first.total, first.total_exact) == (3, False)
    assert first.items[0].item_id == named.id  # title matches are always candidates
    second = await search.search(ContentSearchCriteria(text=w), PageRequest(2, 2))
    assert len(second.items) == 1
    assert (await search.search(ContentSearchCriteria(text=w), PageRequest(3, 2))).items == []
    browsed = await search.search(ContentSearchCriteria(topic_id=topic.id), PageRequest(1, 10))
    assert (len(browsed.items), browsed.total, browsed.total_exact) == (3, 3, False)
