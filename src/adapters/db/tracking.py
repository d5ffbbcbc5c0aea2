"""Identity map + change tracking for one unit of work.

Repositories register what they create (``new``) and what they load (``seen``); at commit the
unit of work inserts the new objects, writes back the loaded ones whose values changed, and
moves the domain events they recorded to the unit of work's pending events.

A loaded object's snapshot is the tuple of its column attributes as loaded, not a copy: the
tracked types hold immutable values only (ids, strings, numbers, dates, enums), so an attribute
can change only by being reassigned, which the comparison at commit sees.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, TypeVar

from adapters.pending_events import PendingEvents

T = TypeVar("T")


def _plain(value: Any) -> Any:
    """An enum as its stored value; anything else as it is."""
    return getattr(value, "value", value)


@dataclass(frozen=True)
class Mapping_:
    """How one domain type is stored: its table, key columns and the attributes stored as the
    columns of the same names."""

    table: Any
    key: tuple[str, ...]
    columns: tuple[str, ...]
    versioned: bool = False
    snapshot: Any = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        getter = attrgetter(*self.columns)
        single = len(self.columns) == 1
        object.__setattr__(self, "snapshot",
                           (lambda obj: (getter(obj),)) if single else getter)

    def values(self, obj: Any) -> dict[str, Any]:
        return self.stored(self.snapshot(obj))

    def stored(self, snapshot: tuple[Any, ...]) -> dict[str, Any]:
        return {c: _plain(v) for c, v in zip(self.columns, snapshot, strict=True)}


class Tracker:
    def __init__(self, mappings: dict[type, Mapping_]) -> None:
        self._mappings = mappings
        self._new: list[Any] = []
        self._seen: dict[tuple[type, tuple[Any, ...]], tuple[Any, tuple[Any, ...]]] = {}

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
        self._seen[key] = (obj, self.mapping(obj).snapshot(obj))
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
        for obj, snapshot in self._seen.values():
            m = self.mapping(obj)
            current = m.snapshot(obj)
            if current != snapshot:
                changed = {c: _plain(new) for c, old, new in zip(m.columns, snapshot, current,
                                                                  strict=True) if old != new}
                yield obj, m.stored(snapshot), changed

    def collect_events(self, pending: PendingEvents) -> None:
        for obj in [*self._new, *(o for o, _ in self._seen.values())]:
            if getattr(obj, "events", None):
                pending.take_from(obj)

    def mark_clean(self) -> None:
        """After a commit the tracked objects match the database again."""
        for obj in self._new:
            self._seen[self._key(obj)] = (obj, self.mapping(obj).snapshot(obj))
        self._new.clear()
        for key, (obj, _) in list(self._seen.items()):
            self._seen[key] = (obj, self.mapping(obj).snapshot(obj))
