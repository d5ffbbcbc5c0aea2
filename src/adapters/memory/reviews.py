"""In-memory reviews, staged until commit; ``check_commit`` refuses what the database's unique
indexes refuse, and ``apply`` recomputes the ratings on the stored profiles as the Postgres
adapter does."""

import copy
from collections.abc import Collection
from dataclasses import dataclass, field
from uuid import UUID

from adapters.pending_events import PendingEvents
from edu_core.domain.errors import ConcurrentModification
from edu_core.domain.mentors import MentorProfile
from edu_core.domain.pagination import Page, PageRequest
from edu_core.domain.reviews import (
    STARS,
    AlreadyReported,
    Review,
    ReviewExists,
    ReviewStatus,
    rating_summary,
)


@dataclass
class ReviewData:
    reviews: dict[UUID, Review] = field(default_factory=dict)


def _page(found: list[Review], page: PageRequest) -> Page[Review]:
    return Page(items=found[page.offset:page.offset + page.page_size], total=len(found),
                page=page.page, page_size=page.page_size)


class MemoryReviewRepository:
    def __init__(self, data: ReviewData) -> None:
        self._data = data
        self.staged: dict[UUID, Review] = {}
        self._versions: dict[UUID, int] = {}

    def add(self, review: Review) -> None:
        self.staged[review.id] = review
        self._versions[review.id] = 0

    def _all(self) -> dict[UUID, Review]:
        return {**self._data.reviews, **self.staged}

    async def get(self, review_id: UUID) -> Review | None:
        if review_id not in self.staged:
            stored = self._data.reviews.get(review_id)
            if stored is None:
                return None
            self.staged[review_id] = copy.deepcopy(stored)
            self._versions[review_id] = stored.version
        return self.staged[review_id]

    async def for_session(self, session_id: UUID) -> Review | None:
        for review in self._all().values():
            if review.session_id == session_id:
                return await self.get(review.id)
        return None

    def _public(self, mentor_id: UUID) -> list[Review]:
        return [x for x in self._data.reviews.values()
                if x.mentor_id == mentor_id and x.status.public]

    async def public_of_mentor(self, mentor_id: UUID, page: PageRequest) -> Page[Review]:
        found = sorted(self._public(mentor_id), key=lambda x: str(x.id))
        found.sort(key=lambda x: x.created_at, reverse=True)
        return _page([copy.deepcopy(x) for x in found], page)

    async def stars(self, mentor_id: UUID) -> dict[int, int]:
        ratings = [x.rating for x in self._public(mentor_id)]
        return {stars: ratings.count(stars) for stars in STARS}

    async def queue(self, status: ReviewStatus | None, page: PageRequest) -> Page[Review]:
        found = sorted((x for x in self._data.reviews.values()
                        if status is None or x.status is status), key=lambda x: str(x.id))
        if status is ReviewStatus.REPORTED:
            found.sort(key=lambda x: x.reported_at or x.updated_at)
        else:
            found.sort(key=lambda x: x.updated_at, reverse=True)
        return _page([copy.deepcopy(x) for x in found], page)

    def check_commit(self) -> None:
        """What the unique indexes refuse, refused here; stale writes too."""
        stored = self._data.reviews
        for review in self.staged.values():
            known = stored.get(review.id)
            if (known.version if known else 0) != self._versions[review.id]:
                raise ConcurrentModification()
            if known is None and any(o.session_id == review.session_id and o.id != review.id
                                     for o in stored.values()):
                raise ReviewExists()
            reporters = [report.reporter_id for report in review.reports]
            if len(reporters) != len(set(reporters)):
                raise AlreadyReported()

    def apply(self, events: PendingEvents, mentors: dict[UUID, MentorProfile],
              also: Collection[UUID] = ()) -> None:
        """Store the staged reviews (their events going to ``events``) and recompute the
        ratings of their mentors and of the profiles in ``also`` (just written back, with
        ratings as they were when read)."""
        touched = set(also)
        for review_id, review in self.staged.items():
            events.take_from(review)
            stored = self._data.reviews.get(review_id)
            if stored is not None and stored == review:
                continue
            if stored is not None:
                review.version = stored.version + 1
            self._data.reviews[review_id] = copy.deepcopy(review)
            touched.add(review.mentor_id)
        for mentor_id in touched:
            profile = mentors.get(mentor_id)
            if profile is not None:
                profile.rating_avg, profile.rating_count = rating_summary(
                    x.rating for x in self._public(mentor_id))
