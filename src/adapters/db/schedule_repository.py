"""Durable schedules in PostgreSQL; fired by the outbox dispatcher (``fire_due``)."""

import dataclasses
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from adapters.db.connections import Session
from adapters.db.results import rowcount
from adapters.db.tables import scheduled_events
from adapters.messaging.codec import decode_event
from edu_core.domain.schedules import Schedule, ScheduleStatus


class PostgresScheduleRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    async def put(self, schedule: Schedule) -> None:
        event = dataclasses.replace(schedule.event, occurred_at=schedule.due_at)
        values = {"event_id": event.event_id, "name": event.name, "payload": event.payload(),
                  "due_at": schedule.due_at, "stale_at": schedule.due_at + schedule.grace,
                  "status": ScheduleStatus.PENDING.value, "updated_at": datetime.now(UTC)}
        statement = pg_insert(scheduled_events).values(key=schedule.key, **values)
        await self._s.execute(statement.on_conflict_do_update(
            index_elements=[scheduled_events.c.key], set_=values))

    async def cancel(self, key: str) -> bool:
        result = await self._s.execute(
            update(scheduled_events)
            .where(scheduled_events.c.key == key,
                   scheduled_events.c.status == ScheduleStatus.PENDING.value)
            .values(status=ScheduleStatus.CANCELLED.value, updated_at=datetime.now(UTC)))
        return rowcount(result) == 1

    async def get(self, key: str) -> Schedule | None:
        row = (await self._s.execute(select(scheduled_events).where(
            scheduled_events.c.key == key))).mappings().first()
        if row is None:
            return None
        return Schedule(key=row["key"], event=decode_event(row["name"], row["payload"]),
                        due_at=row["due_at"], grace=row["stale_at"] - row["due_at"],
                        status=ScheduleStatus(row["status"]))
