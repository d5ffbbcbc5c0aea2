"""Course use cases against in-memory fakes: ownership, what learners see, enrolment and how
progress is counted."""

import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from adapters.content.html_sanitizer import Nh3HtmlSanitizer
from adapters.memory.fakes import FakeClock
from adapters.memory.unit_of_work import MemoryUnitOfWorkFactory
from edu_core.application.actors import Actor, Principal
from edu_core.application.content import ContentService
from edu_core.application.courses import CourseService
from edu_core.domain.catalog import Chapter, Subject, Topic
from edu_core.domain.content import AnswerGraded, ContentNotFound, default_kinds
from edu_core.domain.courses import (
    CompletionByAnswer,
    CourseCompleted,
    CourseEnrolled,
    CourseHasNoLiveItems,
    CourseItemNotOwned,
    CourseNotFound,
    ItemCompleted,
    MentorNotVerifiedForCourses,
    UnknownSubject,
)
from edu_core.domain.errors import ConcurrentModification
from edu_core.domain.events import DomainEvent
from edu_core.domain.identity import Role, Transport, User
from edu_core.domain.mentors import MentorProfile, VerificationDocument
from edu_core.domain.pagination import PageRequest

QUESTION = {"type": "single_choice", "prompt": "<p>Unit of energy?</p>",
            "choices": [{"id": "w", "text": "watt"}, {"id": "j", "text": "joule"}],
            "correct": ["j"]}


@dataclass
class World:
    uow: MemoryUnitOfWorkFactory
    clock: FakeClock
    content: ContentService
    courses: CourseService
    subject: Subject
    topic: Topic
    admin: Principal
    # Numbered, not random: every run registers the same addresses.
    people: int = 0

    async def person(self, role: Role, *, verified: bool = True) -> Principal:
        now = self.clock.now()
        self.people += 1
        user = User.register(email=f"{role.value}-{self.people}@example.org",
                             display_name=f"A {role.value}", role=role, password_hash="h",
                             timezone="UTC", now=now)
        async with self.uow() as uow:
            uow.users.add(user)
            if role is Role.MENTOR:
                profile = MentorProfile.start(user.id, timezone="UTC", now=now)
                profile.update_profile(now, headline="h", bio="b", languages=["en"],
                                       hourly_rate_cents=1000, currency="EUR")
                profile.set_topics([self.topic.id], now)
                profile.add_document(VerificationDocument(
                    blob_key="k", filename="d.pdf", content_type="application/pdf", size=1,
                    uploaded_at=now), now)
                profile.submit(now)
                if verified:
                    profile.verify(now)
                await uow.mentors.save(profile)
            await uow.commit()
        return Principal(user_id=user.id, role=role, session_id=uuid.uuid4(),
                         transport=Transport.BEARER)

    async def item(self, mentor: Principal, title: str, *, kind: str = "note",
                   approve: bool = True) -> uuid.UUID:
        body: dict[str, Any] = QUESTION if kind == "question" else {"html": f"<p>{title}</p>"}
        view = await self.content.create(mentor, topic_id=self.topic.id, kind=kind,
                                         title=title, body=body)
        if approve:
            await self.content.submit(mentor, view.item.id)
            await self.content.approve(Actor.of(self.admin), view.item.id, 1)
        return view.item.id


@pytest.fixture
async def world() -> World:
    uow = MemoryUnitOfWorkFactory()
    clock = FakeClock()
    subject = Subject.create(name="Physics")
    chapter = Chapter.create(subject_id=subject.id, name="Mechanics")
    topic = Topic.create(chapter_id=chapter.id, name="Energy")
    async with uow() as u:
        for node in (subject, chapter, topic):
            await u.catalog.save(node)
        await u.commit()
    content = ContentService(uow=uow, clock=clock,
                             kinds=default_kinds(), sanitizer=Nh3HtmlSanitizer())
    courses = CourseService(uow=uow, clock=clock, kinds=default_kinds())
    staff = Principal(user_id=uuid.uuid4(), role=Role.ADMIN, session_id=uuid.uuid4(),
                      transport=Transport.BEARER)
    return World(uow, clock, content, courses, subject, topic, admin=staff)


async def test_a_course_holds_only_its_owners_items(world: World) -> None:
    mentor, other = await world.person(Role.MENTOR), await world.person(Role.MENTOR)
    mine = await world.item(mentor, "Mine", approve=False)
    theirs = await world.item(other, "Theirs", approve=False)
    c = world.courses
    for ids in ([mine, theirs], [uuid.uuid4()]):
        with pytest.raises(CourseItemNotOwned):
            await c.create(mentor, title="Mix", item_ids=ids)
    view = await c.create(mentor, title="Energy", subject_id=world.subject.id, item_ids=[mine])
    assert [i.facts.item_id for i in view.items] == [mine]
    assert view.subject == world.subject
    with pytest.raises(CourseItemNotOwned):
        await c.add_item(mentor, view.course.id, version=1, item_id=theirs)
    # An admin stepping in still only adds the owner's items.
    with pytest.raises(CourseItemNotOwned):
        await c.add_item(world.admin, view.course.id, version=1, item_id=theirs)
    with pytest.raises(UnknownSubject):
        await c.update(mentor, view.course.id, version=1, subject_id=uuid.uuid4())


async def test_only_the_owner_or_an_admin_reaches_a_course(world: World) -> None:
    mentor, other = await world.person(Role.MENTOR), await world.person(Role.MENTOR)
    c = world.courses
    course_id = (await c.create(mentor, title="Private")).course.id
    for call in (c.course(other, course_id),
                 c.update(other, course_id, version=1, title="Stolen"),
                 c.set_items(other, course_id, version=1, item_ids=[]),
                 c.publish(other, course_id, version=1),
                 c.delete(other, course_id, version=1),
                 c.learner_course(other, course_id),  # a draft is nobody else's business
                 c.enrol(other, course_id)):
        with pytest.raises(CourseNotFound):
            await call
    fixed = await c.update(world.admin, course_id, version=1, title="Fixed by staff")
    assert (fixed.course.title, fixed.course.version) == ("Fixed by staff", 2)
    assert (await c.my_courses(other, PageRequest())).items == []
    assert [x.course.id for x in (await c.my_courses(world.admin, PageRequest())).items] == [
        course_id]
    with pytest.raises(ConcurrentModification):
        await c.update(mentor, course_id, version=1, title="From a stale tab")


async def test_publishing_needs_a_verified_owner_and_an_approved_item(world: World) -> None:
    newcomer = await world.person(Role.MENTOR, verified=False)
    draft_id = await world.item(newcomer, "Draft", approve=False)
    course = await world.courses.create(newcomer, title="Soon", item_ids=[draft_id])
    with pytest.raises(MentorNotVerifiedForCourses):
        await world.courses.publish(newcomer, course.course.id, version=1)
    mentor = await world.person(Role.MENTOR)
    draft_id = await world.item(mentor, "Draft", approve=False)
    course = await world.courses.create(mentor, title="Soon", item_ids=[draft_id])
    with pytest.raises(CourseHasNoLiveItems):
        await world.courses.publish(mentor, course.course.id, version=1)
    live_id = await world.item(mentor, "Live")
    added = await world.courses.add_item(mentor, course.course.id, version=1, item_id=live_id)
    published = await world.courses.publish(mentor, course.course.id, version=added.course.version)
    assert published.course.is_published and published.live_count == 1
    again = await world.courses.publish(mentor, course.course.id, version=1)  # a double click
    assert again.course.version == published.course.version
    with pytest.raises(CourseHasNoLiveItems):
        await world.courses.remove_item(mentor, course.course.id,
                                        version=published.course.version, item_id=live_id)


async def test_progress_counts_live_items_by_answer_or_mark(world: World) -> None:
    mentor, student = await world.person(Role.MENTOR), await world.person(Role.STUDENT)
    note = await world.item(mentor, "Note")
    question = await world.item(mentor, "Question", kind="question")
    draft = await world.item(mentor, "Draft", approve=False)
    c = world.courses
    course = await c.create(mentor, title="Energy", item_ids=[question, draft, note])
    await c.publish(mentor, course.course.id, version=1)

    seen = await c.learner_course(student, course.course.id)
    assert [i.facts.item_id for i in seen.items] == [question, note]
    assert (seen.progress.completed, seen.progress.total, seen.enrolled_at) == (0, 2, None)

    with pytest.raises(CompletionByAnswer):
        await c.complete(student, question)
    with pytest.raises(ContentNotFound):
        await c.complete(student, draft)
    first = await c.complete(student, note)
    world.clock.advance(minutes=1)
    assert (await c.complete(student, note)).completed_at == first.completed_at
    await world.content.attempt(student, question, answer={"choice": "w"}, time_taken_ms=10)
    assert (await c.learner_course(student, course.course.id)).progress.completed == 1
    await world.content.attempt(student, question, answer={"choice": "j"}, time_taken_ms=10)
    done = await c.learner_course(student, course.course.id)
    assert (done.progress.completed, done.progress.percent) == (2, 100)
    assert [i.completed for i in done.items] == [True, True]

    await c.uncomplete(student, note)
    await c.uncomplete(student, note)
    assert (await c.learner_course(student, course.course.id)).progress.completed == 1


async def test_enrolment_is_idempotent_and_lists_published_courses(world: World) -> None:
    mentor, student = await world.person(Role.MENTOR), await world.person(Role.STUDENT)
    note = await world.item(mentor, "Note")
    c = world.courses
    course_id = (await c.create(mentor, title="Energy", item_ids=[note])).course.id
    await c.publish(mentor, course_id, version=1)
    first = await c.enrol(student, course_id)
    world.clock.advance(minutes=5)
    second = await c.enrol(student, course_id)
    assert second.enrolled_at == first.enrolled_at
    mine = await c.enrolled(student, PageRequest())
    assert [(m.card.course.id, m.progress.total) for m in mine.items] == [(course_id, 1)]
    assert (await c.course(mentor, course_id)).enrolments == 1

    await c.unpublish(mentor, course_id, version=2)
    assert (await c.enrolled(student, PageRequest())).items == []
    with pytest.raises(CourseNotFound):
        await c.enrol(student, course_id)
    await c.leave(student, course_id)
    await c.leave(student, course_id)
    assert (await c.course(mentor, course_id)).enrolments == 0


async def test_learning_facts_are_events_raised_once(world: World) -> None:
    mentor, student = await world.person(Role.MENTOR), await world.person(Role.STUDENT)
    note = await world.item(mentor, "Note")
    question = await world.item(mentor, "Question", kind="question")
    c = world.courses
    course = (await c.create(mentor, title="Energy", item_ids=[note, question])).course.id
    await c.publish(mentor, course, version=1)

    def facts() -> list[DomainEvent]:
        return [e for e in world.uow.store.outbox if e.name.startswith("learning.")]

    await c.enrol(student, course)
    await c.enrol(student, course)  # a second click
    await c.complete(student, note)
    await c.complete(student, note)
    wrong = await world.content.attempt(student, question, answer={"choice": "w"},
                                        time_taken_ms=10)
    assert not [e for e in facts() if isinstance(e, CourseCompleted)]
    right = await world.content.attempt(student, question, answer={"choice": "j"},
                                        time_taken_ms=10)
    await world.content.attempt(student, question, answer={"choice": "j"}, time_taken_ms=10)

    found = facts()
    assert [type(e) for e in found] == [CourseEnrolled, ItemCompleted, AnswerGraded,
                                        AnswerGraded, CourseCompleted, AnswerGraded]
    enrolled, completed, graded_wrong, graded_right, finished, _ = found
    assert isinstance(enrolled, CourseEnrolled) and (enrolled.user_id, enrolled.course_id) == (
        student.user_id, course)
    assert isinstance(completed, ItemCompleted) and completed.item_id == note
    assert isinstance(graded_wrong, AnswerGraded) and isinstance(graded_right, AnswerGraded)
    assert (graded_wrong.attempt_id, graded_wrong.correct) == (wrong.attempt.id, False)
    assert (graded_right.attempt_id, graded_right.correct) == (right.attempt.id, True)
    assert isinstance(finished, CourseCompleted) and finished.course_id == course
    certificates = await c.my_certificates(student)
    assert [x.id for x in certificates] == [finished.certificate_id]
