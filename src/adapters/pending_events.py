"""Events raised inside one unit of work, waiting for its commit to be stored in the outbox.

Both unit-of-work adapters and every repository use this one collector: a repository hands it
the events of the aggregates it saves, and the facts of the records it newly stored.
"""

from typing import Protocol

from edu_core.domain.events import DomainEvent


class RaisesEvents(Protocol):
    events: list[DomainEvent]


class RecordsFact(Protocol):
    def event(self) -> DomainEvent | None: ...


class PendingEvents:
    def __init__(self) -> None:
        self._events: list[DomainEvent] = []

    def take_from(self, aggregate: RaisesEvents) -> None:
        """Move the aggregate's recorded events here (saving it twice records them once)."""
        self._events.extend(aggregate.events)
        aggregate.events.clear()

    def stored(self, record: RecordsFact) -> None:
        """A record (attempt, enrolment, ...) was newly stored: its fact happened."""
        event = record.event()
        if event is not None:
            self._events.append(event)

    def drain(self) -> list[DomainEvent]:
        events, self._events = self._events, []
        return events

    def discard(self) -> None:
        self._events.clear()
