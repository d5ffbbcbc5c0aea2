"""ONE behaviour suite for handwritten documents and annotations, run against the in-memory
fake and Postgres: documents round-trip with their pages; an annotation id is taken once, by
anyone; replacing and deleting touch only the author's own row on that item; listings keep
others' private annotations out; nothing is visible before commit."""

import json
from dataclasses import replace
from datetime import timedelta
from uuid import UUID, uuid4

import pytest

from edu_core.domain.content import ContentItem
from edu_core.domain.forum import Thread
from edu_core.domain.handwritten import (
    Annotation,
    AnnotationShare,
    Document,
    DocumentStatus,
    Motivation,
    Page,
    SourceType,
    Visibility,
)
from edu_core.domain.identity import Role, User
from edu_core.domain.pagination import PageRequest
from tests.contract.test_content_repository_contract import (
    NOW,
    Factory,
    a_note,
    a_topic,
    a_user,
    stored,
)
from tests.contract.test_forum_repository_contract import category, text


def document(owner: User) -> Document:
    return Document(owner_id=owner.id, source_type=SourceType.PDF, pdf_key="handwritten/x/s",
                    pages=[Page(1, 595.0, 842.0, "handwritten/x/t1"),
                           Page(2, 300.5, 400.25, "handwritten/x/t2", image_key=None)],
                    created_at=NOW, updated_at=NOW, size=1234)


def annotation(item_id: UUID, author: User, *, page: int = 1, at: int = 0,
               visibility: Visibility = Visibility.PRIVATE) -> Annotation:
    when = NOW + timedelta(seconds=at)
    return Annotation(id=uuid4(), item_id=item_id, author_id=author.id, page=page,
                      motivation=Motivation.SKETCHING,
                      selector={"type": "InkSelector", "width": 2.0,
                                "strokes": [[[1.5, 2.0, 0.5], [3.0, 4.0, 1.0]]]},
                      body=None, color="#112233", visibility=visibility, item_version=1,
                      created_at=when, updated_at=when)


async def an_item(uow_factory: Factory) -> tuple[UUID, User]:
    mentor = await a_user(uow_factory)
    item = await stored(uow_factory, a_note(mentor, await a_topic(uow_factory),
                                            kind="handwritten"))
    return item.id, mentor


async def test_a_document_round_trips_with_its_pages(uow_factory: Factory) -> None:
    owner = await a_user(uow_factory)
    made = document(owner)
    async with uow_factory() as uow:
        await uow.handwritten.add_document(made)
        assert await uow.handwritten.document(made.id) == made  # within the transaction
    async with uow_factory() as uow:
        assert await uow.handwritten.document(made.id) is None  # never committed
        await uow.handwritten.add_document(made)
        await uow.commit()
    async with uow_factory() as uow:
        loaded = await uow.handwritten.document(made.id)
        assert loaded == made and loaded.status is DocumentStatus.READY
        assert await uow.handwritten.documents([made.id, uuid4()]) == {made.id: made}
        assert await uow.handwritten.documents([]) == {}


async def test_an_annotation_id_is_taken_once_and_only_its_author_changes_it(
        uow_factory: Factory) -> None:
    item_id, _ = await an_item(uow_factory)
    student, other = await a_user(uow_factory, Role.STUDENT), await a_user(uow_factory,
                                                                            Role.STUDENT)
    mine = annotation(item_id, student)
    async with uow_factory() as uow:
        assert await uow.handwritten.add_annotation(mine)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.handwritten.annotation(mine.id) == mine
        assert not await uow.handwritten.add_annotation(replace(mine, author_id=other.id))
        await uow.handwritten.replace_annotation(replace(mine, author_id=other.id,
                                                         color="#000000"))
        await uow.handwritten.delete_annotation(item_id, other.id, mine.id)
        await uow.handwritten.delete_annotation(uuid4(), student.id, mine.id)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.handwritten.annotation(mine.id) == mine
        changed = replace(mine, color="#abcdef", page=2, updated_at=NOW + timedelta(hours=1))
        await uow.handwritten.replace_annotation(changed)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.handwritten.annotation(mine.id) == changed
        assert await uow.handwritten.count_annotations(item_id, student.id) == 1
        await uow.handwritten.delete_annotation(item_id, student.id, mine.id)
        await uow.handwritten.delete_annotation(item_id, student.id, mine.id)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.handwritten.annotation(mine.id) is None


async def test_listings_show_my_own_and_the_authors_published_ones(
        uow_factory: Factory) -> None:
    item_id, mentor = await an_item(uow_factory)
    student, other = await a_user(uow_factory, Role.STUDENT), await a_user(uow_factory,
                                                                            Role.STUDENT)
    own = [annotation(item_id, student, at=1), annotation(item_id, student, page=2, at=2)]
    theirs = annotation(item_id, other, at=3, visibility=Visibility.PUBLISHED)
    published = annotation(item_id, mentor, at=4, visibility=Visibility.PUBLISHED)
    private = annotation(item_id, mentor, at=5)
    async with uow_factory() as uow:
        for made in (*own, theirs, published, private):
            assert await uow.handwritten.add_annotation(made)
        await uow.commit()
    async with uow_factory() as uow:
        listed = await uow.handwritten.annotations(item_id, author_ids={student.id},
                                                   published_by=mentor.id)
        assert [a.id for a in listed] == [own[0].id, own[1].id, published.id]
        # Listed selectors are the JSON kept at save, handed on without being decoded.
        assert [json.loads(a.selector_json) for a in listed] == [
            own[0].selector, own[1].selector, published.selector]
        assert listed[0].author_id == student.id and listed[0].item_version == 1
        page_two = await uow.handwritten.annotations(item_id, author_ids={student.id},
                                                     published_by=mentor.id, page=2)
        assert [a.id for a in page_two] == [own[1].id]
        assert await uow.handwritten.annotations(uuid4(), author_ids={student.id},
                                                 published_by=mentor.id) == []
        exported = await uow.handwritten.annotations_of(student.id, PageRequest(1, 1))
        assert exported.total == 2 and [a.id for a in exported.items] == [own[0].id]
        await uow.handwritten.delete_annotations_of(student.id)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.handwritten.count_annotations(item_id, student.id) == 0
        assert await uow.handwritten.count_annotations(item_id, mentor.id) == 2


def shared(mine: Annotation, document_id: UUID, sharer: User, **place: UUID) -> AnnotationShare:
    share = AnnotationShare.of(mine, document_id=document_id,
                               page=Page(1, 595.0, 842.0, "handwritten/x/t1"),
                               sharer_id=sharer.id, now=NOW)
    for name, value in place.items():
        setattr(share, name, value)
    return share


async def test_a_share_is_written_with_its_post_and_outlives_the_annotation(
        uow_factory: Factory) -> None:
    item_id, mentor = await an_item(uow_factory)
    student = await a_user(uow_factory, Role.STUDENT)
    mine = annotation(item_id, student)
    async with uow_factory() as uow:
        await uow.handwritten.add_annotation(mine)
        await uow.commit()
    # The post is staged in the same unit of work as the share (and may be written after it).
    thread, opening = Thread.start(category_id=(await category(uow_factory)).id,
                                   author_id=student.id, title="Look at this", body=text("Here"),
                                   now=NOW)
    share = shared(mine, uuid4(), student, forum_post_id=opening.id)
    async with uow_factory() as uow:
        uow.handwritten.add_share(share)
        uow.forum.add_thread(thread, opening)
        await uow.commit()
    async with uow_factory() as uow:
        await uow.handwritten.delete_annotation(item_id, student.id, mine.id)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.handwritten.annotation(mine.id) is None
        assert await uow.handwritten.shares_in_posts([opening.id, uuid4()]) == {
            opening.id: share}
        assert await uow.handwritten.shares_in_posts([]) == {}
        assert await uow.handwritten.shares_in_messages([opening.id]) == {}
        by_me = await uow.handwritten.shares_by(student.id, PageRequest(1, 10))
        assert (by_me.total, by_me.items) == (1, [share])
        assert (await uow.handwritten.shares_by(mentor.id, PageRequest(1, 10))).total == 0
        with pytest.raises(ValueError, match="one post or one message"):
            uow.handwritten.add_share(shared(mine, uuid4(), student))


async def test_erasure_keeps_published_annotations_and_documents_a_lesson_names(
        uow_factory: Factory) -> None:
    mentor = await a_user(uow_factory)
    used, unused = document(mentor), document(mentor)
    topic = await a_topic(uow_factory)
    item = await stored(uow_factory, ContentItem.create(
        topic_id=topic.id, mentor_id=mentor.id, kind="handwritten", title="By hand",
        body={"document_id": str(used.id)}, author_id=mentor.id, now=NOW))
    published = annotation(item.id, mentor, visibility=Visibility.PUBLISHED)
    private = annotation(item.id, mentor, at=1)
    async with uow_factory() as uow:
        for made in (used, unused):
            await uow.handwritten.add_document(made)
        for note in (published, private):
            await uow.handwritten.add_annotation(note)
        await uow.commit()
    async with uow_factory() as uow:
        assert [x.id for x in await uow.handwritten.unused_documents_of(mentor.id)] == [
            unused.id]
        mine = await uow.handwritten.documents_of(mentor.id, PageRequest(1, 10))
        assert mine.total == 2 and {x.id for x in mine.items} == {used.id, unused.id}
        await uow.handwritten.delete_documents([unused.id])
        await uow.handwritten.delete_annotations_of(mentor.id, keep_published=True)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.handwritten.documents([used.id, unused.id]) == {used.id: used}
        assert await uow.handwritten.annotation(published.id) == published
        assert await uow.handwritten.annotation(private.id) is None
        assert await uow.handwritten.unused_documents_of(mentor.id) == []
