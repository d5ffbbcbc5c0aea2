"""Postgres repository of mentor availability: one row per mentor, windows as JSON."""

from collections.abc import Collection
from dataclasses import replace
from datetime import UTC, date, datetime, time
from typing import Any
from uuid import UUID

from sqlalchemy import RowMapping, insert, select, update

from adapters.db.connections import Session, among
from adapters.db.results import rowcount
from adapters.db.tables import mentor_availability
from edu_core.domain.availability import (
    Availability,
    AvailabilityRules,
    DateOverride,
    WeeklyWindow,
)
from edu_core.domain.errors import ConcurrentModification


def _hm(value: time) -> str:
    return value.strftime("%H:%M")


def availability_values(a: Availability) -> dict[str, Any]:
    return {
        "mentor_id": a.mentor_id, "timezone": a.rules.timezone,
        "session_lengths": list(a.rules.session_lengths),
        "buffer_minutes": a.rules.buffer_minutes,
        "min_notice_minutes": a.rules.min_notice_minutes,
        "horizon_days": a.rules.horizon_days,
        "weekly": [{"weekday": w.weekday, "start": _hm(w.start), "end": _hm(w.end)}
                   for w in a.weekly],
        "overrides": [{"day": o.day.isoformat(),
                       "windows": [[_hm(s), _hm(e)] for s, e in o.windows]}
                      for o in a.overrides],
        "version": a.version,
    }


def availability_from_row(row: RowMapping) -> Availability:
    return Availability(
        mentor_id=row["mentor_id"],
        rules=AvailabilityRules(timezone=row["timezone"],
                                session_lengths=tuple(row["session_lengths"]),
                                buffer_minutes=row["buffer_minutes"],
                                min_notice_minutes=row["min_notice_minutes"],
                                horizon_days=row["horizon_days"]),
        weekly=tuple(WeeklyWindow(w["weekday"], time.fromisoformat(w["start"]),
                                  time.fromisoformat(w["end"])) for w in row["weekly"]),
        overrides=tuple(DateOverride(date.fromisoformat(o["day"]),
                                     tuple((time.fromisoformat(s), time.fromisoformat(e))
                                           for s, e in o["windows"]))
                        for o in row["overrides"]),
        version=row["version"])


_FOR_MENTORS = select(mentor_availability).where(among(mentor_availability.c.mentor_id))


class PostgresAvailabilityRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    async def get(self, mentor_id: UUID) -> Availability | None:
        found = await self.for_mentors([mentor_id])
        return found.get(mentor_id)

    async def for_mentors(self, mentor_ids: Collection[UUID]) -> dict[UUID, Availability]:
        if not mentor_ids:
            return {}
        rows = await self._s.execute(_FOR_MENTORS, {"ids": list(mentor_ids)})
        return {r["mentor_id"]: availability_from_row(r) for r in rows.mappings()}

    async def save(self, availability: Availability) -> Availability:
        values = availability_values(availability)
        values["updated_at"] = datetime.now(UTC)
        exists = (await self._s.execute(
            select(mentor_availability.c.version)
            .where(mentor_availability.c.mentor_id == availability.mentor_id)
            .with_for_update())).scalar_one_or_none()
        if exists is None:
            if availability.version != 1:
                raise ConcurrentModification()
            await self._s.execute(insert(mentor_availability).values(**values))
            return availability
        values["version"] = availability.version + 1
        result = await self._s.execute(
            update(mentor_availability)
            .where(mentor_availability.c.mentor_id == availability.mentor_id,
                   mentor_availability.c.version == availability.version)
            .values(**values))
        if rowcount(result) != 1:
            raise ConcurrentModification()
        return replace(availability, version=values["version"])
