"""Persistence of mentor profiles (part of the unit of work)."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol
from uuid import UUID

from edu_core.domain.catalog import Topic
from edu_core.domain.identity import User
from edu_core.domain.mentors import MentorProfile, MentorStatus
from edu_core.domain.money import REFERENCE_CURRENCY
from edu_core.domain.pagination import Page, PageRequest
from edu_core.ports.discovery import MentorWork


@dataclass(frozen=True, slots=True)
class MentorQuery:
    status: MentorStatus | None = None


class MentorRepository(Protocol):
    async def get(self, user_id: UUID) -> MentorProfile | None: ...

    async def save(self, profile: MentorProfile) -> None:
        """Insert a new profile or write back a loaded one, with its topics and documents.
        A profile changed by someone else since it was loaded raises
        ``ConcurrentModification``; a topic that does not exist raises ``UnknownTopics``."""
        ...

    async def list(self, query: MentorQuery, page: PageRequest) -> Page[MentorProfile]:
        """Oldest submission first (the review queue's order), then oldest profile."""
        ...


class MentorSort(StrEnum):
    RELEVANCE = "relevance"
    RATING = "rating"
    PRICE = "price"
    PRICE_DESC = "price_desc"
    SOONEST = "soonest"


@dataclass(frozen=True, slots=True)
class MentorSearchCriteria:
    """Filters of the public mentor search. ``currency`` is the viewer's: rates in other
    currencies are converted through the exchange rates to compare and sort them; a mentor
    whose currency has no rate (nor is the viewer's) cannot be compared, so a price range
    leaves them out and the price sorts put them last."""

    text: str | None = None
    subject_id: UUID | None = None
    topic_id: UUID | None = None
    language: str | None = None
    currency: str = REFERENCE_CURRENCY
    min_rate_cents: int | None = None
    max_rate_cents: int | None = None
    min_rating: float | None = None
    sort: MentorSort = MentorSort.RELEVANCE


@dataclass(frozen=True, slots=True)
class MentorCard:
    """One search result: what a result card shows."""

    mentor_id: UUID
    display_name: str
    headline: str
    photo_key: str | None
    languages: tuple[str, ...]
    timezone: str
    hourly_rate_cents: int | None
    currency: str
    rating_avg: float
    rating_count: int
    subjects: tuple[str, ...]
    # The rate in the search's (viewer's) currency, approximate; None without a rate to use.
    approx_rate_cents: int | None = None
    work: MentorWork = field(default_factory=MentorWork)


@dataclass(frozen=True, slots=True)
class PublicMentorRecord:
    """What a mentor's public page shows, read in one go: the profile (its portfolio, but
    not its verification documents, which are never public), its person, its topics in
    catalog order, and the per-star counts of its public reviews (stars 1..5)."""

    profile: MentorProfile
    user: User
    topics: list[Topic]
    stars: dict[int, int]


class MentorSearch(Protocol):
    async def search(self, criteria: MentorSearchCriteria,
                     page: PageRequest) -> Page[MentorCard]: ...

    async def matching_ids(self, criteria: MentorSearchCriteria, limit: int,
                           offset: int = 0) -> tuple[list[UUID], int]:
        """Matches' ids in the criteria's order, ``limit`` of them from ``offset`` (for filters
        and ranking the database cannot apply, such as free slots), and how many match in
        all (counted by the same statement)."""
        ...

    async def cards(self, ids: Sequence[UUID], currency: str) -> list[MentorCard]:
        """The cards of ``ids``, in that order (unknown ids are skipped), with approximate
        rates in ``currency``."""
        ...

    async def public_profile(self, mentor_id: UUID) -> PublicMentorRecord | None:
        """The mentor's profile with what its public page shows beside it, whatever its
        status (the caller decides what is public); None without a profile."""
        ...
