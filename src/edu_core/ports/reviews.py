"""Persistence of session reviews (part of the unit of work).

The repository also keeps each mentor's ``rating_avg`` and ``rating_count`` on their profile:
at commit, for every mentor whose reviews changed, it recomputes both from that mentor's public
reviews with the mentor's profile row locked, so concurrent reviews cannot make them drift.
"""

from typing import Protocol
from uuid import UUID

from edu_core.domain.pagination import Page, PageRequest
from edu_core.domain.reviews import Review, ReviewStatus


class ReviewRepository(Protocol):
    def add(self, review: Review) -> None:
        """Stage a new review; a second review of one session raises ``ReviewExists`` at
        commit, a second report by one person ``AlreadyReported``."""
        ...

    async def get(self, review_id: UUID) -> Review | None:
        """A review with its reports; changes to it are written at commit
        (``ConcurrentModification`` when it changed meanwhile)."""
        ...

    async def for_session(self, session_id: UUID) -> Review | None: ...

    async def public_of_mentor(self, mentor_id: UUID, page: PageRequest) -> Page[Review]:
        """The mentor's public reviews, newest first."""
        ...

    async def stars(self, mentor_id: UUID) -> dict[int, int]:
        """How many public reviews of the mentor give each number of stars (1 to 5)."""
        ...

    async def queue(self, status: ReviewStatus | None, page: PageRequest) -> Page[Review]:
        """Reviews for moderation: reported ones longest waiting first; other statuses (or
        all, for None) most recently changed first."""
        ...
