"""Domain events: facts recorded by aggregates, stored in the outbox at commit, handled after it.

Every concrete event class has a stable ``name`` (the outbox column, the bus subject) and is
registered under it, so a stored event can be turned back into its class by name.
"""

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any, ClassVar
from uuid import UUID, uuid4


def _plain(value: Any) -> Any:
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


_EVENT_TYPES: dict[str, type["DomainEvent"]] = {}


@dataclass(frozen=True, kw_only=True)
class DomainEvent:
    """Base class. ``name`` is the stable identifier used in the outbox and on the bus."""

    name: ClassVar[str] = "domain_event"
    event_id: UUID = field(default_factory=uuid4)
    occurred_at: datetime

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "name" not in cls.__dict__:
            return
        known = _EVENT_TYPES.get(cls.name)
        # Two classes under one name would make stored events ambiguous.
        if known is not None and known.__qualname__ != cls.__qualname__:
            raise TypeError(f"event name {cls.name!r} is taken by {known.__qualname__}")
        _EVENT_TYPES[cls.name] = cls

    def payload(self) -> dict[str, Any]:
        """JSON-ready fields: what is stored in the outbox and sent over a broker."""
        return {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)}


def event_type(name: str) -> type[DomainEvent] | None:
    """The event class registered under ``name`` (None for a name no code defines any more)."""
    return _EVENT_TYPES.get(name)


def event_types() -> dict[str, type[DomainEvent]]:
    return dict(_EVENT_TYPES)
