"""The data export's reads over the in-memory store."""

from typing import TypeVar
from uuid import UUID

from adapters.memory.unit_of_work import MemoryStore
from edu_core.domain.content import Attempt
from edu_core.domain.courses import Completion
from edu_core.domain.pagination import Page, PageRequest

T = TypeVar("T")


def _page(items: list[T], page: PageRequest) -> Page[T]:
    return Page(items=items[page.offset:page.offset + page.page_size], total=len(items),
                page=page.page, page_size=page.page_size)


class MemoryPersonalDataReader:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    async def attempts(self, user_id: UUID, page: PageRequest) -> Page[Attempt]:
        mine = [a for a in self._store.attempts.values() if a.user_id == user_id]
        mine.sort(key=lambda a: (a.created_at, str(a.id)))
        return _page(mine, page)

    async def completions(self, user_id: UUID, page: PageRequest) -> Page[Completion]:
        mine = [c for c in self._store.courses.completions.values() if c.user_id == user_id]
        mine.sort(key=lambda c: (c.completed_at, str(c.item_id)))
        return _page(mine, page)
