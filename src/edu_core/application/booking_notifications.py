"""What the student and the mentor hear about their session (S24), after the change committed:
an in-app notice each (always) and an e-mail each (unless they turned that type off), with
the session's time in the recipient's own zone. Confirmation, reschedule and cancellation
mails carry the calendar invitation; reminders come a day and an hour before the start.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from email.utils import parseaddr
from uuid import UUID, uuid5
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from edu_core.application.messagebus import Subscription, on
from edu_core.application.notification_preferences import wants
from edu_core.domain.bookings import (
    CancelledBy,
    MentoringSession,
    SessionCancelled,
    SessionConfirmed,
    SessionRescheduled,
    SessionStatus,
)
from edu_core.domain.bookings.calendar import Invitation, Mailbox, invitation
from edu_core.domain.bookings.reminders import SessionReminderDue
from edu_core.domain.bookings.session import LatePaymentRefunded
from edu_core.domain.events import DomainEvent
from edu_core.domain.identity import User
from edu_core.domain.money import minor_digits
from edu_core.domain.notification_preferences import Channel
from edu_core.domain.notifications import Notification
from edu_core.ports.clock import Clock
from edu_core.ports.mail import Attachment, InvitationEncoder, Mailer, MailRequest
from edu_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

BookingEvent = (SessionConfirmed | SessionRescheduled | SessionCancelled | SessionReminderDue
                | LatePaymentRefunded)
# Events whose mail carries the calendar invitation: they create, move or remove the event.
INVITING = (SessionConfirmed, SessionRescheduled, SessionCancelled)
LEAD_WORDS = {"24h": "tomorrow", "1h": "in one hour"}


def session_link(session_id: object) -> str:
    return f"/sessions/{session_id}"


def zone_of(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_time(starts_at: datetime, ends_at: datetime, zone: ZoneInfo) -> str:
    """``Wednesday 4 March 2026, 09:00-10:00 Europe/Berlin (CET)`` (with an en dash): the
    zone's abbreviation tells which side of a daylight-saving change the date falls on."""
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    abbreviation = start.tzname() or ""
    named = f"{zone.key} ({abbreviation})" if abbreviation and abbreviation != zone.key \
        and not abbreviation.startswith(("+", "-")) else f"{zone.key} (UTC{start:%z})"
    return f"{start:%A} {start.day} {start:%B %Y}, {start:%H:%M}\u2013{end:%H:%M} {named}"


def money(amount: int, currency: str) -> str:
    digits = minor_digits(currency)
    return f"{Decimal(amount).scaleb(-digits):.{digits}f} {currency}"


@dataclass(frozen=True, slots=True)
class Party:
    user: User
    role: str  # "student" | "mentor"
    zone: ZoneInfo


@dataclass(frozen=True, slots=True)
class Notice:
    """One party's part of an event: the in-app text and the mail's template and values."""

    recipient: Party
    title: str
    body: str
    template: str
    context: dict[str, str | int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Told:
    event: BookingEvent
    session: MentoringSession
    notices: list[Notice]


async def party_of(uow: UnitOfWork, user_id: UUID, role: str) -> Party | None:
    """A session's party with the zone its mails speak in (None: no such user)."""
    user = await uow.users.get(user_id)
    if user is None:
        return None
    zone = user.timezone
    if role == "mentor":
        # A mentor's sessions are laid out in the zone of their profile (their availability
        # and week calendar), so their mails say the same times they see there.
        profile = await uow.mentors.get(user_id)
        zone = profile.timezone if profile is not None else user.timezone
    return Party(user, role, zone_of(zone))


def organizer_of(sender: str) -> Mailbox:
    """The platform as the invitations' organizer: neither party learns the other's
    address."""
    name, address = parseaddr(sender)
    return Mailbox(name or "Mentora", address)


async def _parties(uow: UnitOfWork, session: MentoringSession) -> tuple[Party, Party] | None:
    student = await party_of(uow, session.student_id, "student")
    mentor = await party_of(uow, session.mentor_id, "mentor")
    if student is None or mentor is None:
        return None
    return student, mentor


def _cancelled_by(event: SessionCancelled, recipient: Party, other: Party) -> str:
    if event.cancelled_by is CancelledBy.ADMIN:
        return "Our support team cancelled it"
    if event.cancelled_by.value == recipient.role:
        return "You cancelled it"
    return f"{other.user.display_name} cancelled it"


def _notice(event: BookingEvent, session: MentoringSession, recipient: Party,
            other: Party) -> Notice:
    who = other.user.display_name
    length = session.ends_at - session.starts_at
    when = local_time(event.starts_at, event.starts_at + length, recipient.zone)
    context: dict[str, str | int] = {
        "display_name": recipient.user.display_name, "other_name": who,
        "role": recipient.role, "when": when}
    if isinstance(event, SessionConfirmed):
        price = money(event.amount, event.currency)
        context["price"] = price
        if recipient.role == "student":
            return Notice(recipient, f"Session with {who} confirmed",
                          f"{when}. Paid: {price}.", "booking_confirmed", context)
        return Notice(recipient, f"New session with {who}", f"{when}. Price: {price}.",
                      "booking_confirmed", context)
    if isinstance(event, SessionRescheduled):
        before = local_time(event.previous_starts_at, event.previous_starts_at + length,
                            recipient.zone)
        context["previous"] = before
        return Notice(recipient, f"Session with {who} moved",
                      f"Now {when} (was {before}).", "booking_rescheduled", context)
    if isinstance(event, SessionCancelled):
        by = _cancelled_by(event, recipient, other)
        refund = money(event.refund, event.currency)
        context |= {"cancelled_by": by, "refund": refund, "refunded": int(event.refund > 0)}
        if recipient.role == "student":
            back = f" {refund} will be refunded." if event.refund else " No refund is due."
        else:
            back = f" The student gets {refund} back." if event.refund else ""
        return Notice(recipient, f"Session with {who} cancelled", f"{by}: {when}.{back}",
                      "booking_cancelled", context)
    if isinstance(event, LatePaymentRefunded):
        refund = money(event.refund, event.currency)
        context["refund"] = refund
        return Notice(recipient, f"Payment refunded: session with {who} not booked",
                      f"Your payment arrived after the time held for you had run out, so "
                      f"{refund} goes back to you. {when} may still be free to book.",
                      "booking_late_payment", context)
    lead = LEAD_WORDS.get(event.lead, "soon")
    context["lead"] = lead
    return Notice(recipient, f"Session with {who} {lead}", f"{when}.", "booking_reminder",
                  context)


async def _told(uow: UnitOfWork, event: BookingEvent) -> Told | None:
    """Both parties' notices of ``event``, or None when there is nothing (left) to tell. A
    reminder is told only while the session is confirmed for the start it was set for: a
    cancelled or moved session never hears of its old time (its schedules were moved or
    cancelled too; this is the second line)."""
    session = await uow.bookings.get(event.session_id)
    if session is None:
        return None
    if isinstance(event, SessionReminderDue) and (
            session.status is not SessionStatus.CONFIRMED
            or session.starts_at != event.starts_at):
        return None
    parties = await _parties(uow, session)
    if parties is None:
        return None
    student, mentor = parties
    # An erased account hears nothing more; the other party still does. A refunded late
    # payment concerns the student alone: the mentor never had the session.
    pairs = [(student, mentor)] if isinstance(event, LatePaymentRefunded) \
        else [(student, mentor), (mentor, student)]
    return Told(event, session, [_notice(event, session, recipient, other)
                                 for recipient, other in pairs
                                 if recipient.user.deleted_at is None])


class SessionMail:
    """What every session's mails share: the mailer, the link base and the invitation made
    in the platform's name."""

    def __init__(self, *, mailer: Mailer, clock: Clock, invitations: InvitationEncoder,
                 web_base_url: str, sender: str) -> None:
        self._mailer = mailer
        self._clock = clock
        self._invitations = invitations
        self._base = web_base_url.rstrip("/")
        self.organizer = organizer_of(sender)

    def url(self, path: str) -> str:
        return f"{self._base}{path}"

    def attendee(self, notice: Notice) -> Mailbox:
        return Mailbox(notice.recipient.user.display_name, notice.recipient.user.email)

    def attachment(self, make: Callable[[datetime], Invitation]) -> tuple[Attachment, ...]:
        """The invitation ``make`` builds for this moment, as the mail's attachment."""
        invite = make(self._clock.now())
        return (Attachment(invite.filename, invite.content_type,
                           self._invitations.encode(invite)),)

    async def send(self, notice: Notice, link: str,
                   attachments: tuple[Attachment, ...] = ()) -> None:
        await self._mailer.send(MailRequest(
            to=notice.recipient.user.email, template=notice.template,
            context={**notice.context, "link": link}, attachments=attachments))


async def store_notices(uow: UnitOfWork, event: DomainEvent,
                        notices: Iterable[tuple[Notice, str]], now: datetime) -> None:
    """Each (notice, link) in its recipient's in-app list, and commits. One notice per event
    and person: a redelivered event adds nothing."""
    for notice, link in notices:
        recipient = notice.recipient.user.id
        uow.notifications.add(Notification(
            id=uuid5(event.event_id, str(recipient)), user_id=recipient, kind=event.name,
            title=notice.title, body=notice.body, link=link, created_at=now))
    await uow.commit()


def _subscriptions(handler: "BookingMailHandlers | BookingInAppHandlers"
                   ) -> list[Subscription]:
    return [on(SessionConfirmed, handler.confirmed), on(SessionRescheduled, handler.rescheduled),
            on(SessionCancelled, handler.cancelled), on(SessionReminderDue, handler.reminder),
            on(LatePaymentRefunded, handler.late_payment_refunded)]


class BookingMailHandlers:
    def __init__(self, *, mailer: Mailer, uow: UnitOfWorkFactory, clock: Clock,
                 invitations: InvitationEncoder, web_base_url: str, sender: str) -> None:
        self._uow = uow
        self._mail = SessionMail(mailer=mailer, clock=clock, invitations=invitations,
                                 web_base_url=web_base_url, sender=sender)

    def subscriptions(self) -> Iterable[Subscription]:
        return _subscriptions(self)

    async def _send(self, event: BookingEvent) -> None:
        async with self._uow() as uow:
            told = await _told(uow, event)
            if told is None:
                return
            notices = [n for n in told.notices
                       if await wants(uow, n.recipient.user.id, event.name, Channel.EMAIL)]
        link = self._mail.url(session_link(told.session.id))
        for notice in notices:
            await self._mail.send(notice, link, self._attachments(told, notice, link))

    def _attachments(self, told: Told, notice: Notice, link: str) -> tuple[Attachment, ...]:
        if not isinstance(told.event, INVITING):
            return ()
        # The session as it stands now, not as the event saw it: whatever order the mails
        # arrive in, the highest sequence is the latest truth and calendars keep that one.
        other = notice.context["other_name"]
        return self._mail.attachment(lambda stamp: invitation(
            told.session, summary=f"Mentoring session with {other}",
            description=f"Your session with {other}. Details: {link}", url=link,
            organizer=self._mail.organizer, attendee=self._mail.attendee(notice),
            stamp=stamp))

    async def confirmed(self, event: SessionConfirmed) -> None:
        await self._send(event)

    async def rescheduled(self, event: SessionRescheduled) -> None:
        await self._send(event)

    async def cancelled(self, event: SessionCancelled) -> None:
        await self._send(event)

    async def reminder(self, event: SessionReminderDue) -> None:
        await self._send(event)

    async def late_payment_refunded(self, event: LatePaymentRefunded) -> None:
        await self._send(event)


class BookingInAppHandlers:
    """In-app notices are always on: they are where a session's changes are listed."""

    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def subscriptions(self) -> Iterable[Subscription]:
        return _subscriptions(self)

    async def _notify(self, event: BookingEvent) -> None:
        async with self._uow() as uow:
            told = await _told(uow, event)
            if told is None:
                return
            link = session_link(told.session.id)
            await store_notices(uow, event, [(n, link) for n in told.notices],
                                self._clock.now())

    async def confirmed(self, event: SessionConfirmed) -> None:
        await self._notify(event)

    async def rescheduled(self, event: SessionRescheduled) -> None:
        await self._notify(event)

    async def cancelled(self, event: SessionCancelled) -> None:
        await self._notify(event)

    async def reminder(self, event: SessionReminderDue) -> None:
        await self._notify(event)

    async def late_payment_refunded(self, event: LatePaymentRefunded) -> None:
        await self._notify(event)
