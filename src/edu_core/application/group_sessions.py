"""Group sessions (S40): a mentor schedules a session for up to N students inside their
availability; students take a seat, give it back before the start; the mentor calls it off
(every seat released) or completes it after its end. Behind a feature flag.

Seats are free for now: a session with a seat price is refused (``paid_group_sessions_
unavailable``) until seats go through the payment gateway's checkout like one-to-one bookings
(see ADR "Group sessions"). The database decides races: the session's row is locked while a
seat is taken, and the per-person exclusion of ``time_claims`` refuses a student or a mentor
in two places across both kinds of session.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from edu_core.application.actors import Principal
from edu_core.application.bookings import OnlyStudentsBook, require_free_slot
from edu_core.application.messagebus import Subscription, on
from edu_core.domain.bookings import BookingPolicy
from edu_core.domain.bookings.group import (
    AUTO_COMPLETE_AFTER,
    GroupCompletionDue,
    GroupSession,
    GroupSessionNotFound,
    GroupSessionStatus,
    completion_schedule_key,
)
from edu_core.domain.bookings.settlement import SETTLEMENT_GRACE
from edu_core.domain.errors import InvalidInput, NotFound, PermissionDenied
from edu_core.domain.identity import Role, UserStatus
from edu_core.domain.mentors import MentorProfileNotFound
from edu_core.domain.pagination import Page, PageRequest
from edu_core.domain.schedules import Schedule
from edu_core.ports.clock import Clock
from edu_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory


class GroupSessionsDisabled(NotFound):
    code = "group_sessions_disabled"
    default_message = "Group sessions are not offered on this platform."


class PaidGroupSessionsUnavailable(InvalidInput):
    code = "paid_group_sessions_unavailable"
    default_message = "Group sessions are free for now: set the seat price to 0."


class MentorNotVerifiedForGroupSessions(PermissionDenied):
    code = "mentor_not_verified"
    default_message = "Only verified mentors offer group sessions."


@dataclass(frozen=True)
class GroupSessionView:
    """A group session as one caller sees it: the names of the students holding seats only
    for its mentor and administrators."""

    group: GroupSession
    mentor_name: str
    student_names: Mapping[UUID, str] = field(default_factory=dict)


class GroupSessionService:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock, enabled: bool) -> None:
        self._uow = uow
        self._clock = clock
        self._enabled = enabled

    def require_enabled(self) -> None:
        """Every use case asks first; the HTTP layer asks before it reads a request."""
        if not self._enabled:
            raise GroupSessionsDisabled()

    async def schedule(self, principal: Principal, *, title: str, starts_at: datetime,
                       minutes: int, capacity: int, seat_price: int) -> GroupSessionView:
        self.require_enabled()
        if principal.role is not Role.MENTOR:
            raise PermissionDenied("Only mentors schedule group sessions.")
        if seat_price:
            raise PaidGroupSessionsUnavailable(details={"fields": {
                "seat_price": PaidGroupSessionsUnavailable.default_message}})
        now = self._clock.now()
        async with self._uow() as uow:
            profile = await uow.mentors.get(principal.user_id)
            if profile is None:
                raise MentorProfileNotFound()
            if not profile.is_public:  # students could neither find nor join it
                raise MentorNotVerifiedForGroupSessions()
            await require_free_slot(uow, principal.user_id, starts_at=starts_at,
                                    minutes=minutes, now=now)
            policy = await uow.bookings.policy(principal.user_id) or BookingPolicy()
            group = GroupSession.schedule(
                mentor_id=principal.user_id, title=title, starts_at=starts_at,
                minutes=minutes, capacity=capacity, seat_price=seat_price,
                currency=profile.currency, cancellation=policy.cancellation, now=now)
            uow.group_sessions.add(group)
            await uow.schedules.put(Schedule(
                key=completion_schedule_key(group.id),
                event=GroupCompletionDue(occurred_at=now, group_session_id=group.id),
                due_at=group.ends_at + AUTO_COMPLETE_AFTER, grace=SETTLEMENT_GRACE))
            await uow.commit()
            return await self._view(uow, principal, group)

    async def take_seat(self, principal: Principal, group_id: UUID) -> GroupSessionView:
        self.require_enabled()
        if principal.role is not Role.STUDENT:
            raise OnlyStudentsBook()
        async with self._uow() as uow:
            # Locked: seat takers of one session queue here, each seeing the seats left.
            group = await self._visible(uow, principal, group_id, lock=True)
            await _require_bookable(uow, group.mentor_id)
            if group.seat_price:
                raise PaidGroupSessionsUnavailable()
            group.take_seat(principal.user_id, self._clock.now())
            await uow.commit()
            return await self._view(uow, principal, group)

    async def cancel_seat(self, principal: Principal, group_id: UUID) -> GroupSessionView:
        self.require_enabled()
        async with self._uow() as uow:
            group = await self._visible(uow, principal, group_id, lock=True)
            group.cancel_seat(principal.user_id, self._clock.now())
            await uow.commit()
            return await self._view(uow, principal, group)

    async def cancel(self, principal: Principal, group_id: UUID) -> GroupSessionView:
        """Its mentor (before the start) or an admin calls the session off; every seat is
        released."""
        self.require_enabled()
        async with self._uow() as uow:
            group = await self._visible(uow, principal, group_id, lock=True)
            if not principal.is_admin and principal.user_id != group.mentor_id:
                raise PermissionDenied("Only the session's mentor can call it off.")
            group.cancel(self._clock.now(), by_admin=principal.is_admin)
            await uow.schedules.cancel(completion_schedule_key(group.id))
            await uow.commit()
            return await self._view(uow, principal, group)

    async def complete(self, principal: Principal, group_id: UUID) -> GroupSessionView:
        self.require_enabled()
        async with self._uow() as uow:
            group = await self._visible(uow, principal, group_id, lock=True)
            if principal.user_id != group.mentor_id:
                raise PermissionDenied("Only the session's mentor marks it held.")
            group.complete(self._clock.now())
            await uow.schedules.cancel(completion_schedule_key(group.id))
            await uow.commit()
            return await self._view(uow, principal, group)

    async def completion_due(self, event: GroupCompletionDue) -> None:
        """A day after the end, a session its mentor did not mark held completes by itself
        (a session called off, or completed meanwhile, stays as it is)."""
        async with self._uow() as uow:
            group = await uow.group_sessions.get(event.group_session_id, lock=True)
            if group is None or group.status is not GroupSessionStatus.SCHEDULED:
                return
            group.complete(self._clock.now())
            await uow.commit()

    async def get(self, principal: Principal, group_id: UUID) -> GroupSessionView:
        self.require_enabled()
        async with self._uow() as uow:
            return await self._view(uow, principal,
                                    await self._visible(uow, principal, group_id))

    async def open_of_mentor(self, principal: Principal, mentor_id: UUID,
                             page: PageRequest) -> Page[GroupSessionView]:
        """A mentor's group sessions that students may still join, soonest first."""
        self.require_enabled()
        async with self._uow() as uow:
            await _require_bookable(uow, mentor_id)
            found = await uow.group_sessions.of_mentor(mentor_id, open_after=self._clock.now(),
                                                       page=page)
            return await self._views(uow, principal, found)

    async def mine(self, principal: Principal, page: PageRequest) -> Page[GroupSessionView]:
        """A mentor's own group sessions, or those a student took a seat in."""
        self.require_enabled()
        async with self._uow() as uow:
            if principal.role is Role.MENTOR:
                found = await uow.group_sessions.of_mentor(principal.user_id, open_after=None,
                                                           page=page)
            else:
                found = await uow.group_sessions.of_student(principal.user_id, page)
            return await self._views(uow, principal, found)

    @staticmethod
    async def _visible(uow: UnitOfWork, principal: Principal, group_id: UUID, *,
                       lock: bool = False) -> GroupSession:
        """Its mentor and admins see it; a student while it is open to seats, or when they
        took one. Nobody else learns it exists."""
        group = await uow.group_sessions.get(group_id, lock=lock)
        if group is None or not (
                principal.is_admin or principal.user_id == group.mentor_id
                or (principal.role is Role.STUDENT and (
                    group.status is GroupSessionStatus.SCHEDULED
                    or any(seat.student_id == principal.user_id for seat in group.seats)))):
            raise GroupSessionNotFound()
        return group

    @staticmethod
    async def _views(uow: UnitOfWork, principal: Principal,
                     found: Page[GroupSession]) -> Page[GroupSessionView]:
        # The page's people in one read.
        wanted = {person for group in found.items for person in _shown(principal, group)}
        people = {uid: user.display_name
                  for uid, user in (await uow.users.get_many(wanted)).items()}
        return Page(items=[_view_of(principal, group, people) for group in found.items],
                    total=found.total, page=found.page, page_size=found.page_size)

    @classmethod
    async def _view(cls, uow: UnitOfWork, principal: Principal,
                    group: GroupSession) -> GroupSessionView:
        [view] = (await cls._views(uow, principal, Page(items=[group], total=1, page=1,
                                                        page_size=1))).items
        return view


async def _require_bookable(uow: UnitOfWork, mentor_id: UUID) -> None:
    """Like a one-to-one booking: a mentor who is not (or no longer) verified and active takes
    no students."""
    profile = await uow.mentors.get(mentor_id)
    mentor = await uow.users.get(mentor_id)
    if profile is None or mentor is None or not profile.is_public or \
            mentor.status is not UserStatus.ACTIVE:
        raise MentorProfileNotFound()


def _shown(principal: Principal, group: GroupSession) -> set[UUID]:
    """Whose names the caller sees: the mentor's, and the seat holders' for insiders."""
    if principal.is_admin or principal.user_id == group.mentor_id:
        return {group.mentor_id, *(seat.student_id for seat in group.taken)}
    return {group.mentor_id}


def _view_of(principal: Principal, group: GroupSession,
             people: Mapping[UUID, str]) -> GroupSessionView:
    return GroupSessionView(
        group=group, mentor_name=people.get(group.mentor_id, ""),
        student_names={uid: people[uid] for uid in _shown(principal, group) - {group.mentor_id}
                       if uid in people})


class GroupSessionTimers:
    """The handler of the group sessions' durable schedule."""

    def __init__(self, group_sessions: GroupSessionService) -> None:
        self._group_sessions = group_sessions

    def subscriptions(self) -> list[Subscription]:
        return [on(GroupCompletionDue, self.completion_due)]

    async def completion_due(self, event: GroupCompletionDue) -> None:
        await self._group_sessions.completion_due(event)
