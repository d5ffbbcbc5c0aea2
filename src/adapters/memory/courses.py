"""In-memory courses, enrolments and completion marks with the Postgres adapter's version
check, idempotence and refusals, staged until commit."""

import copy
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from adapters.memory.catalog import CatalogData
from adapters.pending_events import PendingEvents
from edu_core.domain.content import Attempt, ContentItem, ContentNotFound
from edu_core.domain.courses import (
    Certificate,
    Completion,
    Course,
    CourseItemFacts,
    CourseItemNotOwned,
    CourseNotFound,
    Enrolment,
    UnknownSubject,
)
from edu_core.domain.errors import ConcurrentModification
from edu_core.domain.pagination import Page, PageRequest
from edu_core.ports.courses import (
    CourseOrder,
    CourseQuery,
    EnrolledCourse,
    LearningTotals,
    PracticeDue,
)

Key = tuple[UUID, UUID]  # (user id, course id or item id)


@dataclass
class CourseData:
    courses: dict[UUID, Course] = field(default_factory=dict)
    enrolments: dict[Key, Enrolment] = field(default_factory=dict)
    completions: dict[Key, Completion] = field(default_factory=dict)
    certificates: dict[Key, Certificate] = field(default_factory=dict)


class MemoryCourseRepository:
    def __init__(self, data: CourseData, *, catalog: Callable[[], CatalogData],
                 content: Callable[[], Mapping[UUID, ContentItem]],
                 attempts: Callable[[], Iterable[Attempt]], events: PendingEvents) -> None:
        self._data = data
        self._pending = events
        self._catalog = catalog  # the catalog as this unit of work sees it
        self._content = content  # committed items plus those staged in this unit of work
        self._attempts = attempts
        self.staged: dict[UUID, Course] = {}
        self.deleted: set[UUID] = set()
        self.staged_enrolments: dict[Key, Enrolment] = {}
        self.left: set[Key] = set()
        self.staged_completions: dict[Key, Completion] = {}
        self.unmarked: set[Key] = set()
        self.staged_certificates: dict[Key, Certificate] = {}
        self._loaded: dict[UUID, int] = {}
        # Each course's version in the store when this unit of work first touched it.
        self._baseline: dict[UUID, int | None] = {}

    # -- courses -----------------------------------------------------------------------------

    def _current(self, course_id: UUID) -> Course | None:
        if course_id in self.deleted:
            return None
        return self.staged.get(course_id) or self._data.courses.get(course_id)

    def _track(self, course: Course) -> Course:
        self._loaded[course.id] = course.version
        if course.id not in self.staged:
            self._baseline.setdefault(course.id, course.version)
        found = copy.deepcopy(course)
        # What the database's ON DELETE rules would have done meanwhile.
        items = self._content()
        found.item_ids = [i for i in found.item_ids if i in items]
        if found.subject_id is not None and found.subject_id not in self._catalog().subjects:
            found.subject_id = None
        return found

    def _everything(self) -> list[Course]:
        merged = {**self._data.courses, **self.staged}
        return [c for cid, c in merged.items() if cid not in self.deleted]

    async def get(self, course_id: UUID) -> Course | None:
        found = self._current(course_id)
        return self._track(found) if found is not None else None

    async def save(self, course: Course) -> None:
        if course.subject_id is not None and course.subject_id not in self._catalog().subjects:
            raise UnknownSubject(details={"fields": {
                "subject_id": UnknownSubject.default_message}})
        items = self._content()
        if any(i not in items for i in course.item_ids):
            raise CourseItemNotOwned(details={"fields": {
                "item_ids": CourseItemNotOwned.default_message}})
        stored = self._current(course.id)
        if course.id in self._loaded:
            if stored is None or stored.version != self._loaded[course.id]:
                raise ConcurrentModification()
            course.version = self._loaded[course.id] + 1
        elif stored is not None:
            raise ConcurrentModification()
        self._baseline.setdefault(course.id, None)
        self._loaded[course.id] = course.version
        self.staged[course.id] = copy.deepcopy(course)

    async def delete(self, course: Course) -> None:
        stored = self._current(course.id)
        if stored is None or stored.version != self._loaded.get(course.id, course.version):
            raise ConcurrentModification()
        self._baseline.setdefault(course.id, stored.version)
        self.staged.pop(course.id, None)
        self.deleted.add(course.id)

    def check_commit(self) -> None:
        """Refuse the commit when a staged course was changed by another unit of work."""
        for course_id in {*self.staged, *self.deleted}:
            published = self._data.courses.get(course_id)
            if (published.version if published else None) != self._baseline[course_id]:
                raise ConcurrentModification()

    def apply(self) -> None:
        """Write what this unit of work staged into the store (at commit)."""
        data = self._data
        data.courses.update(copy.deepcopy(self.staged))
        for course_id in self.deleted:
            data.courses.pop(course_id, None)
        for key, enrolment in self.staged_enrolments.items():
            data.enrolments.setdefault(key, enrolment)
        for key in self.left:
            data.enrolments.pop(key, None)
        # Enrolments go with their course, as ON DELETE CASCADE does.
        for key in [k for k in data.enrolments if k[1] not in data.courses]:
            del data.enrolments[key]
        for key, completion in self.staged_completions.items():
            data.completions.setdefault(key, completion)
        for key in self.unmarked:
            data.completions.pop(key, None)
        for key, certificate in self.staged_certificates.items():
            data.certificates.setdefault(key, certificate)

    async def item_facts(self, item_ids: Collection[UUID]) -> dict[UUID, CourseItemFacts]:
        items = self._content()
        found = {}
        for item_id in item_ids:
            item = items.get(item_id)
            if item is not None:
                live = item.live
                found[item_id] = CourseItemFacts(
                    item_id=item.id, mentor_id=item.mentor_id, topic_id=item.topic_id,
                    kind=item.kind, status=item.status, title=item.latest.title,
                    live_version=item.live_version, live_title=live.title if live else None)
        return found

    # -- enrolments --------------------------------------------------------------------------

    def _enrolments(self) -> dict[Key, Enrolment]:
        merged = {**self.staged_enrolments, **self._data.enrolments}  # the stored one wins
        return {k: v for k, v in merged.items()
                if k not in self.left and self._current(k[1]) is not None}

    async def enrol(self, enrolment: Enrolment) -> Enrolment:
        if self._current(enrolment.course_id) is None:
            raise CourseNotFound()
        key = (enrolment.user_id, enrolment.course_id)
        existing = self._enrolments().get(key)
        if existing is not None:
            return existing
        self.left.discard(key)
        self.staged_enrolments[key] = enrolment
        self._pending.stored(enrolment)
        return enrolment

    async def leave(self, user_id: UUID, course_id: UUID) -> bool:
        key = (user_id, course_id)
        if key not in self._enrolments():
            return False
        self.staged_enrolments.pop(key, None)
        self.left.add(key)
        return True

    async def enrolment(self, user_id: UUID, course_id: UUID) -> Enrolment | None:
        return self._enrolments().get((user_id, course_id))

    async def enrolment_counts(self, course_ids: Collection[UUID]) -> dict[UUID, int]:
        counts = dict.fromkeys(course_ids, 0)
        for _, course_id in self._enrolments():
            if course_id in counts:
                counts[course_id] += 1
        return counts

    async def enrolled_courses(self, user_id: UUID, page: PageRequest) -> Page[EnrolledCourse]:
        found = []
        for (uid, course_id), enrolment in self._enrolments().items():
            course = self._current(course_id)
            if uid == user_id and course is not None and course.is_published:
                found.append((enrolment, course))
        found.sort(key=lambda p: (-p[0].enrolled_at.timestamp(), str(p[1].id)))
        chunk = found[page.offset:page.offset + page.page_size]
        return Page(items=[EnrolledCourse(enrolment=e, course=self._track(c)) for e, c in chunk],
                    total=len(found), page=page.page, page_size=page.page_size)

    # -- completion --------------------------------------------------------------------------

    def _completions(self) -> dict[Key, Completion]:
        merged = {**self.staged_completions, **self._data.completions}
        return {k: v for k, v in merged.items() if k not in self.unmarked}

    async def mark_complete(self, completion: Completion) -> Completion:
        if completion.item_id not in self._content():
            raise ContentNotFound()
        key = (completion.user_id, completion.item_id)
        existing = self._completions().get(key)
        if existing is not None:
            return existing
        self.unmarked.discard(key)
        self.staged_completions[key] = completion
        self._pending.stored(completion)
        return completion

    async def unmark_complete(self, user_id: UUID, item_id: UUID) -> bool:
        key = (user_id, item_id)
        if key not in self._completions():
            return False
        self.staged_completions.pop(key, None)
        self.unmarked.add(key)
        return True

    async def marked_complete(self, user_id: UUID, item_ids: Collection[UUID]) -> set[UUID]:
        wanted = set(item_ids)
        return {i for (u, i) in self._completions() if u == user_id and i in wanted}

    async def answered_correctly(self, user_id: UUID,
                                 item_ids: Collection[UUID]) -> set[UUID]:
        wanted = set(item_ids)
        return {a.item_id for a in self._attempts()
                if a.user_id == user_id and a.correct and a.item_id in wanted}

    # -- progress ----------------------------------------------------------------------------

    async def live_in_topics(self, topic_ids: Collection[UUID]) -> list[CourseItemFacts]:
        wanted = set(topic_ids)
        items = sorted((i for i in self._content().values()
                        if i.topic_id in wanted and i.live_version is not None),
                       key=lambda i: (str(i.topic_id), i.created_at, str(i.id)))
        facts = await self.item_facts([i.id for i in items])
        return [facts[i.id] for i in items]

    async def live_bodies(self, item_ids: Collection[UUID]) -> dict[UUID, dict[str, Any]]:
        items = self._content()
        found = {}
        for item_id in item_ids:
            live = items[item_id].live if item_id in items else None
            if live is not None:
                found[item_id] = dict(live.body)
        return found

    async def learner_count(self, mentor_id: UUID) -> int:
        return len({user_id for user_id, course_id in self._enrolments()
                    if (c := self._current(course_id)) is not None
                    and c.mentor_id == mentor_id})

    async def practice_due(self, user_id: UUID, limit: int) -> list[PracticeDue]:
        tries: dict[UUID, list[Attempt]] = {}
        for a in self._attempts():
            if a.user_id == user_id:
                tries.setdefault(a.item_id, []).append(a)
        due = [PracticeDue(item_id=item_id, attempts=len(found),
                           last_attempt_at=max(a.created_at for a in found))
               for item_id, found in tries.items() if not any(a.correct for a in found)]
        due.sort(key=lambda d: (-d.last_attempt_at.timestamp(), str(d.item_id)))
        return due[:limit]

    async def learning_totals(self, user_id: UUID) -> LearningTotals:
        mine = [a for a in self._attempts() if a.user_id == user_id]
        return LearningTotals(
            items_marked=sum(1 for u, _ in self._completions() if u == user_id),
            questions_solved=len({a.item_id for a in mine if a.correct}), attempts=len(mine),
            certificates=sum(1 for u, _ in self._certificates() if u == user_id))

    async def enrolled_with_item(self, user_id: UUID, item_id: UUID) -> list[Course]:
        found = []
        for uid, course_id in self._enrolments():
            course = self._current(course_id)
            if (uid == user_id and course is not None and course.is_published
                    and item_id in course.item_ids):
                found.append(self._track(course))
        return found

    def _certificates(self) -> dict[Key, Certificate]:
        return {**self.staged_certificates, **self._data.certificates}  # the stored one wins

    async def issue_certificate(self, certificate: Certificate) -> Certificate:
        assert certificate.course_id is not None
        key = (certificate.user_id, certificate.course_id)
        existing = self._certificates().get(key)
        if existing is not None:
            return existing
        self.staged_certificates[key] = certificate
        self._pending.stored(certificate)
        return certificate

    async def certificate(self, code: str) -> Certificate | None:
        return next((c for c in self._certificates().values() if c.code == code), None)

    async def certificates(self, user_id: UUID,
                           course_ids: Collection[UUID] | None = None) -> list[Certificate]:
        found = [c for c in self._certificates().values() if c.user_id == user_id
                 and (course_ids is None or c.course_id in course_ids)]
        return sorted(found, key=lambda c: (-c.issued_at.timestamp(), str(c.id)))

    async def list(self, query: CourseQuery, page: PageRequest) -> Page[Course]:
        found = [c for c in self._everything()
                 if (query.mentor_id is None or c.mentor_id == query.mentor_id)
                 and (query.status is None or c.status is query.status)
                 and (query.subject_id is None or c.subject_id == query.subject_id)]
        if query.order is CourseOrder.RECENTLY_PUBLISHED:
            found.sort(key=lambda c: (c.published_at is None,
                                      -(c.published_at or c.created_at).timestamp(), str(c.id)))
        else:
            found.sort(key=lambda c: (-c.updated_at.timestamp(), str(c.id)))
        chunk = found[page.offset:page.offset + page.page_size]
        return Page(items=[self._track(c) for c in chunk], total=len(found), page=page.page,
                    page_size=page.page_size)
