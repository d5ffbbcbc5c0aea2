"""Stored or transported events back into their classes."""

from collections.abc import Mapping
from typing import Any

import msgspec

from edu_core.domain.events import DomainEvent, event_type


class UnknownEvent(LookupError):
    pass


def decode_event(name: str, payload: Mapping[str, Any]) -> DomainEvent:
    """The event object of an outbox row or a bus message (strings back to UUIDs, times,
    enums); a name no code defines, or a payload that no longer fits, raises."""
    cls = event_type(name)
    if cls is None:
        raise UnknownEvent(name)
    decoded: DomainEvent = msgspec.convert(dict(payload), cls)
    return decoded
