"""Reminders before a group session: a day and an hour before its start, to its mentor and to
whoever holds a seat when the moment comes.

One schedule per session and lead (``group:<id>:remind:24h``), put in the transaction that
schedules the session and cancelled in the one that calls it off. Seats come and go meanwhile,
so the schedule names the session only: who is reminded is read when it fires, and a seat given
back simply is not among them.
"""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from edu_core.domain.bookings.group import GroupSession, GroupSessionStatus
from edu_core.domain.bookings.reminders import REMINDER_LEADS, ReminderLead, due_leads
from edu_core.domain.events import DomainEvent
from edu_core.domain.schedules import Schedule


@dataclass(frozen=True, kw_only=True)
class GroupReminderDue(DomainEvent):
    """Raised by a group session's reminder schedule; ``starts_at`` is the start it was set
    for."""

    name = "group_session.reminder"
    group_session_id: UUID
    starts_at: datetime
    lead: str


def group_reminder_key(group_id: UUID, lead: ReminderLead) -> str:
    return f"group:{group_id}:remind:{lead.label}"


def group_reminder_keys(group_id: UUID) -> list[str]:
    return [group_reminder_key(group_id, lead) for lead in REMINDER_LEADS]


def group_reminder_plan(group: GroupSession, now: datetime
                        ) -> tuple[list[Schedule], list[str]]:
    """The reminders to put for the session as it stands, and the keys to cancel."""
    due, gone = due_leads(group.starts_at, group.status is GroupSessionStatus.SCHEDULED, now)
    put = [Schedule(key=group_reminder_key(group.id, lead), due_at=moment, grace=lead.grace,
                    event=GroupReminderDue(occurred_at=moment, group_session_id=group.id,
                                           starts_at=group.starts_at, lead=lead.label))
           for lead, moment in due]
    return put, [group_reminder_key(group.id, lead) for lead in gone]
