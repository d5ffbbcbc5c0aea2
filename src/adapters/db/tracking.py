"""Identity map + change tracking for one unit of work.

Repositories register what they create (``new``) and what they load (``seen``); at commit the
unit of work inserts the new objects, writes back the loaded ones whose values changed, and
moves the domain events they recorded to the unit of work's pending events.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from adapters.pending_events import PendingEvents

T = TypeVar("T")


@dataclass(frozen=True)
class Mapping_:
    """How one domain type is stored: its table, key columns and a values extractor."""

    table: Any
    key: tuple[str, ...]
    values: Callable[[Any], dict[str, Any]]
    versioned: bool = False


class Tracker:
    def __init__(self, mappings: dict[type, Mapping_]) -> None:
        self._mappings = mappings
        self._new: list[Any] = []
        self._seen: dict[tuple[type, tuple[Any, ...]], tuple[Any, dict[str, Any]]] = {}

    def mapping(self, obj: Any) -> Mapping_:
        return self._mappings[type(obj)]

    def _key(self, obj: Any) -> tuple[type, tuple[Any, ...]]:
        return type(obj), tuple(getattr(obj, k) for k in self.mapping(obj).key)

    def new(self, obj: T) -> T:
        self._new.append(obj)
        return obj

    def seen(self, obj: T) -> T:
        key = self._key(obj)
        if key in self._seen:
            # One row, one object per unit of work, so two reads never diverge.
            existing: T = self._seen[key][0]
            return existing
        self._seen[key] = (obj, self.mapping(obj).values(obj))
        return obj

    def tracked(self, kind: type[T]) -> Iterator[T]:
        for obj in self._new:
            if isinstance(obj, kind):
                yield obj
        for obj, _ in self._seen.values():
            if isinstance(obj, kind):
                yield obj

    def pending_inserts(self) -> list[Any]:
        return list(self._new)

    def pending_updates(self) -> Iterator[tuple[Any, dict[str, Any], dict[str, Any]]]:
        """(object, original values, changed values) for each loaded object that changed."""
        for obj, original in self._seen.values():
            current = self.mapping(obj).values(obj)
            changed = {k: v for k, v in current.items() if original.get(k) != v}
            if changed:
                yield obj, original, changed

    def collect_events(self, pending: PendingEvents) -> None:
        for obj in [*self._new, *(o for o, _ in self._seen.values())]:
            if getattr(obj, "events", None):
                pending.take_from(obj)

    def mark_clean(self) -> None:
        """After a commit the tracked objects match the database again."""
        for obj in self._new:
            self._seen[self._key(obj)] = (obj, self.mapping(obj).values(obj))
        self._new.clear()
        for key, (obj, _) in list(self._seen.items()):
            self._seen[key] = (obj, self.mapping(obj).values(obj))
