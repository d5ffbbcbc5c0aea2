"""In-memory mentor profiles with the Postgres adapter's version check and refusals."""

import copy
from uuid import UUID

from adapters.memory.catalog import CatalogData
from adapters.pending_events import PendingEvents
from edu_core.domain.errors import ConcurrentModification
from edu_core.domain.mentors import MentorProfile, UnknownTopics
from edu_core.domain.pagination import Page, PageRequest
from edu_core.ports.mentors import MentorQuery


class MemoryMentorRepository:
    def __init__(self, published: dict[UUID, MentorProfile], catalog: CatalogData,
                 events: PendingEvents) -> None:
        self._published = published
        self._catalog = catalog
        self.staged: dict[UUID, MentorProfile] = {}
        self._loaded: dict[UUID, int] = {}
        # What each profile looked like in the store when this unit of work first touched it.
        self._baseline: dict[UUID, int | None] = {}
        self._pending = events

    def _current(self, user_id: UUID) -> MentorProfile | None:
        return self.staged.get(user_id) or self._published.get(user_id)

    async def get(self, user_id: UUID) -> MentorProfile | None:
        found = self._current(user_id)
        if found is None:
            return None
        self._loaded[user_id] = found.version
        if user_id not in self.staged:
            self._baseline.setdefault(user_id, found.version)
        return copy.deepcopy(found)

    async def save(self, profile: MentorProfile) -> None:
        if any(t not in self._catalog.topics for t in profile.topic_ids):
            raise UnknownTopics(details={"fields": {"topic_ids": UnknownTopics.default_message}})
        stored = self._current(profile.user_id)
        if profile.user_id in self._loaded:
            if stored is None or stored.version != self._loaded[profile.user_id]:
                raise ConcurrentModification()
            profile.version = self._loaded[profile.user_id] + 1
        elif stored is not None:
            raise ConcurrentModification()
        self._baseline.setdefault(profile.user_id, None)
        self._loaded[profile.user_id] = profile.version
        self._pending.take_from(profile)
        self.staged[profile.user_id] = copy.deepcopy(profile)

    def check_commit(self) -> None:
        """Refuse the commit when a staged profile was changed by another unit of work."""
        for user_id in self.staged:
            published = self._published.get(user_id)
            if (published.version if published else None) != self._baseline[user_id]:
                raise ConcurrentModification()

    async def list(self, query: MentorQuery, page: PageRequest) -> Page[MentorProfile]:
        everyone = {**self._published, **self.staged}.values()
        found = [p for p in everyone if query.status is None or p.status is query.status]
        found.sort(key=lambda p: (p.submitted_at is None, p.submitted_at or p.created_at,
                                  p.created_at, str(p.user_id)))
        chunk = found[page.offset:page.offset + page.page_size]
        return Page(items=[copy.deepcopy(p) for p in chunk], total=len(found), page=page.page,
                    page_size=page.page_size)
