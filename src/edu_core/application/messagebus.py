"""Which handler hears which event.

Handlers subscribe by event class and receive the event object. Each subscription has a stable
name (``Class.method`` of the handler): delivery and retry are kept per (event, handler), so a
failing handler is retried alone and never re-runs the others of the same event.

A handler runs after the change that raised the event was committed, at least once: it must be
idempotent (a redelivered event has no second effect).
"""

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from edu_core.domain.events import DomainEvent

E = TypeVar("E", bound=DomainEvent)


@dataclass(frozen=True)
class Subscription:
    event: type[DomainEvent]
    handler: Callable[[Any], Awaitable[None]]
    name: str


def on(event: type[E], handler: Callable[[E], Awaitable[None]], *,
       name: str | None = None) -> Subscription:
    """Subscribe ``handler`` to ``event``; the type checker holds the two together."""
    qualname: str = getattr(handler, "__qualname__", "") or repr(handler)
    return Subscription(event, handler, name or qualname)


class EventHandlers(Protocol):
    """A group of handlers (usually one class per context and channel)."""

    def subscriptions(self) -> Iterable[Subscription]: ...


class UnknownHandler(LookupError):
    pass


class HandlerRegistry:
    """Every subscription of the running process, built once by the composition root."""

    def __init__(self, groups: Iterable[EventHandlers] = ()) -> None:
        self._by_event: dict[str, list[Subscription]] = {}
        self._by_name: dict[str, Subscription] = {}
        self.groups: list[EventHandlers] = []
        for group in groups:
            self.add(group)

    def add(self, group: EventHandlers) -> None:
        self.groups.append(group)
        for sub in group.subscriptions():
            if sub.name in self._by_name:
                raise ValueError(f"two subscriptions are named {sub.name!r}")
            self._by_name[sub.name] = sub
            self._by_event.setdefault(sub.event.name, []).append(sub)

    def clear(self) -> None:
        self._by_event.clear()
        self._by_name.clear()
        self.groups.clear()

    def for_event(self, event_name: str) -> list[Subscription]:
        return list(self._by_event.get(event_name, ()))

    def get(self, handler_name: str) -> Subscription:
        try:
            return self._by_name[handler_name]
        except KeyError:
            raise UnknownHandler(handler_name) from None

    def subscriptions(self) -> list[Subscription]:
        return list(self._by_name.values())
