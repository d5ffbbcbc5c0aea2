"""In-memory durable schedules, staged until commit; fired by the memory dispatcher."""

import dataclasses

from edu_core.domain.schedules import Schedule, ScheduleStatus


class MemoryScheduleRepository:
    def __init__(self, published: dict[str, Schedule]) -> None:
        self._published = published
        self.staged: dict[str, Schedule] = {}

    def _current(self, key: str) -> Schedule | None:
        return self.staged.get(key) or self._published.get(key)

    async def put(self, schedule: Schedule) -> None:
        event = dataclasses.replace(schedule.event, occurred_at=schedule.due_at)
        self.staged[schedule.key] = dataclasses.replace(
            schedule, event=event, status=ScheduleStatus.PENDING)

    async def cancel(self, key: str) -> bool:
        current = self._current(key)
        if current is None or current.status is not ScheduleStatus.PENDING:
            return False
        self.staged[key] = dataclasses.replace(current, status=ScheduleStatus.CANCELLED)
        return True

    async def get(self, key: str) -> Schedule | None:
        return self._current(key)
