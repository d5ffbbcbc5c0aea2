"""Persistence of mentor availability (part of the unit of work)."""

from collections.abc import Collection
from typing import Protocol
from uuid import UUID

from edu_core.domain.availability import Availability


class AvailabilityRepository(Protocol):
    async def get(self, mentor_id: UUID) -> Availability | None: ...

    async def for_mentors(self, mentor_ids: Collection[UUID]) -> dict[UUID, Availability]: ...

    async def save(self, availability: Availability) -> Availability:
        """Insert, or replace the stored one if its version is still ``availability.version``;
        returns the saved value with its new version. ``ConcurrentModification`` otherwise."""
        ...
