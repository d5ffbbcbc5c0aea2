"""Domain events: facts recorded by aggregates, stored in the outbox at commit, handled after it."""

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any, ClassVar
from uuid import UUID, uuid4


def _plain(value: Any) -> Any:
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


@dataclass(frozen=True, kw_only=True)
class DomainEvent:
    """Base class. ``name`` is the stable identifier used in the outbox and on the bus."""

    name: ClassVar[str] = "domain_event"
    event_id: UUID = field(default_factory=uuid4)
    occurred_at: datetime

    def payload(self) -> dict[str, Any]:
        """JSON-ready fields: what handlers receive, in-process or over a broker."""
        return {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)}
