"""Persistence of mentor profiles (part of the unit of work)."""

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from edu_core.domain.events import DomainEvent
from edu_core.domain.mentors import MentorProfile, MentorStatus
from edu_core.domain.pagination import Page, PageRequest


@dataclass(frozen=True, slots=True)
class MentorQuery:
    status: MentorStatus | None = None


class MentorRepository(Protocol):
    async def get(self, user_id: UUID) -> MentorProfile | None: ...

    # Declared before ``list``: inside the class body that name is the method.
    def pending_events(self) -> list[DomainEvent]:
        """Events recorded by the profiles saved in this unit of work (the outbox takes them)."""
        ...

    async def save(self, profile: MentorProfile) -> None:
        """Insert a new profile or write back a loaded one, with its topics and documents.
        A profile changed by someone else since it was loaded raises
        ``ConcurrentModification``; a topic that does not exist raises ``UnknownTopics``."""
        ...

    async def list(self, query: MentorQuery, page: PageRequest) -> Page[MentorProfile]:
        """Oldest submission first (the review queue's order), then oldest profile."""
        ...
