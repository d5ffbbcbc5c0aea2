"""Group sessions (S40): a mentor's session for up to N students, each on a seat of their own.

Behind ``EDU_FEATURE_GROUP_SESSIONS``: off, every route answers 404 ``group_sessions_disabled``
to the callers its policy admits (before reading the request), and stays documented.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal
from uuid import UUID

import msgspec
from litestar import Controller, get, post
from litestar.connection import ASGIConnection
from litestar.di import NamedDependency, Provide
from litestar.handlers.base import BaseRouteHandler
from litestar.params import FromPath, JSONBody
from msgspec import Meta

from adapters.http.access import OPTIONAL_SIGN_IN, policy, provide_principal, provide_viewer
from adapters.http.dependencies import provide_group_sessions
from adapters.http.errors import error_responses
from adapters.http.pagination import PageOut
from edu_core.application.actors import Principal
from edu_core.application.group_sessions import GroupSessionService, GroupSessionView
from edu_core.domain.bookings.group import MAX_CAPACITY, MAX_TITLE, MIN_CAPACITY, SeatStatus
from edu_core.domain.identity import Role
from edu_core.domain.pagination import PageRequest

Instant = Annotated[datetime, Meta(tz=True, description="An instant with its UTC offset.",
                                   examples=["2026-03-04T09:00:00+01:00"])]


async def _offered(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    service: GroupSessionService = connection.app.state.container.group_sessions()
    service.require_enabled()


def _gated(access: Role | Iterable[Role] | None) -> dict[str, Any]:
    """The route's access policy (None: anyone, signed in or not), then the feature flag: a
    caller the policy refuses learns nothing about the flag."""
    route = OPTIONAL_SIGN_IN if access is None else policy(access)
    return {**route, "guards": [*route.get("guards", []), _offered]}


class ScheduleIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {"title": "Energy conservation: exam practice",
                                         "starts_at": "2027-01-13T17:00:00+01:00",
                                         "minutes": 60, "capacity": 6, "seat_price": 0}

    title: Annotated[str, Meta(min_length=1, max_length=MAX_TITLE,
                               description="What the session is about.")]
    starts_at: Instant
    minutes: Annotated[int, Meta(ge=15, le=240, description="One of the mentor's lengths.")]
    capacity: Annotated[int, Meta(ge=MIN_CAPACITY, le=MAX_CAPACITY,
                                  description="How many students may take a seat.")]
    seat_price: Annotated[int, Meta(ge=0, description=(
        "Per seat, in minor units of the mentor's currency (0: free seats). A price above "
        "what an hourly rate may be is a 422 `invalid_group_session`; a paid seat is held "
        "while its student pays at the gateway's checkout."))] = 0


class SeatOut(msgspec.Struct):
    student_id: UUID
    student_name: str
    taken_at: datetime


class GroupSessionOut(msgspec.Struct):
    id: UUID
    mentor_id: UUID
    mentor_name: str
    title: str
    starts_at: datetime
    ends_at: datetime
    minutes: int
    status: Literal["scheduled", "completed", "cancelled"]
    capacity: int
    seats_left: int
    seat_price: int
    currency: str
    free_cancellation_until: Annotated[datetime, Meta(description=(
        "A seat given back later counts as a late cancellation."))]
    my_seat: Annotated[Literal["held", "expired", "taken", "cancelled", "released"] | None,
                       Meta(description=(
                           "The caller's latest seat in it (null: none). `held`: a paid seat "
                           "waiting for its payment until `hold_expires_at`; `expired`: it "
                           "was never paid."))]
    seats: Annotated[list[SeatOut], Meta(description=(
        "The taken seats, for the session's mentor and administrators (empty for students)."))]
    hold_expires_at: Annotated[datetime | None, Meta(description=(
        "While the caller's seat is held: when it is freed unless paid."))] = None
    checkout_url: Annotated[str | None, Meta(description=(
        "Where the caller pays for their held seat: in the answer that took (or took again) "
        "the seat only; taking it again while held opens the same checkout."))] = None
    my_seat_paid: Annotated[int, Meta(description=(
        "What the caller paid for their latest seat (minor units)."))] = 0
    my_seat_refunded: Annotated[int, Meta(description=(
        "What of it went back to them (minor units)."))] = 0

    @classmethod
    def of(cls, view: GroupSessionView, principal: Principal | None) -> "GroupSessionOut":
        group = view.group
        mine = [seat for seat in group.seats
                if principal is not None and seat.student_id == principal.user_id]
        latest = mine[-1] if mine else None
        return cls(id=group.id, mentor_id=group.mentor_id, mentor_name=view.mentor_name,
                   title=group.title, starts_at=group.starts_at, ends_at=group.ends_at,
                   minutes=group.minutes, status=group.status.value, capacity=group.capacity,
                   seats_left=group.seats_left, seat_price=group.seat_price,
                   currency=group.currency,
                   free_cancellation_until=group.cancellation.free_until(group.starts_at),
                   my_seat=latest.status.value if latest else None,
                   seats=[SeatOut(student_id=seat.student_id,
                                  student_name=view.student_names[seat.student_id],
                                  taken_at=seat.taken_at)
                          for seat in group.taken if seat.student_id in view.student_names],
                   hold_expires_at=latest.hold_expires_at if latest and
                   latest.status is SeatStatus.HELD else None,
                   checkout_url=view.checkout_url,
                   my_seat_paid=latest.paid if latest else 0,
                   my_seat_refunded=latest.refunded if latest else 0)


class GroupSessionPage(PageOut[GroupSessionOut]):
    items: list[GroupSessionOut]


class GroupSessionsController(Controller):
    path = "/api/v1"
    tags = ["Group sessions"]
    dependencies = {"group_sessions": Provide(provide_group_sessions, sync_to_thread=False),
                    "principal": Provide(provide_principal),
                    "viewer": Provide(provide_viewer)}

    @post("/group-sessions", operation_id="scheduleGroupSession", status_code=201,
          summary="Schedule a group session in one of my free slots",
          description="The range must be one of the mentor's free slots of that length; it "
                      "then takes the mentor's time like a one-to-one session (a slot taken "
                      "meanwhile is a 409 `slot_taken`). The cancellation terms in force are "
                      "copied onto it.",
          responses=error_responses(401, 403, 404, 409, 422), **_gated(Role.MENTOR))
    async def schedule(self, group_sessions: NamedDependency[GroupSessionService],
                       principal: NamedDependency[Principal],
                       data: JSONBody[ScheduleIn]) -> GroupSessionOut:
        view = await group_sessions.schedule(
            principal, title=data.title, starts_at=data.starts_at, minutes=data.minutes,
            capacity=data.capacity, seat_price=data.seat_price)
        return GroupSessionOut.of(view, principal)

    @get("/group-sessions", operation_id="listMyGroupSessions",
         summary="My group sessions: a mentor's own, or those a student took a seat in",
         description="Soonest first, past ones included.",
         responses=error_responses(401, 403, 404, 422), **_gated({Role.STUDENT, Role.MENTOR}))
    async def mine(self, group_sessions: NamedDependency[GroupSessionService],
                   principal: NamedDependency[Principal],
                   paging: NamedDependency[PageRequest]) -> GroupSessionPage:
        found = await group_sessions.mine(principal, paging)
        return GroupSessionPage.of(found, lambda view: GroupSessionOut.of(view, principal))

    @get("/mentors/{mentor_id:uuid}/group-sessions", operation_id="listMentorGroupSessions",
         summary="A mentor's group sessions that are still open to seats",
         description="Scheduled and not yet begun, soonest first (full ones included: "
                     "`seats_left` is 0). Public: a visitor sees the sessions without any "
                     "seat of theirs (`my_seat` null) and nobody's name but the mentor's.",
         responses=error_responses(401, 404, 422, 429), **_gated(None))
    async def of_mentor(self, group_sessions: NamedDependency[GroupSessionService],
                        viewer: NamedDependency[Principal | None],
                        paging: NamedDependency[PageRequest],
                        mentor_id: FromPath[UUID]) -> GroupSessionPage:
        found = await group_sessions.open_of_mentor(viewer, mentor_id, paging)
        return GroupSessionPage.of(found, lambda view: GroupSessionOut.of(view, viewer))

    @get("/group-sessions/{group_id:uuid}", operation_id="getGroupSession",
         summary="One group session",
         description="Its mentor and administrators see it always, with its seats; a "
                     "student while it is scheduled, or when they took a seat in it.",
         responses=error_responses(401, 404), **_gated({Role.STUDENT, Role.MENTOR, Role.ADMIN}))
    async def get_one(self, group_sessions: NamedDependency[GroupSessionService],
                      principal: NamedDependency[Principal],
                      group_id: FromPath[UUID]) -> GroupSessionOut:
        return GroupSessionOut.of(await group_sessions.get(principal, group_id), principal)

    @post("/group-sessions/{group_id:uuid}/seat", operation_id="takeGroupSessionSeat",
          status_code=201, summary="Take a seat in a group session",
          description="One seat per student, until the start. A free seat is taken at once; "
                      "a paid one is `held` (it counts against the capacity) until it is "
                      "paid at `checkout_url`, or freed at `hold_expires_at`. Taking it "
                      "again while held answers the same checkout. A full session is a 409 "
                      "`group_session_full`; a student with another session at that time a "
                      "409 `student_busy`; a gateway that cannot be reached a 503 "
                      "`payments_unavailable` (the seat is freed).",
          responses=error_responses(401, 403, 404, 409, 422, 503), **_gated(Role.STUDENT))
    async def take_seat(self, group_sessions: NamedDependency[GroupSessionService],
                        principal: NamedDependency[Principal],
                        group_id: FromPath[UUID]) -> GroupSessionOut:
        return GroupSessionOut.of(await group_sessions.take_seat(principal, group_id),
                                  principal)

    @post("/group-sessions/{group_id:uuid}/seat/cancel", operation_id="cancelGroupSessionSeat",
          status_code=200, summary="Give my seat back (until the start)",
          description="The seat is free for someone else at once. A paid seat is refunded "
                      "in full until `free_cancellation_until`, later by the late share of "
                      "the cancellation terms copied on the session; a held seat not yet "
                      "paid simply ends.",
          responses=error_responses(401, 403, 404, 409), **_gated(Role.STUDENT))
    async def cancel_seat(self, group_sessions: NamedDependency[GroupSessionService],
                          principal: NamedDependency[Principal],
                          group_id: FromPath[UUID]) -> GroupSessionOut:
        return GroupSessionOut.of(await group_sessions.cancel_seat(principal, group_id),
                                  principal)

    @post("/group-sessions/{group_id:uuid}/cancel", operation_id="cancelGroupSession",
          status_code=200, summary="Call a group session off (its mentor, or an admin)",
          description="Every taken seat is released and each paid one refunded in full; "
                      "held seats end. A mentor may until the start, an administrator until "
                      "it is completed.",
          responses=error_responses(401, 403, 404, 409),
          **_gated({Role.MENTOR, Role.ADMIN}))
    async def cancel(self, group_sessions: NamedDependency[GroupSessionService],
                     principal: NamedDependency[Principal],
                     group_id: FromPath[UUID]) -> GroupSessionOut:
        return GroupSessionOut.of(await group_sessions.cancel(principal, group_id), principal)

    @post("/group-sessions/{group_id:uuid}/complete", operation_id="completeGroupSession",
          status_code=200, summary="Mark a group session as held (its mentor, after its end)",
          responses=error_responses(401, 403, 404, 409), **_gated(Role.MENTOR))
    async def complete(self, group_sessions: NamedDependency[GroupSessionService],
                       principal: NamedDependency[Principal],
                       group_id: FromPath[UUID]) -> GroupSessionOut:
        return GroupSessionOut.of(await group_sessions.complete(principal, group_id), principal)
