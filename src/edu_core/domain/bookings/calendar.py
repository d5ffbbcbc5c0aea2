"""The calendar invitation that goes with a session's mails (S24).

One session is one calendar event for its whole life: its UID never changes, and every change
that the parties' calendars must pick up (a reschedule, a cancellation) raises the session's
``sequence``, so a calendar updates the event it already holds instead of adding a second one.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from edu_core.domain.bookings.group import GroupSession, GroupSessionStatus, Seat, SeatStatus
from edu_core.domain.bookings.session import MentoringSession, SessionStatus

UID_DOMAIN = "mentora"


class InvitationMethod(StrEnum):
    REQUEST = "REQUEST"  # a new or changed event
    CANCEL = "CANCEL"  # the event is off


@dataclass(frozen=True, slots=True)
class Mailbox:
    name: str
    email: str


@dataclass(frozen=True, kw_only=True, slots=True)
class Invitation:
    uid: str
    sequence: int
    method: InvitationMethod
    starts_at: datetime
    ends_at: datetime
    stamp: datetime  # when this version of the invitation was made
    summary: str
    description: str
    url: str
    location: str
    organizer: Mailbox  # the platform: neither party learns the other's address from it
    attendee: Mailbox  # the recipient

    @property
    def filename(self) -> str:
        return "cancel.ics" if self.method is InvitationMethod.CANCEL else "invite.ics"

    @property
    def content_type(self) -> str:
        return f"text/calendar; method={self.method.value}; charset=UTF-8"


def invitation_uid(session_id: UUID) -> str:
    return f"{session_id}@{UID_DOMAIN}"


def invitation(session: MentoringSession, *, summary: str, description: str, url: str,
               organizer: Mailbox, attendee: Mailbox, stamp: datetime) -> Invitation:
    """The invitation as the session stands: a cancelled session cancels the event."""
    cancelled = session.status is SessionStatus.CANCELLED
    return Invitation(
        uid=invitation_uid(session.id), sequence=session.sequence,
        method=InvitationMethod.CANCEL if cancelled else InvitationMethod.REQUEST,
        starts_at=session.starts_at, ends_at=session.ends_at, stamp=stamp, summary=summary,
        description=description, url=url, location=session.meeting_url or url,
        organizer=organizer, attendee=attendee)


def seat_invitation(group: GroupSession, seat: Seat, *, summary: str, description: str,
                    url: str, organizer: Mailbox, attendee: Mailbox,
                    stamp: datetime) -> Invitation:
    """A student's seat as it stands, as their calendar event. The seat, not the session, is
    the event (its own UID): a seat given back and taken again is a new seat, so a new event
    rather than a cancelled one coming back. A group session never moves, so its seat's
    event changes once at most: the cancellation (seat given back, or the session called
    off), sequence 1."""
    cancelled = seat.status is not SeatStatus.TAKEN or \
        group.status is GroupSessionStatus.CANCELLED
    return Invitation(
        uid=invitation_uid(seat.id), sequence=1 if cancelled else 0,
        method=InvitationMethod.CANCEL if cancelled else InvitationMethod.REQUEST,
        starts_at=group.starts_at, ends_at=group.ends_at, stamp=stamp, summary=summary,
        description=description, url=url, location=url, organizer=organizer,
        attendee=attendee)
