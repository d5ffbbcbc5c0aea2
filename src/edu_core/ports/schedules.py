"""Durable schedules (part of the unit of work, so they commit or vanish with the change that
asked for them)."""

from typing import Protocol

from edu_core.domain.schedules import Schedule


class ScheduleRepository(Protocol):
    async def put(self, schedule: Schedule) -> None:
        """Schedule ``schedule.event`` at ``schedule.due_at`` under ``schedule.key``. A pending
        schedule with the same key is replaced (moved, new event); one that already fired or
        was dropped is scheduled anew."""
        ...

    async def cancel(self, key: str) -> bool:
        """Forget a pending schedule; False when none was pending under ``key``."""
        ...

    async def get(self, key: str) -> Schedule | None: ...
