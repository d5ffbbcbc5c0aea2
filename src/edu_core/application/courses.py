"""Courses (S7, S10): the mentor's workspace, what learners browse and enrol in, and their
progress.

A course is reachable in the workspace by its owner and by admins only; anyone else gets the
same 404 as for a missing course. Learners only see published courses, and of those only the
items that have a live (approved) version, in course order.
"""

from collections.abc import Awaitable, Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from edu_core.application.actors import Principal
from edu_core.application.certificates import issue_due, issue_if_complete
from edu_core.application.progress import (
    LearningOverview,
    PracticeItem,
    ResumeCourse,
    SubjectProgress,
    TeachingSummary,
    TopicPlace,
    done_items,
    item_seconds,
    topics_progress,
)
from edu_core.domain.catalog import Subject, Topic, UnknownCatalogFilter
from edu_core.domain.content import ContentKinds, ContentNotFound
from edu_core.domain.courses import (
    KEEP,
    Certificate,
    CertificateNotFound,
    Completion,
    CompletionByAnswer,
    Course,
    CourseItemFacts,
    CourseNotCompleted,
    CourseNotFound,
    CourseStatus,
    Enrolment,
    Keep,
    MentorNotVerifiedForCourses,
    Progress,
    UnknownSubject,
    clean_item_ids,
    ensure_owned,
    live_items,
    next_item,
)
from edu_core.domain.errors import NotFound
from edu_core.domain.mentors import MentorStatus
from edu_core.domain.pagination import Page, PageRequest
from edu_core.ports.clock import Clock
from edu_core.ports.courses import CourseOrder, CourseQuery
from edu_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory


@dataclass(frozen=True)
class CourseItemView:
    facts: CourseItemFacts
    topic: Topic | None


@dataclass(frozen=True)
class CourseView:
    """The author's view: every item in course order, whatever its review state."""

    course: Course
    items: list[CourseItemView]
    subject: Subject | None
    enrolments: int

    @property
    def live_count(self) -> int:
        return sum(1 for i in self.items if i.facts.live)


@dataclass(frozen=True)
class CourseCard:
    """One course in a list."""

    course: Course
    mentor_name: str
    subject: Subject | None
    live: list[CourseItemFacts]
    enrolments: int


@dataclass(frozen=True)
class LearnerCourseItem:
    facts: CourseItemFacts
    topic: Topic | None
    completed: bool
    seconds: int = 0  # estimated learning time


@dataclass(frozen=True)
class LearnerCourse:
    card: CourseCard
    items: list[LearnerCourseItem]  # live items only, in course order
    progress: Progress
    enrolled_at: datetime | None
    certificate: Certificate | None = None

    @property
    def next_item(self) -> LearnerCourseItem | None:
        """Where the learner resumes: the first item not done yet."""
        return next((i for i in self.items if not i.completed), None)

    @property
    def total_seconds(self) -> int:
        return sum(i.seconds for i in self.items)

    @property
    def remaining_seconds(self) -> int:
        return sum(i.seconds for i in self.items if not i.completed)


@dataclass(frozen=True)
class MyCourse:
    card: CourseCard
    enrolled_at: datetime
    progress: Progress


CourseChange = Callable[[UnitOfWork, Course], Awaitable[bool]]


class CourseService:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock, kinds: ContentKinds) -> None:
        self._uow = uow
        self._clock = clock
        self._kinds = kinds

    # -- helpers -----------------------------------------------------------------------------

    async def _owned(self, uow: UnitOfWork, principal: Principal, course_id: UUID) -> Course:
        course = await uow.courses.get(course_id)
        if course is None or (not principal.is_admin
                              and course.mentor_id != principal.user_id):
            raise CourseNotFound()  # the same answer as for a missing one: no probing
        return course

    async def _published(self, uow: UnitOfWork, course_id: UUID) -> Course:
        course = await uow.courses.get(course_id)
        if course is None or not course.is_published:
            raise CourseNotFound()
        return course

    @staticmethod
    async def _require_subject(uow: UnitOfWork, subject_id: UUID | None) -> None:
        if subject_id is not None and await uow.catalog.get_subject(subject_id) is None:
            raise UnknownSubject(details={"fields": {
                "subject_id": UnknownSubject.default_message}})

    @staticmethod
    async def _subjects(uow: UnitOfWork, ids: Iterable[UUID | None]) -> dict[UUID, Subject]:
        found = {}
        for subject_id in {i for i in ids if i is not None}:
            subject = await uow.catalog.get_subject(subject_id)
            if subject is not None:
                found[subject_id] = subject
        return found

    @staticmethod
    async def _names(uow: UnitOfWork, ids: Iterable[UUID]) -> dict[UUID, str]:
        wanted = set(ids)
        found = await uow.users.get_many(wanted)
        return {i: found[i].display_name if i in found else "Former mentor" for i in wanted}

    @staticmethod
    async def _topics(uow: UnitOfWork, facts: Iterable[CourseItemFacts]) -> dict[UUID, Topic]:
        return {t.id: t for t in await uow.catalog.topics({f.topic_id for f in facts})}

    async def _view(self, uow: UnitOfWork, course: Course) -> CourseView:
        facts = await uow.courses.item_facts(course.item_ids)
        topics = await self._topics(uow, facts.values())
        subjects = await self._subjects(uow, [course.subject_id])
        return CourseView(
            course=course,
            items=[CourseItemView(facts[i], topics.get(facts[i].topic_id))
                   for i in course.item_ids if i in facts],
            subject=subjects.get(course.subject_id) if course.subject_id else None,
            enrolments=(await uow.courses.enrolment_counts([course.id]))[course.id])

    async def _cards(self, uow: UnitOfWork, courses: Sequence[Course]) -> list[CourseCard]:
        facts = await uow.courses.item_facts({i for c in courses for i in c.item_ids})
        names = await self._names(uow, (c.mentor_id for c in courses))
        subjects = await self._subjects(uow, (c.subject_id for c in courses))
        enrolments = await uow.courses.enrolment_counts([c.id for c in courses])
        return [CourseCard(course=c, mentor_name=names[c.mentor_id],
                           subject=subjects.get(c.subject_id) if c.subject_id else None,
                           live=live_items(c.item_ids, facts), enrolments=enrolments[c.id])
                for c in courses]

    async def _done(self, uow: UnitOfWork, user_id: UUID,
                    live: Collection[CourseItemFacts]) -> set[UUID]:
        return await done_items(uow, self._kinds, user_id, live)

    async def _change(self, principal: Principal, course_id: UUID, version: int,
                      change: CourseChange) -> CourseView:
        async with self._uow() as uow:
            course = await self._owned(uow, principal, course_id)
            course.expect_version(version)
            if await change(uow, course):
                await uow.courses.save(course)
                await uow.commit()
            return await self._view(uow, course)

    async def _items_allowed(self, uow: UnitOfWork, course: Course,
                             item_ids: Sequence[UUID]) -> list[CourseItemFacts]:
        """The live items of a would-be item list, once it is known to hold only the owner's
        items."""
        facts = await uow.courses.item_facts(item_ids)
        ensure_owned(course.mentor_id, item_ids, facts)
        live = live_items(item_ids, facts)
        course.ensure_publishable(len(live))
        return live

    # -- the mentor's workspace --------------------------------------------------------------

    async def my_courses(self, principal: Principal, page: PageRequest, *,
                         status: CourseStatus | None = None) -> Page[CourseCard]:
        """The caller's courses, most recently changed first (every course for an admin)."""
        query = CourseQuery(mentor_id=None if principal.is_admin else principal.user_id,
                            status=status, order=CourseOrder.RECENTLY_CHANGED)
        async with self._uow() as uow:
            found = await uow.courses.list(query, page)
            cards = await self._cards(uow, found.items)
        return Page(items=cards, total=found.total, page=found.page, page_size=found.page_size)

    async def create(self, principal: Principal, *, title: str, description: str = "",
                     subject_id: UUID | None = None,
                     item_ids: Sequence[UUID] = ()) -> CourseView:
        course = Course.create(mentor_id=principal.user_id, title=title,
                               description=description, subject_id=subject_id,
                               item_ids=item_ids, now=self._clock.now())
        async with self._uow() as uow:
            await self._require_subject(uow, subject_id)
            await self._items_allowed(uow, course, course.item_ids)
            await uow.courses.save(course)
            await uow.commit()
            return await self._view(uow, course)

    async def course(self, principal: Principal, course_id: UUID) -> CourseView:
        async with self._uow() as uow:
            return await self._view(uow, await self._owned(uow, principal, course_id))

    async def update(self, principal: Principal, course_id: UUID, *, version: int,
                     title: str | None = None, description: str | None = None,
                     subject_id: UUID | Keep | None = KEEP) -> CourseView:
        async def change(uow: UnitOfWork, course: Course) -> bool:
            if subject_id is not KEEP:
                await self._require_subject(uow, subject_id)
            return course.edit(now=self._clock.now(), title=title, description=description,
                               subject_id=subject_id)
        return await self._change(principal, course_id, version, change)

    async def set_items(self, principal: Principal, course_id: UUID, *, version: int,
                        item_ids: Sequence[UUID]) -> CourseView:
        """Replace the ordered item list: reorder, add and remove in one step."""
        items = clean_item_ids(item_ids)

        async def change(uow: UnitOfWork, course: Course) -> bool:
            await self._items_allowed(uow, course, items)
            return course.set_items(items, self._clock.now())
        return await self._change(principal, course_id, version, change)

    async def add_item(self, principal: Principal, course_id: UUID, *, version: int,
                       item_id: UUID, position: int | None = None) -> CourseView:
        async def change(uow: UnitOfWork, course: Course) -> bool:
            course.add_item(item_id, self._clock.now(), position)
            await self._items_allowed(uow, course, course.item_ids)
            return True
        return await self._change(principal, course_id, version, change)

    async def remove_item(self, principal: Principal, course_id: UUID, *, version: int,
                          item_id: UUID) -> CourseView:
        async def change(uow: UnitOfWork, course: Course) -> bool:
            course.remove_item(item_id, self._clock.now())
            await self._items_allowed(uow, course, course.item_ids)
            return True
        return await self._change(principal, course_id, version, change)

    async def publish(self, principal: Principal, course_id: UUID, *,
                      version: int) -> CourseView:
        """Publishing a published course changes nothing, whatever the version (a repeated
        click); otherwise the owner must be verified and one item at least approved."""
        async with self._uow() as uow:
            course = await self._owned(uow, principal, course_id)
            if not course.is_published:
                course.expect_version(version)
                profile = await uow.mentors.get(course.mentor_id)
                if profile is None or profile.status is not MentorStatus.VERIFIED:
                    raise MentorNotVerifiedForCourses()
                facts = await uow.courses.item_facts(course.item_ids)
                course.publish(live_count=len(live_items(course.item_ids, facts)),
                               now=self._clock.now())
                await uow.courses.save(course)
                await uow.commit()
            return await self._view(uow, course)

    async def unpublish(self, principal: Principal, course_id: UUID, *,
                        version: int) -> CourseView:
        """Learners no longer find the course; enrolments and progress are kept for when it
        is published again."""
        async with self._uow() as uow:
            course = await self._owned(uow, principal, course_id)
            if course.is_published:
                course.expect_version(version)
                course.unpublish(self._clock.now())
                await uow.courses.save(course)
                await uow.commit()
            return await self._view(uow, course)

    async def delete(self, principal: Principal, course_id: UUID, *, version: int) -> None:
        """The course and its enrolments go; the content items and learners' completions of
        them stay."""
        async with self._uow() as uow:
            course = await self._owned(uow, principal, course_id)
            course.expect_version(version)
            await uow.courses.delete(course)
            await uow.commit()

    # -- learners ----------------------------------------------------------------------------

    async def browse(self, page: PageRequest, *, mentor_id: UUID | None = None,
                     subject: str | None = None) -> Page[CourseCard]:
        """Published courses, most recently published first. ``subject`` takes a slug or an
        id."""
        async with self._uow() as uow:
            subject_id = (await uow.catalog.resolve(Subject, subject)).id if subject else None
            found = await uow.courses.list(CourseQuery(
                mentor_id=mentor_id, status=CourseStatus.PUBLISHED, subject_id=subject_id,
                order=CourseOrder.RECENTLY_PUBLISHED), page)
            cards = await self._cards(uow, found.items)
        return Page(items=cards, total=found.total, page=found.page, page_size=found.page_size)

    async def _learner(self, uow: UnitOfWork, principal: Principal,
                       course: Course) -> LearnerCourse:
        card = (await self._cards(uow, [course]))[0]
        done = await self._done(uow, principal.user_id, card.live)
        topics = await self._topics(uow, card.live)
        seconds = await item_seconds(uow, self._kinds, card.live)
        enrolment = await uow.courses.enrolment(principal.user_id, course.id)
        certificates = await uow.courses.certificates(principal.user_id, [course.id])
        return LearnerCourse(
            card=card, progress=Progress.of(card.live, done),
            items=[LearnerCourseItem(f, topics.get(f.topic_id), f.item_id in done,
                                     seconds[f.item_id])
                   for f in card.live],
            enrolled_at=enrolment.enrolled_at if enrolment else None,
            certificate=certificates[0] if certificates else None)

    async def learner_course(self, principal: Principal, course_id: UUID) -> LearnerCourse:
        """A published course with the caller's own progress."""
        async with self._uow() as uow:
            return await self._learner(uow, principal, await self._published(uow, course_id))

    async def enrol(self, principal: Principal, course_id: UUID) -> MyCourse:
        """Enrolling twice keeps the first enrolment."""
        async with self._uow() as uow:
            course = await self._published(uow, course_id)
            enrolment = await uow.courses.enrol(Enrolment(
                user_id=principal.user_id, course_id=course.id,
                enrolled_at=self._clock.now()))
            await uow.commit()
            learner = await self._learner(uow, principal, course)
        return MyCourse(card=learner.card, enrolled_at=enrolment.enrolled_at,
                        progress=learner.progress)

    async def leave(self, principal: Principal, course_id: UUID) -> None:
        """Leaving a course one is not enrolled in changes nothing. An unpublished course can
        still be left; completions stay with the learner."""
        async with self._uow() as uow:
            course = await uow.courses.get(course_id)
            if course is None:
                raise CourseNotFound()
            if await uow.courses.leave(principal.user_id, course.id):
                await uow.commit()

    async def enrolled(self, principal: Principal, page: PageRequest) -> Page[MyCourse]:
        """The caller's published courses with progress, most recent enrolment first."""
        async with self._uow() as uow:
            found = await uow.courses.enrolled_courses(principal.user_id, page)
            cards = await self._cards(uow, [e.course for e in found.items])
            done = await self._done(uow, principal.user_id,
                                    [f for card in cards for f in card.live])
        return Page(items=[MyCourse(card=card, enrolled_at=e.enrolment.enrolled_at,
                                    progress=Progress.of(card.live, done))
                           for e, card in zip(found.items, cards, strict=True)],
                    total=found.total, page=found.page, page_size=found.page_size)

    # -- completion --------------------------------------------------------------------------

    async def _completable(self, uow: UnitOfWork, item_id: UUID) -> CourseItemFacts:
        facts = (await uow.courses.item_facts([item_id])).get(item_id)
        if facts is None or not facts.live:
            raise ContentNotFound()
        if self._kinds.get(facts.kind).gradable:
            raise CompletionByAnswer()
        return facts

    async def complete(self, principal: Principal, item_id: UUID) -> Completion:
        """Mark a live note or simulation done; marking it again keeps the first time."""
        async with self._uow() as uow:
            await self._completable(uow, item_id)
            now = self._clock.now()
            completion = await uow.courses.mark_complete(Completion(
                user_id=principal.user_id, item_id=item_id, completed_at=now))
            await issue_due(uow, self._kinds, principal.user_id, item_id, now)
            await uow.commit()
        return completion

    async def uncomplete(self, principal: Principal, item_id: UUID) -> None:
        async with self._uow() as uow:
            await self._completable(uow, item_id)
            if await uow.courses.unmark_complete(principal.user_id, item_id):
                await uow.commit()

    # -- progress ----------------------------------------------------------------------------

    async def overview(self, principal: Principal, *, courses: int = 6,
                       practice: int = 5) -> LearningOverview:
        """What to continue: enrolled courses with where to resume (unfinished first), the
        questions worth another try, and the learner's totals."""
        user_id = principal.user_id
        async with self._uow() as uow:
            found = await uow.courses.enrolled_courses(user_id, PageRequest(1, 50))
            cards = await self._cards(uow, [e.course for e in found.items])
            live = [f for card in cards for f in card.live]
            done = await self._done(uow, user_id, live)
            seconds = await item_seconds(uow, self._kinds, live)
            certificates = {c.course_id: c for c in await uow.courses.certificates(user_id)}
            resume = [ResumeCourse(
                course_id=card.course.id, title=card.course.title,
                mentor_name=card.mentor_name, progress=Progress.of(card.live, done),
                next_item=next_item(card.live, done),
                remaining_seconds=sum(seconds[f.item_id] for f in card.live
                                      if f.item_id not in done),
                enrolled_at=e.enrolment.enrolled_at,
                certificate=certificates.get(card.course.id))
                for e, card in zip(found.items, cards, strict=True)]
            resume.sort(key=lambda r: r.next_item is None)  # stable: keeps enrolment order
            due = await uow.courses.practice_due(user_id, practice * 2)
            facts = await uow.courses.item_facts([d.item_id for d in due])
            topics = await self._topics(uow, facts.values())
            practice_items = [PracticeItem(facts=facts[d.item_id],
                                           topic=topics.get(facts[d.item_id].topic_id),
                                           attempts=d.attempts,
                                           last_attempt_at=d.last_attempt_at)
                              for d in due if d.item_id in facts and facts[d.item_id].live]
            totals = await uow.courses.learning_totals(user_id)
        return LearningOverview(courses=resume[:courses], practice=practice_items[:practice],
                                totals=totals)

    async def topic_progress(self, principal: Principal, topic_ref: str) -> TopicPlace:
        """A topic's live items with the caller's progress, and the topic to go on to."""
        async with self._uow() as uow:
            try:
                topic = await uow.catalog.resolve(Topic, topic_ref)
            except UnknownCatalogFilter:
                raise NotFound("No such topic.") from None
            tree = await uow.catalog.tree()
            subject, order = None, []
            for branch in tree:
                topics = [t for ch in branch.chapters for t in ch.topics]
                if any(t.id == topic.id for t in topics):
                    subject, order = branch.subject, topics
                    break
            following = order[[t.id for t in order].index(topic.id) + 1:] if order else []
            progress = await topics_progress(uow, self._kinds, principal.user_id,
                                             [topic, *following])
        here = progress[0]
        # The next topic with something to learn: an empty one is no place to send anyone.
        next_topic = next((p.topic for p in progress[1:] if p.items), None)
        return TopicPlace(progress=here, subject=subject, next_topic=next_topic)

    async def subject_progress(self, principal: Principal, subject_ref: str) -> SubjectProgress:
        async with self._uow() as uow:
            try:
                subject_id = (await uow.catalog.resolve(Subject, subject_ref)).id
            except UnknownCatalogFilter:
                raise NotFound("No such subject.") from None
            branch = next(b for b in await uow.catalog.tree() if b.subject.id == subject_id)
            topics = [t for ch in branch.chapters for t in ch.topics]
            progress = await topics_progress(uow, self._kinds, principal.user_id, topics)
        return SubjectProgress(subject=branch.subject, topics=progress)

    async def teaching_summary(self, principal: Principal) -> TeachingSummary:
        async with self._uow() as uow:
            mine = CourseQuery(mentor_id=principal.user_id)
            total = (await uow.courses.list(mine, PageRequest(1, 1))).total
            published = (await uow.courses.list(CourseQuery(
                mentor_id=principal.user_id, status=CourseStatus.PUBLISHED),
                PageRequest(1, 1))).total
            learners = await uow.courses.learner_count(principal.user_id)
        return TeachingSummary(learners=learners, courses=total, published_courses=published)

    # -- certificates ------------------------------------------------------------------------

    async def claim_certificate(self, principal: Principal, course_id: UUID) -> Certificate:
        """The caller's certificate of a completed course, issued now if it was not yet (a
        course finished before certificates existed, or one whose last open item was
        removed)."""
        async with self._uow() as uow:
            course = await self._published(uow, course_id)
            if await uow.courses.enrolment(principal.user_id, course.id) is None:
                raise CourseNotCompleted("Enrol in the course and finish it first.")
            certificate = await issue_if_complete(uow, self._kinds, principal.user_id,
                                                  course, self._clock.now())
            if certificate is None:
                raise CourseNotCompleted()
            await uow.commit()
        return certificate

    async def certificate(self, code: str) -> Certificate:
        """Public verification: anyone with the code sees who completed what, when."""
        async with self._uow() as uow:
            found = await uow.courses.certificate(code)
        if found is None:
            raise CertificateNotFound()
        return found

    async def my_certificate(self, principal: Principal, code: str) -> Certificate:
        """The owner's own certificate (the PDF is theirs to download)."""
        found = await self.certificate(code)
        if found.user_id != principal.user_id:
            raise CertificateNotFound()
        return found

    async def my_certificates(self, principal: Principal) -> list[Certificate]:
        async with self._uow() as uow:
            return await uow.courses.certificates(principal.user_id)
