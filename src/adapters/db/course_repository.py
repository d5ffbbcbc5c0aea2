"""Postgres repository of courses (row + ordered item rows, optimistic version), learners'
enrolments and completion marks, and the read of content facts a course needs."""

from collections.abc import Collection
from typing import Any
from uuid import UUID

from asyncpg.exceptions import ForeignKeyViolationError
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import IntegrityError

from adapters.db.connections import Session
from adapters.db.results import rowcount
from adapters.db.tables import (
    content_attempts,
    content_completions,
    content_items,
    content_versions,
    course_certificates,
    course_enrolments,
    course_items,
    courses,
)
from adapters.pending_events import PendingEvents
from edu_core.domain.content import ContentNotFound, ContentStatus
from edu_core.domain.courses import (
    Certificate,
    Completion,
    Course,
    CourseItemFacts,
    CourseItemNotOwned,
    CourseNotFound,
    CourseStatus,
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

_COLUMNS = ("id", "mentor_id", "subject_id", "title", "description", "created_at",
            "updated_at", "published_at", "version")


_CERTIFICATE_COLUMNS = ("id", "code", "user_id", "course_id", "learner_name", "course_title",
                        "mentor_name", "issued_at")


def _facts(r: Any) -> CourseItemFacts:
    return CourseItemFacts(
        item_id=r.id, mentor_id=r.mentor_id, topic_id=r.topic_id, kind=r.kind,
        status=ContentStatus(r.status), title=r.title, live_version=r.live_version,
        live_title=r.live_title)


def _foreign_key_violation(exc: IntegrityError) -> str | None:
    """The name of the foreign key a statement broke, if that is what failed."""
    cause = getattr(exc.orig, "__cause__", None)
    if isinstance(cause, ForeignKeyViolationError):
        return str(cause.constraint_name)
    return None


class PostgresCourseRepository:
    def __init__(self, session: Session, events: PendingEvents) -> None:
        self._s = session
        self._pending = events
        # course id -> (version when loaded, item ids as stored)
        self._loaded: dict[UUID, tuple[int, list[UUID]]] = {}

    async def _hydrate(self, rows: list[Any]) -> list[Course]:
        ids = [r["id"] for r in rows]
        items: dict[UUID, list[UUID]] = {i: [] for i in ids}
        if ids:
            for row in (await self._s.execute(
                    select(course_items.c.course_id, course_items.c.item_id)
                    .where(course_items.c.course_id.in_(ids))
                    .order_by(course_items.c.course_id, course_items.c.position))):
                items[row.course_id].append(row.item_id)
        found = []
        for r in rows:
            course = Course(**{c: r[c] for c in _COLUMNS}, status=CourseStatus(r["status"]),
                            item_ids=items[r["id"]])
            self._loaded[course.id] = (course.version, list(course.item_ids))
            found.append(course)
        return found

    async def get(self, course_id: UUID) -> Course | None:
        rows = list((await self._s.execute(
            select(courses).where(courses.c.id == course_id))).mappings())
        found = await self._hydrate(rows)
        return found[0] if found else None

    async def save(self, course: Course) -> None:
        values = {c: getattr(course, c) for c in _COLUMNS}
        values["status"] = course.status.value
        stored_items: list[UUID] | None = None
        try:
            async with self._s.begin_nested():
                if course.id in self._loaded:
                    expected, stored_items = self._loaded[course.id]
                    values["version"] = expected + 1
                    result = await self._s.execute(
                        update(courses)
                        .where(courses.c.id == course.id, courses.c.version == expected)
                        .values(**values))
                    if rowcount(result) != 1:
                        raise ConcurrentModification()
                else:
                    await self._s.execute(insert(courses).values(**values))
                if stored_items != course.item_ids:
                    await self._s.execute(
                        delete(course_items).where(course_items.c.course_id == course.id))
                    if course.item_ids:
                        await self._s.execute(insert(course_items), [
                            {"course_id": course.id, "item_id": item_id, "position": n}
                            for n, item_id in enumerate(course.item_ids)])
        except IntegrityError as exc:
            broken = _foreign_key_violation(exc)
            if broken == "fk_courses_subject_id_subjects":
                raise UnknownSubject(details={"fields": {
                    "subject_id": UnknownSubject.default_message}}) from exc
            if broken == "fk_course_items_item_id_content_items":
                raise CourseItemNotOwned(details={"fields": {
                    "item_ids": CourseItemNotOwned.default_message}}) from exc
            raise
        course.version = values["version"]
        self._loaded[course.id] = (course.version, list(course.item_ids))

    async def delete(self, course: Course) -> None:
        expected = self._loaded.get(course.id, (course.version, []))[0]
        result = await self._s.execute(
            delete(courses).where(courses.c.id == course.id, courses.c.version == expected))
        if rowcount(result) != 1:
            raise ConcurrentModification()
        self._loaded.pop(course.id, None)

    async def item_facts(self, item_ids: Collection[UUID]) -> dict[UUID, CourseItemFacts]:
        if not item_ids:
            return {}
        rows = await self._s.execute(
            self._facts_query().where(content_items.c.id.in_(list(item_ids))))
        return {r.id: _facts(r) for r in rows}

    async def enrol(self, enrolment: Enrolment) -> Enrolment:
        try:
            async with self._s.begin_nested():
                # ON CONFLICT: a second click waits for the first and then changes nothing.
                inserted = (await self._s.execute(
                    pg_insert(course_enrolments)
                    .values(user_id=enrolment.user_id, course_id=enrolment.course_id,
                            enrolled_at=enrolment.enrolled_at)
                    .on_conflict_do_nothing()
                    .returning(course_enrolments.c.user_id))).first()
        except IntegrityError as exc:
            if _foreign_key_violation(exc):
                raise CourseNotFound() from exc
            raise
        if inserted is not None:
            self._pending.stored(enrolment)
        stored = await self.enrolment(enrolment.user_id, enrolment.course_id)
        assert stored is not None
        return stored

    async def leave(self, user_id: UUID, course_id: UUID) -> bool:
        result = await self._s.execute(delete(course_enrolments).where(
            course_enrolments.c.user_id == user_id, course_enrolments.c.course_id == course_id))
        return bool(rowcount(result))

    async def enrolment(self, user_id: UUID, course_id: UUID) -> Enrolment | None:
        row = (await self._s.execute(select(course_enrolments).where(
            course_enrolments.c.user_id == user_id,
            course_enrolments.c.course_id == course_id))).mappings().first()
        return Enrolment(**row) if row is not None else None

    async def enrolment_counts(self, course_ids: Collection[UUID]) -> dict[UUID, int]:
        counts = dict.fromkeys(course_ids, 0)
        if counts:
            e = course_enrolments.c
            rows = await self._s.execute(
                select(e.course_id, func.count()).where(e.course_id.in_(counts))
                .group_by(e.course_id))
            # Not dict(result): a Result has keys() (its column names), so dict() would read
            # it as a mapping.
            counts.update((course_id, count) for course_id, count in rows)
        return counts

    async def enrolled_courses(self, user_id: UUID, page: PageRequest) -> Page[EnrolledCourse]:
        e = course_enrolments.c
        where = [e.user_id == user_id, courses.c.status == CourseStatus.PUBLISHED.value]
        joined = course_enrolments.join(courses, courses.c.id == e.course_id)
        total = (await self._s.execute(
            select(func.count()).select_from(joined).where(*where))).scalar_one()
        rows = list((await self._s.execute(
            select(courses, e.enrolled_at).select_from(joined).where(*where)
            .order_by(e.enrolled_at.desc(), courses.c.id)
            .offset(page.offset).limit(page.page_size))).mappings())
        found = await self._hydrate(rows)
        return Page(items=[EnrolledCourse(
            enrolment=Enrolment(user_id=user_id, course_id=course.id,
                                enrolled_at=row["enrolled_at"]), course=course)
            for row, course in zip(rows, found, strict=True)],
            total=total, page=page.page, page_size=page.page_size)

    async def mark_complete(self, completion: Completion) -> Completion:
        try:
            async with self._s.begin_nested():
                inserted = (await self._s.execute(
                    pg_insert(content_completions)
                    .values(user_id=completion.user_id, item_id=completion.item_id,
                            completed_at=completion.completed_at)
                    .on_conflict_do_nothing()
                    .returning(content_completions.c.user_id))).first()
        except IntegrityError as exc:
            if _foreign_key_violation(exc):
                raise ContentNotFound() from exc
            raise
        if inserted is not None:
            self._pending.stored(completion)
        row = (await self._s.execute(select(content_completions).where(
            content_completions.c.user_id == completion.user_id,
            content_completions.c.item_id == completion.item_id))).mappings().one()
        return Completion(**row)

    async def unmark_complete(self, user_id: UUID, item_id: UUID) -> bool:
        result = await self._s.execute(delete(content_completions).where(
            content_completions.c.user_id == user_id, content_completions.c.item_id == item_id))
        return bool(rowcount(result))

    async def marked_complete(self, user_id: UUID, item_ids: Collection[UUID]) -> set[UUID]:
        if not item_ids:
            return set()
        rows = await self._s.execute(select(content_completions.c.item_id).where(
            content_completions.c.user_id == user_id,
            content_completions.c.item_id.in_(list(item_ids))))
        return set(rows.scalars())

    async def answered_correctly(self, user_id: UUID,
                                 item_ids: Collection[UUID]) -> set[UUID]:
        if not item_ids:
            return set()
        a = content_attempts.c
        rows = await self._s.execute(select(a.item_id).distinct().where(
            a.user_id == user_id, a.item_id.in_(list(item_ids)), a.correct.is_(True)))
        return set(rows.scalars())

    def _facts_query(self) -> Any:
        latest, live = content_versions.alias("latest"), content_versions.alias("live")
        c = content_items.c
        return (select(c.id, c.mentor_id, c.topic_id, c.kind, c.status, c.live_version,
                       latest.c.title.label("title"), live.c.title.label("live_title"))
                .join(latest, (latest.c.item_id == c.id)
                      & (latest.c.number == c.latest_version))
                .outerjoin(live, (live.c.item_id == c.id) & (live.c.number == c.live_version)))

    async def live_in_topics(self, topic_ids: Collection[UUID]) -> list[CourseItemFacts]:
        if not topic_ids:
            return []
        c = content_items.c
        rows = await self._s.execute(
            self._facts_query()
            .where(c.topic_id.in_(list(topic_ids)), c.live_version.is_not(None))
            .order_by(c.topic_id, c.created_at, c.id))
        return [_facts(r) for r in rows]

    async def live_bodies(self, item_ids: Collection[UUID]) -> dict[UUID, dict[str, Any]]:
        if not item_ids:
            return {}
        c, v = content_items.c, content_versions.c
        rows = await self._s.execute(
            select(c.id, v.body).join(content_versions, (v.item_id == c.id)
                                      & (v.number == c.live_version))
            .where(c.id.in_(list(item_ids))))
        return {r.id: dict(r.body) for r in rows}

    async def learner_count(self, mentor_id: UUID) -> int:
        e = course_enrolments.c
        return int((await self._s.execute(
            select(func.count(e.user_id.distinct()))
            .select_from(course_enrolments.join(courses, courses.c.id == e.course_id))
            .where(courses.c.mentor_id == mentor_id))).scalar_one())

    async def practice_due(self, user_id: UUID, limit: int) -> list[PracticeDue]:
        a = content_attempts.c
        rows = await self._s.execute(
            select(a.item_id, func.count().label("attempts"),
                   func.max(a.created_at).label("last"))
            .where(a.user_id == user_id)
            .group_by(a.item_id)
            .having(func.bool_or(a.correct).is_(False))
            .order_by(func.max(a.created_at).desc(), a.item_id)
            .limit(limit))
        return [PracticeDue(item_id=r.item_id, attempts=r.attempts, last_attempt_at=r.last)
                for r in rows]

    async def learning_totals(self, user_id: UUID) -> LearningTotals:
        a = content_attempts.c
        marked = (await self._s.execute(select(func.count()).where(
            content_completions.c.user_id == user_id))).scalar_one()
        attempts, solved = (await self._s.execute(
            select(func.count(), func.count(a.item_id.distinct()).filter(a.correct))
            .where(a.user_id == user_id))).one()
        certificates = (await self._s.execute(select(func.count()).where(
            course_certificates.c.user_id == user_id))).scalar_one()
        return LearningTotals(items_marked=marked, questions_solved=solved, attempts=attempts,
                              certificates=certificates)

    async def enrolled_with_item(self, user_id: UUID, item_id: UUID) -> list[Course]:
        e, i = course_enrolments.c, course_items.c
        rows = list((await self._s.execute(
            select(courses)
            .join(course_enrolments, (e.course_id == courses.c.id) & (e.user_id == user_id))
            .join(course_items, (i.course_id == courses.c.id) & (i.item_id == item_id))
            .where(courses.c.status == CourseStatus.PUBLISHED.value))).mappings())
        return await self._hydrate(rows)

    async def issue_certificate(self, certificate: Certificate) -> Certificate:
        values = {f: getattr(certificate, f) for f in _CERTIFICATE_COLUMNS}
        # ON CONFLICT: a second completion (or a race) keeps the first certificate.
        inserted = (await self._s.execute(
            pg_insert(course_certificates).values(**values).on_conflict_do_nothing()
            .returning(course_certificates.c.id))).first()
        if inserted is not None:
            self._pending.stored(certificate)
        row = (await self._s.execute(select(course_certificates).where(
            course_certificates.c.user_id == certificate.user_id,
            course_certificates.c.course_id == certificate.course_id))).mappings().one()
        return Certificate(**row)

    async def certificate(self, code: str) -> Certificate | None:
        row = (await self._s.execute(select(course_certificates).where(
            course_certificates.c.code == code))).mappings().first()
        return Certificate(**row) if row is not None else None

    async def certificates(self, user_id: UUID,
                           course_ids: Collection[UUID] | None = None) -> list[Certificate]:
        k = course_certificates.c
        query = select(course_certificates).where(k.user_id == user_id)
        if course_ids is not None:
            query = query.where(k.course_id.in_(list(course_ids)))
        rows = await self._s.execute(query.order_by(k.issued_at.desc(), k.id))
        return [Certificate(**r) for r in rows.mappings()]

    async def list(self, query: CourseQuery, page: PageRequest) -> Page[Course]:
        c = courses.c
        where: list[Any] = []
        if query.mentor_id is not None:
            where.append(c.mentor_id == query.mentor_id)
        if query.status is not None:
            where.append(c.status == query.status.value)
        if query.subject_id is not None:
            where.append(c.subject_id == query.subject_id)
        order: list[Any]
        if query.order is CourseOrder.RECENTLY_PUBLISHED:
            order = [c.published_at.desc().nulls_last(), c.id]
        else:
            order = [c.updated_at.desc(), c.id]
        total = (await self._s.execute(
            select(func.count()).select_from(courses).where(*where))).scalar_one()
        rows = list((await self._s.execute(
            select(courses).where(*where).order_by(*order)
            .offset(page.offset).limit(page.page_size))).mappings())
        return Page(items=await self._hydrate(rows), total=total, page=page.page,
                    page_size=page.page_size)
