"""In-memory mentor availability with the Postgres adapter's version rule."""

from collections.abc import Collection
from dataclasses import replace
from uuid import UUID

from edu_core.domain.availability import Availability
from edu_core.domain.errors import ConcurrentModification


class MemoryAvailabilityRepository:
    def __init__(self, published: dict[UUID, Availability]) -> None:
        self._published = published
        self.staged: dict[UUID, Availability] = {}

    def _current(self, mentor_id: UUID) -> Availability | None:
        return self.staged.get(mentor_id) or self._published.get(mentor_id)

    async def get(self, mentor_id: UUID) -> Availability | None:
        return self._current(mentor_id)

    async def for_mentors(self, mentor_ids: Collection[UUID]) -> dict[UUID, Availability]:
        return {m: a for m in mentor_ids if (a := self._current(m)) is not None}

    async def save(self, availability: Availability) -> Availability:
        stored = self._current(availability.mentor_id)
        expected = stored.version if stored is not None else 1
        if availability.version != expected:
            raise ConcurrentModification()
        saved = availability if stored is None else replace(availability,
                                                            version=expected + 1)
        self.staged[availability.mentor_id] = saved
        return saved
