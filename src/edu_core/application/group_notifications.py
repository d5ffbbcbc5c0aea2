"""What a group session's people hear (S40), after each change committed, as for one-to-one
sessions: an in-app notice each (always) and an e-mail each (unless they turned that type
off), in the recipient's own zone.

A student hears of their own seat: taken (with the calendar invitation), given back, the
session called off (with the invitation's cancellation and any refund), and a day and an hour
before. The mentor hears of each seat taken or given back, of the session called off, and the
reminders. A seat is its student's calendar event (``seat_invitation``).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from edu_core.application.booking_notifications import (
    LEAD_WORDS,
    Notice,
    Party,
    SessionMail,
    local_time,
    money,
    party_of,
    store_notices,
)
from edu_core.application.messagebus import Subscription, on
from edu_core.application.notification_preferences import wants
from edu_core.domain.bookings.calendar import seat_invitation
from edu_core.domain.bookings.group import (
    GroupSession,
    GroupSessionCancelled,
    GroupSessionStatus,
    Seat,
    SeatCancelled,
    SeatStatus,
    SeatTaken,
)
from edu_core.domain.bookings.group_reminders import GroupReminderDue
from edu_core.domain.notification_preferences import Channel
from edu_core.ports.clock import Clock
from edu_core.ports.mail import Attachment, InvitationEncoder, Mailer
from edu_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

GroupEvent = SeatTaken | SeatCancelled | GroupSessionCancelled | GroupReminderDue


def group_link(role: str) -> str:
    """Where each side lists its group sessions."""
    return "/mentor/group-sessions" if role == "mentor" else "/group-sessions"


@dataclass(frozen=True, slots=True)
class SeatNotice:
    notice: Notice
    # The recipient's seat whose calendar event the mail carries (None: no invitation).
    seat: Seat | None


@dataclass(frozen=True, slots=True)
class GroupTold:
    event: GroupEvent
    group: GroupSession
    notices: list[SeatNotice]


def _quoted(group: GroupSession) -> str:
    return f"\u201c{group.title}\u201d"


def _called_off_by(event: GroupSessionCancelled, recipient: Party, mentor: Party) -> str:
    if event.by_admin:
        return "Our support team called it off"
    if recipient.role == "mentor":
        return "You called it off"
    return f"{mentor.user.display_name} called it off"


def _notice(event: GroupEvent, group: GroupSession, recipient: Party, mentor: Party,
            seat: Seat | None, student_name: str, told: int) -> Notice:
    """``seat`` is the student recipient's seat (or the seat a mentor hears about, whose
    student is ``student_name``); ``told`` how many seat holders the event concerns."""
    when = local_time(group.starts_at, group.ends_at, recipient.zone)
    title = _quoted(group)
    student = recipient.role == "student"
    other = mentor.user.display_name if student else student_name
    context: dict[str, str | int] = {
        "display_name": recipient.user.display_name, "role": recipient.role,
        "title": group.title, "other_name": other, "when": when, "students": told}
    paid = seat.paid if seat is not None else 0
    if isinstance(event, SeatTaken):
        price = money(paid, group.currency) if paid else "free of charge"
        context |= {"price": price, "seats_left": event.seats_left}
        if student:
            return Notice(recipient, f"Seat in {title} confirmed",
                          f"{when} with {other}. " + (f"Paid: {price}." if paid else
                                                      "Free of charge."),
                          "group_seat_taken", context)
        return Notice(recipient, f"{other} took a seat in {title}",
                      f"{when}. Seats left: {event.seats_left}.", "group_seat_taken", context)
    if isinstance(event, SeatCancelled):
        refund = money(event.refund, group.currency)
        context |= {"refund": refund, "refunded": int(event.refund > 0), "paid": int(paid > 0)}
        if student:
            back = f" {refund} will be refunded." if event.refund else \
                " No refund is due under the cancellation terms." if paid else ""
            return Notice(recipient, f"Seat in {title} given back", f"{when}.{back}",
                          "group_seat_cancelled", context)
        return Notice(recipient, f"{other} gave back a seat in {title}",
                      f"{when}. The seat is free again.", "group_seat_cancelled", context)
    if isinstance(event, GroupSessionCancelled):
        by = _called_off_by(event, recipient, mentor)
        refunded = seat.refunded if seat is not None else 0
        refund = money(refunded, group.currency)
        context |= {"cancelled_by": by, "refund": refund, "refunded": int(refunded > 0)}
        back = (f" {refund} will be refunded." if refunded else "") if student else \
            f" {told} seat holder(s) told."
        return Notice(recipient, f"{title} called off", f"{by}: {when}.{back}",
                      "group_cancelled", context)
    lead = LEAD_WORDS.get(event.lead, "soon")
    context["lead"] = lead
    with_whom = f" with {other}" if student else f". Seats taken: {told} of {group.capacity}"
    return Notice(recipient, f"{title} {lead}", f"{when}{with_whom}.", "group_reminder",
                  context)


def _concerned(event: GroupEvent, group: GroupSession) -> list[Seat]:
    """The seats whose students hear of ``event``."""
    if isinstance(event, SeatTaken | SeatCancelled):
        return [group.seat(event.seat_id)]
    if isinstance(event, GroupSessionCancelled):
        return [seat for seat in group.seats if seat.status is SeatStatus.RELEASED
                and seat.student_id in event.released_students]
    return group.taken  # a reminder: whoever holds a seat now


async def _told(uow: UnitOfWork, event: GroupEvent) -> GroupTold | None:
    """Everyone's notices of ``event``, or None when there is nothing (left) to tell. A
    reminder is told only while the session is scheduled for the start it was set for (its
    schedules are cancelled when it is called off; this is the second line)."""
    group = await uow.group_sessions.get(event.group_session_id)
    if group is None:
        return None
    if isinstance(event, GroupReminderDue) and (
            group.status is not GroupSessionStatus.SCHEDULED
            or group.starts_at != event.starts_at):
        return None
    mentor = await party_of(uow, group.mentor_id, "mentor")
    if mentor is None:
        return None
    seats = _concerned(event, group)
    students = {seat.id: await party_of(uow, seat.student_id, "student") for seat in seats}
    pairs = [(party, seat, party.user.display_name) for seat in seats
             if (party := students[seat.id]) is not None]
    # The mentor hears of one seat (and its student by name), of the others by their number.
    one = isinstance(event, SeatTaken | SeatCancelled) and bool(pairs)
    about, about_seat = (pairs[0][2], pairs[0][1]) if one else ("", None)
    # A reminder changes nothing in the calendar: it carries no invitation.
    inviting = not isinstance(event, GroupReminderDue)
    notices = [SeatNotice(_notice(event, group, party, mentor, seat, name, len(seats)),
                          seat if inviting else None) for party, seat, name in pairs]
    notices.append(SeatNotice(_notice(event, group, mentor, mentor, about_seat, about,
                                      len(seats)), None))
    # An erased account hears nothing more; the others still do.
    return GroupTold(event, group, [n for n in notices
                                    if n.notice.recipient.user.deleted_at is None])


class _GroupHandlers:
    """One handler per kind of event (a delivery is recorded per event and handler), all
    telling the same way."""

    def _subscriptions(self) -> list[Subscription]:
        owner = type(self).__name__  # the concrete group's name, as for any handler
        return [on(SeatTaken, self.seat_taken, name=f"{owner}.seat_taken"),
                on(SeatCancelled, self.seat_cancelled, name=f"{owner}.seat_cancelled"),
                on(GroupSessionCancelled, self.cancelled, name=f"{owner}.cancelled"),
                on(GroupReminderDue, self.reminder, name=f"{owner}.reminder")]

    async def tell(self, event: GroupEvent) -> None:
        raise NotImplementedError

    async def seat_taken(self, event: SeatTaken) -> None:
        await self.tell(event)

    async def seat_cancelled(self, event: SeatCancelled) -> None:
        await self.tell(event)

    async def cancelled(self, event: GroupSessionCancelled) -> None:
        await self.tell(event)

    async def reminder(self, event: GroupReminderDue) -> None:
        await self.tell(event)


class GroupMailHandlers(_GroupHandlers):
    def __init__(self, *, mailer: Mailer, uow: UnitOfWorkFactory, clock: Clock,
                 invitations: InvitationEncoder, web_base_url: str, sender: str) -> None:
        self._uow = uow
        self._mail = SessionMail(mailer=mailer, clock=clock, invitations=invitations,
                                 web_base_url=web_base_url, sender=sender)

    def subscriptions(self) -> Iterable[Subscription]:
        return self._subscriptions()

    async def tell(self, event: GroupEvent) -> None:
        async with self._uow() as uow:
            told = await _told(uow, event)
            if told is None:
                return
            wanted = [n for n in told.notices if await wants(
                uow, n.notice.recipient.user.id, event.name, Channel.EMAIL)]
        for item in wanted:
            link = self._mail.url(group_link(item.notice.recipient.role))
            await self._mail.send(item.notice, link, self._attachments(told.group, item, link))

    def _attachments(self, group: GroupSession, item: SeatNotice,
                     link: str) -> tuple[Attachment, ...]:
        seat = item.seat
        if seat is None:
            return ()
        # The seat as it stands now, not as the event saw it: a confirmation arriving after
        # the seat was given back carries the cancellation, the latest truth.
        mentor = item.notice.context["other_name"]
        return self._mail.attachment(lambda stamp: seat_invitation(
            group, seat, summary=f"{group.title} (group session with {mentor})",
            description=f"Your seat in the group session {_quoted(group)} with {mentor}. "
                        f"Details: {link}", url=link, organizer=self._mail.organizer,
            attendee=self._mail.attendee(item.notice), stamp=stamp))


class GroupInAppHandlers(_GroupHandlers):
    """In-app notices are always on: they are where a session's changes are listed."""

    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def subscriptions(self) -> Iterable[Subscription]:
        return self._subscriptions()

    async def tell(self, event: GroupEvent) -> None:
        async with self._uow() as uow:
            told = await _told(uow, event)
            if told is None:
                return
            await store_notices(uow, event, [(n.notice, group_link(n.notice.recipient.role))
                                             for n in told.notices], self._clock.now())
