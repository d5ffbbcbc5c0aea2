"""In-memory study time, staged until commit like the other fakes' writes."""

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from edu_core.domain.pagination import Page, PageRequest
from edu_core.ports.analytics import StudyDay

Key = tuple[UUID, date, UUID]  # user, day, item


@dataclass
class StudyData:
    beats: dict[UUID, datetime] = field(default_factory=dict)
    days: dict[Key, StudyDay] = field(default_factory=dict)


class MemoryStudyTimeRepository:
    def __init__(self, data: StudyData) -> None:
        self._data = data
        self._beats: dict[UUID, datetime] = {}
        self._days: dict[Key, StudyDay] = {}
        self._forgotten: set[UUID] = set()

    def _beat_of(self, user_id: UUID) -> datetime | None:
        if user_id in self._beats:
            return self._beats[user_id]
        return None if user_id in self._forgotten else self._data.beats.get(user_id)

    def _day_of(self, key: Key) -> StudyDay | None:
        if key in self._days:
            return self._days[key]
        return None if key[0] in self._forgotten else self._data.days.get(key)

    async def beat(self, user_id: UUID, at: datetime) -> datetime | None:
        previous = self._beat_of(user_id)
        self._beats[user_id] = at if previous is None else max(previous, at)
        return previous

    async def credit(self, user_id: UUID, item_id: UUID, day: date, seconds: int,
                     at: datetime) -> None:
        key = (user_id, day, item_id)
        current = self._day_of(key)
        self._days[key] = StudyDay(item_id=item_id, day=day, seconds=seconds, last_at=at) \
            if current is None else dataclasses.replace(
                current, seconds=current.seconds + seconds, last_at=max(current.last_at, at))

    async def days_of(self, user_id: UUID, page: PageRequest) -> Page[StudyDay]:
        keys = {k for k in (*self._data.days, *self._days) if k[0] == user_id}
        found = sorted((d for k in keys if (d := self._day_of(k)) is not None),
                       key=lambda d: (d.day, d.item_id))
        return Page(items=found[page.offset:page.offset + page.page_size], total=len(found),
                    page=page.page, page_size=page.page_size)

    async def forget(self, user_id: UUID) -> None:
        self._forgotten.add(user_id)
        self._beats.pop(user_id, None)
        for key in [k for k in self._days if k[0] == user_id]:
            del self._days[key]

    def apply(self) -> None:
        for user_id in self._forgotten:
            self._data.beats.pop(user_id, None)
            for key in [k for k in self._data.days if k[0] == user_id]:
                del self._data.days[key]
        self._data.beats.update(self._beats)
        self._data.days.update(self._days)
