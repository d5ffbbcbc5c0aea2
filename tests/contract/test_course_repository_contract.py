"""ONE behaviour suite for courses, enrolments and completions, run against the in-memory fake
and Postgres."""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from edu_core.domain.catalog import Chapter, Subject, Topic
from edu_core.domain.content import Attempt, ContentItem, ContentNotFound, ContentStatus
from edu_core.domain.courses import (
    Completion,
    Course,
    CourseItemNotOwned,
    CourseNotFound,
    CourseStatus,
    Enrolment,
    UnknownSubject,
)
from edu_core.domain.errors import ConcurrentModification
from edu_core.domain.identity import Role, User
from edu_core.domain.pagination import PageRequest
from edu_core.ports.courses import CourseOrder, CourseQuery
from edu_core.ports.unit_of_work import UnitOfWork

Factory = Callable[[], UnitOfWork]
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


async def a_user(uow_factory: Factory, role: Role = Role.MENTOR) -> User:
    user = User.register(email=f"k{uuid.uuid4().hex[:10]}@example.org", display_name="Kay",
                         role=role, password_hash="h", timezone="UTC", now=NOW)
    async with uow_factory() as uow:
        uow.users.add(user)
        await uow.commit()
    return user


async def a_subject(uow_factory: Factory, *, with_topic: bool = True) -> tuple[Subject, Topic]:
    subject = Subject.create(name="S", slug=f"s-{uuid.uuid4().hex[:8]}")
    chapter = Chapter.create(subject_id=subject.id, name="C")
    topic = Topic.create(chapter_id=chapter.id, name="T", slug=f"t-{uuid.uuid4().hex[:8]}")
    async with uow_factory() as uow:
        for node in (subject, chapter, topic) if with_topic else (subject,):
            await uow.catalog.save(node)
        await uow.commit()
    return subject, topic


async def an_item(uow_factory: Factory, mentor: User, topic: Topic, title: str, *,
                  kind: str = "note", approve: bool = False) -> ContentItem:
    item = ContentItem.create(topic_id=topic.id, mentor_id=mentor.id, kind=kind, title=title,
                              body={"html": f"<p>{title}</p>"}, author_id=mentor.id, now=NOW)
    if approve:
        item.submit(NOW)
        item.approve(version=1, reviewer_id=None, now=NOW)
    async with uow_factory() as uow:
        await uow.content.save(item)
        await uow.commit()
    return item


async def stored(uow_factory: Factory, course: Course) -> Course:
    async with uow_factory() as uow:
        await uow.courses.save(course)
        await uow.commit()
    return await load(uow_factory, course.id)


async def load(uow_factory: Factory, course_id: uuid.UUID) -> Course:
    async with uow_factory() as uow:
        found = await uow.courses.get(course_id)
    assert found is not None
    return found


async def test_a_course_round_trips_with_its_items_in_order(uow_factory: Factory) -> None:
    mentor = await a_user(uow_factory)
    subject, topic = await a_subject(uow_factory)
    a, b = [await an_item(uow_factory, mentor, topic, t) for t in ("A", "B")]
    course = Course.create(mentor_id=mentor.id, title="Energy", description="All of it",
                           subject_id=subject.id, item_ids=[b.id, a.id], now=NOW)
    loaded = await stored(uow_factory, course)
    assert (loaded.mentor_id, loaded.title, loaded.description, loaded.subject_id) == (
        mentor.id, "Energy", "All of it", subject.id)
    assert (loaded.item_ids, loaded.status, loaded.version) == ([b.id, a.id],
                                                                CourseStatus.DRAFT, 1)
    assert loaded.created_at == NOW and loaded.published_at is None


async def test_changes_are_written_back_and_advance_the_version(uow_factory: Factory) -> None:
    mentor = await a_user(uow_factory)
    _, topic = await a_subject(uow_factory)
    a, b, c = [await an_item(uow_factory, mentor, topic, t) for t in ("A", "B", "C")]
    course = await stored(uow_factory, Course.create(mentor_id=mentor.id, title="T",
                                                     item_ids=[a.id, b.id], now=NOW))
    async with uow_factory() as uow:
        loaded = await uow.courses.get(course.id)
        assert loaded is not None
        loaded.set_items([c.id, a.id], NOW)
        loaded.publish(live_count=1, now=NOW + timedelta(hours=1))
        await uow.courses.save(loaded)
        assert loaded.version == 2
        loaded.set_items([a.id, c.id, b.id], NOW)  # swapping positions in one go
        await uow.courses.save(loaded)
        await uow.commit()
    again = await load(uow_factory, course.id)
    assert (again.item_ids, again.version) == ([a.id, c.id, b.id], 3)
    assert (again.status, again.published_at) == (CourseStatus.PUBLISHED,
                                                  NOW + timedelta(hours=1))


async def test_changes_since_loading_are_never_overwritten(uow_factory: Factory) -> None:
    mentor = await a_user(uow_factory)
    course = await stored(uow_factory, Course.create(mentor_id=mentor.id, title="T", now=NOW))
    async with uow_factory() as first, uow_factory() as second:
        x = await first.courses.get(course.id)
        y = await second.courses.get(course.id)
        assert x is not None and y is not None
        x.edit(now=NOW, title="First")
        await first.courses.save(x)
        await first.commit()
        y.edit(now=NOW, title="Second")
        with pytest.raises(ConcurrentModification):
            await second.courses.save(y)
            await second.commit()
    assert (await load(uow_factory, course.id)).title == "First"


async def test_nothing_is_stored_without_a_commit(uow_factory: Factory) -> None:
    mentor = await a_user(uow_factory)
    course = Course.create(mentor_id=mentor.id, title="T", now=NOW)
    async with uow_factory() as uow:
        await uow.courses.save(course)
        await uow.rollback()
    async with uow_factory() as uow:
        assert await uow.courses.get(course.id) is None


async def test_unknown_subjects_and_items_are_refused(uow_factory: Factory) -> None:
    mentor = await a_user(uow_factory)
    for course, error in (
            (Course.create(mentor_id=mentor.id, title="T", subject_id=uuid.uuid4(), now=NOW),
             UnknownSubject),
            (Course.create(mentor_id=mentor.id, title="T", item_ids=[uuid.uuid4()], now=NOW),
             CourseItemNotOwned)):
        async with uow_factory() as uow:
            with pytest.raises(error):
                await uow.courses.save(course)
                await uow.commit()


async def test_a_deleted_subject_leaves_the_course_unlabelled(uow_factory: Factory) -> None:
    mentor = await a_user(uow_factory)
    subject, _ = await a_subject(uow_factory, with_topic=False)
    course = await stored(uow_factory, Course.create(mentor_id=mentor.id, title="T",
                                                     subject_id=subject.id, now=NOW))
    async with uow_factory() as uow:
        await uow.catalog.delete(subject)
        await uow.commit()
    assert (await load(uow_factory, course.id)).subject_id is None


async def test_deleting_a_course_takes_its_enrolments(uow_factory: Factory) -> None:
    mentor, student = await a_user(uow_factory), await a_user(uow_factory, Role.STUDENT)
    course = await stored(uow_factory, Course.create(mentor_id=mentor.id, title="T", now=NOW))
    async with uow_factory() as uow:
        await uow.courses.enrol(Enrolment(user_id=student.id, course_id=course.id,
                                          enrolled_at=NOW))
        await uow.commit()
    async with uow_factory() as first, uow_factory() as second:
        stale = await second.courses.get(course.id)
        loaded = await first.courses.get(course.id)
        assert loaded is not None and stale is not None
        loaded.edit(now=NOW, title="Renamed")
        await first.courses.save(loaded)
        await first.commit()
        with pytest.raises(ConcurrentModification):
            await second.courses.delete(stale)
            await second.commit()
    async with uow_factory() as uow:
        loaded = await uow.courses.get(course.id)
        assert loaded is not None
        await uow.courses.delete(loaded)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.courses.get(course.id) is None
        assert await uow.courses.enrolment(student.id, course.id) is None
        assert await uow.courses.enrolment_counts([course.id]) == {course.id: 0}


async def test_item_facts_show_owner_state_and_both_titles(uow_factory: Factory) -> None:
    mentor = await a_user(uow_factory)
    _, topic = await a_subject(uow_factory)
    draft = await an_item(uow_factory, mentor, topic, "Draft")
    live = await an_item(uow_factory, mentor, topic, "Live v1", kind="question", approve=True)
    async with uow_factory() as uow:
        loaded = await uow.content.get(live.id)
        assert loaded is not None
        loaded.save(base_version=1, title="Live v2 (draft)", body={"html": "<p>2</p>"},
                    author_id=mentor.id, now=NOW)
        await uow.content.save(loaded)
        await uow.commit()
    async with uow_factory() as uow:
        facts = await uow.courses.item_facts([draft.id, live.id, uuid.uuid4()])
        assert await uow.courses.item_facts([]) == {}
    assert set(facts) == {draft.id, live.id}
    d, x = facts[draft.id], facts[live.id]
    assert (d.mentor_id, d.topic_id, d.kind, d.status, d.title, d.live) == (
        mentor.id, topic.id, "note", ContentStatus.DRAFT, "Draft", False)
    assert d.live_title is None
    assert (x.kind, x.status, x.title, x.live_version, x.live_title) == (
        "question", ContentStatus.DRAFT, "Live v2 (draft)", 1, "Live v1")


async def test_enrolment_is_idempotent(uow_factory: Factory) -> None:
    mentor, student = await a_user(uow_factory), await a_user(uow_factory, Role.STUDENT)
    course = await stored(uow_factory, Course.create(mentor_id=mentor.id, title="T", now=NOW))
    first = Enrolment(user_id=student.id, course_id=course.id, enrolled_at=NOW)
    async with uow_factory() as uow:
        assert await uow.courses.enrol(first) == first
        await uow.commit()
    async with uow_factory() as uow:
        again = await uow.courses.enrol(Enrolment(user_id=student.id, course_id=course.id,
                                                  enrolled_at=NOW + timedelta(hours=1)))
        await uow.commit()
    assert again == first
    async with uow_factory() as uow:
        assert await uow.courses.enrolment_counts([course.id]) == {course.id: 1}
        assert await uow.courses.enrolment(student.id, course.id) == first
        with pytest.raises(CourseNotFound):
            await uow.courses.enrol(Enrolment(user_id=student.id, course_id=uuid.uuid4(),
                                              enrolled_at=NOW))
    async with uow_factory() as uow:
        assert await uow.courses.leave(student.id, course.id) is True
        assert await uow.courses.leave(student.id, course.id) is False
        await uow.rollback()
    async with uow_factory() as uow:
        assert await uow.courses.enrolment(student.id, course.id) == first  # rolled back
        assert await uow.courses.leave(student.id, course.id) is True
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.courses.enrolment(student.id, course.id) is None


async def test_enrolled_courses_are_the_published_ones_newest_first(
        uow_factory: Factory) -> None:
    mentor, student = await a_user(uow_factory), await a_user(uow_factory, Role.STUDENT)
    courses = []
    for n, published in enumerate((True, False, True)):
        course = Course.create(mentor_id=mentor.id, title=f"C{n}", now=NOW)
        if published:
            course.publish(live_count=1, now=NOW)
        courses.append(await stored(uow_factory, course))
    async with uow_factory() as uow:
        for n, course in enumerate(courses):
            await uow.courses.enrol(Enrolment(user_id=student.id, course_id=course.id,
                                              enrolled_at=NOW + timedelta(minutes=n)))
        await uow.commit()
    async with uow_factory() as uow:
        page = await uow.courses.enrolled_courses(student.id, PageRequest(1, 10))
        second = await uow.courses.enrolled_courses(student.id, PageRequest(2, 1))
        nobody = await uow.courses.enrolled_courses(mentor.id, PageRequest(1, 10))
    assert [e.course.title for e in page.items] == ["C2", "C0"]
    assert page.total == 2
    assert [e.enrolment.enrolled_at for e in page.items] == [NOW + timedelta(minutes=2), NOW]
    assert (second.total, [e.course.title for e in second.items]) == (2, ["C0"])
    assert nobody.items == []


async def test_completion_marks_are_idempotent(uow_factory: Factory) -> None:
    mentor, student = await a_user(uow_factory), await a_user(uow_factory, Role.STUDENT)
    _, topic = await a_subject(uow_factory)
    a, b = [await an_item(uow_factory, mentor, topic, t, approve=True) for t in ("A", "B")]
    first = Completion(user_id=student.id, item_id=a.id, completed_at=NOW)
    async with uow_factory() as uow:
        assert await uow.courses.mark_complete(first) == first
        await uow.commit()
    async with uow_factory() as uow:
        later = Completion(user_id=student.id, item_id=a.id, completed_at=NOW + timedelta(1))
        assert await uow.courses.mark_complete(later) == first
        with pytest.raises(ContentNotFound):
            await uow.courses.mark_complete(Completion(
                user_id=student.id, item_id=uuid.uuid4(), completed_at=NOW))
    async with uow_factory() as uow:
        assert await uow.courses.marked_complete(student.id, [a.id, b.id]) == {a.id}
        assert await uow.courses.marked_complete(mentor.id, [a.id, b.id]) == set()
        assert await uow.courses.marked_complete(student.id, []) == set()
        assert await uow.courses.unmark_complete(student.id, a.id) is True
        assert await uow.courses.unmark_complete(student.id, a.id) is False
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.courses.marked_complete(student.id, [a.id]) == set()


async def test_correct_answers_count_in_any_version(uow_factory: Factory) -> None:
    mentor, student = await a_user(uow_factory), await a_user(uow_factory, Role.STUDENT)
    _, topic = await a_subject(uow_factory)
    right, wrong, other = [await an_item(uow_factory, mentor, topic, t, kind="question",
                                         approve=True) for t in ("R", "W", "O")]
    async with uow_factory() as uow:
        for item, correct, user in ((right, False, student), (right, True, student),
                                    (wrong, False, student), (other, True, mentor)):
            uow.content.add_attempt(Attempt(item_id=item.id, version=1, user_id=user.id,
                                            answer={"choice": "x"}, correct=correct,
                                            time_taken_ms=1, created_at=NOW))
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.courses.answered_correctly(student.id, [right.id, wrong.id, other.id])
        assert await uow.courses.answered_correctly(student.id, []) == set()
    assert found == {right.id}


async def test_lists_filter_and_order(uow_factory: Factory) -> None:
    mentor, other = await a_user(uow_factory), await a_user(uow_factory)
    subject, _ = await a_subject(uow_factory)

    def make(owner: User, title: str, hours: int, *, published: bool,
             labelled: bool = False) -> Course:
        at = NOW + timedelta(hours=hours)
        course = Course.create(mentor_id=owner.id, title=title, now=at,
                               subject_id=subject.id if labelled else None)
        if published:
            course.publish(live_count=1, now=at)
        return course

    for course in (make(mentor, "Old", 1, published=True, labelled=True),
                   make(mentor, "Draft", 3, published=False, labelled=True),
                   make(other, "New", 2, published=True)):
        await stored(uow_factory, course)

    async def titles(query: CourseQuery, page: PageRequest | None = None) -> list[str]:
        async with uow_factory() as uow:
            found = await uow.courses.list(query, page or PageRequest(1, 100))
        return [c.title for c in found.items]

    assert await titles(CourseQuery(mentor_id=mentor.id)) == ["Draft", "Old"]
    published = CourseQuery(status=CourseStatus.PUBLISHED,
                            order=CourseOrder.RECENTLY_PUBLISHED)
    mine = [t for t in await titles(published) if t in {"Old", "New"}]
    assert mine == ["New", "Old"]
    assert await titles(CourseQuery(status=CourseStatus.PUBLISHED, subject_id=subject.id,
                                    order=CourseOrder.RECENTLY_PUBLISHED)) == ["Old"]
    assert await titles(CourseQuery(mentor_id=other.id, status=CourseStatus.DRAFT)) == []
    async with uow_factory() as uow:
        page = await uow.courses.list(CourseQuery(mentor_id=mentor.id), PageRequest(2, 1))
    assert (page.total, [c.title for c in page.items]) == (2, ["Old"])


async def test_enrolment_counts_cover_many_courses_at_once(uow_factory: Factory) -> None:
    mentor = await a_user(uow_factory)
    students = [await a_user(uow_factory, Role.STUDENT) for _ in range(3)]
    busy = await stored(uow_factory, Course.create(mentor_id=mentor.id, title="Busy", now=NOW))
    quiet = await stored(uow_factory, Course.create(mentor_id=mentor.id, title="Quiet", now=NOW))
    empty = await stored(uow_factory, Course.create(mentor_id=mentor.id, title="Empty", now=NOW))
    async with uow_factory() as uow:
        for student in students:
            await uow.courses.enrol(Enrolment(user_id=student.id, course_id=busy.id,
                                              enrolled_at=NOW))
        await uow.courses.enrol(Enrolment(user_id=students[0].id, course_id=quiet.id,
                                          enrolled_at=NOW))
        await uow.commit()
    async with uow_factory() as uow:
        await uow.courses.leave(students[1].id, busy.id)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.courses.enrolment_counts([busy.id, quiet.id, empty.id]) == {
            busy.id: 2, quiet.id: 1, empty.id: 0}
        assert await uow.courses.enrolment_counts([]) == {}
