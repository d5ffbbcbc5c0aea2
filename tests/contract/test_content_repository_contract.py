"""ONE behaviour suite for content items, versions and attempts, run against the in-memory
fake and Postgres."""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from edu_core.domain.catalog import Chapter, Subject, Topic
from edu_core.domain.content import (
    Attempt,
    ContentItem,
    ContentStatus,
    UnknownTopic,
)
from edu_core.domain.errors import ConcurrentModification
from edu_core.domain.identity import Role, User
from edu_core.domain.pagination import PageRequest
from edu_core.ports.content import ContentOrder, ContentQuery
from edu_core.ports.unit_of_work import UnitOfWork

Factory = Callable[[], UnitOfWork]
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
NOTE = {"html": "<p>Energy is conserved: <span class=\"math\" data-latex=\"E=mc^2\"></span></p>"}


async def a_user(uow_factory: Factory, role: Role = Role.MENTOR) -> User:
    user = User.register(email=f"c{uuid.uuid4().hex[:10]}@example.org", display_name="Cy",
                         role=role, password_hash="h", timezone="UTC", now=NOW)
    async with uow_factory() as uow:
        uow.users.add(user)
        await uow.commit()
    return user


async def a_topic(uow_factory: Factory) -> Topic:
    subject = Subject.create(name="S", slug=f"s-{uuid.uuid4().hex[:8]}")
    chapter = Chapter.create(subject_id=subject.id, name="C")
    topic = Topic.create(chapter_id=chapter.id, name="T", slug=f"t-{uuid.uuid4().hex[:8]}")
    async with uow_factory() as uow:
        for node in (subject, chapter, topic):
            await uow.catalog.save(node)
        await uow.commit()
    return topic


def a_note(mentor: User, topic: Topic, *, title: str = "Energy", kind: str = "note",
           at: datetime = NOW) -> ContentItem:
    return ContentItem.create(topic_id=topic.id, mentor_id=mentor.id, kind=kind, title=title,
                              body=dict(NOTE), author_id=mentor.id, now=at,
                              change_summary="First draft")


async def stored(uow_factory: Factory, item: ContentItem) -> ContentItem:
    async with uow_factory() as uow:
        await uow.content.save(item)
        await uow.commit()
    async with uow_factory() as uow:
        loaded = await uow.content.get(item.id)
    assert loaded is not None
    return loaded


async def test_an_item_round_trips_with_its_versions(uow_factory: Factory) -> None:
    mentor, topic = await a_user(uow_factory), await a_topic(uow_factory)
    item = a_note(mentor, topic)
    item.save(base_version=1, title="Energy, revised", body={"html": "<p>v2</p>"},
              author_id=mentor.id, now=NOW + timedelta(minutes=1), change_summary="Typo")
    loaded = await stored(uow_factory, item)
    assert (loaded.topic_id, loaded.mentor_id, loaded.kind) == (topic.id, mentor.id, "note")
    assert loaded.status is ContentStatus.DRAFT
    assert [v.number for v in loaded.versions] == [1, 2]
    assert loaded.versions[0].body == NOTE
    assert loaded.versions[0].change_summary == "First draft"
    assert loaded.latest.title == "Energy, revised"
    assert loaded.latest.author_id == mentor.id
    assert loaded.live_version is None
    async with uow_factory() as uow:
        assert await uow.content.version_body(item.id, 2) == {"html": "<p>v2</p>"}
        assert await uow.content.version_body(item.id, 1) == NOTE
        assert await uow.content.version_body(item.id, 3) is None


async def test_review_state_and_new_versions_are_written_back(uow_factory: Factory) -> None:
    mentor, admin = await a_user(uow_factory), await a_user(uow_factory, Role.ADMIN)
    item = await stored(uow_factory, a_note(mentor, await a_topic(uow_factory)))
    async with uow_factory() as uow:
        loaded = await uow.content.get(item.id)
        assert loaded is not None
        loaded.submit(NOW)
        loaded.approve(version=1, reviewer_id=admin.id, now=NOW)
        loaded.save(base_version=1, title="Next", body={"html": "<p>next</p>"},
                    author_id=mentor.id, now=NOW)
        await uow.content.save(loaded)
        await uow.commit()
    async with uow_factory() as uow:
        again = await uow.content.get(item.id)
    assert again is not None
    assert again.live_version == 1
    assert again.status is ContentStatus.DRAFT
    assert again.reviewed_by == admin.id
    assert [v.title for v in again.versions] == ["Energy", "Next"]
    assert again.live is not None and again.live.title == "Energy"


async def test_saving_twice_in_one_unit_of_work_appends_once_each(uow_factory: Factory) -> None:
    mentor, topic = await a_user(uow_factory), await a_topic(uow_factory)
    item = a_note(mentor, topic)
    async with uow_factory() as uow:
        await uow.content.save(item)
        item.save(base_version=1, title="Two", body=NOTE, author_id=mentor.id, now=NOW)
        await uow.content.save(item)
        await uow.commit()
    async with uow_factory() as uow:
        loaded = await uow.content.get(item.id)
    assert loaded is not None
    assert [v.number for v in loaded.versions] == [1, 2]


async def test_changes_since_loading_are_never_overwritten(uow_factory: Factory) -> None:
    mentor, topic = await a_user(uow_factory), await a_topic(uow_factory)
    item = await stored(uow_factory, a_note(mentor, topic))
    async with uow_factory() as first, uow_factory() as second:
        a = await first.content.get(item.id)
        b = await second.content.get(item.id)
        assert a is not None and b is not None
        a.save(base_version=1, title="First", body=NOTE, author_id=mentor.id, now=NOW)
        await first.content.save(a)
        await first.commit()
        b.submit(NOW)
        with pytest.raises(ConcurrentModification):
            await second.content.save(b)
            await second.commit()
    async with uow_factory() as uow:
        final = await uow.content.get(item.id)
    assert final is not None
    assert (final.latest.title, final.status) == ("First", ContentStatus.DRAFT)


async def test_nothing_is_stored_without_a_commit(uow_factory: Factory) -> None:
    mentor, topic = await a_user(uow_factory), await a_topic(uow_factory)
    item = a_note(mentor, topic)
    async with uow_factory() as uow:
        await uow.content.save(item)
        await uow.rollback()
    async with uow_factory() as uow:
        assert await uow.content.get(item.id) is None


async def test_an_unknown_topic_is_refused(uow_factory: Factory) -> None:
    mentor = await a_user(uow_factory)
    item = ContentItem.create(topic_id=uuid.uuid4(), mentor_id=mentor.id, kind="note",
                              title="Lost", body=NOTE, author_id=mentor.id, now=NOW)
    async with uow_factory() as uow:
        with pytest.raises(UnknownTopic):
            await uow.content.save(item)
            await uow.commit()


async def test_lists_filter_and_order(uow_factory: Factory) -> None:
    mentor, other = await a_user(uow_factory), await a_user(uow_factory)
    admin = await a_user(uow_factory, Role.ADMIN)
    topic, elsewhere = await a_topic(uow_factory), await a_topic(uow_factory)
    late = a_note(mentor, topic, title="Late", at=NOW)
    late.submit(NOW + timedelta(hours=3))
    early = a_note(other, topic, title="Early", kind="question", at=NOW + timedelta(hours=1))
    early.submit(NOW + timedelta(hours=1))
    live = a_note(mentor, topic, title="Live", at=NOW + timedelta(hours=2))
    live.submit(NOW + timedelta(hours=2))
    live.approve(version=1, reviewer_id=admin.id, now=NOW + timedelta(hours=2))
    away = a_note(mentor, elsewhere, title="Away", at=NOW + timedelta(hours=4))
    for item in (late, early, live, away):
        await stored(uow_factory, item)

    async def titles(query: ContentQuery) -> list[str]:
        async with uow_factory() as uow:
            page = await uow.content.list(query, PageRequest(1, 100))
        return [i.latest.title for i in page.items]

    mine = ContentQuery(mentor_id=mentor.id)
    assert await titles(mine) == ["Away", "Late", "Live"]  # recently changed first
    assert await titles(ContentQuery(topic_ids=[topic.id], statuses=[ContentStatus.PENDING],
                                     order=ContentOrder.REVIEW_QUEUE)) == ["Early", "Late"]
    assert await titles(ContentQuery(topic_ids=[topic.id], kind="question")) == ["Early"]
    assert await titles(ContentQuery(topic_ids=[topic.id], live_only=True,
                                     order=ContentOrder.OLDEST_FIRST)) == ["Live"]
    assert await titles(ContentQuery(topic_ids=[])) == []
    async with uow_factory() as uow:
        page = await uow.content.list(mine, PageRequest(2, 2))
    assert (page.total, [i.latest.title for i in page.items]) == (3, ["Live"])
    assert [v.number for v in page.items[0].versions] == [1]


async def test_attempts_are_stored_with_the_commit_newest_first(uow_factory: Factory) -> None:
    mentor, student = await a_user(uow_factory), await a_user(uow_factory, Role.STUDENT)
    item = await stored(uow_factory, a_note(mentor, await a_topic(uow_factory),
                                            kind="question"))

    def attempt(correct: bool, minutes: int) -> Attempt:
        return Attempt(item_id=item.id, version=1, user_id=student.id,
                       answer={"choice": "a" if correct else "b"}, correct=correct,
                       time_taken_ms=1500, created_at=NOW + timedelta(minutes=minutes))

    async with uow_factory() as uow:
        uow.content.add_attempt(attempt(False, 1))
        await uow.rollback()
    async with uow_factory() as uow:
        uow.content.add_attempt(attempt(False, 1))
        uow.content.add_attempt(attempt(True, 2))
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.content.attempts(student.id, item.id)
        assert await uow.content.attempts(mentor.id, item.id) == []
    assert [(a.correct, a.answer) for a in found] == [(True, {"choice": "a"}),
                                                      (False, {"choice": "b"})]
    assert found[0].time_taken_ms == 1500 and found[0].version == 1
