"""In-memory content items and attempts with the Postgres adapter's version check and
refusals, staged until commit."""

import copy
from collections.abc import Mapping
from dataclasses import replace
from typing import Any
from uuid import UUID

from adapters.memory.catalog import CatalogData
from adapters.pending_events import PendingEvents
from edu_core.domain.content import Attempt, ContentItem, UnknownTopic
from edu_core.domain.errors import ConcurrentModification
from edu_core.domain.pagination import Page, PageRequest
from edu_core.ports.content import ContentOrder, ContentQuery


class MemoryContentRepository:
    def __init__(self, published: dict[UUID, ContentItem], attempts: dict[UUID, Attempt],
                 catalog: CatalogData, events: PendingEvents) -> None:
        self._published = published
        self._published_attempts = attempts
        self._catalog = catalog
        self.staged: dict[UUID, ContentItem] = {}
        self.staged_attempts: dict[UUID, Attempt] = {}
        self._loaded: dict[UUID, int] = {}
        # Each item's row version in the store when this unit of work first touched it.
        self._baseline: dict[UUID, int | None] = {}
        self._pending = events

    def _current(self, item_id: UUID) -> ContentItem | None:
        return self.staged.get(item_id) or self._published.get(item_id)

    def _track(self, item: ContentItem) -> ContentItem:
        self._loaded[item.id] = item.row_version
        if item.id not in self.staged:
            self._baseline.setdefault(item.id, item.row_version)
        return copy.deepcopy(item)

    async def get(self, item_id: UUID) -> ContentItem | None:
        found = self._current(item_id)
        return self._track(found) if found is not None else None

    async def version_body(self, item_id: UUID, number: int) -> Mapping[str, Any] | None:
        found = self._current(item_id)
        versions = [v for v in found.versions if v.number == number] if found else []
        return copy.deepcopy(versions[0].body) if versions else None

    async def save(self, item: ContentItem) -> None:
        if item.topic_id not in self._catalog.topics:
            raise UnknownTopic(details={"fields": {"topic_id": UnknownTopic.default_message}})
        stored = self._current(item.id)
        if item.id in self._loaded:
            if stored is None or stored.row_version != self._loaded[item.id]:
                raise ConcurrentModification()
            item.row_version = self._loaded[item.id] + 1
        elif stored is not None:
            raise ConcurrentModification()
        self._baseline.setdefault(item.id, None)
        self._loaded[item.id] = item.row_version
        self._pending.take_from(item)
        self.staged[item.id] = copy.deepcopy(item)

    def check_commit(self) -> None:
        """Refuse the commit when a staged item was changed by another unit of work."""
        for item_id in self.staged:
            published = self._published.get(item_id)
            if (published.row_version if published else None) != self._baseline[item_id]:
                raise ConcurrentModification()

    def add_attempt(self, attempt: Attempt) -> None:
        self.staged_attempts[attempt.id] = attempt
        self._pending.stored(attempt)

    async def attempts(self, user_id: UUID, item_id: UUID) -> list[Attempt]:
        mine = [a for a in {**self._published_attempts, **self.staged_attempts}.values()
                if a.user_id == user_id and a.item_id == item_id]
        return sorted(mine, key=lambda a: (-a.created_at.timestamp(), str(a.id)))

    async def record_help(self, attempt: Attempt) -> None:
        stored = {**self._published_attempts, **self.staged_attempts}.get(attempt.id)
        if stored is not None:
            self.staged_attempts[attempt.id] = replace(
                stored, hints_used=max(stored.hints_used, attempt.hints_used),
                solution_shown=stored.solution_shown or attempt.solution_shown)

    async def list(self, query: ContentQuery, page: PageRequest) -> Page[ContentItem]:
        everything = {**self._published, **self.staged}.values()
        found = [i for i in everything
                 if (query.mentor_id is None or i.mentor_id == query.mentor_id)
                 and (not query.statuses or i.status in query.statuses)
                 and (query.kind is None or i.kind == query.kind)
                 and (query.topic_ids is None or i.topic_id in query.topic_ids)
                 and (not query.live_only or i.live_version is not None)
                 and (query.submitted_before is None or (
                     i.submitted_at is not None and i.submitted_at <= query.submitted_before))]
        if query.order is ContentOrder.REVIEW_QUEUE:
            found.sort(key=lambda i: (i.submitted_at is None, i.submitted_at or i.created_at,
                                      i.created_at, str(i.id)))
        elif query.order is ContentOrder.OLDEST_FIRST:
            found.sort(key=lambda i: (i.created_at, str(i.id)))
        else:
            found.sort(key=lambda i: (-i.updated_at.timestamp(), str(i.id)))
        chunk = found[page.offset:page.offset + page.page_size]
        return Page(items=[self._track(i) for i in chunk], total=len(found), page=page.page,
                    page_size=page.page_size)
