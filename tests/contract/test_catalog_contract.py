"""ONE behaviour suite for the catalog repository, run against the in-memory fake and Postgres."""

import uuid
from collections.abc import Callable

import pytest

from edu_core.domain.catalog import (
    CatalogNodeInUse,
    CatalogNodeNotFound,
    CatalogUsage,
    Chapter,
    SlugTaken,
    Subject,
    Topic,
    UnknownCatalogFilter,
)
from edu_core.ports.unit_of_work import UnitOfWork

Factory = Callable[[], UnitOfWork]


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


async def seed(uow_factory: Factory) -> tuple[Subject, Chapter, Topic]:
    subject = Subject.create(name="Physics", slug=unique("physics"))
    chapter = Chapter.create(subject_id=subject.id, name="Mechanics")
    topic = Topic.create(chapter_id=chapter.id, name="Newton's laws", slug=unique("newton"))
    async with uow_factory() as uow:
        await uow.catalog.save(subject)
        await uow.catalog.save(chapter)
        await uow.catalog.save(topic)
        await uow.commit()
    return subject, chapter, topic


async def test_saved_nodes_come_back_by_id_and_slug(uow_factory: Factory) -> None:
    subject, chapter, topic = await seed(uow_factory)
    async with uow_factory() as uow:
        assert await uow.catalog.get_subject(subject.id) == subject
        assert await uow.catalog.get_chapter(chapter.id) == chapter
        assert await uow.catalog.get_topic(topic.id) == topic
        assert await uow.catalog.subject_by_slug(subject.slug) == subject
        assert await uow.catalog.chapter_by_slug(subject.id, "mechanics") == chapter
        assert await uow.catalog.topic_by_slug(topic.slug) == topic
        assert await uow.catalog.get_topic(uuid.uuid4()) is None
        assert await uow.catalog.topics([topic.id, uuid.uuid4()]) == [topic]


async def test_a_slug_or_id_resolves_to_one_node_or_one_error(uow_factory: Factory) -> None:
    subject, _, topic = await seed(uow_factory)
    async with uow_factory() as uow:
        assert await uow.catalog.resolve(Subject, str(subject.id)) == subject
        assert await uow.catalog.resolve(Subject, f"  {subject.slug.upper()} ") == subject
        assert await uow.catalog.resolve(Topic, topic.slug) == topic
        assert await uow.catalog.resolve(Topic, str(topic.id).upper()) == topic
        # A subject's slug does not name a topic, nor the reverse.
        for kind, ref, level in [(Topic, subject.slug, "topic"), (Subject, topic.slug, "subject"),
                                 (Subject, str(uuid.uuid4()), "subject"),
                                 (Topic, "no such topic!", "topic"), (Topic, "x" * 81, "topic"),
                                 (Subject, "a--b", "subject")]:
            with pytest.raises(UnknownCatalogFilter) as caught:
                await uow.catalog.resolve(kind, ref)
            assert caught.value.code == "unknown_catalog_filter"
            assert set(caught.value.details["fields"]) == {level}


async def test_the_tree_nests_and_orders_by_position_then_name(uow_factory: Factory) -> None:
    subject, chapter, _ = await seed(uow_factory)
    early = Chapter.create(subject_id=subject.id, name="Waves", position=0)
    chapter.position = 5
    later_topic = Topic.create(chapter_id=early.id, name="B wave", slug=unique("b"), position=1)
    first_topic = Topic.create(chapter_id=early.id, name="A wave", slug=unique("a"), position=1)
    async with uow_factory() as uow:
        await uow.catalog.save(chapter)
        await uow.catalog.save(early)
        await uow.catalog.save(later_topic)
        await uow.catalog.save(first_topic)
        await uow.commit()
    async with uow_factory() as uow:
        tree = {t.subject.id: t for t in await uow.catalog.tree()}[subject.id]
    assert [c.chapter.name for c in tree.chapters] == ["Waves", "Mechanics"]
    assert [t.name for t in tree.chapters[0].topics] == ["A wave", "B wave"]


async def test_slugs_are_unique_where_the_catalog_says(uow_factory: Factory) -> None:
    subject, _, topic = await seed(uow_factory)
    async with uow_factory() as uow:
        with pytest.raises(SlugTaken):
            await uow.catalog.save(Subject.create(name="Physics again", slug=subject.slug))
    async with uow_factory() as uow:
        with pytest.raises(SlugTaken):
            await uow.catalog.save(Chapter.create(subject_id=subject.id, name="Mechanics"))
    other, _, _ = await seed(uow_factory)
    async with uow_factory() as uow:
        # The same chapter slug under another subject is fine; topic slugs are global.
        await uow.catalog.save(Chapter.create(subject_id=other.id, name="Optics"))
        chapter = Chapter.create(subject_id=other.id, name="Heat")
        await uow.catalog.save(chapter)
        with pytest.raises(SlugTaken):
            await uow.catalog.save(Topic.create(chapter_id=chapter.id, name="x",
                                                slug=topic.slug))


async def test_a_refused_write_keeps_the_unit_of_work_usable(uow_factory: Factory) -> None:
    subject, _, _ = await seed(uow_factory)
    fresh = Subject.create(name="Chemistry", slug=unique("chemistry"))
    async with uow_factory() as uow:
        with pytest.raises(SlugTaken):
            await uow.catalog.save(Subject.create(name="Dup", slug=subject.slug))
        await uow.catalog.save(fresh)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.catalog.get_subject(fresh.id) == fresh


async def test_children_need_an_existing_parent(uow_factory: Factory) -> None:
    async with uow_factory() as uow:
        with pytest.raises(CatalogNodeNotFound):
            await uow.catalog.save(Chapter.create(subject_id=uuid.uuid4(), name="Orphan"))
    async with uow_factory() as uow:
        with pytest.raises(CatalogNodeNotFound):
            await uow.catalog.save(Topic.create(chapter_id=uuid.uuid4(), name="Orphan",
                                                slug=unique("orphan")))


async def test_usage_counts_what_hangs_off_each_level(uow_factory: Factory) -> None:
    subject, chapter, topic = await seed(uow_factory)
    async with uow_factory() as uow:
        await uow.catalog.save(Topic.create(chapter_id=chapter.id, name="Friction",
                                            slug=unique("friction")))
        assert await uow.catalog.usage(subject) == CatalogUsage(chapters=1, topics=2)
        assert await uow.catalog.usage(chapter) == CatalogUsage(topics=2)
        assert await uow.catalog.usage(topic) == CatalogUsage()
        assert not (await uow.catalog.usage(topic)).in_use


async def test_a_parent_in_use_cannot_be_deleted(uow_factory: Factory) -> None:
    subject, chapter, topic = await seed(uow_factory)
    async with uow_factory() as uow:
        with pytest.raises(CatalogNodeInUse):
            await uow.catalog.delete(subject)
    async with uow_factory() as uow:
        with pytest.raises(CatalogNodeInUse):
            await uow.catalog.delete(chapter)
    async with uow_factory() as uow:
        await uow.catalog.delete(topic)
        await uow.catalog.delete(chapter)
        await uow.catalog.delete(subject)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.catalog.get_subject(subject.id) is None


async def test_uncommitted_writes_are_discarded(uow_factory: Factory) -> None:
    subject = Subject.create(name="Biology", slug=unique("biology"))
    async with uow_factory() as uow:
        await uow.catalog.save(subject)
        assert await uow.catalog.get_subject(subject.id) == subject  # read your own write
    async with uow_factory() as uow:
        assert await uow.catalog.get_subject(subject.id) is None


async def test_renaming_updates_in_place(uow_factory: Factory) -> None:
    subject, _, _ = await seed(uow_factory)
    subject.name = "Physics & Astronomy"
    async with uow_factory() as uow:
        await uow.catalog.save(subject)
        await uow.commit()
    async with uow_factory() as uow:
        loaded = await uow.catalog.get_subject(subject.id)
    assert loaded is not None
    assert loaded.name == "Physics & Astronomy"


async def test_children_lists_one_level_in_order_and_only_under_the_parent(
        uow_factory: Factory) -> None:
    subject, chapter, topic = await seed(uow_factory)
    other, _, _ = await seed(uow_factory)
    second = Chapter.create(subject_id=subject.id, name="Acoustics", position=0)
    chapter.position = 3
    late = Topic.create(chapter_id=chapter.id, name="Work", slug=unique("work"), position=9)
    async with uow_factory() as uow:
        for node in (chapter, second, late):
            await uow.catalog.save(node)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.catalog.children(Chapter, subject.id) == [second, chapter]
        assert await uow.catalog.children(Topic, chapter.id) == [topic, late]
        assert await uow.catalog.children(Topic, second.id) == []
        assert await uow.catalog.children(Chapter, uuid.uuid4()) == []
        subject_ids = [s.id for s in await uow.catalog.children(Subject, None)]
    assert {subject.id, other.id} <= set(subject_ids)
