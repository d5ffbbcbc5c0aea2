"""Durable timers: an event to be raised at a future instant ("expire this hold at T", "remind
an hour before the session").

A schedule is stored in the same transaction as the change that asks for it, under a key the
caller chooses (``booking:<id>:reminder-1h``); putting the same key again moves or replaces it,
cancelling it removes it. When it falls due the event is raised exactly once, through the
outbox, unless it is more than ``grace`` late (everything was down too long): a reminder an hour
before a session is useless three hours late, so it is dropped and logged instead.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from edu_core.domain.errors import InvalidInput
from edu_core.domain.events import DomainEvent

MAX_KEY = 200
DEFAULT_GRACE = timedelta(minutes=15)


class ScheduleStatus(StrEnum):
    PENDING = "pending"
    FIRED = "fired"
    DROPPED = "dropped"  # fell due while nothing ran, and was too late when seen
    CANCELLED = "cancelled"


class InvalidScheduleKey(InvalidInput):
    code = "invalid_schedule_key"
    default_message = f"A schedule key is 1 to {MAX_KEY} printable characters."


@dataclass(frozen=True, kw_only=True)
class Schedule:
    key: str
    event: DomainEvent  # raised with its own id at ``due_at``
    due_at: datetime
    grace: timedelta = DEFAULT_GRACE
    status: ScheduleStatus = ScheduleStatus.PENDING

    def __post_init__(self) -> None:
        if not 0 < len(self.key) <= MAX_KEY or not self.key.isprintable():
            raise InvalidScheduleKey()
        if self.due_at.tzinfo is None:
            raise ValueError("due_at must be timezone-aware")

    def is_stale(self, now: datetime) -> bool:
        return now > self.due_at + self.grace
