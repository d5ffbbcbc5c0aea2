"""Learning progress against in-memory fakes: where a learner resumes, how long is left, what
a topic still holds, certificates on completion, and what a mentor's dashboard counts."""

import uuid

import pytest

from edu_core.application.actors import Actor, Principal
from edu_core.domain.catalog import Topic
from edu_core.domain.content.questions import NoMoreHints
from edu_core.domain.courses import (
    QUESTION_SECONDS,
    SIMULATION_SECONDS,
    CertificateNotFound,
    CourseNotCompleted,
    estimated_seconds,
    minutes,
)
from edu_core.domain.errors import NotFound
from edu_core.domain.identity import Role
from tests.unit.test_course_service import QUESTION, World, world

__all__ = ["world"]

WRONG, RIGHT = {"choice": "w"}, {"choice": "j"}


def test_estimated_time_comes_from_the_content() -> None:
    assert estimated_seconds("note", "word " * 400) == 120  # 200 words a minute
    assert estimated_seconds("note", "word " * 401) == 121
    assert estimated_seconds("note", "Short.") == 60  # a minute at least
    assert estimated_seconds("question", "") == QUESTION_SECONDS == 120
    assert estimated_seconds("simulation", "") == SIMULATION_SECONDS
    assert [minutes(s) for s in (0, 1, 60, 61, 3600)] == [0, 1, 1, 2, 60]


async def published_course(world: World, mentor: Principal, items: list[uuid.UUID]) -> uuid.UUID:
    view = await world.courses.create(mentor, title="Energy basics", item_ids=items)
    await world.courses.publish(mentor, view.course.id, version=view.course.version)
    return view.course.id


async def test_the_course_outline_shows_time_and_where_to_resume(world: World) -> None:
    mentor, learner = await world.person(Role.MENTOR), await world.person(Role.STUDENT)
    long_note = await world.content.create(mentor, topic_id=world.topic.id, kind="note",
                                           title="Long", body={"html": "<p>" + "energy " * 600
                                                               + "</p>"})
    await world.content.submit(mentor, long_note.item.id)
    await world.content.approve(Actor.of(world.admin), long_note.item.id, 1)
    intro = await world.item(mentor, "Intro")
    question = await world.item(mentor, "Check", kind="question")
    course_id = await published_course(world, mentor, [intro, long_note.item.id, question])
    await world.courses.enrol(learner, course_id)

    fresh = await world.courses.learner_course(learner, course_id)
    assert [i.seconds for i in fresh.items] == [60, 180, 120]
    assert (fresh.total_seconds, fresh.remaining_seconds) == (360, 360)
    assert fresh.next_item is not None and fresh.next_item.facts.item_id == intro

    await world.courses.complete(learner, intro)
    later = await world.courses.learner_course(learner, course_id)
    assert later.next_item is not None and later.next_item.facts.item_id == long_note.item.id
    assert later.remaining_seconds == 300 and later.certificate is None


async def test_completing_the_last_item_issues_one_certificate(world: World) -> None:
    mentor, learner = await world.person(Role.MENTOR), await world.person(Role.STUDENT)
    note, question = await world.item(mentor, "Read"), await world.item(mentor, "Q",
                                                                          kind="question")
    course_id = await published_course(world, mentor, [note, question])
    await world.courses.enrol(learner, course_id)
    await world.courses.complete(learner, note)
    with pytest.raises(CourseNotCompleted):
        await world.courses.claim_certificate(learner, course_id)
    await world.content.attempt(learner, question, answer=WRONG, time_taken_ms=10)
    assert (await world.courses.learner_course(learner, course_id)).certificate is None

    world.clock.advance(minutes=5)
    await world.content.attempt(learner, question, answer=RIGHT, time_taken_ms=10)
    done = await world.courses.learner_course(learner, course_id)
    assert done.next_item is None and done.progress.percent == 100
    certificate = done.certificate
    assert certificate is not None
    assert (certificate.learner_name, certificate.course_title,
            certificate.mentor_name) == ("A student", "Energy basics", "A mentor")
    assert certificate.issued_at == world.clock.now()
    assert len(certificate.code) >= 24

    # Answering again, or claiming, keeps the one on record.
    await world.content.attempt(learner, question, answer=RIGHT, time_taken_ms=10)
    assert await world.courses.claim_certificate(learner, course_id) == certificate
    assert await world.courses.certificate(certificate.code) == certificate
    assert await world.courses.my_certificate(learner, certificate.code) == certificate
    stranger = await world.person(Role.STUDENT)
    with pytest.raises(CertificateNotFound):
        await world.courses.my_certificate(stranger, certificate.code)
    with pytest.raises(CertificateNotFound):
        await world.courses.certificate("x" * 24)
    overview = await world.courses.overview(learner)
    assert overview.totals.certificates == 1
    assert overview.courses[0].certificate == certificate


async def test_a_learner_not_enrolled_gets_no_certificate(world: World) -> None:
    mentor, learner = await world.person(Role.MENTOR), await world.person(Role.STUDENT)
    note = await world.item(mentor, "Read")
    course_id = await published_course(world, mentor, [note])
    await world.courses.complete(learner, note)
    assert await world.courses.my_certificates(learner) == []
    with pytest.raises(CourseNotCompleted):
        await world.courses.claim_certificate(learner, course_id)


async def test_the_overview_leads_with_what_to_continue(world: World) -> None:
    mentor, learner = await world.person(Role.MENTOR), await world.person(Role.STUDENT)
    note, question = await world.item(mentor, "Read"), await world.item(mentor, "Q",
                                                                          kind="question")
    finished = await published_course(world, mentor, [note])
    going = await published_course(world, mentor, [note, question])
    await world.courses.enrol(learner, going)
    world.clock.advance(minutes=1)
    await world.courses.enrol(learner, finished)
    await world.courses.complete(learner, note)
    await world.content.attempt(learner, question, answer=WRONG, time_taken_ms=10)
    await world.content.attempt(learner, question, answer=WRONG, time_taken_ms=10)

    overview = await world.courses.overview(learner)
    # The unfinished course first, though the finished one was joined later.
    assert [c.course_id for c in overview.courses] == [going, finished]
    resume = overview.courses[0]
    assert resume.next_item is not None and resume.next_item.item_id == question
    assert (resume.progress.completed, resume.progress.total) == (1, 2)
    assert resume.remaining_seconds == QUESTION_SECONDS
    assert [(p.facts.item_id, p.attempts) for p in overview.practice] == [(question, 2)]
    assert (overview.totals.items_marked, overview.totals.questions_solved,
            overview.totals.attempts) == (1, 0, 2)

    await world.content.attempt(learner, question, answer=RIGHT, time_taken_ms=10)
    again = await world.courses.overview(learner)
    assert again.practice == [] and all(c.next_item is None for c in again.courses)


async def test_topic_progress_separates_reading_from_solving(world: World) -> None:
    mentor, learner = await world.person(Role.MENTOR), await world.person(Role.STUDENT)
    note = await world.item(mentor, "Read")
    world.clock.advance(minutes=1)  # reading order is oldest first: no tie to break at random
    question = await world.item(mentor, "Q", kind="question")
    await world.item(mentor, "Draft", approve=False)  # not live: never counted
    following = Topic.create(chapter_id=world.topic.chapter_id, name="Power", position=1)
    empty = Topic.create(chapter_id=world.topic.chapter_id, name="Empty", position=2)
    after = Topic.create(chapter_id=world.topic.chapter_id, name="Momentum", position=3)
    async with world.uow() as uow:
        for node in (following, empty, after):
            await uow.catalog.save(node)
        await uow.commit()
    later = await world.content.create(mentor, topic_id=after.id, kind="note", title="P",
                                       body={"html": "<p>p</p>"})
    await world.content.submit(mentor, later.item.id)
    await world.content.approve(Actor.of(world.admin), later.item.id, 1)

    await world.courses.complete(learner, note)
    place = await world.courses.topic_progress(learner, world.topic.slug)
    here = place.progress
    assert [(i.facts.item_id, i.completed) for i in here.items] == [(note, True),
                                                                     (question, False)]
    assert (here.read.completed, here.read.total) == (1, 1)
    assert (here.solved.completed, here.solved.total) == (0, 1)
    assert here.next_item is not None and here.next_item.facts.item_id == question
    # "Power" and "Empty" hold nothing live: the next place to learn is "Momentum".
    assert place.next_topic == after and place.subject == world.subject

    subject = await world.courses.subject_progress(learner, str(world.subject.id))
    assert [(t.topic.name, t.overall.completed, t.overall.total) for t in subject.topics] == [
        ("Energy", 1, 2), ("Power", 0, 0), ("Empty", 0, 0), ("Momentum", 0, 1)]
    assert (subject.overall.completed, subject.overall.total) == (1, 3)
    with pytest.raises(NotFound):
        await world.courses.topic_progress(learner, "no-such-topic")


async def test_the_mentor_dashboard_counts_each_learner_once(world: World) -> None:
    mentor, other = await world.person(Role.MENTOR), await world.person(Role.MENTOR)
    note = await world.item(mentor, "Read")
    first = await published_course(world, mentor, [note])
    second = await published_course(world, mentor, [note])
    await world.courses.create(mentor, title="Draft")
    learners = [await world.person(Role.STUDENT) for _ in range(2)]
    for learner in learners:
        await world.courses.enrol(learner, first)
    await world.courses.enrol(learners[0], second)
    summary = await world.courses.teaching_summary(mentor)
    assert (summary.learners, summary.courses, summary.published_courses) == (2, 3, 2)
    assert (await world.courses.teaching_summary(other)).learners == 0


async def test_hints_one_at_a_time_and_the_solution_are_recorded(world: World) -> None:
    mentor, learner = await world.person(Role.MENTOR), await world.person(Role.STUDENT)
    view = await world.content.create(mentor, topic_id=world.topic.id, kind="question",
                                      title="Units", body={**QUESTION, "hints": ["Work.", "J"]})
    item = view.item.id
    await world.content.submit(mentor, item)
    await world.content.approve(Actor.of(world.admin), item, 1)
    wrong = await world.content.attempt(learner, item, answer=WRONG, time_taken_ms=10)
    assert wrong.grade.solution is None and wrong.hints_total == 2
    assert (await world.content.reveal_hint(learner, item, wrong.attempt.id)).hints == ["Work."]
    assert (await world.content.reveal_hint(learner, item, wrong.attempt.id)).hints == [
        "Work.", "J"]
    with pytest.raises(NoMoreHints):
        await world.content.reveal_hint(learner, item, wrong.attempt.id)
    shown = await world.content.show_solution(learner, item, wrong.attempt.id)
    assert shown.solution == {"correct": ["j"]} and shown.attempt.solution_shown
    stored = await world.content.my_attempts(learner, item)
    assert [(a.hints_used, a.solution_shown) for a in stored] == [(2, True)]
