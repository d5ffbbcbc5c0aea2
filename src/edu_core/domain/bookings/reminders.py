"""Reminders before a confirmed session (S24): a day and an hour before its start, once each.

Each is a durable schedule (``booking:<id>:remind:24h``) put in the transaction that confirms or
moves the session, and cancelled in the one that ends it, so a reminder survives restarts and
never fires for a time the session no longer has. A reminder is worthless long after its
moment: one found more than ``grace`` late (everything was down) is dropped.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from edu_core.domain.bookings.session import MentoringSession, SessionStatus
from edu_core.domain.events import DomainEvent
from edu_core.domain.schedules import Schedule


@dataclass(frozen=True, slots=True)
class ReminderLead:
    label: str  # part of the schedule key and of the event
    before: timedelta
    grace: timedelta


REMINDER_LEADS = (
    ReminderLead("24h", timedelta(hours=24), timedelta(hours=2)),
    ReminderLead("1h", timedelta(hours=1), timedelta(minutes=15)),
)


@dataclass(frozen=True, kw_only=True)
class SessionReminderDue(DomainEvent):
    """Raised by a reminder's schedule. ``starts_at`` is the start it was set for: a session
    moved since then is not reminded of its old time."""

    name = "booking.reminder"
    session_id: UUID
    starts_at: datetime
    lead: str


def reminder_key(session_id: UUID, lead: ReminderLead) -> str:
    return f"booking:{session_id}:remind:{lead.label}"


def reminder_keys(session_id: UUID) -> list[str]:
    return [reminder_key(session_id, lead) for lead in REMINDER_LEADS]


def due_leads(starts_at: datetime, active: bool, now: datetime
              ) -> tuple[list[tuple[ReminderLead, datetime]], list[ReminderLead]]:
    """Which reminders a start still gets (each with its moment) and which to cancel: all of
    them when the occasion is no longer on, and those whose moment has already passed (booked
    or moved to less than a day ahead: no day-before reminder, and none from an earlier
    time). Shared by every kind of session."""
    due: list[tuple[ReminderLead, datetime]] = []
    gone: list[ReminderLead] = []
    for lead in REMINDER_LEADS:
        moment = starts_at - lead.before
        if not active or moment <= now:
            gone.append(lead)
        else:
            due.append((lead, moment))
    return due, gone


def reminder_plan(session: MentoringSession, now: datetime
                  ) -> tuple[list[Schedule], list[str]]:
    """The reminders to put for the session as it stands, and the keys to cancel (see
    ``due_leads``)."""
    due, gone = due_leads(session.starts_at, session.status is SessionStatus.CONFIRMED, now)
    put = [Schedule(key=reminder_key(session.id, lead), due_at=moment, grace=lead.grace,
                    event=SessionReminderDue(occurred_at=moment, session_id=session.id,
                                             starts_at=session.starts_at, lead=lead.label))
           for lead, moment in due]
    return put, [reminder_key(session.id, lead) for lead in gone]
