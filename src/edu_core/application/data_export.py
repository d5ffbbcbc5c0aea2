"""Export my data: everything the platform stores about the caller, as one JSON document.

The document is produced section by section and, within the long sections, a page at a time
(each page read in its own short transaction), so a long history is never held in memory
whole and the response can be streamed while it is read. Secrets (password hash, second-factor
secret, token digests) are not personal data the person gave and are never exported. The
forum, chat, session and review sections hold what the person wrote or chose and name others by
id only: the other party's chat messages, or a mentor's reply to the person's review, are that
other person's.
"""

import dataclasses
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from functools import partial
from typing import Any, TypeVar
from uuid import UUID

from edu_core.application.actors import Principal
from edu_core.domain.bookings.group import GroupSession
from edu_core.domain.content import ContentItem
from edu_core.domain.identity import User, UserNotFound
from edu_core.domain.pagination import MAX_PAGE_SIZE, Page, PageRequest
from edu_core.ports.clock import Clock
from edu_core.ports.content import ContentQuery
from edu_core.ports.personal_data import PersonalDataReader
from edu_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

EXPORT_FORMAT = "mentora.personal-data/1"
_SECRETS = frozenset({"password_hash", "totp_secret", "totp_last_step", "token_hash",
                      "csrf_token_hash", "events", "version"})

T = TypeVar("T")


def record(value: Any) -> Any:
    """A JSON-ready copy of a domain object: fields by name, secrets left out."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: record(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.name not in _SECRETS and not f.name.startswith("_")}
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, date):  # and datetime, a date too
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): record(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [record(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    return value


def _group_record(group: GroupSession) -> dict[str, Any]:
    return {"id": str(group.id), "title": group.title, "starts_at": record(group.starts_at),
            "ends_at": record(group.ends_at), "status": group.status.value,
            "capacity": group.capacity, "seat_price": group.seat_price,
            "currency": group.currency, "created_at": record(group.created_at)}


def _mapped(found: Page[T], convert: Callable[[T], Any]) -> Page[Any]:
    return Page(items=[convert(group) for group in found.items], total=found.total,
                page=found.page, page_size=found.page_size)


@dataclass(frozen=True, slots=True)
class ExportPart:
    """One piece of the document: a whole section (``many`` False), or the next records of a
    list section (``many`` True; a list section may come in several parts, or none)."""

    section: str
    value: Any
    many: bool = False


class DataExport:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock,
                 reader: PersonalDataReader) -> None:
        self._uow = uow
        self._clock = clock
        self._reader = reader

    async def parts(self, principal: Principal) -> AsyncIterator[ExportPart]:
        user_id = principal.user_id
        async with self._uow() as uow:
            user = await uow.users.get(user_id)
            if user is None:
                raise UserNotFound()
            preferences = await uow.notification_preferences.get(user_id)
            mentor = await uow.mentors.get(user_id)
            availability = await uow.availability.get(user_id)
            certificates = await uow.courses.certificates(user_id)
            progress = await uow.gamification.progress(user_id)
            achievements = await uow.gamification.unlocked(user_id)
            xp_days = await uow.gamification.days(user_id, date.min, date.max)
        yield ExportPart("format", EXPORT_FORMAT)
        yield ExportPart("generated_at", record(self._clock.now()))
        yield ExportPart("account", self._account(user))
        yield ExportPart("notification_preferences", [
            {"kind": kind, "channel": channel.value, "enabled": enabled}
            for (kind, channel), enabled in sorted(preferences.choices.items())])
        yield ExportPart("mentor_profile", record(mentor) if mentor else None)
        yield ExportPart("availability", record(availability) if availability else None)
        yield ExportPart("certificates", [record(c) for c in certificates])
        yield ExportPart("learning_progress", record(progress) if progress else None)
        yield ExportPart("achievements", [record(a) for a in achievements])
        yield ExportPart("xp_days", [record(d) for d in xp_days])

        async def enrolments(uow: UnitOfWork, page: PageRequest) -> Page[Any]:
            found = await uow.courses.enrolled_courses(user_id, page)
            return Page(items=[{"course_id": str(e.course.id), "course_title": e.course.title,
                                "enrolled_at": record(e.enrolment.enrolled_at)}
                               for e in found.items],
                        total=found.total, page=found.page, page_size=found.page_size)

        async def authored(uow: UnitOfWork, page: PageRequest) -> Page[ContentItem]:
            return await uow.content.list(ContentQuery(mentor_id=user_id), page)

        async def notifications(uow: UnitOfWork, page: PageRequest) -> Page[Any]:
            return await uow.notifications.for_user(user_id, page)

        async def audit_about(uow: UnitOfWork, page: PageRequest) -> Page[Any]:
            return await uow.audit.list(page, target_id=str(user_id))

        async def audit_by(uow: UnitOfWork, page: PageRequest) -> Page[Any]:
            return await uow.audit.list(page, actor_id=user_id)

        async def annotations(uow: UnitOfWork, page: PageRequest) -> Page[Any]:
            return await uow.handwritten.annotations_of(user_id, page)

        async def study_time(uow: UnitOfWork, page: PageRequest) -> Page[Any]:
            return await uow.study.days_of(user_id, page)

        async def xp(uow: UnitOfWork, page: PageRequest) -> Page[Any]:
            return await uow.gamification.ledger(user_id, page)

        async def shares(uow: UnitOfWork, page: PageRequest) -> Page[Any]:
            return await uow.handwritten.shares_by(user_id, page)

        async def documents(uow: UnitOfWork, page: PageRequest) -> Page[Any]:
            return await uow.handwritten.documents_of(user_id, page)

        async def my_videos(uow: UnitOfWork, page: PageRequest) -> Page[Any]:
            return await uow.videos.videos_of(user_id, page)

        async def groups_given(uow: UnitOfWork, page: PageRequest) -> Page[Any]:
            found = await uow.group_sessions.of_mentor(user_id, open_after=None, page=page)
            return _mapped(found, lambda g: {**_group_record(g), "seats": [
                record(seat) for seat in g.seats]})

        async def seats_held(uow: UnitOfWork, page: PageRequest) -> Page[Any]:
            # Their own seats only: who else sat in is the others' to export.
            found = await uow.group_sessions.of_student(user_id, page)
            return _mapped(found, lambda g: {**_group_record(g), "mentor_id": str(g.mentor_id),
                                             "my_seats": [record(seat) for seat in g.seats
                                                          if seat.student_id == user_id]})

        for section, read in (("enrolments", enrolments), ("content_authored", authored),
                              ("notifications", notifications),
                              ("audit_entries_about_me", audit_about),
                              ("audit_entries_by_me", audit_by),
                              ("annotations", annotations),
                              ("annotation_shares", shares),
                              ("handwritten_documents", documents),
                              ("videos", my_videos), ("study_time", study_time),
                              ("group_sessions_given", groups_given),
                              ("group_seats", seats_held),
                              ("xp_ledger", xp)):
            async for part in self._pages(section, self._in_uow(read)):
                yield part
        reader = self._reader
        for name, own in (("attempts", reader.attempts), ("completions", reader.completions),
                          ("forum_threads", reader.forum_threads),
                          ("forum_posts", reader.forum_posts),
                          ("forum_votes", reader.forum_votes),
                          ("forum_flags", reader.forum_flags),
                          ("forum_watches", reader.forum_watches),
                          ("chat_messages", reader.chat_messages),
                          ("sessions", reader.sessions), ("reviews", reader.reviews),
                          ("video_uploads", reader.video_uploads),
                          ("video_positions", reader.video_positions),
                          ("video_captions", reader.video_captions)):
            async for part in self._pages(name, partial(own, user_id)):
                yield part

    def _in_uow(self, read: Callable[[UnitOfWork, PageRequest], Awaitable[Page[T]]]
                ) -> Callable[[PageRequest], Awaitable[Page[T]]]:
        async def run(page: PageRequest) -> Page[T]:
            async with self._uow() as uow:
                return await read(uow, page)
        return run

    @staticmethod
    async def _pages(section: str, read: Callable[[PageRequest], Awaitable[Page[Any]]]
                     ) -> AsyncIterator[ExportPart]:
        number = 1
        while True:
            page = await read(PageRequest(number, MAX_PAGE_SIZE))
            yield ExportPart(section, [record(item) for item in page.items], many=True)
            if number * MAX_PAGE_SIZE >= page.total or not page.items:
                return
            number += 1

    @staticmethod
    def _account(user: User) -> dict[str, Any]:
        account: dict[str, Any] = record(user)
        account["two_factor_enabled"] = user.totp_enabled
        account.pop("totp_enabled_at", None)
        return account
